import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  Attachment,
  Checklist,
  CreateHazardBody,
  CreateInspectionBody,
  DrawRandomInspectionBody,
  Hazard,
  HazardCount,
  HazardEvent,
  HazardGrade,
  HazardKind,
  HazardOrigin,
  HazardPage,
  HazardSummary,
  HazardSettingsOverride,
  HazardSettingsResponse,
  HazardState,
  HazardStats,
  Inspection,
  Patrol,
  PublicReport,
  PublicReportForm,
  PublicReportReceipt,
  PublicReportState,
  PublicReportStatus,
  RandomDraw,
  RandomDrawCheck,
  RespondToSummonsBody,
  ReviewPublicReportBody,
  Sector,
  SubmitPublicReportBody,
  Summons,
  SummonsState,
  TransitionHazardBody,
  Unit,
} from '@lastmile/shared';
import { api, apiUrl } from '../../lib/api';

/**
 * Everything of the module lives under one query key: a transition changes the list, the
 * detail, its timeline, the major list, the statistics and the summons at once.
 */
const hazardsKey = 'hazards';

interface Page {
  limit: number;
  offset: number;
}

interface List<T> {
  items: T[];
  total: number;
}

/** Query filters as the API reads them (booleans as 'true', states as a list). */
export interface HazardFilters extends Page {
  regionCode?: string;
  q?: string;
  state?: HazardState[];
  grade?: HazardGrade;
  kind?: HazardKind;
  sector?: Sector;
  origin?: HazardOrigin;
  overdue?: 'true';
  open?: 'true';
  mine?: 'true';
  unitId?: string;
}

/** Filters as the query string carries them: states as a comma list. */
export function hazardQuery(filters: Omit<HazardFilters, keyof Page> & Partial<Page>) {
  return { ...filters, state: filters.state?.join(',') || undefined };
}

/** The address of the Excel export of the whole filtered list (not the page on screen). */
export function hazardExportUrl(filters: HazardFilters): string {
  return apiUrl(
    '/hazards/export.xlsx',
    hazardQuery({ ...filters, limit: undefined, offset: undefined }),
  );
}

/** An uploaded photo, for an <img>; the session cookie goes with it. */
export const attachmentUrl = (id: string) => apiUrl(`/attachments/${id}`);

export function useHazards(filters: HazardFilters, enabled = true) {
  return useQuery({
    queryKey: [hazardsKey, 'list', filters],
    queryFn: () => api.get<HazardPage>('/hazards', hazardQuery(filters)),
    placeholderData: (previous) => previous,
    enabled,
  });
}

/** How many hazards match the filters: asked beside the page, which does not wait for it. */
export function useHazardCount(filters: HazardFilters) {
  const query = hazardQuery({ ...filters, limit: undefined, offset: undefined });
  return useQuery({
    queryKey: [hazardsKey, 'count', query],
    queryFn: () => api.get<HazardCount>('/hazards/count', query),
    placeholderData: (previous) => previous,
  });
}

/** 重大隐患清单: major hazards, overdue first. */
export function useMajorHazards(filters: HazardFilters) {
  return useQuery({
    queryKey: [hazardsKey, 'major', filters],
    queryFn: () => api.get<List<HazardSummary>>('/major-hazards', hazardQuery(filters)),
    placeholderData: (previous) => previous,
  });
}

export function useHazard(id: string | undefined) {
  return useQuery({
    queryKey: [hazardsKey, 'detail', id],
    queryFn: () => api.get<Hazard>(`/hazards/${id}`),
    enabled: Boolean(id),
  });
}

export function useHazardTimeline(id: string | undefined) {
  return useQuery({
    queryKey: [hazardsKey, 'timeline', id],
    queryFn: () => api.get<{ items: HazardEvent[] }>(`/hazards/${id}/timeline`),
    enabled: Boolean(id),
  });
}

export function useHazardStats(query: { regionCode?: string; from?: string; to?: string }) {
  return useQuery({
    queryKey: [hazardsKey, 'stats', query],
    queryFn: () => api.get<HazardStats>('/hazards/stats', { ...query }),
    placeholderData: (previous) => previous,
  });
}

/** The settings in force for a region (default: the user's scope). */
export function useHazardSettings(regionCode?: string) {
  return useQuery({
    queryKey: [hazardsKey, 'settings', regionCode],
    queryFn: () => api.get<HazardSettingsResponse>('/hazard-settings', { regionCode }),
    staleTime: 5 * 60_000,
  });
}

export function useSummonsList(filters: Page & { state?: SummonsState[] }) {
  return useQuery({
    queryKey: [hazardsKey, 'summons', filters],
    queryFn: () =>
      api.get<List<Summons>>('/summons', {
        ...filters,
        state: filters.state?.join(',') || undefined,
      }),
    placeholderData: (previous) => previous,
  });
}

export function useInspections(filters: Page & { regionCode?: string; unitId?: string }) {
  return useQuery({
    queryKey: [hazardsKey, 'inspections', filters],
    queryFn: () => api.get<List<Inspection>>('/inspections', { ...filters }),
    placeholderData: (previous) => previous,
  });
}

/** 巡查记录: patrols from the field app, newest first. */
export function usePatrols(filters: Page & { regionCode?: string }) {
  return useQuery({
    queryKey: [hazardsKey, 'patrols', filters],
    queryFn: () => api.get<List<Patrol>>('/patrols', { ...filters }),
    placeholderData: (previous) => previous,
  });
}

/** The checklist (检查表) for a unit category: the county's own, else the default one. */
export function useChecklist(category: string | undefined) {
  return useQuery({
    queryKey: [hazardsKey, 'checklist', category],
    queryFn: () => api.get<Checklist>('/inspection-checklist', { category }),
    enabled: Boolean(category),
  });
}

/** One unit, for its category (which picks the checklist). */
export function useUnit(id: string | undefined) {
  return useQuery({
    queryKey: [hazardsKey, 'unit', id],
    queryFn: () => api.get<Unit>(`/units/${id}`),
    enabled: Boolean(id),
  });
}

export function useRandomDraws(filters: Page & { regionCode?: string }) {
  return useQuery({
    queryKey: [hazardsKey, 'random-draws', filters],
    queryFn: () => api.get<List<RandomDraw>>('/random-draws', { ...filters }),
    placeholderData: (previous) => previous,
  });
}

export function usePublicReports(filters: Page & { state?: PublicReportState }) {
  return useQuery({
    queryKey: [hazardsKey, 'public-reports', filters],
    queryFn: () => api.get<List<PublicReport>>('/public-reports', { ...filters }),
    placeholderData: (previous) => previous,
  });
}

function useHazardsMutation<Variables, Result>(
  mutationFn: (variables: Variables) => Promise<Result>,
) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: [hazardsKey] }),
  });
}

/** Uploads one photo as the raw request body; the answer's id goes into the record. */
export const uploadPhoto = (file: File) => api.upload<Attachment>('/attachments', file, file.type);

export const useCreateHazard = () =>
  useHazardsMutation((body: CreateHazardBody) => api.post<Hazard>('/hazards', body));

export const useTransitionHazard = () =>
  useHazardsMutation(({ id, body }: { id: string; body: TransitionHazardBody }) =>
    api.post<Hazard>(`/hazards/${id}/transitions`, body),
  );

/** 吹哨: calls the department of the hazard's sector (or the one named) to the hazard. */
export const useSummonDepartment = () =>
  useHazardsMutation(({ id, body }: { id: string; body: { department?: string; note: string } }) =>
    api.post<Summons>(`/hazards/${id}/summons`, body),
  );

/** 报到: a department accepts, transfers or declines a summons. */
export const useRespondToSummons = () =>
  useHazardsMutation(({ id, body }: { id: string; body: RespondToSummonsBody }) =>
    api.post<Summons>(`/summons/${id}/response`, body),
  );

export const useCreateInspection = () =>
  useHazardsMutation((body: CreateInspectionBody) => api.post<Inspection>('/inspections', body));

export const useDrawRandomInspection = () =>
  useHazardsMutation((body: DrawRandomInspectionBody) =>
    api.post<RandomDraw>('/random-draws', body),
  );

/** Re-runs a recorded draw on the server from its stored seed and pools (no new draw is made). */
export const checkRandomDraw = (id: string) =>
  api.get<RandomDrawCheck>(`/random-draws/${id}/check`);

export const useSaveHazardSettings = () =>
  useHazardsMutation((body: { regionCode: string; override: HazardSettingsOverride }) =>
    api.put<HazardSettingsResponse>('/hazard-settings', body),
  );

export const useReviewPublicReport = () =>
  useHazardsMutation(({ id, body }: { id: string; body: ReviewPublicReportBody }) =>
    api.post<PublicReport>(`/public-reports/${id}/review`, body),
  );

// ---------------------------------------------------------------- public pages (no session)

/** The county behind a QR code: its name, townships and hotline. */
export function usePublicReportForm(regionCode: string | undefined) {
  return useQuery({
    queryKey: [hazardsKey, 'public', 'form', regionCode],
    queryFn: () => api.get<PublicReportForm>('/public/report-form', { regionCode }),
    enabled: Boolean(regionCode),
    staleTime: Infinity,
  });
}

export function useSubmitPublicReport() {
  return useMutation({
    mutationFn: (body: SubmitPublicReportBody) =>
      api.post<PublicReportReceipt>('/public/reports', body),
  });
}

export function usePublicReportStatus(receiptCode: string | undefined) {
  return useQuery({
    queryKey: [hazardsKey, 'public', 'status', receiptCode],
    queryFn: () =>
      api.get<PublicReportStatus>(`/public/reports/${encodeURIComponent(receiptCode ?? '')}`),
    enabled: Boolean(receiptCode),
  });
}

/** 双随机 results as published to the public. */
export function usePublicDraws(regionCode: string | undefined) {
  return useQuery({
    queryKey: [hazardsKey, 'public', 'draws', regionCode],
    queryFn: () => api.get<List<RandomDraw>>('/public/random-draws', { regionCode }),
    enabled: Boolean(regionCode),
  });
}
