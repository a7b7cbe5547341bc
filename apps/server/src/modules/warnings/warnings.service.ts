/**
 * Warnings (预警): ingest from upper platforms, issue (county only, 应对法 art. 64), relay with
 * local instructions (township), send (叫应 fan-out), cancel, answer and report actions.
 */
import { randomInt } from 'node:crypto';
import { sql, type SQL } from 'drizzle-orm';
import {
  padRegionCode,
  warningCountyRoles,
  warningRelayRoles,
  type CallPlan,
  type CallPlanStep,
  type CreateWarningBody,
  type MyWarningCall,
  type RelayWarningBody,
  type ReportWarningActionsBody,
  type UpsertCallPlanBody,
  type Warning,
  type WarningSummary,
  type WarningTargetsInput,
  type warningOrigins,
} from '@lastmile/shared';
import { queryRows, type Db, type Executor } from '../../db/client';
import { isoTimestamp, pgArray } from '../../db/sql-helpers';
import { AppError } from '../../errors';
import { omit } from '../../lib/omit';
import type { Actor, ServiceContext } from '../../plugins/auth';
import { countyCodeOf } from '../../plugins/scope';
import { recordAudit, type AuditActor } from '../audit';
import { codePrefix, normaliseTargets, resolveWarningAreas, type CountyTargets } from './areas';
import { beijingTime, formatCap12, severityByLevel } from './cap-export';
import { chooseCallPlan, fanOut, listCountyCallPlans } from './dispatch';
import { recordAnswer } from './answers';
import { warningEvents } from './events';
import {
  parseWarning,
  type ParsedWarning,
  type WarningArea,
  type WarningInfo,
} from './warning-format';

type Origin = (typeof warningOrigins)[number];

const eventTypePattern = /^\d{2}[A-Z]\d{2}$/;

// ---------------------------------------------------------------- reading

/** Who may see a warning: the county, the places its targets touch, and everyone it calls. */
function visibleTo(actor: Actor): SQL {
  const prefix = actor.scope.prefix;
  const mine = actor.personId
    ? sql` or exists (select 1 from warning_ack vr where vr.warning_id = w.id and vr.person_id = ${actor.personId})`
    : sql``;
  if (prefix.length <= 6) {
    return sql`(w.county_code like ${`${prefix}%`}${mine})`;
  }
  return sql`((w.county_code = ${prefix.slice(0, 6)} and (w.region_code like ${`${prefix}%`}
            or exists (select 1 from unnest(w.target_prefixes) tp where tp like ${`${prefix}%`} or ${prefix} like tp || '%')))${mine})`;
}

/** The warning, its holder's name and its call counts (one read of its 叫应 rows). */
const warningFrom = sql`warning w join region rg on rg.code = w.region_code
  cross join lateral (select count(*)::int as recipients, count(c.answered_at)::int as answered
                      from warning_ack c where c.warning_id = w.id) n`;

function summaryColumns(actor: Actor): SQL {
  return sql`w.id, w.origin, w.state, w.region_code as "regionCode", rg.name as "regionName", w.sender,
    w.parsed #>> '{infos,0,senderName}' as "senderName", w.identifier, ${isoTimestamp(sql`w.sent`)} as sent,
    w.msg_type as "msgType", w.status, w.event, w.event_type as "eventType", w.level, w.headline,
    ${isoTimestamp(sql`w.expires`)} as expires, w.short_code as "shortCode", w.parent_id as "parentId",
    w.references_id as "referencesId", ${isoTimestamp(sql`w.dispatched_at`)} as "dispatchedAt",
    ${isoTimestamp(sql`w.created_at`)} as "createdAt",
    n.recipients, n.answered,
    (select json_build_object('ackId', m.id, 'state', m.state,
        'startsAt', ${isoTimestamp(sql`m.starts_at`)}, 'answeredAt', ${isoTimestamp(sql`m.answered_at`)},
        'late', m.late, 'actionsReportedAt', ${isoTimestamp(sql`m.actions_at`)})
      from warning_ack m where m.warning_id = w.id and m.person_id = ${actor.personId ?? null}::uuid) as me`;
}

export async function listWarnings(
  { db, actor }: ServiceContext,
  query: {
    state?: string[] | undefined;
    level?: string[] | undefined;
    origin?: string[] | undefined;
    mine?: boolean | undefined;
    limit: number;
    offset: number;
  },
): Promise<{ items: WarningSummary[]; total: number }> {
  const where = [visibleTo(actor)];
  if (query.state) {
    where.push(sql`w.state = any(${pgArray(query.state)}::text[])`);
  }
  if (query.level) {
    where.push(sql`w.level = any(${pgArray(query.level)}::text[])`);
  }
  if (query.origin) {
    where.push(sql`w.origin = any(${pgArray(query.origin)}::text[])`);
  }
  if (query.mine) {
    where.push(
      sql`exists (select 1 from warning_ack mr where mr.warning_id = w.id and mr.person_id = ${actor.personId ?? null}::uuid)`,
    );
  }
  const condition = sql.join(where, sql` and `);
  const [items, [count]] = await Promise.all([
    queryRows<WarningSummary>(
      db,
      sql`select ${summaryColumns(actor)} from ${warningFrom}
          where ${condition} order by w.sent desc, w.id desc limit ${query.limit} offset ${query.offset}`,
    ),
    queryRows<{ total: number }>(
      db,
      sql`select count(*)::int as total from warning w where ${condition}`,
    ),
  ]);
  return { items, total: count?.total ?? 0 };
}

interface WarningRow extends WarningSummary {
  countyCode: string;
  parsed: ParsedWarning;
  localInstructions: string | null;
  targetCodes: string[];
  targetGridIds: string[];
  callPlan: unknown;
  cancelReason: string | null;
  cancelledAt: string | null;
  hasRawXml: boolean;
}

async function findWarning(db: Executor, actor: Actor, id: string): Promise<WarningRow> {
  const [row] = await queryRows<WarningRow>(
    db,
    sql`select ${summaryColumns(actor)}, w.county_code as "countyCode", w.parsed,
               w.local_instructions as "localInstructions", w.target_codes as "targetCodes",
               w.target_grid_ids as "targetGridIds", w.call_plan as "callPlan", w.cancel_reason as "cancelReason",
               ${isoTimestamp(sql`w.cancelled_at`)} as "cancelledAt", w.raw_xml is not null as "hasRawXml"
        from ${warningFrom}
        where w.id = ${id} and ${visibleTo(actor)}`,
  );
  if (!row) {
    throw new AppError('WARNING_NOT_FOUND', 404);
  }
  return row;
}

/** Checks that the actor may see a warning, reading nothing else (for reads about its calls). */
export async function assertWarningVisible(db: Executor, actor: Actor, id: string): Promise<void> {
  const [row] = await queryRows<{ id: string }>(
    db,
    sql`select w.id from warning w where w.id = ${id} and ${visibleTo(actor)}`,
  );
  if (!row) {
    throw new AppError('WARNING_NOT_FOUND', 404);
  }
}

async function describeTargets(
  db: Executor,
  codes: string[],
  gridIds: string[],
): Promise<Warning['targets']> {
  const [regions, grids] = await Promise.all([
    queryRows<{ code: string; name: string }>(
      db,
      sql`select code, name from region where code = any(${pgArray(codes)}::text[]) order by code`,
    ),
    queryRows<{ id: string; name: string; regionCode: string; regionName: string }>(
      db,
      sql`select g.id, g.name, g.region_code as "regionCode", r.name as "regionName"
          from grid g join region r on r.code = g.region_code
          where g.id = any(${pgArray(gridIds)}::uuid[]) order by g.region_code, g.name`,
    ),
  ]);
  return { regions, grids };
}

async function toWarning(db: Executor, row: WarningRow): Promise<Warning> {
  const info = row.parsed.infos[0];
  const plan = row.callPlan
    ? (row.callPlan as CallPlan['steps'])
    : (await chooseCallPlan(db, row.countyCode, row.level, row.eventType)).steps;
  return {
    id: row.id,
    origin: row.origin,
    state: row.state,
    regionCode: row.regionCode,
    regionName: row.regionName,
    sender: row.sender,
    senderName: row.senderName,
    identifier: row.identifier,
    sent: row.sent,
    msgType: row.msgType,
    status: row.status,
    event: row.event,
    eventType: row.eventType,
    level: row.level,
    headline: row.headline,
    expires: row.expires,
    shortCode: row.shortCode,
    parentId: row.parentId,
    referencesId: row.referencesId,
    dispatchedAt: row.dispatchedAt,
    createdAt: row.createdAt,
    recipients: row.recipients,
    answered: row.answered,
    me: row.me,
    format: row.parsed.format,
    description: info?.description ?? null,
    instruction: info?.instruction ?? null,
    localInstructions: row.localInstructions,
    effective: info?.effective ?? null,
    onset: info?.onset ?? null,
    urgency: info?.urgency ?? null,
    severity: info?.severity ?? null,
    certainty: info?.certainty ?? null,
    areaDescriptions: [
      ...new Set(row.parsed.infos.flatMap((i) => i.areas.map((a) => a.description))),
    ],
    targets: await describeTargets(db, row.targetCodes, row.targetGridIds),
    callPlan: plan,
    cancelReason: row.cancelReason,
    cancelledAt: row.cancelledAt,
    hasRawXml: row.hasRawXml,
  };
}

export async function getWarning({ db, actor }: ServiceContext, id: string): Promise<Warning> {
  const row = await findWarning(db, actor, id);
  if (row.me && !row.me.answeredAt) {
    // Opening the warning in the app is being reached (送达) through the in-app channel.
    await db.execute(
      sql`update warning_ack set reached_at = coalesce(reached_at, now()) where id = ${row.me.ackId}`,
    );
  }
  return toWarning(db, row);
}

export async function exportWarningCap({ db, actor }: ServiceContext, id: string): Promise<string> {
  const row = await findWarning(db, actor, id);
  if (!row.localInstructions) {
    return formatCap12(row.parsed);
  }
  // A relay's document carries the township's 属地措施 after the upper instruction.
  const local = `属地措施：${row.localInstructions}`;
  return formatCap12({
    ...row.parsed,
    infos: row.parsed.infos.map((info) => ({
      ...info,
      instruction: info.instruction ? `${info.instruction}\n${local}` : local,
    })),
  });
}

// ---------------------------------------------------------------- storing

interface NewWarning {
  countyCode: string;
  regionCode: string;
  origin: Origin;
  parentId?: string | null;
  referencesId?: string | null;
  parsed: ParsedWarning;
  rawXml?: string | null;
  localInstructions?: string | null;
  targets: WarningTargetsInput;
  createdById: string | null;
}

/** The level, kind and headline a warning is listed by: from its first info that has them. */
function headlineFields(parsed: ParsedWarning) {
  const info: WarningInfo | undefined = parsed.infos.find((i) => i.level) ?? parsed.infos[0];
  const eventCode = parsed.infos
    .map((i) => i.eventCode)
    .find((code) => code && eventTypePattern.test(code));
  return {
    event: info?.event ?? parsed.note ?? parsed.msgType,
    eventType: eventCode ?? null,
    level: info?.level ?? null,
    headline: info?.headline ?? null,
    expires: info?.expires ?? null,
  };
}

/** Region prefixes the targets touch, stored for the visibility rule. */
async function targetPrefixes(db: Executor, targets: WarningTargetsInput): Promise<string[]> {
  const grids = await queryRows<{ regionCode: string }>(
    db,
    sql`select distinct region_code as "regionCode" from grid where id = any(${pgArray(targets.gridIds)}::uuid[])`,
  );
  return [...new Set([...targets.regionCodes.map(codePrefix), ...grids.map((g) => g.regionCode)])];
}

/** Inserts a warning; a second copy of the same (county, sender, identifier) returns the first. */
async function insertWarning(
  tx: Executor,
  warning: NewWarning,
): Promise<{ id: string; created: boolean }> {
  const fields = headlineFields(warning.parsed);
  const prefixes = await targetPrefixes(tx, warning.targets);
  const [row] = await queryRows<{ id: string }>(
    tx,
    sql`insert into warning (county_code, region_code, origin, parent_id, references_id, format, identifier, sender,
          sent, status, msg_type, event, event_type, level, headline, expires, local_instructions, parsed, raw_xml,
          target_codes, target_grid_ids, target_prefixes, short_code, created_by_id)
        values (${warning.countyCode}, ${warning.regionCode}, ${warning.origin}, ${warning.parentId ?? null},
          ${warning.referencesId ?? null}, ${warning.parsed.format}, ${warning.parsed.identifier}, ${warning.parsed.sender},
          ${warning.parsed.sent}::timestamptz, ${warning.parsed.status}, ${warning.parsed.msgType}, ${fields.event},
          ${fields.eventType}, ${fields.level}, ${fields.headline}, ${fields.expires}::timestamptz,
          ${warning.localInstructions ?? null}, ${JSON.stringify(warning.parsed)}::jsonb, ${warning.rawXml ?? null},
          ${pgArray(warning.targets.regionCodes)}::varchar[], ${pgArray(warning.targets.gridIds)}::uuid[],
          ${pgArray(prefixes)}::varchar[], ${String(randomInt(0, 10_000)).padStart(4, '0')}, ${warning.createdById})
        on conflict (county_code, sender, identifier) do nothing
        returning id`,
  );
  if (row) {
    return { id: row.id, created: true };
  }
  const [existing] = await queryRows<{ id: string }>(
    tx,
    sql`select id from warning where county_code = ${warning.countyCode} and sender = ${warning.parsed.sender}
        and identifier = ${warning.parsed.identifier}`,
  );
  return { id: existing!.id, created: false };
}

/** Starts 叫应 for a stored warning: the plan's steps are fixed on the row, recipients written. */
async function startCalling(
  tx: Executor,
  warning: { id: string; countyCode: string; origin: Origin },
  targets: WarningTargetsInput,
  steps: CallPlanStep[],
  now = new Date(),
): Promise<number> {
  await tx.execute(
    sql`update warning set call_plan = ${JSON.stringify(steps)}::jsonb,
          dispatched_at = ${now.toISOString()}::timestamptz, updated_at = now()
        where id = ${warning.id}`,
  );
  return fanOut(tx, {
    warningId: warning.id,
    countyCode: warning.countyCode,
    // County posts are called on the county's own warnings, not on a township's relay.
    countyRegionCode: warning.origin === 'relayed' ? null : padRegionCode(warning.countyCode),
    targets,
    steps,
    now,
  });
}

/** Stops the calling of warnings (cancelled, or superseded by an update). */
async function stopCalling(tx: Executor, ids: string[]): Promise<void> {
  await tx.execute(
    sql`update warning_ack set state = 'stopped', next_at = null
        where warning_id = any(${pgArray(ids)}::uuid[]) and state in ('waiting', 'calling')`,
  );
  ids.forEach((id) => warningEvents.changed(id));
}

/**
 * Checks targets chosen by hand: townships and villages inside `prefix` (or the county itself
 * when the prefix is a county's), grids there.
 */
async function checkTargets(
  db: Executor,
  prefix: string,
  targets: WarningTargetsInput,
): Promise<WarningTargetsInput> {
  const regions = await queryRows<{ code: string }>(
    db,
    sql`select code from region where code = any(${pgArray(targets.regionCodes)}::text[]) and code like ${`${prefix}%`}
          and level in ('county', 'township', 'village')`,
  );
  const grids = await queryRows<{ id: string; regionCode: string }>(
    db,
    sql`select id, region_code as "regionCode" from grid
        where id = any(${pgArray(targets.gridIds)}::uuid[]) and region_code like ${`${prefix}%`}`,
  );
  const knownCodes = new Set(regions.map((r) => r.code));
  const badCode = targets.regionCodes.find((code) => !knownCodes.has(code));
  const knownGrids = new Set(grids.map((g) => g.id));
  const badGrid = targets.gridIds.find((id) => !knownGrids.has(id));
  if (badCode ?? badGrid) {
    throw new AppError('WARNING_TARGET_INVALID', 422, undefined, { value: (badCode ?? badGrid)! });
  }
  const normalised = normaliseTargets(
    regions.map((r) => r.code),
    grids,
  );
  if (normalised.regionCodes.length + normalised.gridIds.length === 0) {
    throw new AppError('WARNING_TARGETS_EMPTY', 422);
  }
  return normalised;
}

// ---------------------------------------------------------------- ingest (接收上级预警)

export interface IngestResult {
  warning: Warning;
  created: boolean;
  otherCounties: { id: string; countyCode: string }[];
}

/** Who stores an upper warning: a county user's upload, or the feed poller for the deployment. */
export interface UpperWarningSource {
  /** Region prefix whose counties may receive it (a county user's own county). */
  prefix: string;
  /** Where a warning reaching none of those counties is kept (none: it is skipped). */
  fallbackCountyCode: string | null;
  createdById: string | null;
  auditActor: AuditActor;
  requestId?: string | undefined;
}

export interface StoredUpperWarning {
  id: string;
  countyCode: string;
  created: boolean;
}

/**
 * Stores an upper warning once per county of the source's jurisdiction it reaches (or, reaching
 * none, for the fallback county with no targets), links an Update or Cancel to what it
 * references (stopping its calling), and, if the county's plan says so, starts calling at once.
 */
export async function storeUpperWarning(
  db: Db,
  parsed: ParsedWarning,
  xml: string,
  source: UpperWarningSource,
): Promise<StoredUpperWarning[]> {
  const areas = parsed.infos.flatMap((info) => info.areas);
  let counties: CountyTargets[] = (await resolveWarningAreas(db, areas)).filter((county) =>
    county.countyCode.startsWith(source.prefix.slice(0, 6)),
  );
  if (counties.length === 0 && source.fallbackCountyCode) {
    counties = [{ countyCode: source.fallbackCountyCode, regionCodes: [], gridIds: [] }];
  }
  const stored: StoredUpperWarning[] = [];
  for (const county of counties) {
    const result = await db.transaction(async (tx) => {
      const referenced = parsed.references.length
        ? await queryRows<{ id: string }>(
            tx,
            sql`select id from warning where county_code = ${county.countyCode}
                  and identifier = any(${pgArray(parsed.references.map((r) => r.identifier))}::text[])
                order by sent desc`,
          )
        : [];
      const inserted = await insertWarning(tx, {
        countyCode: county.countyCode,
        regionCode: padRegionCode(county.countyCode),
        origin: 'ingested',
        referencesId: referenced[0]?.id ?? null,
        parsed,
        rawXml: xml,
        targets: { regionCodes: county.regionCodes, gridIds: county.gridIds },
        createdById: source.createdById,
      });
      if (!inserted.created) {
        return inserted;
      }
      const referencedIds = referenced.map((r) => r.id);
      if (
        referencedIds.length > 0 &&
        (parsed.msgType === 'Cancel' || parsed.msgType === 'Update')
      ) {
        const state = parsed.msgType === 'Cancel' ? 'cancelled' : 'updated';
        await tx.execute(
          sql`update warning set state = ${state}, updated_at = now(),
                cancelled_at = case when ${state} = 'cancelled' then now() end,
                cancel_reason = case when ${state} = 'cancelled' then ${parsed.note ?? '上级解除'} end
              where id = any(${pgArray(referencedIds)}::uuid[]) and state = 'active'`,
        );
        await stopCalling(tx, referencedIds);
      }
      if (parsed.msgType === 'Cancel') {
        await tx.execute(
          sql`update warning set state = 'cancelled', cancelled_at = now() where id = ${inserted.id}`,
        );
      }
      const fields = headlineFields(parsed);
      const plan = await chooseCallPlan(tx, county.countyCode, fields.level, fields.eventType);
      const callable =
        parsed.status === 'Actual' &&
        (parsed.msgType === 'Alert' || parsed.msgType === 'Update') &&
        county.regionCodes.length + county.gridIds.length > 0;
      const called =
        callable && plan.autoDispatch
          ? await startCalling(
              tx,
              { id: inserted.id, countyCode: county.countyCode, origin: 'ingested' },
              county,
              plan.steps,
            )
          : null;
      await recordAudit(
        tx,
        source.auditActor,
        {
          action: 'warning.ingest',
          entity: 'warning',
          entityId: inserted.id,
          regionCode: padRegionCode(county.countyCode),
          after: {
            format: parsed.format,
            identifier: parsed.identifier,
            sender: parsed.sender,
            msgType: parsed.msgType,
            level: fields.level,
            targets: county,
            referencesIds: referencedIds,
            called,
          },
        },
        source.requestId,
      );
      return inserted;
    });
    stored.push({ ...result, countyCode: county.countyCode });
  }
  return stored;
}

/**
 * A county user uploads an upper warning: stored for their county (or each county of a
 * province-wide user's jurisdiction it reaches); one reaching none is kept for their county with
 * no targets.
 */
export async function ingestWarning(
  ctx: ServiceContext,
  xml: string,
  maxBytes?: number,
): Promise<IngestResult> {
  const { db, actor } = ctx;
  const parsed = parseWarning(xml, maxBytes);
  const stored = await storeUpperWarning(db, parsed, xml, {
    prefix: actor.scope.prefix,
    fallbackCountyCode: actor.countyCode,
    createdById: actor.id,
    auditActor: actor,
    requestId: ctx.requestId,
  });
  const primary = stored.find((s) => s.countyCode === actor.countyCode) ?? stored[0]!;
  return {
    warning: await toWarning(
      db,
      await findWarning(db, { ...actor, scope: { regionCode: '', prefix: '' } }, primary.id),
    ),
    created: primary.created,
    otherCounties: stored
      .filter((s) => s !== primary)
      .map(({ id, countyCode }) => ({ id, countyCode })),
  };
}

// ---------------------------------------------------------------- issue, relay, send, cancel

/** YYYYMMDDhhmmss in Beijing time. */
function beijingStamp(now: Date): string {
  return beijingTime(now.toISOString()).replace(/\D/g, '').slice(0, 14);
}

/** Our own identifier in the national platform's shape: region, organisation, time, sequence. */
function ownIdentifier(regionCode: string, now: Date): string {
  return `${regionCode.slice(0, 6)}00000000_${beijingStamp(now)}_${String(randomInt(0, 10_000)).padStart(4, '0')}`;
}

async function regionName(db: Executor, code: string): Promise<string> {
  const [row] = await queryRows<{ name: string }>(
    db,
    sql`select name from region where code = ${code}`,
  );
  return row?.name ?? code;
}

/** Our own warning's area: the targets by name, and their division codes (a grid's village). */
async function targetArea(db: Executor, targets: WarningTargetsInput): Promise<WarningArea> {
  const named = await describeTargets(db, targets.regionCodes, targets.gridIds);
  const codes = new Set([...targets.regionCodes, ...named.grids.map((g) => g.regionCode)]);
  return {
    description: [
      ...named.regions.map((r) => r.name),
      ...named.grids.map((g) => `${g.regionName}${g.name}`),
    ].join('、'),
    polygons: [],
    circles: [],
    geocodes: [...codes].map((value) => ({ name: 'GB/T 2260', value })),
  };
}

/** The county issues an original warning (应对法 art. 64) and starts calling at once. */
export async function createWarning(
  ctx: ServiceContext,
  body: CreateWarningBody,
): Promise<Warning> {
  const { db, actor } = ctx;
  if (!warningCountyRoles.includes(actor.role) || actor.scope.prefix.length > 6) {
    throw new AppError('FORBIDDEN', 403);
  }
  const countyCode = actor.countyCode;
  const targets = await checkTargets(db, countyCode, body.targets);
  const now = new Date();
  const name = await regionName(db, padRegionCode(countyCode));
  const parsed: ParsedWarning = {
    format: 'cap12',
    identifier: ownIdentifier(countyCode, now),
    sender: `lastmile@${countyCode}`,
    senderCode: countyCode,
    sent: now.toISOString(),
    status: 'Actual',
    msgType: 'Alert',
    scope: 'Public',
    note: null,
    references: [],
    infos: [
      {
        language: 'zh-CN',
        categories: ['Safety'],
        event: body.event,
        eventCode: body.eventType ?? null,
        responseTypes: [],
        urgency: 'Immediate',
        severity: severityByLevel[body.level],
        certainty: 'Likely',
        level: body.level,
        effective: now.toISOString(),
        onset: null,
        expires: body.expires ?? null,
        senderName: `${name}人民政府`,
        headline: body.headline,
        description: body.description,
        instruction: body.instruction ?? null,
        web: null,
        contact: null,
        parameters: [],
        areas: [await targetArea(db, targets)],
      },
    ],
  };
  const id = await db.transaction(async (tx) => {
    const { id } = await insertWarning(tx, {
      countyCode,
      regionCode: padRegionCode(countyCode),
      origin: 'issued',
      parsed,
      targets,
      createdById: actor.id,
    });
    const plan = await chooseCallPlan(tx, countyCode, body.level, body.eventType ?? null);
    const called = await startCalling(
      tx,
      { id, countyCode, origin: 'issued' },
      targets,
      plan.steps,
      now,
    );
    await recordAudit(
      tx,
      actor,
      {
        action: 'warning.issue',
        entity: 'warning',
        entityId: id,
        regionCode: padRegionCode(countyCode),
        after: { ...body, targets, called },
      },
      ctx.requestId,
    );
    return id;
  });
  return getWarning(ctx, id);
}

/**
 * A township passes an upper warning on with its own local instructions (属地措施) to targets
 * inside the township, and its calling starts at once.
 */
export async function relayWarning(
  ctx: ServiceContext,
  id: string,
  body: RelayWarningBody,
): Promise<Warning> {
  const { db, actor } = ctx;
  if (actor.scope.prefix.length < 9 || !warningRelayRoles.includes(actor.role)) {
    throw new AppError('WARNING_RELAY_NOT_TOWNSHIP', 403);
  }
  const parent = await findWarning(db, actor, id);
  if (parent.origin === 'relayed') {
    throw new AppError('WARNING_RELAY_NOT_UPPER', 409);
  }
  if (parent.state !== 'active') {
    throw new AppError('WARNING_NOT_ACTIVE', 409);
  }
  const township = padRegionCode(actor.scope.prefix.slice(0, 9));
  const townshipPrefix = township.slice(0, 9);
  const requested = body.targets ?? (await upperTargetsInside(db, parent, townshipPrefix));
  const targets = await checkTargets(db, townshipPrefix, requested);
  const now = new Date();
  const name = await regionName(db, township);
  const area = await targetArea(db, targets);
  const parsed: ParsedWarning = {
    ...parent.parsed,
    format: 'cap12',
    identifier: ownIdentifier(township, now),
    sender: `lastmile@${townshipPrefix}`,
    senderCode: townshipPrefix,
    sent: now.toISOString(),
    msgType: 'Alert',
    references: [{ sender: parent.sender, identifier: parent.identifier, sent: parent.sent }],
    infos: parent.parsed.infos.slice(0, 1).map((info) => ({
      ...info,
      senderName: `${name}（转发${info.senderName ?? parent.sender}）`,
      areas: [area],
    })),
  };
  const relayId = await db.transaction(async (tx) => {
    const inserted = await insertWarning(tx, {
      countyCode: parent.countyCode,
      regionCode: township,
      origin: 'relayed',
      parentId: parent.id,
      parsed,
      localInstructions: body.localInstructions,
      targets,
      createdById: actor.id,
    });
    const plan = await chooseCallPlan(tx, parent.countyCode, parent.level, parent.eventType);
    const called = await startCalling(
      tx,
      { id: inserted.id, countyCode: parent.countyCode, origin: 'relayed' },
      targets,
      plan.steps,
      now,
    );
    await recordAudit(
      tx,
      actor,
      {
        action: 'warning.relay',
        entity: 'warning',
        entityId: inserted.id,
        regionCode: township,
        after: { parentId: parent.id, localInstructions: body.localInstructions, targets, called },
      },
      ctx.requestId,
    );
    return inserted.id;
  });
  return getWarning(ctx, relayId);
}

/** The upper warning's targets inside a township; the whole township if they do not reach in. */
async function upperTargetsInside(
  db: Executor,
  parent: WarningRow,
  townshipPrefix: string,
): Promise<WarningTargetsInput> {
  const township = padRegionCode(townshipPrefix);
  const inside = parent.targetCodes.filter((code) => code.startsWith(townshipPrefix));
  const covering = parent.targetCodes.some((code) => townshipPrefix.startsWith(codePrefix(code)));
  const grids = await queryRows<{ id: string }>(
    db,
    sql`select id from grid where id = any(${pgArray(parent.targetGridIds)}::uuid[]) and region_code like ${`${townshipPrefix}%`}`,
  );
  if (covering || inside.length + grids.length === 0) {
    return { regionCodes: [township], gridIds: [] };
  }
  return { regionCodes: inside, gridIds: grids.map((g) => g.id) };
}

/** The county starts calling an upper warning it holds (after adjusting the targets, if it wants). */
export async function dispatchWarning(
  ctx: ServiceContext,
  id: string,
  body: { targets?: WarningTargetsInput | undefined },
): Promise<Warning> {
  const { db, actor } = ctx;
  const row = await findWarning(db, actor, id);
  if (!warningCountyRoles.includes(actor.role) || row.origin !== 'ingested') {
    throw new AppError('FORBIDDEN', 403);
  }
  if (row.state !== 'active') {
    throw new AppError('WARNING_NOT_ACTIVE', 409);
  }
  if (row.dispatchedAt) {
    throw new AppError('WARNING_ALREADY_DISPATCHED', 409);
  }
  const targets = await checkTargets(
    db,
    row.countyCode,
    body.targets ?? { regionCodes: row.targetCodes, gridIds: row.targetGridIds },
  );
  await db.transaction(async (tx) => {
    const prefixes = await targetPrefixes(tx, targets);
    const [claimed] = await queryRows<{ id: string }>(
      tx,
      sql`update warning set dispatched_at = now(), target_codes = ${pgArray(targets.regionCodes)}::varchar[],
            target_grid_ids = ${pgArray(targets.gridIds)}::uuid[], target_prefixes = ${pgArray(prefixes)}::varchar[]
          where id = ${id} and dispatched_at is null returning id`,
    );
    if (!claimed) {
      throw new AppError('WARNING_ALREADY_DISPATCHED', 409);
    }
    const plan = await chooseCallPlan(tx, row.countyCode, row.level, row.eventType);
    const called = await startCalling(tx, row, targets, plan.steps);
    await recordAudit(
      tx,
      actor,
      {
        action: 'warning.dispatch',
        entity: 'warning',
        entityId: id,
        regionCode: row.regionCode,
        after: { targets, called },
      },
      ctx.requestId,
    );
  });
  return getWarning(ctx, id);
}

/** 解除: the county its own and upper warnings, a township its relays; all pending calling stops. */
export async function cancelWarning(
  ctx: ServiceContext,
  id: string,
  reason: string,
): Promise<Warning> {
  const { db, actor } = ctx;
  const row = await findWarning(db, actor, id);
  const holder =
    row.origin === 'relayed'
      ? actor.scope.prefix.length >= 9 && row.regionCode.startsWith(actor.scope.prefix.slice(0, 9))
      : false;
  const mayCancel =
    (warningCountyRoles.includes(actor.role) && actor.scope.prefix.length <= 6) ||
    (holder && warningRelayRoles.includes(actor.role));
  if (!mayCancel) {
    throw new AppError('FORBIDDEN', 403);
  }
  if (row.state !== 'active') {
    throw new AppError('WARNING_NOT_ACTIVE', 409);
  }
  await db.transaction(async (tx) => {
    await tx.execute(
      sql`update warning set state = 'cancelled', cancelled_at = now(), cancel_reason = ${reason}, updated_at = now()
          where id = ${id}`,
    );
    await stopCalling(tx, [id]);
    await recordAudit(
      tx,
      actor,
      {
        action: 'warning.cancel',
        entity: 'warning',
        entityId: id,
        regionCode: row.regionCode,
        before: { state: row.state },
        after: { state: 'cancelled', reason },
      },
      ctx.requestId,
    );
  });
  return getWarning(ctx, id);
}

// ---------------------------------------------------------------- answers (叫应)

const myCallColumns = sql`id as "ackId", state, ${isoTimestamp(sql`starts_at`)} as "startsAt",
  ${isoTimestamp(sql`answered_at`)} as "answeredAt", late, ${isoTimestamp(sql`actions_at`)} as "actionsReportedAt"`;

/** The caller's own 叫应 of a warning they may see, with where it sits (for the audit row). */
export async function findMyCall(
  db: Executor,
  actor: Actor,
  warningId: string,
): Promise<MyWarningCall & { regionCode: string }> {
  await assertWarningVisible(db, actor, warningId);
  const [call] = await queryRows<MyWarningCall & { regionCode: string }>(
    db,
    sql`select ${myCallColumns}, region_code as "regionCode" from warning_ack
        where warning_id = ${warningId} and person_id = ${actor.personId ?? null}::uuid`,
  );
  if (!call) {
    throw new AppError('WARNING_NOT_RECIPIENT', 403);
  }
  return call;
}

export async function answerWarning(
  ctx: ServiceContext,
  id: string,
  channel = 'app',
): Promise<MyWarningCall> {
  const call = await findMyCall(ctx.db, ctx.actor, id);
  const answered = call.answeredAt
    ? null
    : await recordAnswer(ctx.db, call, channel, ctx.actor, ctx.requestId);
  // Already answered (here or by SMS a moment ago): the first answer stands.
  return (
    answered ?? omit(call.answeredAt ? call : await findMyCall(ctx.db, ctx.actor, id), ['regionCode'])
  );
}

export async function reportWarningActions(
  ctx: ServiceContext,
  id: string,
  body: ReportWarningActionsBody,
): Promise<MyWarningCall> {
  const call = await findMyCall(ctx.db, ctx.actor, id);
  if (!call.answeredAt) {
    throw new AppError('WARNING_NOT_ANSWERED', 409);
  }
  const result = await ctx.db.transaction((tx) =>
    writeWarningActions(tx, ctx.actor, call.ackId, id, body, ctx.requestId),
  );
  warningEvents.changed(id);
  return result;
}

/** Stores what a recipient did after answering (and audits it) on the caller's transaction. */
export async function writeWarningActions(
  tx: Executor,
  actor: Actor,
  ackId: string,
  warningId: string,
  body: ReportWarningActionsBody,
  requestId?: string,
): Promise<MyWarningCall> {
  const [updated] = await queryRows<MyWarningCall & { regionCode: string }>(
    tx,
    sql`update warning_ack set relayed_by = ${pgArray(body.relayedBy)}::varchar[],
          households_told = ${body.householdsTold}, people_moved = ${body.peopleMoved},
          actions_note = ${body.note ?? null}, actions_at = now()
        where id = ${ackId}
        returning ${myCallColumns}, region_code as "regionCode"`,
  );
  await recordAudit(
    tx,
    actor,
    {
      action: 'warning.actions',
      entity: 'warningAck',
      entityId: ackId,
      regionCode: updated!.regionCode,
      after: { warningId, ...body },
    },
    requestId,
  );
  return omit(updated!, ['regionCode']);
}

// ---------------------------------------------------------------- call plans (叫应方案)

export async function listCallPlans({ db, actor }: ServiceContext): Promise<{ items: CallPlan[] }> {
  return { items: await listCountyCallPlans(db, countyCodeOf(padRegionCode(actor.countyCode))) };
}

export async function upsertCallPlan(
  ctx: ServiceContext,
  body: UpsertCallPlanBody,
): Promise<CallPlan> {
  const { db, actor } = ctx;
  if (!warningCountyRoles.includes(actor.role) || actor.scope.prefix.length > 6) {
    throw new AppError('FORBIDDEN', 403);
  }
  const countyCode = actor.countyCode;
  await db.transaction(async (tx) => {
    await tx.execute(
      sql`insert into call_plan (county_code, level, event_type, auto_dispatch, steps, updated_by_id)
          values (${countyCode}, ${body.level}, ${body.eventType}, ${body.autoDispatch}, ${JSON.stringify(body.steps)}::jsonb, ${actor.id})
          on conflict (county_code, level, event_type) do update
          set auto_dispatch = excluded.auto_dispatch, steps = excluded.steps, updated_by_id = excluded.updated_by_id, updated_at = now()`,
    );
    await recordAudit(
      tx,
      actor,
      {
        action: 'callPlan.upsert',
        entity: 'callPlan',
        entityId: `${countyCode}:${body.level}:${body.eventType}`,
        regionCode: padRegionCode(countyCode),
        after: body,
      },
      ctx.requestId,
    );
  });
  const plans = await listCountyCallPlans(db, countyCode);
  return plans.find((plan) => plan.level === body.level && plan.eventType === body.eventType)!;
}
