import { useMutation, useQueries, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  mapFeatures,
  type CreateRiskPointBody,
  type Grid,
  type Hazard,
  type HazardSource,
  type LedgerSummary,
  type MapConfig,
  type MapFeature,
  type MapLayer,
  type MapLayerResponse,
  type Person,
  type Polygon,
  type RiskLevel,
  type RiskPoint,
  type RiskPointKind,
  type RiskPointStatus,
  type Unit,
  type UpdateGridBody,
  type UpdateRiskPointBody,
} from '@lastmile/shared';
import { api, ApiError } from '../../lib/api';
import { i18next } from '../../lib/i18n';
import type { LedgerGrouping } from '../../components/LedgerSummaryBar';

/** Everything of the module lives under one query key: a point saved changes the list and the map. */
const risksKey = 'risks';

interface Page {
  limit: number;
  offset: number;
}

export interface RiskPointFilters extends Page {
  regionCode?: string;
  q?: string;
  kind?: RiskPointKind;
  level?: RiskLevel[];
  status?: RiskPointStatus;
  gridId?: string;
  reviewOverdue?: 'true';
}

/** Filters as the query string carries them: levels as a comma list. */
export function riskPointQuery(filters: Omit<RiskPointFilters, keyof Page> & Partial<Page>) {
  return { ...filters, level: filters.level?.join(',') || undefined };
}

export function useRiskPoints(filters: RiskPointFilters) {
  return useQuery({
    queryKey: [risksKey, 'risk-points', filters],
    queryFn: () => api.get<{ items: RiskPoint[]; total: number }>('/risk-points', riskPointQuery(filters)),
    placeholderData: (previous) => previous,
  });
}

export function useRiskPointSummary(groupBy: LedgerGrouping, regionCode?: string) {
  return useQuery({
    queryKey: [risksKey, 'summary', groupBy, regionCode],
    queryFn: () => api.get<LedgerSummary>('/ledgers/summary', { ledger: 'riskPoints', groupBy, regionCode }),
    placeholderData: (previous) => previous,
  });
}

/** People who may answer for a risk point: those of a region, or of a grid's posts. */
export function usePeople(filters: { regionCode?: string; gridId?: string; q?: string }, enabled: boolean) {
  return useQuery({
    queryKey: [risksKey, 'people', filters],
    queryFn: () => api.get<{ items: Person[]; total: number }>('/org/people', { ...filters, limit: 50, offset: 0 }),
    placeholderData: (previous) => previous,
    enabled,
  });
}

/** The grids of a village. */
export function useVillageGrids(regionCode: string | undefined) {
  return useQuery({
    queryKey: [risksKey, 'grids', regionCode],
    queryFn: () => api.get<{ items: Grid[]; total: number }>('/org/grids', { regionCode, limit: 500, offset: 0 }),
    enabled: Boolean(regionCode),
  });
}

function useRisksMutation<Variables, Result>(mutationFn: (variables: Variables) => Promise<Result>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: [risksKey] }),
  });
}

export const useCreateRiskPoint = () => useRisksMutation((body: CreateRiskPointBody) => api.post<RiskPoint>('/risk-points', body));
export const useUpdateRiskPoint = () =>
  useRisksMutation(({ id, body }: { id: string; body: UpdateRiskPointBody }) => api.patch<RiskPoint>(`/risk-points/${id}`, body));

// ---------------------------------------------------------------- the one-map (一张图)

/** Records whose extent is drawn on the map: a grid's boundary, a risk point's area. */
export type AreaLayer = 'grids' | 'riskPoints';

/** Sets (or, with null, clears) the polygon of a grid or a risk point drawn on the map. */
export const useSaveArea = () =>
  useRisksMutation(({ layer, id, area }: { layer: AreaLayer; id: string; area: Polygon | null }): Promise<Grid | RiskPoint> =>
    layer === 'grids'
      ? api.patch<Grid>(`/org/grids/${id}`, { boundary: area } satisfies UpdateGridBody)
      : api.patch<RiskPoint>(`/risk-points/${id}`, { area } satisfies UpdateRiskPointBody),
  );

export function useMapConfig() {
  return useQuery({
    queryKey: [risksKey, 'map-config'],
    queryFn: () => api.get<MapConfig>('/map/config'),
    staleTime: Infinity,
  });
}

export interface MapFilters {
  level: RiskLevel[];
  kind?: RiskPointKind;
}

/** What each layer is asked for: the filters are the risk points'; other layers come whole. */
function layerQuery(layer: MapLayer, filters: MapFilters, bbox: string | undefined) {
  const common = { layer, bbox };
  return layer === 'riskPoints'
    ? { ...common, status: 'active', level: filters.level.join(',') || undefined, kind: filters.kind }
    : common;
}

/** A layer as the map draws it: features as objects (the API sends columns). */
export interface MapLayerData {
  layer: MapLayer;
  features: MapFeature[];
  truncated: boolean;
}

// One function for every query, so each answer is turned into objects once, not per render.
const toLayerData = (response: MapLayerResponse): MapLayerData => ({
  layer: response.layer,
  features: mapFeatures(response),
  truncated: response.truncated,
});

/**
 * The features of the layers shown. Each is first asked for across the user's whole scope; a
 * layer the server cuts short (`truncated`) is asked again for the part of the map in view.
 */
export function useMapLayers(layers: readonly MapLayer[], filters: MapFilters, viewBbox: string | undefined) {
  const scope = useQueries({
    queries: layers.map((layer) => ({
      queryKey: [risksKey, 'map-layer', layer, filters],
      queryFn: () => api.get<MapLayerResponse>('/map/layer', layerQuery(layer, filters, undefined)),
      select: toLayerData,
      // The layer stays drawn while new filters load.
      placeholderData: (previous: MapLayerResponse | undefined) => (previous?.layer === layer ? previous : undefined),
    })),
  });
  const view = useQueries({
    queries: layers.map((layer, index) => ({
      queryKey: [risksKey, 'map-layer', layer, filters, viewBbox],
      queryFn: () => api.get<MapLayerResponse>('/map/layer', layerQuery(layer, filters, viewBbox)),
      select: toLayerData,
      enabled: Boolean(scope[index]?.data?.truncated && viewBbox),
      placeholderData: (previous: MapLayerResponse | undefined) => (previous?.layer === layer ? previous : undefined),
    })),
  });
  return layers.map((layer, index) => {
    const whole = scope[index]!;
    const inView = view[index]!;
    return {
      layer,
      data: whole.data?.truncated ? (inView.data ?? whole.data) : whole.data,
      /** The whole scope was too much: what is drawn is the part in view. */
      truncated: Boolean(whole.data?.truncated),
      isFetching: whole.isFetching || inView.isFetching,
      error: whole.error ?? inView.error,
    };
  });
}

/** The layers whose features open a details panel. */
export type DetailLayer = 'riskPoints' | 'units' | 'hazardSources' | 'hazards' | 'grids';

export type FeatureDetail =
  | { layer: 'riskPoints'; record: RiskPoint }
  | { layer: 'units'; record: Unit }
  | { layer: 'hazardSources'; record: HazardSource }
  | { layer: 'hazards'; record: Hazard & { name: string } }
  | { layer: 'grids'; record: Grid };

const detailPaths: Record<Exclude<DetailLayer, 'grids'>, string> = {
  riskPoints: '/risk-points',
  units: '/units',
  hazardSources: '/hazard-sources',
  hazards: '/hazards',
};

export interface SelectedFeature {
  layer: DetailLayer;
  id: string;
  regionCode: string;
}

async function fetchDetail({ layer, id, regionCode }: SelectedFeature): Promise<FeatureDetail> {
  if (layer === 'grids') {
    // Grids are read with their village's list, which names their heads and workers.
    const { items } = await api.get<{ items: Grid[] }>('/org/grids', { regionCode, limit: 500, offset: 0 });
    const grid = items.find((item) => item.id === id);
    if (!grid) {
      throw new ApiError(404, 'GRID_NOT_FOUND', i18next.t('GRID_NOT_FOUND', { ns: 'errors' }));
    }
    return { layer, record: grid };
  }
  if (layer === 'hazards') {
    const hazard = await api.get<Hazard>(`/hazards/${id}`);
    return { layer, record: { ...hazard, name: hazard.title } };
  }
  return { layer, record: await api.get(`${detailPaths[layer]}/${id}`) } as FeatureDetail;
}

/** The full record behind a feature clicked on the map. */
export function useFeatureDetail(selected: SelectedFeature | undefined) {
  return useQuery({
    queryKey: [risksKey, 'feature', selected],
    queryFn: () => fetchDetail(selected!),
    enabled: Boolean(selected),
  });
}
