import { eq, sql, type SQL } from 'drizzle-orm';
import type {
  Bbox,
  LonLat,
  PersonRef,
  Polygon,
  RiskLevel,
  RiskPointKind,
  RiskPointStatus,
} from '@lastmile/shared';
import { queryRows, type Executor } from '../../db/client';
import * as schema from '../../db/schema';
import { containsPattern, isoTimestamp, keysetBatches } from '../../db/sql-helpers';
import type { Scope } from '../../plugins/scope';
import { placeColumns, placeJoin } from '../units';

const like = (prefix: string) => `${prefix}%`;
const inList = (values: readonly string[]) =>
  sql.join(
    values.map((value) => sql`${value}`),
    sql`, `,
  );

/** Today in Beijing: review dates are calendar days there. */
export const shanghaiToday = sql`(now() at time zone 'Asia/Shanghai')::date`;

// ---------------------------------------------------------------- risk points

export interface RiskPointRow {
  id: string;
  regionCode: string;
  regionName: string;
  townshipCode: string;
  townshipName: string;
  gridId: string | null;
  gridName: string | null;
  unitId: string | null;
  unitName: string | null;
  name: string;
  kind: RiskPointKind;
  level: RiskLevel;
  location: LonLat;
  area: Polygon | null;
  threatenedHouseholds: number | null;
  threatenedPeople: number | null;
  responsible: { township: PersonRef | null; village: PersonRef | null; grid: PersonRef | null };
  controlMeasures: string | null;
  monitoringMethod: string | null;
  nextReviewOn: string | null;
  reviewOverdue: boolean;
  status: RiskPointStatus;
  notes: string | null;
  createdAt: string;
  updatedAt: string;
}

const personRef = (alias: string) =>
  sql.raw(`case when ${alias}.id is null then null
    else json_build_object('personId', ${alias}.id, 'name', ${alias}.name, 'mobile', ${alias}.mobile) end`);

const riskPointColumns = sql`rp.id, ${placeColumns('rp')}, rp.grid_id as "gridId", g.name as "gridName",
  rp.unit_id as "unitId", u.name as "unitName", rp.name, rp.kind, rp.level,
  json_build_object('lon', rp.lon, 'lat', rp.lat) as location, rp.area,
  rp.threatened_households as "threatenedHouseholds", rp.threatened_people as "threatenedPeople",
  json_build_object('township', ${personRef('pt')}, 'village', ${personRef('pv')}, 'grid', ${personRef('pg')}) as responsible,
  rp.control_measures as "controlMeasures", rp.monitoring_method as "monitoringMethod",
  to_char(rp.next_review_on, 'YYYY-MM-DD') as "nextReviewOn",
  coalesce(rp.status = 'active' and rp.next_review_on < ${shanghaiToday}, false) as "reviewOverdue",
  rp.status, rp.notes,
  ${isoTimestamp(sql`rp.created_at`)} as "createdAt", ${isoTimestamp(sql`rp.updated_at`)} as "updatedAt"`;
const riskPointFrom = sql`risk_point rp ${placeJoin('rp')}
  left join grid g on g.id = rp.grid_id left join unit u on u.id = rp.unit_id
  left join person pt on pt.id = rp.township_person_id
  left join person pv on pv.id = rp.village_person_id
  left join person pg on pg.id = rp.grid_person_id`;

export interface RiskPointCondition {
  prefix?: string | undefined;
  q?: string | undefined;
  kind?: string | undefined;
  levels?: readonly string[] | undefined;
  status?: string | undefined;
  gridId?: string | undefined;
  reviewOverdue?: boolean | undefined;
  bbox?: Bbox | undefined;
}

export function riskPointCondition(scope: Scope, filter: RiskPointCondition): SQL {
  const where: SQL[] = [sql`rp.region_code like ${like(scope.prefix)}`];
  if (filter.prefix) {
    where.push(sql`rp.region_code like ${like(filter.prefix)}`);
  }
  if (filter.q) {
    const pattern = containsPattern(filter.q);
    where.push(sql`(rp.name ilike ${pattern} or rp.control_measures ilike ${pattern})`);
  }
  if (filter.kind) {
    where.push(sql`rp.kind = ${filter.kind}`);
  }
  if (filter.levels) {
    where.push(sql`rp.level in (${inList(filter.levels)})`);
  }
  if (filter.status) {
    where.push(sql`rp.status = ${filter.status}`);
  }
  if (filter.gridId) {
    where.push(sql`rp.grid_id = ${filter.gridId}`);
  }
  if (filter.reviewOverdue !== undefined) {
    const overdue = sql`(rp.status = 'active' and rp.next_review_on < ${shanghaiToday})`;
    where.push(filter.reviewOverdue ? overdue : sql`not coalesce(${overdue}, false)`);
  }
  if (filter.bbox) {
    const [minLon, minLat, maxLon, maxLat] = filter.bbox;
    where.push(
      sql`rp.lon between ${minLon} and ${maxLon} and rp.lat between ${minLat} and ${maxLat}`,
    );
  }
  return sql.join(where, sql` and `);
}

const levelOrder = sql`case rp.level when 'major' then 0 when 'high' then 1 when 'general' then 2 else 3 end`;

export async function listRiskPointRows(
  db: Executor,
  condition: SQL,
  page: { limit: number; offset: number },
): Promise<{ rows: RiskPointRow[]; total: number }> {
  const [rows, [count]] = await Promise.all([
    queryRows<RiskPointRow>(
      db,
      sql`select ${riskPointColumns} from ${riskPointFrom} where ${condition}
          order by ${levelOrder}, rp.region_code, rp.name, rp.id limit ${page.limit} offset ${page.offset}`,
    ),
    queryRows<{ total: number }>(
      db,
      sql`select count(*)::int as total from risk_point rp where ${condition}`,
    ),
  ]);
  return { rows, total: count?.total ?? 0 };
}

/** Every matching risk point by region and name, a batch at a time (for exports). */
export function riskPointRowBatches(db: Executor, condition: SQL) {
  return keysetBatches<RiskPointRow>((after, size) => {
    const keyset = after
      ? sql` and (rp.region_code, rp.name, rp.id) > (${after.regionCode}, ${after.name}, ${after.id}::uuid)`
      : sql``;
    return queryRows<RiskPointRow>(
      db,
      sql`select ${riskPointColumns} from ${riskPointFrom} where ${condition}${keyset}
          order by rp.region_code, rp.name, rp.id limit ${size}`,
    );
  });
}

export async function findRiskPointRow(
  db: Executor,
  id: string,
  scope: Scope,
): Promise<RiskPointRow | undefined> {
  const [row] = await queryRows<RiskPointRow>(
    db,
    sql`select ${riskPointColumns} from ${riskPointFrom}
        where rp.id = ${id} and rp.region_code like ${like(scope.prefix)}`,
  );
  return row;
}

export type RiskPointValues = typeof schema.riskPoint.$inferInsert;

export async function insertRiskPoint(db: Executor, values: RiskPointValues): Promise<string> {
  const [row] = await db
    .insert(schema.riskPoint)
    .values(values)
    .returning({ id: schema.riskPoint.id });
  return row!.id;
}

export async function updateRiskPointRow(
  db: Executor,
  id: string,
  values: Partial<RiskPointValues>,
): Promise<void> {
  await db
    .update(schema.riskPoint)
    .set({ ...values, updatedAt: sql`now()` })
    .where(eq(schema.riskPoint.id, id));
}

// ---------------------------------------------------------------- map layers

/** A layer's features: a select of id, name, lon, lat, "regionCode", kind, level, area, and the
 * order that puts the most important first when there are too many to send. */
export interface FeatureQuery {
  select: SQL;
  order: SQL;
}

/**
 * The features of a layer as the JSON text of a `MapLayerResponse`, built by the database: one
 * value for the driver to pass instead of 80,000, sent by the server as it is. Unsorted first
 * (sorting 10,000 wide rows is a third of the cost); only a layer over `limit` is read again in
 * order, so that what is cut off is the least important.
 */
export async function layerJson(
  db: Executor,
  layer: string,
  features: FeatureQuery,
  limit: number,
): Promise<string> {
  const column = (name: string, key: string) =>
    sql`, ${key}::text, coalesce((array_agg(${sql.raw(name)}))[1:${limit}], '{}')`;
  const read = async (order: SQL) => {
    const [row] = await queryRows<{ body: string; truncated: boolean }>(
      db,
      sql`select json_build_object('layer', ${layer}::text${column('f.id', 'ids')}${column('f.name', 'names')}
            ${column('f.lon', 'lons')}${column('f.lat', 'lats')}${column('f."regionCode"', 'regionCodes')}
            ${column('f.kind', 'kinds')}${column('f.level', 'levels')}${column('f.area', 'areas')},
            'truncated', count(*) > ${limit})::text as body, count(*) > ${limit} as truncated
          from (${features.select}${order} limit ${limit + 1}) f`,
    );
    return row!;
  };
  const first = await read(sql``);
  return first.truncated ? (await read(sql` order by ${features.order}`)).body : first.body;
}

const bboxOf = (lon: SQL, lat: SQL, bbox: Bbox | undefined) =>
  bbox
    ? sql` and ${lon} between ${bbox[0]} and ${bbox[2]} and ${lat} between ${bbox[1]} and ${bbox[3]}`
    : sql``;

/** Compact feature columns of one table. */
const featureColumns = (alias: string, kind: SQL, level: SQL, area: SQL, lon: SQL, lat: SQL) =>
  sql`${sql.raw(alias)}.id::text as id, ${sql.raw(alias)}.name, ${lon} as lon, ${lat} as lat,
      ${sql.raw(alias)}.region_code as "regionCode", ${kind} as kind, ${level} as level, ${area} as area`;

export const riskPointFeatures = (condition: SQL): FeatureQuery => ({
  select: sql`select ${featureColumns('rp', sql`rp.kind`, sql`rp.level`, sql`rp.area`, sql`rp.lon`, sql`rp.lat`)}
      from risk_point rp where ${condition}`,
  order: sql`${levelOrder}, rp.id`,
});

export const unitFeatures = (condition: SQL, bbox: Bbox | undefined): FeatureQuery => ({
  select: sql`select ${featureColumns('u', sql`u.category`, sql`null::text`, sql`null::jsonb`, sql`u.lon`, sql`u.lat`)}
      from unit u where ${condition} and u.lon is not null${bboxOf(sql`u.lon`, sql`u.lat`, bbox)}`,
  order: sql`u.id`,
});

export function hazardSourceFeatures(condition: SQL, bbox: Bbox | undefined): FeatureQuery {
  const lon = sql`coalesce(h.lon, u.lon)`;
  const lat = sql`coalesce(h.lat, u.lat)`;
  return {
    select: sql`select ${featureColumns('h', sql`h.kind`, sql`case when h.major then 'major' end`, sql`null::jsonb`, lon, lat)}
      from hazard_source h left join unit u on u.id = h.unit_id
      where ${condition} and ${lon} is not null${bboxOf(lon, lat, bbox)}`,
    order: sql`h.major desc, h.id`,
  };
}

/** Open hazards with a place: overdue first when cut off, then major. */
export function hazardFeatures(scope: Scope, prefix: string | undefined, kind: string | undefined, bbox: Bbox | undefined): FeatureQuery {
  const overdue = sql`(hz.state in ('assigned', 'rectifying') and hz.deadline < ${shanghaiToday})`;
  const level = sql`case when ${overdue} then 'overdue' when hz.grade = 'major' then 'major' else 'general' end`;
  return {
    select: sql`select hz.id::text as id, hz.title as name, hz.lon, hz.lat, hz.region_code as "regionCode",
        hz.kind, ${level} as level, null::jsonb as area
      from hazard hz
      where hz.region_code like ${`${scope.prefix}%`}${prefix ? sql` and hz.region_code like ${`${prefix}%`}` : sql``}
        and hz.state not in ('closed', 'rejected', 'merged') and hz.lon is not null
        ${kind ? sql` and hz.kind = ${kind}` : sql``}${bboxOf(sql`hz.lon`, sql`hz.lat`, bbox)}`,
    order: sql`${overdue} desc, hz.grade = 'major' desc, hz.created_at desc`,
  };
}

/** Grids at their centre, or the mean of their boundary's corners. */
export function gridFeatures(
  scope: Scope,
  prefix: string | undefined,
  bbox: Bbox | undefined,
): FeatureQuery {
  const ringMean = (index: number) =>
    sql`(select avg((corner->>${index})::float8) from jsonb_array_elements(g.boundary->'coordinates'->0) corner)`;
  const lon = sql`coalesce(g.centre_lon, ${ringMean(0)})`;
  const lat = sql`coalesce(g.centre_lat, ${ringMean(1)})`;
  return {
    select: sql`select * from (
      select ${featureColumns('g', sql`g.kind`, sql`null::text`, sql`g.boundary`, lon, lat)}
      from grid g where g.region_code like ${like(scope.prefix)} and g.region_code like ${like(prefix ?? scope.prefix)}
        and (g.centre_lon is not null or g.boundary is not null)) located
    where lon is not null${bboxOf(sql`lon`, sql`lat`, bbox)}`,
    order: sql`id`,
  };
}

/**
 * Label points of villages (and townships): the profile's centre, or else the mean of what the
 * ledgers have located there.
 */
export function villageFeatures(
  scope: Scope,
  prefix: string | undefined,
  bbox: Bbox | undefined,
): FeatureQuery {
  return {
    select: sql`select * from (
      select r.code as id, r.name, coalesce(pr.centre_lon, pts.lon) as lon,
        coalesce(pr.centre_lat, pts.lat) as lat, r.code as "regionCode", r.level as kind,
        null::text as level, null::jsonb as area
      from region r left join region_profile pr on pr.region_code = r.code
      left join lateral (
        select avg(x.lon) as lon, avg(x.lat) as lat from (
          select lon, lat from risk_point where region_code = r.code
          union all select lon, lat from unit where region_code = r.code and lon is not null
          union all select centre_lon, centre_lat from grid
            where region_code = r.code and centre_lon is not null) x) pts on true
      where r.code like ${like(scope.prefix)} and r.code like ${like(prefix ?? scope.prefix)}
        and r.level in ('township', 'village')) located
    where lon is not null${bboxOf(sql`lon`, sql`lat`, bbox)}`,
    order: sql`id`,
  };
}

// ---------------------------------------------------------------- import keys

/** What an import matches its rows against, all within the caller's scope. */
export async function listImportKeys(
  db: Executor,
  prefix: string,
  creditCodes: string[],
  mobiles: string[],
) {
  const inScope = (column: string) => sql.raw(`${column} like '${prefix.replace(/\D/g, '')}%'`);
  const [units, sources, points, grids, codes, people] = await Promise.all([
    queryRows<{ id: string; regionCode: string; name: string; creditCode: string | null }>(
      db,
      sql`select id, region_code as "regionCode", name, credit_code as "creditCode" from unit
          where ${inScope('region_code')}`,
    ),
    queryRows<{ id: string; regionCode: string; unitId: string | null; name: string }>(
      db,
      sql`select id, region_code as "regionCode", unit_id as "unitId", name from hazard_source
          where ${inScope('region_code')}`,
    ),
    queryRows<{ id: string; regionCode: string; name: string }>(
      db,
      sql`select id, region_code as "regionCode", name from risk_point where ${inScope('region_code')}`,
    ),
    queryRows<{ id: string; regionCode: string; name: string }>(
      db,
      sql`select id, region_code as "regionCode", name from grid where ${inScope('region_code')}`,
    ),
    creditCodes.length === 0
      ? []
      : queryRows<{ id: string; creditCode: string; regionCode: string }>(
          db,
          sql`select id, credit_code as "creditCode", region_code as "regionCode" from unit
              where credit_code in (${inList(creditCodes)})`,
        ),
    mobiles.length === 0
      ? []
      : queryRows<{ id: string; mobile: string; regionCode: string }>(
          db,
          sql`select id, mobile, region_code as "regionCode" from person
              where ${inScope('region_code')} and mobile in (${inList(mobiles)})`,
        ),
  ]);
  return { units, sources, points, grids, codes, people };
}
