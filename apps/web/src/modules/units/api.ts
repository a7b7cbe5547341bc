import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  xlsxMediaType,
  type CreateHazardSourceBody,
  type CreateUnitBody,
  type HazardSource,
  type HazardSourceKind,
  type HazardSourceStats,
  type LedgerImportResult,
  type LedgerSummary,
  type LedgerSettingsOverride,
  type LedgerSettingsResponse,
  type Sector,
  type Unit,
  type UnitStatus,
  type UpdateHazardSourceBody,
  type UpdateUnitBody,
} from '@lastmile/shared';
import { api } from '../../lib/api';
import type { WorkbookUpload } from '../../components/WorkbookImport';
import type { LedgerGrouping } from '../../components/LedgerSummaryBar';

/**
 * Everything of the module lives under one query key: a hazard source added changes the unit's
 * count and the statistics table, a category renamed changes every unit shown.
 */
const unitsKey = 'units';

interface Page {
  limit: number;
  offset: number;
}

/** Query filters as the API reads them (booleans as 'true' / 'false'). */
export interface UnitFilters extends Page {
  regionCode?: string;
  q?: string;
  sector?: Sector;
  category?: string;
  status?: UnitStatus;
  smallVenue?: 'true' | 'false';
}

export interface HazardSourceFilters extends Page {
  regionCode?: string;
  q?: string;
  kind?: HazardSourceKind;
  major?: 'true' | 'false';
  unitId?: string;
}

export function useUnits(filters: UnitFilters, enabled = true) {
  return useQuery({
    queryKey: [unitsKey, 'units', filters],
    queryFn: () => api.get<{ items: Unit[]; total: number }>('/units', { ...filters }),
    placeholderData: (previous) => previous,
    enabled,
  });
}

export function useHazardSources(filters: HazardSourceFilters) {
  return useQuery({
    queryKey: [unitsKey, 'hazard-sources', filters],
    queryFn: () => api.get<{ items: HazardSource[]; total: number }>('/hazard-sources', { ...filters }),
    placeholderData: (previous) => previous,
  });
}

export function useHazardSourceStats(regionCode: string | undefined) {
  return useQuery({
    queryKey: [unitsKey, 'hazard-source-stats', regionCode],
    queryFn: () => api.get<HazardSourceStats>('/hazard-sources/stats', { regionCode }),
    placeholderData: (previous) => previous,
  });
}

/** The categories and departments in force for a region (default: the user's scope). */
export function useLedgerSettings(regionCode?: string) {
  return useQuery({
    queryKey: [unitsKey, 'ledger-settings', regionCode],
    queryFn: () => api.get<LedgerSettingsResponse>('/ledger-settings', { regionCode }),
    staleTime: 5 * 60_000,
  });
}

/** Counts of a ledger by area, sector, category or kind. */
export function useLedgerSummary(ledger: 'units' | 'hazardSources', groupBy: LedgerGrouping, regionCode?: string) {
  return useQuery({
    queryKey: [unitsKey, 'summary', ledger, groupBy, regionCode],
    queryFn: () => api.get<LedgerSummary>('/ledgers/summary', { ledger, groupBy, regionCode }),
    placeholderData: (previous) => previous,
  });
}

function useUnitsMutation<Variables, Result>(mutationFn: (variables: Variables) => Promise<Result>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: [unitsKey] }),
  });
}

export const useCreateUnit = () => useUnitsMutation((body: CreateUnitBody) => api.post<Unit>('/units', body));
export const useUpdateUnit = () =>
  useUnitsMutation(({ id, body }: { id: string; body: UpdateUnitBody }) => api.patch<Unit>(`/units/${id}`, body));

export const useCreateHazardSource = () =>
  useUnitsMutation((body: CreateHazardSourceBody) => api.post<HazardSource>('/hazard-sources', body));
export const useUpdateHazardSource = () =>
  useUnitsMutation(({ id, body }: { id: string; body: UpdateHazardSourceBody }) =>
    api.patch<HazardSource>(`/hazard-sources/${id}`, body),
  );

/** Stores a province's, city's or county's categories and department names; nulls clear them. */
export const useSaveLedgerSettings = () =>
  useUnitsMutation((body: { regionCode: string; override: LedgerSettingsOverride }) =>
    api.put<LedgerSettingsResponse>('/ledger-settings', body),
  );

/** Checks (`dryRun`) or imports a workbook of units, hazard sources and risk points. */
export function useImportLedgers() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ file, dryRun }: WorkbookUpload) =>
      api.upload<LedgerImportResult>('/ledgers/import', file, xlsxMediaType, { dryRun: String(dryRun) }),
    // An import may touch every ledger, risk points included.
    onSuccess: () => queryClient.invalidateQueries(),
  });
}
