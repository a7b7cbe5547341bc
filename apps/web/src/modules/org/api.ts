import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  xlsxMediaType,
  type AssignPostBody,
  type CreateExpertBody,
  type CreateGridBody,
  type CreateHouseholdBody,
  type CreatePersonBody,
  type DutyCard,
  type DutyCardPostKind,
  type DutyShift,
  type Expert,
  type ExpertAvailability,
  type Grid,
  type Household,
  type ImportResult,
  type OnDuty,
  type Person,
  type PostKind,
  type RegionProfile,
  type SetDutyShiftBody,
  type StaffingReport,
  type StaffingRules,
  type StaffingRulesOverride,
  type UpdateExpertBody,
  type UpdateGridBody,
  type UpdateHouseholdBody,
  type UpdatePersonBody,
  type UpdateRegionProfileBody,
} from '@lastmile/shared';
import { api } from '../../lib/api';

/**
 * Everything of the module lives under one query key: a post assigned changes the grid list, the
 * staffing report, the roster's people and the duty cards at once, so every write refreshes all.
 */
const orgKey = 'org';

interface Page {
  limit: number;
  offset: number;
}

export interface GridFilters extends Page {
  regionCode?: string;
  q?: string;
}

export interface PersonFilters extends Page {
  regionCode?: string;
  q?: string;
  postKind?: PostKind;
  gridId?: string;
}

export interface ExpertFilters extends Page {
  q?: string;
  sector?: string;
  availability?: ExpertAvailability;
}

/** The staffing rules of a region: those in force, and the override stored at the region itself. */
export interface StaffingRulesAnswer {
  regionCode: string;
  override: StaffingRulesOverride;
  rules: StaffingRules;
}

export interface DutyTemplate {
  postKind: DutyCardPostKind;
  lines: string[];
  regionCode: string | null;
}

export function useGrids(filters: GridFilters, enabled = true) {
  return useQuery({
    queryKey: [orgKey, 'grids', filters],
    queryFn: () => api.get<{ items: Grid[]; total: number }>('/org/grids', { ...filters }),
    placeholderData: (previous) => previous,
    enabled,
  });
}

export function usePeople(filters: PersonFilters, enabled = true) {
  return useQuery({
    queryKey: [orgKey, 'people', filters],
    queryFn: () => api.get<{ items: Person[]; total: number }>('/org/people', { ...filters }),
    placeholderData: (previous) => previous,
    enabled,
  });
}

/** The households (户) of one grid, sorted by 门牌; the list is short enough to filter in the page. */
export function useHouseholds(gridId: string | undefined) {
  return useQuery({
    queryKey: [orgKey, 'households', gridId],
    queryFn: () => api.get<{ items: Household[]; total: number }>('/households', { gridId }),
    enabled: Boolean(gridId),
  });
}

export function useRegionProfile(code: string | undefined) {
  return useQuery({
    queryKey: [orgKey, 'profile', code],
    queryFn: () => api.get<RegionProfile>(`/org/regions/${code}/profile`),
    enabled: Boolean(code),
  });
}

export function useStaffing(regionCode: string | undefined) {
  return useQuery({
    queryKey: [orgKey, 'staffing', regionCode],
    queryFn: () => api.get<StaffingReport>('/org/staffing', { regionCode }),
    placeholderData: (previous) => previous,
  });
}

export function useStaffingRules(regionCode: string, enabled = true) {
  return useQuery({
    queryKey: [orgKey, 'staffing-rules', regionCode],
    queryFn: () => api.get<StaffingRulesAnswer>('/org/staffing-rules', { regionCode }),
    enabled,
  });
}

export function useExperts(filters: ExpertFilters) {
  return useQuery({
    queryKey: [orgKey, 'experts', filters],
    queryFn: () => api.get<{ items: Expert[]; total: number }>('/org/experts', { ...filters }),
    placeholderData: (previous) => previous,
  });
}

export function useDutyShifts(regionCode: string | undefined, from: string, to: string) {
  return useQuery({
    queryKey: [orgKey, 'duty-shifts', regionCode, from, to],
    queryFn: () => api.get<{ items: DutyShift[] }>('/org/duty-shifts', { regionCode, from, to }),
    placeholderData: (previous) => previous,
    enabled: Boolean(regionCode),
  });
}

export function useOnDuty(regionCode: string | undefined) {
  return useQuery({
    queryKey: [orgKey, 'on-duty', regionCode],
    queryFn: () => api.get<OnDuty>('/org/on-duty', { regionCode }),
    enabled: Boolean(regionCode),
    // Shifts hand over while the page is open.
    refetchInterval: 5 * 60_000,
  });
}

/** The cards of a village's grid staff, or of one person. */
export function useDutyCards(target: { regionCode?: string; personId?: string }) {
  return useQuery({
    queryKey: [orgKey, 'duty-cards', target],
    queryFn: () =>
      target.personId
        ? api.get<{ items: DutyCard[] }>(`/org/duty-cards/${target.personId}`)
        : api.get<{ items: DutyCard[] }>('/org/duty-cards', { regionCode: target.regionCode }),
    enabled: Boolean(target.regionCode ?? target.personId),
  });
}

export function useDutyTemplates(regionCode: string) {
  return useQuery({
    queryKey: [orgKey, 'duty-templates', regionCode],
    queryFn: () => api.get<{ items: DutyTemplate[] }>('/org/duty-templates', { regionCode }),
  });
}

function useOrgMutation<Variables, Result>(mutationFn: (variables: Variables) => Promise<Result>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: [orgKey] }),
  });
}

export const useCreateGrid = () => useOrgMutation((body: CreateGridBody) => api.post<Grid>('/org/grids', body));
export const useUpdateGrid = () =>
  useOrgMutation(({ id, body }: { id: string; body: UpdateGridBody }) => api.patch<Grid>(`/org/grids/${id}`, body));
export const useDeleteGrid = () => useOrgMutation((id: string) => api.delete<{ ok: true }>(`/org/grids/${id}`));

export const useCreateHousehold = () => useOrgMutation((body: CreateHouseholdBody) => api.post<Household>('/households', body));
export const useUpdateHousehold = () =>
  useOrgMutation(({ id, body }: { id: string; body: UpdateHouseholdBody }) => api.patch<Household>(`/households/${id}`, body));

export const useCreatePerson = () => useOrgMutation((body: CreatePersonBody) => api.post<Person>('/org/people', body));
export const useUpdatePerson = () =>
  useOrgMutation(({ id, body }: { id: string; body: UpdatePersonBody }) => api.patch<Person>(`/org/people/${id}`, body));
export const useAssignPost = () =>
  useOrgMutation(({ personId, body }: { personId: string; body: AssignPostBody }) =>
    api.post<Person>(`/org/people/${personId}/posts`, body),
  );
export const useRemovePost = () =>
  useOrgMutation(({ personId, postId }: { personId: string; postId: string }) =>
    api.delete<Person>(`/org/people/${personId}/posts/${postId}`),
  );

export const useUpdateRegionProfile = () =>
  useOrgMutation(({ code, body }: { code: string; body: UpdateRegionProfileBody }) =>
    api.patch<RegionProfile>(`/org/regions/${code}/profile`, body),
  );

/** Stores a province's, city's or county's override of the staffing rules; `{}` clears it. */
export const useSaveStaffingRules = () =>
  useOrgMutation((body: { regionCode: string; override: StaffingRulesOverride }) =>
    api.put<StaffingRulesAnswer>('/org/staffing-rules', body),
  );

export const useCreateExpert = () => useOrgMutation((body: CreateExpertBody) => api.post<Expert>('/org/experts', body));
export const useUpdateExpert = () =>
  useOrgMutation(({ id, body }: { id: string; body: UpdateExpertBody }) => api.patch<Expert>(`/org/experts/${id}`, body));

export const useSetDutyShift = () => useOrgMutation((body: SetDutyShiftBody) => api.put<DutyShift>('/org/duty-shifts', body));

export const useSaveDutyTemplate = () =>
  useOrgMutation(({ postKind, regionCode, lines }: { postKind: DutyCardPostKind; regionCode: string; lines: string[] }) =>
    api.put<{ items: DutyTemplate[] }>(`/org/duty-templates/${postKind}`, { regionCode, lines }),
  );

/** Checks (`dryRun`) or imports an Excel workbook of grids, people and posts. */
export const useImportWorkbook = () =>
  useOrgMutation(({ file, dryRun }: { file: Blob; dryRun: boolean }) =>
    api.upload<ImportResult>('/org/import', file, xlsxMediaType, { dryRun: String(dryRun) }),
  );
