import { useEffect, useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  CallPlan,
  CreateWarningBody,
  MyWarningCall,
  RelayWarningBody,
  ReportWarningActionsBody,
  UpsertCallPlanBody,
  Warning,
  WarningCoverage,
  WarningLevel,
  WarningOrigin,
  WarningState,
  WarningSummary,
  WarningTargetsInput,
} from '@lastmile/shared';
import { api, apiUrl } from '../../lib/api';

/**
 * Everything of the module lives under one query key: an answer changes the list's counts, the
 * detail's `me` and the coverage board at once.
 */
const warningsKey = 'warnings';

/** Polling when the live stream is not available (a proxy that buffers, a dropped link). */
const coveragePollMs = 10_000;

export interface WarningFilters {
  limit: number;
  offset: number;
  state?: WarningState;
  level?: WarningLevel;
  origin?: WarningOrigin;
  mine?: 'true';
}

/** What an ingest answers: the stored warning and the other counties it reached. */
export type IngestedWarning = Warning & { otherCounties: { id: string; countyCode: string }[] };

export function useWarnings(filters: WarningFilters) {
  return useQuery({
    queryKey: [warningsKey, 'list', filters],
    queryFn: () => api.get<{ items: WarningSummary[]; total: number }>('/warnings', { ...filters }),
    placeholderData: (previous) => previous,
  });
}

export function useWarning(id: string | undefined) {
  return useQuery({
    queryKey: [warningsKey, 'detail', id],
    queryFn: () => api.get<Warning>(`/warnings/${id}`),
    enabled: Boolean(id),
  });
}

const coverageKey = (id: string | undefined) => [warningsKey, 'coverage', id];

/** Of two boards, the one counted last: a fetch answered late must not undo a pushed board. */
const newest = (shown: WarningCoverage | undefined, fresh: WarningCoverage) =>
  shown && Date.parse(shown.at) > Date.parse(fresh.at) ? shown : fresh;

/**
 * The 叫应看板 of a warning, kept live: the server pushes a new board (`coverage` events) on
 * every answer, delivery and escalation while the page is open. If the stream fails the board
 * is asked for every 10 seconds instead. `live` says which of the two is running.
 */
export function useWarningCoverage(id: string | undefined, enabled = true) {
  const queryClient = useQueryClient();
  // Which warning's stream failed, and which one is streaming now.
  const [downFor, setDownFor] = useState<string>();
  const [liveFor, setLiveFor] = useState<string>();
  const on = Boolean(id) && enabled;
  const canStream = typeof EventSource !== 'undefined';

  useEffect(() => {
    if (!on || !id || !canStream) {
      return undefined;
    }
    // Same origin: the session cookie goes with it.
    const source = new EventSource(apiUrl(`/warnings/${id}/coverage/stream`));
    source.addEventListener('open', () => setLiveFor(id));
    source.addEventListener('coverage', (event) => {
      try {
        const coverage = JSON.parse((event as MessageEvent<string>).data) as WarningCoverage;
        queryClient.setQueryData(coverageKey(id), (shown?: WarningCoverage) =>
          newest(shown, coverage),
        );
        setLiveFor(id);
      } catch {
        // A malformed event: the next one, or the poll, brings the board.
      }
    });
    source.addEventListener('error', () => {
      source.close();
      setLiveFor(undefined);
      setDownFor(id);
    });
    return () => source.close();
  }, [id, on, canStream, queryClient]);

  const isStreamDown = !canStream || downFor === id;
  const query = useQuery({
    queryKey: coverageKey(id),
    queryFn: async () =>
      newest(
        queryClient.getQueryData<WarningCoverage>(coverageKey(id)),
        await api.get<WarningCoverage>(`/warnings/${id}/coverage`),
      ),
    enabled: on,
    refetchInterval: isStreamDown ? coveragePollMs : false,
  });
  return { ...query, isLive: on && !isStreamDown && liveFor === id };
}

export function useCallPlans(enabled = true) {
  return useQuery({
    queryKey: [warningsKey, 'call-plans'],
    queryFn: () => api.get<{ items: CallPlan[] }>('/call-plans'),
    enabled,
  });
}

/** The address of a warning's CAP 1.2 XML. */
export const warningCapUrl = (id: string) => apiUrl(`/warnings/${id}/cap`);

/** The address of a warning's 叫应 report as an Excel workbook. */
export const coverageExcelUrl = (id: string) => apiUrl(`/warnings/${id}/coverage.xlsx`);

function useWarningsMutation<Variables, Result>(
  mutationFn: (variables: Variables) => Promise<Result>,
) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: [warningsKey] }),
  });
}

/** 接收上级预警: uploads a CAP or national-platform XML file as it is. */
export const useIngestWarning = () =>
  useWarningsMutation((file: Blob) =>
    api.upload<IngestedWarning>('/warnings/ingest', file, 'application/xml'),
  );

/** 发布预警: the county's own warning, called at once. */
export const useCreateWarning = () =>
  useWarningsMutation((body: CreateWarningBody) => api.post<Warning>('/warnings', body));

/** Starts 叫应 of an ingested warning that was not dispatched on arrival. */
export const useDispatchWarning = () =>
  useWarningsMutation(({ id, targets }: { id: string; targets?: WarningTargetsInput }) =>
    api.post<Warning>(`/warnings/${id}/dispatch`, targets ? { targets } : {}),
  );

/** 转发: a township passes a warning on with its 属地措施; the relay is called at once. */
export const useRelayWarning = () =>
  useWarningsMutation(({ id, body }: { id: string; body: RelayWarningBody }) =>
    api.post<Warning>(`/warnings/${id}/relay`, body),
  );

/** 解除: the warning is lifted and nobody is chased any more. */
export const useCancelWarning = () =>
  useWarningsMutation(({ id, reason }: { id: string; reason: string }) =>
    api.post<Warning>(`/warnings/${id}/cancel`, { reason }),
  );

/** 叫应: the caller answers "收到". */
export const useAnswerWarning = () =>
  useWarningsMutation((id: string) => api.post<MyWarningCall>(`/warnings/${id}/answer`, {}));

/** What the caller did after answering: how they passed it on, households told, people moved. */
export const useReportWarningActions = () =>
  useWarningsMutation(({ id, body }: { id: string; body: ReportWarningActionsBody }) =>
    api.post<MyWarningCall>(`/warnings/${id}/actions`, body),
  );

export const useSaveCallPlan = () =>
  useWarningsMutation((body: UpsertCallPlanBody) => api.put<CallPlan>('/call-plans', body));
