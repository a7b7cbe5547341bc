/**
 * Risk points (风险点) and the one-map (一张图): each risk point sits in a township or village
 * (optionally a grid), has a level shown red/orange/yellow/blue, responsible persons from the
 * organisation, and a review date whose passing lists it as overdue.
 */
import {
  ledgerEditorRoles,
  unitStatuses,
  type CreateRiskPointBody,
  type LonLat,
  type MapLayerQuery,
  type Polygon,
  type RiskPoint,
  type RiskPointFilters,
  type UnitStatus,
  type UpdateRiskPointBody,
} from '@lastmile/shared';
import type { SQL } from 'drizzle-orm';
import type { Executor } from '../../db/client';
import { onUniqueViolation, pickDefined } from '../../db/sql-helpers';
import { AppError } from '../../errors';
import { omit } from '../../lib/omit';
import type { ServiceContext } from '../../plugins/auth';
import { countyCodeOf, type Scope } from '../../plugins/scope';
import { recordAudit } from '../audit';
import { assertRole, loadGrid, loadPerson, resolveRegion, subtreePrefix } from '../org';
import {
  findUnitRow,
  hazardSourceFilterCondition,
  unitFilterCondition,
  unitNotFound,
} from '../units';
import {
  findRiskPointRow,
  gridFeatures,
  hazardFeatures,
  hazardSourceFeatures,
  insertRiskPoint,
  listRiskPointRows,
  riskPointCondition,
  layerJson,
  type FeatureQuery,
  riskPointFeatures,
  unitFeatures,
  updateRiskPointRow,
  villageFeatures,
  type RiskPointValues,
} from './risks.repository';

const riskPointNotFound = () => new AppError('RISK_POINT_NOT_FOUND', 404);

async function loadRiskPoint(db: Executor, id: string, scope: Scope): Promise<RiskPoint> {
  const row = await findRiskPointRow(db, id, scope);
  if (!row) {
    throw riskPointNotFound();
  }
  return row;
}

/** A representative point of an area: the mean of its outer ring's corners. */
export function areaCentre(area: Polygon): LonLat {
  const ring = area.coordinates[0]!.slice(0, -1);
  const sum = ring.reduce((acc, [lon, lat]) => ({ lon: acc.lon + lon, lat: acc.lat + lat }), {
    lon: 0,
    lat: 0,
  });
  const round = (value: number) => Math.round((value / ring.length) * 1e7) / 1e7;
  return { lon: round(sum.lon), lat: round(sum.lat) };
}

/** The SQL condition of a risk point filter, with its region checked against the caller's scope. */
export async function riskPointFilterCondition(
  ctx: ServiceContext,
  filters: RiskPointFilters,
): Promise<SQL> {
  const region = filters.regionCode
    ? await resolveRegion(ctx.db, ctx.actor.scope, filters.regionCode)
    : undefined;
  return riskPointCondition(ctx.actor.scope, {
    prefix: region ? subtreePrefix(region) : undefined,
    q: filters.q,
    kind: filters.kind,
    levels: filters.level,
    status: filters.status,
    gridId: filters.gridId,
    reviewOverdue: filters.reviewOverdue,
  });
}

export async function listRiskPoints(
  ctx: ServiceContext,
  query: RiskPointFilters & { limit: number; offset: number },
): Promise<{ items: RiskPoint[]; total: number }> {
  const { rows, total } = await listRiskPointRows(
    ctx.db,
    await riskPointFilterCondition(ctx, query),
    query,
  );
  return { items: rows, total };
}

export async function getRiskPoint(ctx: ServiceContext, id: string): Promise<RiskPoint> {
  return loadRiskPoint(ctx.db, id, ctx.actor.scope);
}

/**
 * Column values of a risk point body, with every reference checked: the grid must be in the
 * point's village, the unit and the responsible persons inside the caller's scope.
 */
async function riskPointValues(
  ctx: ServiceContext,
  body: UpdateRiskPointBody,
  regionCode: string,
  current?: RiskPoint,
): Promise<Partial<RiskPointValues>> {
  const values: Partial<RiskPointValues> = pickDefined(body, [
    'name',
    'kind',
    'level',
    'area',
    'threatenedHouseholds',
    'threatenedPeople',
    'controlMeasures',
    'monitoringMethod',
    'nextReviewOn',
    'status',
    'notes',
    'townshipPersonId',
    'villagePersonId',
    'gridPersonId',
    'unitId',
    'gridId',
  ]);
  const gridId = body.gridId === undefined ? current?.gridId : body.gridId;
  if (gridId && (body.gridId !== undefined || regionCode !== current?.regionCode)) {
    const grid = await loadGrid(ctx.db, gridId, ctx.actor.scope);
    if (grid.regionCode !== regionCode) {
      throw new AppError('GRID_OUTSIDE_REGION', 400, { gridId, regionCode });
    }
  }
  if (body.unitId && !(await findUnitRow(ctx.db, body.unitId, ctx.actor.scope))) {
    throw unitNotFound();
  }
  for (const personId of [body.townshipPersonId, body.villagePersonId, body.gridPersonId]) {
    if (personId) {
      await loadPerson(ctx.db, personId, ctx.actor.scope);
    }
  }
  // The point is the one given; without one (a new point given only an area, or a point whose
  // location is cleared) it is the area's centre. Drawing an area on an existing point keeps it.
  const area = body.area === undefined ? current?.area : body.area;
  const derived = body.location === null || (!current && !body.location);
  if (derived && !area) {
    throw new AppError('VALIDATION_FAILED', 400, { location: 'give a location or an area' });
  }
  const location = body.location ?? (derived && area ? areaCentre(area) : undefined);
  if (location) {
    values.lon = location.lon;
    values.lat = location.lat;
  }
  return values;
}

const riskPointClash = () => new AppError('RISK_POINT_NAME_TAKEN', 409);

function riskPointAuditView(point: RiskPoint) {
  return {
    ...omit(point, ['createdAt', 'updatedAt', 'reviewOverdue', 'area']),
    hasArea: point.area !== null,
  };
}

export async function createRiskPoint(
  ctx: ServiceContext,
  body: CreateRiskPointBody,
): Promise<RiskPoint> {
  assertRole(ctx.actor, ledgerEditorRoles);
  const region = await resolveRegion(ctx.db, ctx.actor.scope, body.regionCode, [
    'township',
    'village',
  ]);
  const values = await riskPointValues(ctx, body, region.code);
  return onUniqueViolation(
    () =>
      ctx.db.transaction(async (tx) => {
        const id = await insertRiskPoint(tx, {
          ...values,
          regionCode: region.code,
          countyCode: countyCodeOf(region.code),
          name: body.name,
          kind: body.kind,
          level: body.level,
          lon: values.lon!,
          lat: values.lat!,
        });
        const point = await loadRiskPoint(tx, id, ctx.actor.scope);
        await recordAudit(
          tx,
          ctx.actor,
          {
            action: 'riskPoint.create',
            entity: 'riskPoint',
            entityId: id,
            regionCode: region.code,
            after: riskPointAuditView(point),
          },
          ctx.requestId,
        );
        return point;
      }),
    riskPointClash,
  );
}

export async function updateRiskPoint(
  ctx: ServiceContext,
  id: string,
  body: UpdateRiskPointBody,
): Promise<RiskPoint> {
  assertRole(ctx.actor, ledgerEditorRoles);
  const before = await loadRiskPoint(ctx.db, id, ctx.actor.scope);
  const values = await riskPointValues(ctx, body, before.regionCode, before);
  return onUniqueViolation(
    () =>
      ctx.db.transaction(async (tx) => {
        await updateRiskPointRow(tx, id, values);
        const point = await loadRiskPoint(tx, id, ctx.actor.scope);
        await recordAudit(
          tx,
          ctx.actor,
          {
            action: 'riskPoint.update',
            entity: 'riskPoint',
            entityId: id,
            regionCode: point.regionCode,
            before: riskPointAuditView(before),
            after: riskPointAuditView(point),
          },
          ctx.requestId,
        );
        return point;
      }),
    riskPointClash,
  );
}

// ---------------------------------------------------------------- the one-map

/** At most this many features per layer request; more → `truncated`, zoom in or filter. */
export const mapFeatureLimit = 20_000;

/**
 * One layer of the one-map for the caller's scope, optionally a region, a bounding box and the
 * layer's filters, as the JSON text of a `MapLayerResponse`. Risk points default to the active
 * ones.
 */
export async function getMapLayer(ctx: ServiceContext, query: MapLayerQuery): Promise<string> {
  const region = query.regionCode
    ? await resolveRegion(ctx.db, ctx.actor.scope, query.regionCode)
    : undefined;
  const prefix = region ? subtreePrefix(region) : undefined;
  let features: FeatureQuery;
  switch (query.layer) {
    case 'riskPoints':
      features = riskPointFeatures(
        riskPointCondition(ctx.actor.scope, {
          prefix,
          levels: query.level,
          kind: query.kind,
          status: query.status ?? 'active',
          bbox: query.bbox,
        }),
      );
      break;
    case 'units': {
      const condition = await unitFilterCondition(ctx, {
        regionCode: query.regionCode,
        sector: query.sector,
        category: query.category,
        status: isUnitStatus(query.status) ? query.status : undefined,
      });
      features = unitFeatures(condition, query.bbox);
      break;
    }
    case 'hazardSources': {
      const condition = await hazardSourceFilterCondition(ctx, {
        regionCode: query.regionCode,
        major: query.major,
      });
      features = hazardSourceFeatures(condition, query.bbox);
      break;
    }
    case 'hazards':
      features = hazardFeatures(ctx.actor.scope, prefix, query.kind, query.bbox);
      break;
    case 'grids':
      features = gridFeatures(ctx.actor.scope, prefix, query.bbox);
      break;
    case 'villages':
      features = villageFeatures(ctx.actor.scope, prefix, query.bbox);
      break;
  }
  return layerJson(ctx.db, query.layer, features, mapFeatureLimit);
}

function isUnitStatus(value: string | undefined): value is UnitStatus {
  return unitStatuses.some((status) => status === value);
}
