/**
 * Inspections (检查) of units with a checklist per category, whose findings become hazards in
 * the same transaction, and random inspections (双随机、一公开): units and inspectors drawn from
 * recorded pools with a recorded seed, so anyone can re-run the draw, and the result is public.
 */
import { randomBytes } from 'node:crypto';
import { sql } from 'drizzle-orm';
import {
  defaultChecklist,
  hazardOfficeRoles,
  type CreateInspectionBody,
  type DrawRandomInspectionBody,
  type Inspection,
  type RandomDraw,
  type RandomDrawCheck,
  type Role,
} from '@lastmile/shared';
import { queryRows, type Executor } from '../../db/client';
import { isoTimestamp } from '../../db/sql-helpers';
import { AppError } from '../../errors';
import { seededDraw } from '../../lib/seeded-draw';
import type { ServiceContext } from '../../plugins/auth';
import { countyCodeOf } from '../../plugins/scope';
import { recordAudit } from '../audit';
import { assertRole, loadPerson, resolveRegion, subtreePrefix } from '../org';
import { findUnitRow, unitNotFound } from '../units';
import { insertNewHazard } from './hazards.service';
import { effectiveHazardSettings } from './settings.service';

const inspectorRoles: readonly Role[] = [...hazardOfficeRoles, 'department'];

const inspectionColumns = sql`i.id, i.unit_id as "unitId", u.name as "unitName", i.region_code as "regionCode",
  r.name as "regionName", to_char(i.inspected_on, 'YYYY-MM-DD') as "inspectedOn",
  to_json(i.inspectors) as inspectors, i.unannounced, i.random_draw_id as "randomDrawId",
  i.checklist, i.summary, to_json(i.hazard_ids) as "hazardIds",
  json_build_object('userId', i.created_by_id, 'name', i.created_by_name) as "createdBy",
  ${isoTimestamp(sql`i.created_at`)} as "createdAt"`;
const inspectionFrom = sql`inspection i join unit u on u.id = i.unit_id join region r on r.code = i.region_code`;

/** The checklist for a unit category: the county's, else the default one. */
export async function getChecklist(ctx: ServiceContext, category: string) {
  const settings = await effectiveHazardSettings(ctx.db, ctx.actor.scope.regionCode);
  // An own key only: `?category=valueOf` must not find Object.prototype.valueOf.
  const items = Object.hasOwn(settings.checklists, category)
    ? settings.checklists[category]
    : undefined;
  return { category, items: items ?? defaultChecklist };
}

export async function createInspection(
  ctx: ServiceContext,
  body: CreateInspectionBody,
): Promise<Inspection> {
  assertRole(ctx.actor, inspectorRoles);
  const id = await ctx.db.transaction(async (tx) => {
    const unit = await findUnitRow(tx, body.unitId, ctx.actor.scope);
    if (!unit) {
      throw unitNotFound();
    }
    if (body.randomDrawId) {
      const [draw] = await queryRows<{ id: string }>(
        tx,
        sql`select id from random_draw where id = ${body.randomDrawId} and ${body.unitId}::uuid = any(unit_ids)`,
      );
      if (!draw) {
        throw new AppError('RANDOM_DRAW_NOT_FOUND', 404);
      }
    }
    const hazardIds: string[] = [];
    for (const finding of body.findings) {
      const hazard = await insertNewHazard(tx, ctx, {
        ...finding,
        unitId: unit.id,
        origin: ctx.actor.role === 'department' ? 'departmentReferral' : 'officeInspection',
        // Found by the office on site: no one needs to verify it again.
        state: 'verified',
      });
      hazardIds.push(hazard.id);
    }
    const [row] = await queryRows<{ id: string }>(
      tx,
      sql`insert into inspection (unit_id, region_code, county_code, inspected_on, inspectors, unannounced,
            random_draw_id, checklist, summary, hazard_ids, created_by_id, created_by_name)
          values (${unit.id}, ${unit.regionCode}, ${countyCodeOf(unit.regionCode)}, ${body.inspectedOn},
            ${`{${body.inspectors.map((name) => JSON.stringify(name)).join(',')}}`}::text[],
            ${body.unannounced}, ${body.randomDrawId ?? null},
            ${JSON.stringify(body.checklist.map((entry) => ({ ...entry, note: entry.note ?? null })))}::jsonb,
            ${body.summary ?? null}, ${`{${hazardIds.join(',')}}`}::uuid[], ${ctx.actor.id}, ${ctx.actor.displayName})
          returning id`,
    );
    await tx.execute(
      sql`update unit set last_inspected_at = greatest(coalesce(last_inspected_at, '-infinity'),
            (${body.inspectedOn}::date)::timestamp at time zone 'Asia/Shanghai'), updated_at = now()
          where id = ${unit.id}`,
    );
    await recordAudit(
      tx,
      ctx.actor,
      {
        action: 'inspection.create',
        entity: 'inspection',
        entityId: row!.id,
        regionCode: unit.regionCode,
        after: {
          unitId: unit.id,
          inspectedOn: body.inspectedOn,
          unannounced: body.unannounced,
          hazardIds,
        },
      },
      ctx.requestId,
    );
    return row!.id;
  });
  const [inspection] = await queryRows<Inspection>(
    ctx.db,
    sql`select ${inspectionColumns} from ${inspectionFrom} where i.id = ${id}`,
  );
  return inspection!;
}

export async function listInspections(
  ctx: ServiceContext,
  query: {
    regionCode?: string | undefined;
    unitId?: string | undefined;
    limit: number;
    offset: number;
  },
): Promise<{ items: Inspection[]; total: number }> {
  const region = query.regionCode
    ? await resolveRegion(ctx.db, ctx.actor.scope, query.regionCode)
    : undefined;
  const where = [
    sql`i.region_code like ${`${region ? subtreePrefix(region) : ctx.actor.scope.prefix}%`}`,
  ];
  if (query.unitId) {
    where.push(sql`i.unit_id = ${query.unitId}`);
  }
  const condition = sql.join(where, sql` and `);
  const [items, [count]] = await Promise.all([
    queryRows<Inspection>(
      ctx.db,
      sql`select ${inspectionColumns} from ${inspectionFrom} where ${condition}
          order by i.inspected_on desc, i.created_at desc limit ${query.limit} offset ${query.offset}`,
    ),
    queryRows<{ total: number }>(
      ctx.db,
      sql`select count(*)::int as total from inspection i where ${condition}`,
    ),
  ]);
  return { items, total: count?.total ?? 0 };
}

// ---------------------------------------------------------------- 双随机

const drawColumns = sql`d.id, d.title, d.region_code as "regionCode", r.name as "regionName", d.seed,
  cardinality(d.pool_ids) as "poolSize", d.filters,
  (select coalesce(json_agg(json_build_object('id', u.id, 'name', u.name,
      'inspected', exists (select 1 from inspection i where i.random_draw_id = d.id and i.unit_id = u.id))
      order by x.n), '[]'::json)
     from unnest(d.unit_ids) with ordinality x(id, n) join unit u on u.id = x.id) as units,
  (select coalesce(json_agg(json_build_object('personId', p.id, 'name', p.name) order by x.n), '[]'::json)
     from unnest(d.inspector_ids) with ordinality x(id, n) join person p on p.id = x.id) as inspectors,
  json_build_object('userId', d.drawn_by_id, 'name', d.drawn_by_name) as "drawnBy",
  ${isoTimestamp(sql`d.drawn_at`)} as "drawnAt"`;
const drawFrom = sql`random_draw d join region r on r.code = d.region_code`;

/** Draws N operating units of the filtered pool and M inspectors, recording seed and pools. */
export async function drawRandomInspection(
  ctx: ServiceContext,
  body: DrawRandomInspectionBody,
): Promise<RandomDraw> {
  assertRole(ctx.actor, hazardOfficeRoles);
  const region = await resolveRegion(
    ctx.db,
    ctx.actor.scope,
    body.regionCode ?? ctx.actor.scope.regionCode,
  );
  const filters = { category: body.category ?? null, sector: body.sector ?? null };
  const conditions = [
    sql`region_code like ${`${subtreePrefix(region)}%`}`,
    sql`status = 'operating'`,
  ];
  if (filters.category) {
    conditions.push(sql`category = ${filters.category}`);
  }
  if (filters.sector) {
    conditions.push(sql`sector = ${filters.sector}`);
  }
  const pool = (
    await queryRows<{ id: string }>(
      ctx.db,
      sql`select id from unit where ${sql.join(conditions, sql` and `)} order by id`,
    )
  ).map((row) => row.id);
  if (body.unitCount > pool.length) {
    throw new AppError(
      'RANDOM_POOL_TOO_SMALL',
      422,
      { wanted: body.unitCount, available: pool.length },
      {
        wanted: body.unitCount,
        available: pool.length,
      },
    );
  }
  const inspectorPool = [...new Set(body.inspectorPool)].sort();
  for (const personId of inspectorPool) {
    await loadPerson(ctx.db, personId, ctx.actor.scope);
  }
  if (body.inspectorCount > inspectorPool.length) {
    throw new AppError(
      'RANDOM_POOL_TOO_SMALL',
      422,
      { wanted: body.inspectorCount, available: inspectorPool.length },
      { wanted: body.inspectorCount, available: inspectorPool.length },
    );
  }
  const seed = body.seed ?? randomBytes(8).toString('hex');
  const unitIds = seededDraw(pool, body.unitCount, `${seed}:units`);
  const inspectorIds = seededDraw(inspectorPool, body.inspectorCount, `${seed}:inspectors`);
  const uuidArray = (ids: string[]) => `{${ids.join(',')}}`;
  const id = await ctx.db.transaction(async (tx) => {
    const [row] = await queryRows<{ id: string }>(
      tx,
      sql`insert into random_draw (title, region_code, county_code, seed, filters, pool_ids, unit_ids,
            inspector_pool, inspector_ids, drawn_by_id, drawn_by_name)
          values (${body.title}, ${region.code}, ${countyCodeOf(region.code)}, ${seed}, ${JSON.stringify(filters)}::jsonb,
            ${uuidArray(pool)}::uuid[], ${uuidArray(unitIds)}::uuid[], ${uuidArray(inspectorPool)}::uuid[],
            ${uuidArray(inspectorIds)}::uuid[], ${ctx.actor.id}, ${ctx.actor.displayName})
          returning id`,
    );
    await recordAudit(
      tx,
      ctx.actor,
      {
        action: 'randomDraw.create',
        entity: 'randomDraw',
        entityId: row!.id,
        regionCode: region.code,
        after: { seed, poolSize: pool.length, unitIds, inspectorIds },
      },
      ctx.requestId,
    );
    return row!.id;
  });
  const [draw] = await queryRows<RandomDraw>(
    ctx.db,
    sql`select ${drawColumns} from ${drawFrom} where d.id = ${id}`,
  );
  return draw!;
}

/** Re-runs a recorded draw from its seed and pools and says whether it gives the same result. */
export async function checkRandomDraw(
  db: Executor,
  id: string,
  prefix: string,
): Promise<RandomDrawCheck> {
  const [draw] = await queryRows<{
    seed: string;
    poolIds: string[];
    unitIds: string[];
    inspectorPool: string[];
    inspectorIds: string[];
  }>(
    db,
    sql`select seed, to_json(pool_ids) as "poolIds", to_json(unit_ids) as "unitIds",
          to_json(inspector_pool) as "inspectorPool", to_json(inspector_ids) as "inspectorIds"
        from random_draw where id = ${id} and region_code like ${`${prefix}%`}`,
  );
  if (!draw) {
    throw new AppError('RANDOM_DRAW_NOT_FOUND', 404);
  }
  const unitIds = seededDraw(draw.poolIds, draw.unitIds.length, `${draw.seed}:units`);
  const inspectorIds = seededDraw(
    draw.inspectorPool,
    draw.inspectorIds.length,
    `${draw.seed}:inspectors`,
  );
  const same = (a: string[], b: string[]) =>
    a.length === b.length && a.every((value, index) => value === b[index]);
  return {
    id,
    seed: draw.seed,
    matches: same(unitIds, draw.unitIds) && same(inspectorIds, draw.inspectorIds),
    unitIds,
    inspectorIds,
  };
}

/** Draws in a region, newest first: for the office and, unchanged, for the public list. */
export async function listRandomDraws(
  db: Executor,
  prefix: string,
  page: { limit: number; offset: number },
): Promise<{ items: RandomDraw[]; total: number }> {
  const condition = sql`d.region_code like ${`${prefix}%`}`;
  const [items, [count]] = await Promise.all([
    queryRows<RandomDraw>(
      db,
      sql`select ${drawColumns} from ${drawFrom} where ${condition}
          order by d.drawn_at desc, d.id limit ${page.limit} offset ${page.offset}`,
    ),
    queryRows<{ total: number }>(
      db,
      sql`select count(*)::int as total from random_draw d where ${condition}`,
    ),
  ]);
  return { items, total: count?.total ?? 0 };
}
