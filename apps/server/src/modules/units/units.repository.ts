import { eq, sql, type SQL } from 'drizzle-orm';
import type {
  HazardSourceFilters,
  HazardSourceKind,
  LonLat,
  Sector,
  UnitFilters,
  UnitStatus,
} from '@lastmile/shared';
import { queryRows, type Executor } from '../../db/client';
import * as schema from '../../db/schema';
import { containsPattern, isoTimestamp, keysetBatches } from '../../db/sql-helpers';
import type { Scope } from '../../plugins/scope';

const like = (prefix: string) => `${prefix}%`;

/** A record's village (or township) and the township above, from its region code. */
export const placeColumns = (alias: string) =>
  sql.raw(`${alias}.region_code as "regionCode", r.name as "regionName",
  case when r.level = 'township' then r.code else p.code end as "townshipCode",
  case when r.level = 'township' then r.name else p.name end as "townshipName"`);
export const placeJoin = (alias: string) =>
  sql.raw(
    `join region r on r.code = ${alias}.region_code left join region p on p.code = r.parent_code`,
  );

const point = (alias: string) =>
  sql.raw(
    `case when ${alias}.lon is null then null else json_build_object('lon', ${alias}.lon, 'lat', ${alias}.lat) end`,
  );

// ---------------------------------------------------------------- units

export interface UnitRow {
  id: string;
  regionCode: string;
  regionName: string;
  townshipCode: string;
  townshipName: string;
  countyCode: string;
  name: string;
  creditCode: string | null;
  address: string | null;
  location: LonLat | null;
  sector: Sector;
  category: string;
  legalRepresentative: string | null;
  safetyContact: string | null;
  safetyContactPhone: string | null;
  employees: number | null;
  status: UnitStatus;
  notes: string | null;
  hazardSources: number;
  lastInspectedAt: string | null;
  createdAt: string;
  updatedAt: string;
}

const unitColumns = sql`u.id, ${placeColumns('u')}, u.county_code as "countyCode", u.name,
  u.credit_code as "creditCode", u.address, ${point('u')} as location, u.sector, u.category,
  u.legal_representative as "legalRepresentative", u.safety_contact as "safetyContact",
  u.safety_contact_phone as "safetyContactPhone", u.employees, u.status, u.notes,
  (select count(*)::int from hazard_source h where h.unit_id = u.id) as "hazardSources",
  ${isoTimestamp(sql`u.last_inspected_at`)} as "lastInspectedAt",
  ${isoTimestamp(sql`u.created_at`)} as "createdAt", ${isoTimestamp(sql`u.updated_at`)} as "updatedAt"`;
const unitFrom = sql`unit u ${placeJoin('u')}`;

/**
 * The unit filters as SQL. `prefix` is the subtree asked for (already checked against the
 * scope); `smallVenueCategories` are the category codes the county counts as 九小场所.
 */
export function unitCondition(
  scope: Scope,
  filter: Omit<UnitFilters, 'regionCode' | 'smallVenue'> & {
    prefix?: string | undefined;
    categories?: readonly string[] | undefined;
  },
): SQL {
  const where: SQL[] = [sql`u.region_code like ${like(scope.prefix)}`];
  if (filter.prefix) {
    where.push(sql`u.region_code like ${like(filter.prefix)}`);
  }
  if (filter.q) {
    const pattern = containsPattern(filter.q);
    where.push(
      sql`(u.name ilike ${pattern} or u.credit_code ilike ${pattern} or u.address ilike ${pattern})`,
    );
  }
  if (filter.sector) {
    where.push(sql`u.sector = ${filter.sector}`);
  }
  if (filter.category) {
    where.push(sql`u.category = ${filter.category}`);
  }
  if (filter.categories) {
    where.push(
      filter.categories.length === 0
        ? sql`false`
        : sql`u.category in (${sql.join(
            filter.categories.map((code) => sql`${code}`),
            sql`, `,
          )})`,
    );
  }
  if (filter.status) {
    where.push(sql`u.status = ${filter.status}`);
  }
  return sql.join(where, sql` and `);
}

export async function listUnitRows(
  db: Executor,
  condition: SQL,
  page: { limit: number; offset: number },
): Promise<{ rows: UnitRow[]; total: number }> {
  const [rows, [count]] = await Promise.all([
    queryRows<UnitRow>(
      db,
      sql`select ${unitColumns} from ${unitFrom} where ${condition}
          order by u.region_code, u.name, u.id limit ${page.limit} offset ${page.offset}`,
    ),
    queryRows<{ total: number }>(
      db,
      sql`select count(*)::int as total from ${unitFrom} where ${condition}`,
    ),
  ]);
  return { rows, total: count?.total ?? 0 };
}

/** Every matching unit in ledger order, a batch at a time (for exports). */
export function unitRowBatches(db: Executor, condition: SQL) {
  return keysetBatches<UnitRow>((after, size) => {
    const keyset = after
      ? sql` and (u.region_code, u.name, u.id) > (${after.regionCode}, ${after.name}, ${after.id}::uuid)`
      : sql``;
    return queryRows<UnitRow>(
      db,
      sql`select ${unitColumns} from ${unitFrom} where ${condition}${keyset}
          order by u.region_code, u.name, u.id limit ${size}`,
    );
  });
}

export async function findUnitRow(
  db: Executor,
  id: string,
  scope: Scope,
): Promise<UnitRow | undefined> {
  const [row] = await queryRows<UnitRow>(
    db,
    sql`select ${unitColumns} from ${unitFrom} where u.id = ${id} and u.region_code like ${like(scope.prefix)}`,
  );
  return row;
}

export type UnitValues = typeof schema.unit.$inferInsert;

export async function insertUnit(db: Executor, values: UnitValues): Promise<string> {
  const [row] = await db.insert(schema.unit).values(values).returning({ id: schema.unit.id });
  return row!.id;
}

export async function updateUnitRow(
  db: Executor,
  id: string,
  values: Partial<UnitValues>,
): Promise<void> {
  await db
    .update(schema.unit)
    .set({ ...values, updatedAt: sql`now()` })
    .where(eq(schema.unit.id, id));
}

/** Category codes in use by units of a county subtree: a category list may not drop them. */
export async function listUsedCategories(db: Executor, prefix: string): Promise<string[]> {
  const rows = await queryRows<{ category: string }>(
    db,
    sql`select distinct category from unit where region_code like ${like(prefix)}`,
  );
  return rows.map((row) => row.category);
}

// ---------------------------------------------------------------- hazard sources

export interface HazardSourceRow {
  id: string;
  regionCode: string;
  regionName: string;
  townshipCode: string;
  townshipName: string;
  unitId: string | null;
  unitName: string | null;
  name: string;
  kind: HazardSourceKind;
  major: boolean;
  majorGrade: number | null;
  substances: string | null;
  quantity: string | null;
  location: LonLat | null;
  responsiblePerson: string | null;
  responsiblePhone: string | null;
  controlMeasures: string | null;
  monitoring: string | null;
  notes: string | null;
  createdAt: string;
  updatedAt: string;
}

const hazardSourceColumns = sql`h.id, ${placeColumns('h')}, h.unit_id as "unitId", u.name as "unitName",
  h.name, h.kind, h.major, h.major_grade as "majorGrade", h.substances, h.quantity,
  case when h.lon is not null then json_build_object('lon', h.lon, 'lat', h.lat)
       when u.lon is not null then json_build_object('lon', u.lon, 'lat', u.lat) end as location,
  h.responsible_person as "responsiblePerson", h.responsible_phone as "responsiblePhone",
  h.control_measures as "controlMeasures", h.monitoring, h.notes,
  ${isoTimestamp(sql`h.created_at`)} as "createdAt", ${isoTimestamp(sql`h.updated_at`)} as "updatedAt"`;
const hazardSourceFrom = sql`hazard_source h ${placeJoin('h')} left join unit u on u.id = h.unit_id`;

export function hazardSourceCondition(
  scope: Scope,
  filter: Omit<HazardSourceFilters, 'regionCode'> & { prefix?: string | undefined },
): SQL {
  const where: SQL[] = [sql`h.region_code like ${like(scope.prefix)}`];
  if (filter.prefix) {
    where.push(sql`h.region_code like ${like(filter.prefix)}`);
  }
  if (filter.q) {
    const pattern = containsPattern(filter.q);
    where.push(
      sql`(h.name ilike ${pattern} or u.name ilike ${pattern} or h.substances ilike ${pattern})`,
    );
  }
  if (filter.kind) {
    where.push(sql`h.kind = ${filter.kind}`);
  }
  if (filter.major !== undefined) {
    where.push(sql`h.major = ${filter.major}`);
  }
  if (filter.unitId) {
    where.push(sql`h.unit_id = ${filter.unitId}`);
  }
  return sql.join(where, sql` and `);
}

export async function listHazardSourceRows(
  db: Executor,
  condition: SQL,
  page: { limit: number; offset: number },
): Promise<{ rows: HazardSourceRow[]; total: number }> {
  const [rows, [count]] = await Promise.all([
    queryRows<HazardSourceRow>(
      db,
      sql`select ${hazardSourceColumns} from ${hazardSourceFrom} where ${condition}
          order by h.region_code, h.major desc, h.name, h.id limit ${page.limit} offset ${page.offset}`,
    ),
    queryRows<{ total: number }>(
      db,
      sql`select count(*)::int as total from ${hazardSourceFrom} where ${condition}`,
    ),
  ]);
  return { rows, total: count?.total ?? 0 };
}

/** Every matching hazard source by region and name, a batch at a time (for exports). */
export function hazardSourceRowBatches(db: Executor, condition: SQL) {
  return keysetBatches<HazardSourceRow>((after, size) => {
    const keyset = after
      ? sql` and (h.region_code, h.name, h.id) > (${after.regionCode}, ${after.name}, ${after.id}::uuid)`
      : sql``;
    return queryRows<HazardSourceRow>(
      db,
      sql`select ${hazardSourceColumns} from ${hazardSourceFrom} where ${condition}${keyset}
          order by h.region_code, h.name, h.id limit ${size}`,
    );
  });
}

export async function findHazardSourceRow(
  db: Executor,
  id: string,
  scope: Scope,
): Promise<HazardSourceRow | undefined> {
  const [row] = await queryRows<HazardSourceRow>(
    db,
    sql`select ${hazardSourceColumns} from ${hazardSourceFrom}
        where h.id = ${id} and h.region_code like ${like(scope.prefix)}`,
  );
  return row;
}

export type HazardSourceValues = typeof schema.hazardSource.$inferInsert;

export async function insertHazardSource(
  db: Executor,
  values: HazardSourceValues,
): Promise<string> {
  const [row] = await db
    .insert(schema.hazardSource)
    .values(values)
    .returning({ id: schema.hazardSource.id });
  return row!.id;
}

export async function updateHazardSourceRow(
  db: Executor,
  id: string,
  values: Partial<HazardSourceValues>,
): Promise<void> {
  await db
    .update(schema.hazardSource)
    .set({ ...values, updatedAt: sql`now()` })
    .where(eq(schema.hazardSource.id, id));
}

/**
 * Counts for 重点危险源情况统计表, grouped by the child regions of `prefix`
 * (`groupLength` leading digits: 9 for townships of a county, 12 for villages of a township).
 */
export async function hazardSourceCounts(db: Executor, prefix: string, groupLength: number) {
  return queryRows<{
    groupCode: string;
    kind: HazardSourceKind;
    major: boolean;
    majorGrade: number | null;
    sources: number;
  }>(
    db,
    sql`select rpad(left(h.region_code, ${groupLength}), 12, '0') as "groupCode", h.kind, h.major,
          h.major_grade as "majorGrade", count(*)::int as sources
        from hazard_source h where h.region_code like ${like(prefix)}
        group by 1, 2, 3, 4`,
  );
}

/** Distinct units with hazard sources per group (a unit may hold several kinds). */
export async function hazardSourceUnitCounts(db: Executor, prefix: string, groupLength: number) {
  return queryRows<{ groupCode: string; units: number }>(
    db,
    sql`select rpad(left(h.region_code, ${groupLength}), 12, '0') as "groupCode",
          count(distinct h.unit_id)::int as units
        from hazard_source h where h.region_code like ${like(prefix)} group by 1`,
  );
}

// ---------------------------------------------------------------- settings

/** The regions directly under a region, in code order. */
export async function listChildRegions(db: Executor, code: string) {
  return queryRows<{ code: string; name: string }>(
    db,
    sql`select code, name from region where parent_code = ${code} order by code`,
  );
}
