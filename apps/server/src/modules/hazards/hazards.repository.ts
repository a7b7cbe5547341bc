import { sql, type SQL } from 'drizzle-orm';
import {
  ancestorCode,
  type HazardGrade,
  type HazardKind,
  type HazardOrigin,
  type HazardState,
  type Sector,
  type Summons,
  type TreatmentPlan,
} from '@lastmile/shared';
import { queryPrepared, queryRows, type Executor } from '../../db/client';
import * as schema from '../../db/schema';
import {
  containsPattern,
  insertValues,
  isoTimestamp,
  keysetBatches,
  precompiled,
} from '../../db/sql-helpers';
import type { Scope } from '../../plugins/scope';

const like = (prefix: string) => `${prefix}%`;
const iso = (column: string) => isoTimestamp(sql.raw(column));

/** A hazard is overdue when its deadline has passed and rectification is not yet submitted. */
export const overdueSql = (alias: string) =>
  sql.raw(
    `(${alias}.state in ('assigned', 'rectifying') and ${alias}.deadline < (now() at time zone 'Asia/Shanghai')::date)`,
  );

/** A summons as JSON; `hazard` is the alias of its hazard's row, `regionName` an expression. */
export const summonsJson = (
  alias: string,
  hazard: string,
  regionName: SQL,
) => sql`json_build_object(
  'id', ${sql.raw(alias)}.id, 'hazardId', ${sql.raw(alias)}.hazard_id,
  'hazardNumber', ${sql.raw(hazard)}.number, 'hazardTitle', ${sql.raw(hazard)}.title, 'hazardGrade', ${sql.raw(hazard)}.grade,
  'regionCode', ${sql.raw(alias)}.region_code, 'regionName', ${regionName},
  'sector', ${sql.raw(alias)}.sector, 'department', ${sql.raw(alias)}.department,
  'state', ${sql.raw(alias)}.state, 'note', ${sql.raw(alias)}.note,
  'summonedBy', json_build_object('userId', ${sql.raw(alias)}.summoned_by_id, 'name', ${sql.raw(alias)}.summoned_by_name),
  'summonedAt', ${iso(`${alias}.summoned_at`)},
  'respondBy', ${iso(`${alias}.respond_by`)},
  'late', ${sql.raw(alias)}.state = 'pending' and ${sql.raw(alias)}.respond_by < now(),
  'respondedBy', case when ${sql.raw(alias)}.responded_at is null then null
    else json_build_object('userId', ${sql.raw(alias)}.responded_by_id, 'name', ${sql.raw(alias)}.responded_by_name) end,
  'respondedAt', ${iso(`${alias}.responded_at`)},
  'reason', ${sql.raw(alias)}.reason, 'transferredTo', ${sql.raw(alias)}.transferred_to,
  'escalatedAt', ${iso(`${alias}.escalated_at`)})`;

export interface PersonColumns {
  name: string;
  mobile: string;
  userId: string | null;
}

export interface HazardRow {
  id: string;
  number: string;
  regionCode: string;
  regionName: string;
  townshipCode: string;
  townshipName: string;
  countyCode: string;
  gridId: string | null;
  gridName: string | null;
  unitId: string | null;
  unitName: string | null;
  riskPointId: string | null;
  riskPointName: string | null;
  origin: HazardOrigin;
  kind: HazardKind;
  sector: Sector;
  grade: HazardGrade;
  standardCode: string | null;
  title: string;
  description: string | null;
  lon: number | null;
  lat: number | null;
  address: string | null;
  photoIds: string[];
  state: HazardState;
  stateChangedAt: string;
  finderId: string | null;
  finderName: string;
  fixedOnSpot: boolean;
  responsiblePersonId: string | null;
  responsiblePerson: PersonColumns | null;
  responsibleName: string | null;
  responsiblePhone: string | null;
  deadline: string | null;
  measures: string | null;
  temporaryMeasures: string | null;
  fundsYuan: number | null;
  acceptanceStandard: string | null;
  accepterPersonId: string | null;
  accepter: PersonColumns | null;
  assignedAt: string | null;
  assignedById: string | null;
  assignedByName: string | null;
  treatmentPlan: TreatmentPlan | null;
  rectifiedAt: string | null;
  rectifiedById: string | null;
  rectifiedByName: string | null;
  rectificationNote: string | null;
  rectificationPhotoIds: string[] | null;
  acceptedAt: string | null;
  acceptedById: string | null;
  acceptedByName: string | null;
  acceptanceNote: string | null;
  closedAt: string | null;
  closedById: string | null;
  closedByName: string | null;
  closureNote: string | null;
  rejectReason: string | null;
  mergedIntoId: string | null;
  ownerDepartment: string | null;
  supervisionLevel: number;
  overdue: boolean;
  reportedToCountyAt: string | null;
  publicReportId: string | null;
  summons: Summons | null;
  createdAt: string;
  updatedAt: string;
}

/**
 * The columns of a hazard, read from the `hazard` row alone: names come from scalar subqueries
 * by primary key rather than joins. PGlite (WebAssembly) plans a nine-table join in ~30 ms, more
 * than the whole read costs; subqueries are planned one by one in a fraction of that, and a list
 * can walk the region index in order.
 */
const nameOf = (table: string, key: string) =>
  sql.raw(`(select name from ${table} where id = ${key})`);
const regionNameOf = (code: string) => sql.raw(`(select name from region where code = ${code})`);
const townshipCodeOf = sql.raw(`rpad(left(h.region_code, 9), 12, '0')`);
const personOf = (key: string) =>
  sql.raw(
    `(select json_build_object('name', name, 'mobile', mobile, 'userId', user_id) from person where id = ${key})`,
  );

/** Identity and place, the same in the whole hazard and in its list summary. */
const placeColumns = sql`h.id, h.number, h.region_code as "regionCode",
  ${regionNameOf('h.region_code')} as "regionName", ${townshipCodeOf} as "townshipCode",
  ${regionNameOf(`rpad(left(h.region_code, 9), 12, '0')`)} as "townshipName",
  h.grid_id as "gridId", ${nameOf('grid', 'h.grid_id')} as "gridName",
  h.unit_id as "unitId", ${nameOf('unit', 'h.unit_id')} as "unitName"`;

export const hazardColumns = precompiled(sql`${placeColumns}, h.county_code as "countyCode",
  h.risk_point_id as "riskPointId", ${nameOf('risk_point', 'h.risk_point_id')} as "riskPointName",
  h.origin, h.kind, h.sector, h.grade, h.standard_code as "standardCode", h.title, h.description,
  h.lon, h.lat, h.address, to_json(h.photo_ids) as "photoIds", h.state,
  ${iso('h.state_changed_at')} as "stateChangedAt", h.finder_id as "finderId",
  h.finder_name as "finderName", h.fixed_on_spot as "fixedOnSpot",
  h.responsible_person_id as "responsiblePersonId", ${personOf('h.responsible_person_id')} as "responsiblePerson",
  h.responsible_name as "responsibleName", h.responsible_phone as "responsiblePhone",
  to_char(h.deadline, 'YYYY-MM-DD') as deadline, h.measures,
  h.temporary_measures as "temporaryMeasures", h.funds_yuan as "fundsYuan",
  h.acceptance_standard as "acceptanceStandard", h.accepter_person_id as "accepterPersonId",
  ${personOf('h.accepter_person_id')} as "accepter",
  ${iso('h.assigned_at')} as "assignedAt", h.assigned_by_id as "assignedById",
  h.assigned_by_name as "assignedByName", h.treatment_plan as "treatmentPlan",
  ${iso('h.rectified_at')} as "rectifiedAt", h.rectified_by_id as "rectifiedById",
  h.rectified_by_name as "rectifiedByName", h.rectification_note as "rectificationNote",
  to_json(h.rectification_photo_ids) as "rectificationPhotoIds",
  ${iso('h.accepted_at')} as "acceptedAt", h.accepted_by_id as "acceptedById",
  h.accepted_by_name as "acceptedByName", h.acceptance_note as "acceptanceNote",
  ${iso('h.closed_at')} as "closedAt", h.closed_by_id as "closedById",
  h.closed_by_name as "closedByName", h.closure_note as "closureNote",
  h.reject_reason as "rejectReason", h.merged_into_id as "mergedIntoId",
  h.owner_department as "ownerDepartment", h.supervision_level as "supervisionLevel",
  ${overdueSql('h')} as overdue, ${iso('h.reported_to_county_at')} as "reportedToCountyAt",
  h.public_report_id as "publicReportId",
  (select ${summonsJson('s', 'h', regionNameOf('s.region_code'))} from summons s
     where s.hazard_id = h.id order by s.summoned_at desc limit 1) as summons,
  ${iso('h.created_at')} as "createdAt", ${iso('h.updated_at')} as "updatedAt"`);

/** What a list shows of a hazard (`HazardSummary`), from the `hazard` row `h`. */
export type HazardSummaryRow = Pick<
  HazardRow,
  | 'id'
  | 'number'
  | 'regionCode'
  | 'regionName'
  | 'townshipCode'
  | 'townshipName'
  | 'gridId'
  | 'gridName'
  | 'unitId'
  | 'unitName'
  | 'origin'
  | 'kind'
  | 'sector'
  | 'grade'
  | 'standardCode'
  | 'title'
  | 'state'
  | 'finderId'
  | 'finderName'
  | 'fixedOnSpot'
  | 'overdue'
  | 'supervisionLevel'
  | 'reportedToCountyAt'
  | 'createdAt'
  | 'responsibleName'
  | 'responsiblePhone'
  | 'deadline'
> & {
  /** Assigned with 五定: responsible person, deadline and accepter all set. */
  assigned: boolean;
  responsiblePerson: Omit<PersonColumns, 'userId'> | null;
  hasTreatmentPlan: boolean;
  summonsDepartment: string | null;
};

const hazardSummaryColumns = precompiled(sql`${placeColumns},
  h.origin, h.kind, h.sector, h.grade, h.standard_code as "standardCode", h.title, h.state,
  h.finder_id as "finderId", h.finder_name as "finderName", h.fixed_on_spot as "fixedOnSpot",
  ${overdueSql('h')} as overdue, h.supervision_level as "supervisionLevel",
  ${iso('h.reported_to_county_at')} as "reportedToCountyAt", ${iso('h.created_at')} as "createdAt",
  (h.assigned_at is not null and h.deadline is not null and h.accepter_person_id is not null) as assigned,
  (select json_build_object('name', name, 'mobile', mobile) from person where id = h.responsible_person_id)
    as "responsiblePerson",
  h.responsible_name as "responsibleName", h.responsible_phone as "responsiblePhone",
  to_char(h.deadline, 'YYYY-MM-DD') as deadline, h.treatment_plan is not null as "hasTreatmentPlan",
  (select department from summons s where s.hazard_id = h.id order by s.summoned_at desc limit 1)
    as "summonsDepartment"`);

export const hazardFrom = sql`hazard h`;

export interface HazardCondition {
  prefix?: string | undefined;
  q?: string | undefined;
  states?: readonly HazardState[] | undefined;
  grade?: HazardGrade | undefined;
  kind?: HazardKind | undefined;
  sector?: Sector | undefined;
  origin?: HazardOrigin | undefined;
  overdue?: boolean | undefined;
  open?: boolean | undefined;
  unitId?: string | undefined;
  gridId?: string | undefined;
  riskPointId?: string | undefined;
  /** Hazards where this person is responsible or accepter. */
  personId?: string | null | undefined;
  createdFrom?: string | undefined;
  createdTo?: string | undefined;
}

const inList = (values: readonly string[]) =>
  sql.join(
    values.map((value) => sql`${value}`),
    sql`, `,
  );

/** The hazard filters as SQL on alias `h`, always inside the scope. */
export function hazardCondition(scope: Scope, filter: HazardCondition): SQL {
  const where: SQL[] = [sql`h.region_code like ${like(scope.prefix)}`];
  if (filter.prefix) {
    where.push(sql`h.region_code like ${like(filter.prefix)}`);
  }
  if (filter.q) {
    const pattern = containsPattern(filter.q);
    where.push(
      sql`(h.title ilike ${pattern} or h.number ilike ${pattern} or h.description ilike ${pattern} or h.address ilike ${pattern})`,
    );
  }
  if (filter.states) {
    where.push(sql`h.state in (${inList(filter.states)})`);
  }
  if (filter.open === true) {
    where.push(sql`h.state not in ('closed', 'rejected', 'merged')`);
  } else if (filter.open === false) {
    where.push(sql`h.state in ('closed', 'rejected', 'merged')`);
  }
  for (const [column, value] of [
    ['grade', filter.grade],
    ['kind', filter.kind],
    ['sector', filter.sector],
    ['origin', filter.origin],
  ] as const) {
    if (value) {
      where.push(sql`${sql.raw(`h.${column}`)} = ${value}`);
    }
  }
  if (filter.overdue !== undefined) {
    where.push(filter.overdue ? overdueSql('h') : sql`not ${overdueSql('h')}`);
  }
  if (filter.unitId) {
    where.push(sql`h.unit_id = ${filter.unitId}`);
  }
  if (filter.gridId) {
    where.push(sql`h.grid_id = ${filter.gridId}`);
  }
  if (filter.riskPointId) {
    where.push(sql`h.risk_point_id = ${filter.riskPointId}`);
  }
  if (filter.personId !== undefined) {
    where.push(
      filter.personId
        ? sql`(h.responsible_person_id = ${filter.personId} or h.accepter_person_id = ${filter.personId})`
        : sql`false`,
    );
  }
  if (filter.createdFrom) {
    where.push(
      sql`h.created_at >= (${filter.createdFrom}::date)::timestamp at time zone 'Asia/Shanghai'`,
    );
  }
  if (filter.createdTo) {
    where.push(
      sql`h.created_at < ((${filter.createdTo}::date + 1)::timestamp at time zone 'Asia/Shanghai')`,
    );
  }
  return sql.join(where, sql` and `);
}

export type HazardOrder = 'newest' | 'overdueFirst';
const orderBy: Record<HazardOrder, SQL> = {
  newest: sql`h.created_at desc, h.id desc`,
  overdueFirst: sql`${overdueSql('h')} desc, h.deadline nulls last, h.created_at desc, h.id desc`,
};

/**
 * A page of hazard summaries and whether more follow (one row more is read to know), in one
 * statement: the page is chosen on the bare rows (the index walks `created_at`), and only its
 * rows get the per-row names, whatever plan the sort gets.
 */
export async function listHazardRows(
  db: Executor,
  condition: SQL,
  page: { limit: number; offset: number },
  order: HazardOrder = 'newest',
): Promise<{ rows: HazardSummaryRow[]; hasMore: boolean }> {
  const rows = await queryRows<HazardSummaryRow>(
    db,
    sql`select ${hazardSummaryColumns}
        from (select * from hazard h where ${condition}
              order by ${orderBy[order]} limit ${page.limit + 1} offset ${page.offset}) h
        order by ${orderBy[order]}`,
  );
  return { rows: rows.slice(0, page.limit), hasMore: rows.length > page.limit };
}

export async function countHazardRows(db: Executor, condition: SQL): Promise<number> {
  const [row] = await queryRows<{ total: number }>(
    db,
    sql`select count(*)::int as total from hazard h where ${condition}`,
  );
  return row?.total ?? 0;
}

/** What the hazard ledger (隐患台账) prints of a hazard: narrow, so 100,000 rows read quickly. */
export interface HazardLedgerRow {
  id: string;
  number: string;
  regionCode: string;
  unitName: string | null;
  title: string;
  origin: HazardOrigin;
  kind: HazardKind;
  sector: Sector;
  grade: HazardGrade;
  state: HazardState;
  finderName: string;
  createdAt: string;
  /** Assigned with 五定: responsible person, deadline and accepter all set. */
  assigned: boolean;
  responsibleName: string;
  deadline: string | null;
  measures: string | null;
  accepterName: string;
  overdue: boolean;
  supervisionLevel: number;
  closedAt: string | null;
}

const ledgerColumns = sql`h.id, h.number, h.region_code as "regionCode",
  ${nameOf('unit', 'h.unit_id')} as "unitName", h.title, h.origin, h.kind, h.sector, h.grade, h.state,
  h.finder_name as "finderName", ${iso('h.created_at')} as "createdAt",
  (h.assigned_at is not null and h.deadline is not null and h.accepter_person_id is not null) as assigned,
  coalesce(${nameOf('person', 'h.responsible_person_id')}, h.responsible_name, '') as "responsibleName",
  to_char(h.deadline, 'YYYY-MM-DD') as deadline, h.measures,
  coalesce(${nameOf('person', 'h.accepter_person_id')}, '') as "accepterName",
  ${overdueSql('h')} as overdue, h.supervision_level as "supervisionLevel",
  ${iso('h.closed_at')} as "closedAt"`;

/**
 * Every matching hazard's ledger columns, newest first, a batch at a time (for the export). The
 * keyset compares the stored timestamp itself (read back by id), not its millisecond text:
 * hazards written in one transaction share `created_at` to the microsecond and must not be
 * skipped at a batch edge.
 */
export function hazardLedgerBatches(db: Executor, condition: SQL, size = 2000) {
  return keysetBatches<HazardLedgerRow>((after, batch) => {
    const keyset = after
      ? sql` and (h.created_at, h.id) < ((select created_at from hazard where id = ${after.id}), ${after.id}::uuid)`
      : sql``;
    return queryRows<HazardLedgerRow>(
      db,
      sql`select ${ledgerColumns} from ${hazardFrom} where ${condition}${keyset}
          order by h.created_at desc, h.id desc limit ${batch}`,
    );
  }, size);
}

export async function findHazardRow(
  db: Executor,
  id: string,
  scope: Scope,
  options: { lock?: boolean } = {},
): Promise<HazardRow | undefined> {
  if (options.lock) {
    // Serialise transitions of one hazard: the second waits, then sees the new state.
    await db.execute(sql`select 1 from hazard where id = ${id} for update`);
  }
  const [row] = await queryRows<HazardRow>(
    db,
    sql`select ${hazardColumns} from ${hazardFrom} where h.id = ${id} and h.region_code like ${like(scope.prefix)}`,
  );
  return row;
}

export type HazardValues = typeof schema.hazard.$inferInsert;

/** Where a refused hazard was to be: its region, and the named grid's region (null: no such grid). */
export interface HazardPlace {
  name: string;
  level: string;
  parentCode: string | null;
  gridRegionCode: string | null;
}

/** What the database gave a new hazard, and its place's names. */
export interface HazardWritten {
  number: string;
  createdAt: string;
  regionName: string;
  townshipName: string;
  gridName: string | null;
}

export type NewHazardValues = Omit<HazardValues, 'number'> & { id: string };

/**
 * Inserts a hazard and its audit row in one statement, and only if its place holds: the region
 * exists and is a township or village, and the grid, if named, lies in it. Inserted, it answers
 * the number (YH + year in Asia/Shanghai + 7 digits) and time the database gave and the place's
 * names; refused, a second read says what the place was, so the caller can say what was wrong.
 * One statement writes both rows, so they commit together even outside a transaction.
 */
export async function insertHazard(
  db: Executor,
  values: NewHazardValues,
  audit: (tail: SQL) => SQL,
): Promise<{ written: HazardWritten } | { refused: HazardPlace | undefined }> {
  const gridId = values.gridId ?? null;
  const regionCode = values.regionCode;
  const insert = insertValues(schema.hazard, values, {
    computed: {
      number: sql`'YH' || to_char(now() at time zone 'Asia/Shanghai', 'YYYY') || lpad(nextval('hazard_number_seq')::text, 7, '0')`,
    },
    tail: sql`where exists (select 1 from region where code = ${regionCode} and level in ('township', 'village'))
      and (${gridId}::uuid is null
        or exists (select 1 from grid where id = ${gridId}::uuid and region_code = ${regionCode}))`,
  });
  const [written] = await queryPrepared<HazardWritten>(
    db,
    sql`with inserted as (${insert} returning number, created_at),
        audit as (${audit(sql`from inserted`)})
        select number, ${iso('created_at')} as "createdAt",
          (select name from region where code = ${regionCode}) as "regionName",
          (select name from region where code = ${ancestorCode(regionCode, 'township')}) as "townshipName",
          (select name from grid where id = ${gridId}::uuid) as "gridName"
        from inserted`,
  );
  if (written) {
    return { written };
  }
  const [place] = await queryRows<HazardPlace>(
    db,
    sql`select r.name, r.level, r.parent_code as "parentCode", g.region_code as "gridRegionCode"
        from region r left join grid g on g.id = ${gridId}::uuid
        where r.code = ${regionCode}`,
  );
  return { refused: place };
}

/**
 * The row of a hazard just inserted, from what was written and the names already at hand: what
 * `hazardColumns` would read back (a test holds the two equal), without a second query.
 */
export function newHazardRow(
  values: NewHazardValues,
  written: HazardWritten,
  names: Pick<HazardRow, 'unitName' | 'riskPointName'>,
  responsiblePerson: PersonColumns | null,
): HazardRow {
  const at = (date: Date | null | undefined) => (date ? date.toISOString() : null);
  return {
    id: values.id,
    number: written.number,
    regionCode: values.regionCode,
    townshipCode: ancestorCode(values.regionCode, 'township'),
    countyCode: values.countyCode,
    regionName: written.regionName,
    townshipName: written.townshipName,
    gridName: written.gridName,
    ...names,
    gridId: values.gridId ?? null,
    unitId: values.unitId ?? null,
    riskPointId: values.riskPointId ?? null,
    origin: values.origin as HazardOrigin,
    kind: values.kind as HazardKind,
    sector: values.sector as Sector,
    grade: values.grade as HazardGrade,
    standardCode: values.standardCode ?? null,
    title: values.title,
    description: values.description ?? null,
    lon: values.lon ?? null,
    lat: values.lat ?? null,
    address: values.address ?? null,
    photoIds: values.photoIds ?? [],
    state: values.state as HazardState,
    stateChangedAt: written.createdAt,
    finderId: values.finderId ?? null,
    finderName: values.finderName,
    fixedOnSpot: values.fixedOnSpot ?? false,
    responsiblePersonId: values.responsiblePersonId ?? null,
    responsiblePerson,
    responsibleName: values.responsibleName ?? null,
    responsiblePhone: null,
    deadline: null,
    measures: null,
    temporaryMeasures: null,
    fundsYuan: null,
    acceptanceStandard: null,
    accepterPersonId: null,
    accepter: null,
    assignedAt: null,
    assignedById: null,
    assignedByName: null,
    treatmentPlan: null,
    rectifiedAt: at(values.rectifiedAt),
    rectifiedById: values.rectifiedById ?? null,
    rectifiedByName: values.rectifiedByName ?? null,
    rectificationNote: values.rectificationNote ?? null,
    rectificationPhotoIds: values.rectificationPhotoIds ?? null,
    acceptedAt: null,
    acceptedById: null,
    acceptedByName: null,
    acceptanceNote: null,
    closedAt: null,
    closedById: null,
    closedByName: null,
    closureNote: null,
    rejectReason: null,
    mergedIntoId: null,
    ownerDepartment: null,
    supervisionLevel: 0,
    overdue: false,
    reportedToCountyAt: at(values.reportedToCountyAt),
    publicReportId: values.publicReportId ?? null,
    summons: null,
    createdAt: written.createdAt,
    updatedAt: written.createdAt,
  };
}

export async function updateHazardRow(
  db: Executor,
  id: string,
  values: Partial<HazardValues>,
): Promise<void> {
  await db
    .update(schema.hazard)
    .set({ ...values, updatedAt: sql`now()` })
    .where(sql`${schema.hazard.id} = ${id}`);
}

/** The audit rows of one hazard (and its summons), oldest first: the timeline. */
export async function listHazardAuditRows(db: Executor, id: string) {
  return queryRows<{
    at: string;
    actorId: string | null;
    actorName: string | null;
    action: string;
    after: Record<string, unknown> | null;
  }>(
    db,
    sql`select ${iso('occurred_at')} as at, actor_id as "actorId", actor_name as "actorName",
          action, after
        from audit_log where entity = 'hazard' and entity_id = ${id}
        order by id`,
  );
}
