import { z } from 'zod';
import { riskLevels, riskPointKinds, riskPointStatuses } from '../enums';
import {
  booleanQuery,
  commaList,
  listResponse,
  optionalText,
  pagination,
  regionCode,
  regionCodeInput,
  timestamp,
  wholeCount,
} from './common';
import { isoDate, lonLat, personRef, polygon, type Polygon } from './org';
import { hazardSourceFilters, unitFilters } from './units';

// ---------------------------------------------------------------- risk points (风险点)

export const riskPoint = z.object({
  id: z.uuid(),
  regionCode,
  regionName: z.string(),
  townshipCode: regionCode,
  townshipName: z.string(),
  gridId: z.uuid().nullable(),
  gridName: z.string().nullable(),
  unitId: z.uuid().nullable(),
  unitName: z.string().nullable(),
  name: z.string(),
  kind: z.enum(riskPointKinds),
  level: z.enum(riskLevels),
  /** A point, or the representative point of the area. */
  location: lonLat,
  area: polygon.nullable(),
  threatenedHouseholds: z.number().int().nullable(),
  threatenedPeople: z.number().int().nullable(),
  /** Responsible persons (责任人) at township, village and grid, from the organisation. */
  responsible: z.object({
    township: personRef.nullable(),
    village: personRef.nullable(),
    grid: personRef.nullable(),
  }),
  controlMeasures: z.string().nullable(),
  monitoringMethod: z.string().nullable(),
  nextReviewOn: isoDate.nullable(),
  /** The next review date has passed (Asia/Shanghai) and the point is still active. */
  reviewOverdue: z.boolean(),
  status: z.enum(riskPointStatuses),
  notes: z.string().nullable(),
  createdAt: timestamp,
  updatedAt: timestamp,
});
export type RiskPoint = z.infer<typeof riskPoint>;

const riskPointFields = z.object({
  name: z.string().trim().min(1).max(128),
  kind: z.enum(riskPointKinds),
  level: z.enum(riskLevels),
  gridId: z.uuid().nullable().optional(),
  unitId: z.uuid().nullable().optional(),
  location: lonLat.nullable().optional(),
  area: polygon.nullable().optional(),
  threatenedHouseholds: wholeCount.nullable().optional(),
  threatenedPeople: wholeCount.nullable().optional(),
  townshipPersonId: z.uuid().nullable().optional(),
  villagePersonId: z.uuid().nullable().optional(),
  gridPersonId: z.uuid().nullable().optional(),
  controlMeasures: optionalText(2000),
  monitoringMethod: optionalText(500),
  nextReviewOn: isoDate.nullable().optional(),
  status: z.enum(riskPointStatuses).optional(),
  notes: optionalText(1000),
});

export const createRiskPointBody = riskPointFields
  .extend({ regionCode: regionCodeInput })
  .refine((body) => body.location || body.area, 'give a location or an area');
export type CreateRiskPointBody = z.infer<typeof createRiskPointBody>;

export const updateRiskPointBody = riskPointFields
  .partial()
  .refine((body) => Object.keys(body).length > 0, 'nothing to update');
export type UpdateRiskPointBody = z.infer<typeof updateRiskPointBody>;

export const riskPointFilters = z.object({
  regionCode: regionCodeInput.optional(),
  q: z.string().trim().max(64).optional(),
  kind: z.enum(riskPointKinds).optional(),
  level: commaList(riskLevels).optional(),
  status: z.enum(riskPointStatuses).optional(),
  gridId: z.uuid().optional(),
  /** Only points whose review is overdue. */
  reviewOverdue: booleanQuery.optional(),
});
export type RiskPointFilters = z.infer<typeof riskPointFilters>;
export const listRiskPointsQuery = pagination.extend(riskPointFilters.shape);
export const riskPointList = listResponse(riskPoint);

// ---------------------------------------------------------------- the one-map (一张图)

export const mapLayers = ['riskPoints', 'units', 'hazardSources', 'hazards', 'grids', 'villages'] as const;
export type MapLayer = (typeof mapLayers)[number];

/** `minLon,minLat,maxLon,maxLat` in WGS84/CGCS2000. */
export const bbox = z
  .string()
  .transform((text) => text.split(',').map(Number))
  .pipe(
    z
      .tuple([
        z.number().min(-180).max(180),
        z.number().min(-90).max(90),
        z.number().min(-180).max(180),
        z.number().min(-90).max(90),
      ])
      .refine(
        ([minLon, minLat, maxLon, maxLat]) => minLon <= maxLon && minLat <= maxLat,
        'min before max',
      ),
  );
export type Bbox = z.infer<typeof bbox>;

export const mapLayerQuery = z.object({
  layer: z.enum(mapLayers),
  bbox: bbox.optional(),
  regionCode: regionCodeInput.optional(),
  /**
   * Risk points: levels, kind, status. Units: sector, category, status. Hazards (open ones):
   * kind; their `level` is `overdue`, `major` or `general`.
   */
  level: commaList(riskLevels).optional(),
  kind: z.string().trim().max(32).optional(),
  sector: unitFilters.shape.sector,
  category: unitFilters.shape.category,
  status: z.string().trim().max(16).optional(),
  major: hazardSourceFilters.shape.major,
});
export type MapLayerQuery = z.infer<typeof mapLayerQuery>;

/** One thing on the map. */
export interface MapFeature {
  id: string;
  name: string;
  lon: number;
  lat: number;
  regionCode: string;
  /** Risk point kind, unit category, hazard source kind, grid kind, region level. */
  kind: string | null;
  /** Risk level for risk points; `major` for major hazard sources. */
  level: string | null;
  /** Boundary of a grid or area of a risk point, when known. */
  area: Polygon | null;
}

/**
 * A layer travels column by column: one array per field, entry `i` of each describing feature
 * `i`. Ten thousand features are eight arrays instead of ten thousand objects — about half the
 * bytes, and the database builds it in one value. `mapFeatures()` turns it into objects.
 */
export const mapLayerResponse = z.object({
  layer: z.enum(mapLayers),
  ids: z.array(z.string()),
  names: z.array(z.string()),
  lons: z.array(z.number()),
  lats: z.array(z.number()),
  regionCodes: z.array(z.string()),
  kinds: z.array(z.string().nullable()),
  levels: z.array(z.string().nullable()),
  areas: z.array(polygon.nullable()),
  /** More matched than the limit (20,000); zoom in or filter. */
  truncated: z.boolean(),
});
export type MapLayerResponse = z.infer<typeof mapLayerResponse>;

export function mapFeatures(layer: MapLayerResponse): MapFeature[] {
  return layer.ids.map((id, i) => ({
    id,
    name: layer.names[i]!,
    lon: layer.lons[i]!,
    lat: layer.lats[i]!,
    regionCode: layer.regionCodes[i]!,
    kind: layer.kinds[i] ?? null,
    level: layer.levels[i] ?? null,
    area: layer.areas[i] ?? null,
  }));
}

export const mapConfig = z.object({
  /** Leaflet URL template for base tiles, e.g. 天地图 vec_w with the deployment's key. */
  tileUrl: z.string().nullable(),
  /** Optional annotation layer drawn over the base (天地图 cva_w). */
  labelTileUrl: z.string().nullable(),
  subdomains: z.string(),
  /** Shown in the corner: data source and map review number (审图号). */
  attribution: z.string().nullable(),
  /** Where the map opens when there is nothing to fit: the centre of the user's scope. */
  centre: lonLat.nullable(),
});
export type MapConfig = z.infer<typeof mapConfig>;

// ---------------------------------------------------------------- ledgers (台账)

export const ledgers = ['units', 'hazardSources', 'hazardSourceStats', 'riskPoints'] as const;
export type Ledger = (typeof ledgers)[number];

export const exportLedgerQuery = z
  .object({ ledger: z.enum(ledgers) })
  .extend(unitFilters.shape)
  .extend({
    kind: z.string().trim().max(32).optional(),
    level: riskPointFilters.shape.level,
    major: hazardSourceFilters.shape.major,
    reviewOverdue: riskPointFilters.shape.reviewOverdue,
    status: z.string().trim().max(16).optional(),
  });

export const ledgerGroupings = ['area', 'kind', 'sector', 'level', 'category'] as const;
export const ledgerSummaryQuery = z.object({
  ledger: z.enum(['units', 'hazardSources', 'riskPoints']),
  groupBy: z.enum(ledgerGroupings),
  regionCode: regionCodeInput.optional(),
});
export const ledgerSummary = z.object({
  total: z.number().int(),
  groups: z.array(
    z.object({
      key: z.string(),
      /** A region's name when grouped by area; otherwise the client names the key. */
      name: z.string().nullable(),
      count: z.number().int(),
    }),
  ),
});
export type LedgerSummary = z.infer<typeof ledgerSummary>;

export const ledgerImportResult = z.object({
  dryRun: z.boolean(),
  units: z.object({ created: z.number().int(), updated: z.number().int() }),
  hazardSources: z.object({ created: z.number().int(), updated: z.number().int() }),
  riskPoints: z.object({ created: z.number().int(), updated: z.number().int() }),
});
export type LedgerImportResult = z.infer<typeof ledgerImportResult>;
