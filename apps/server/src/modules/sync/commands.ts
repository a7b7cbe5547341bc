/**
 * What each field command does, on the transaction its push gives it. Every handler is written
 * so that the outbox may arrive in any order and any number of times with the same end state:
 * patrols are upserted by the phone's id with each field set once (a finish may come before its
 * start), a report of actions answers the warning if the answer itself is still on its way, and
 * a household's latest visit by the phone's clock wins however the visits arrive.
 */
import { sql } from 'drizzle-orm';
import {
  ancestorCode,
  hazardReporterRoles,
  type FieldCommandKind,
  type fieldCommandPayloads,
  type SyncOutcome,
} from '@lastmile/shared';
import type { z } from 'zod';
import { queryRows, type Executor } from '../../db/client';
import { AppError } from '../../errors';
import type { ServiceContext } from '../../plugins/auth';
import { countyCodeOf, withinScope } from '../../plugins/scope';
import { recordAudit } from '../audit';
import { notify } from '../channels';
import { applyHazardTransition, insertNewHazard } from '../hazards';
import { assertRole, loadGrid } from '../org';
import { answerInTransaction, findMyCall, writeWarningActions } from '../warnings';

type Payload<K extends FieldCommandKind> = z.output<(typeof fieldCommandPayloads)[K]>;

/** A command as its handler sees it: the parsed payload, the command id and the phone's time. */
export interface Command<K extends FieldCommandKind = FieldCommandKind> {
  id: string;
  kind: K;
  at: string;
  payload: Payload<K>;
}

/** What applying a command did: the record it touched, and a note when nothing changed. */
export interface Effect {
  outcome: Extract<SyncOutcome, 'applied' | 'duplicate'>;
  code?: 'WARNING_ALREADY_ANSWERED' | 'WARNING_TASK_DONE';
  entityId: string | null;
  reference?: string | null;
  /** A warning whose live board should hear of it once the transaction commits. */
  warningId?: string;
}

const applied = (entityId: string, extra: Partial<Effect> = {}): Effect => ({
  outcome: 'applied',
  entityId,
  ...extra,
});

// ---------------------------------------------------------------- patrols (巡查)

interface PatrolFields {
  startedAt?: string | null;
  finishedAt?: string | null;
  result?: string | null;
  note?: string | null;
  finishNote?: string | null;
}

/**
 * Creates the patrol or fills in what it lacks: each field is set by the first command that
 * carries it, so start, check-ins and finish may arrive in any order. Another worker's patrol id
 * is refused.
 */
async function upsertPatrol(
  tx: Executor,
  ctx: ServiceContext,
  patrolId: string,
  gridId: string,
  fields: PatrolFields,
): Promise<{ regionCode: string }> {
  const { actor } = ctx;
  const grid = await loadGrid(tx, gridId, actor.scope);
  const rows = await queryRows<{ regionCode: string }>(
    tx,
    sql`insert into patrol (id, grid_id, region_code, county_code, user_id, person_id, worker_name,
          started_at, finished_at, result, note, finish_note)
        values (${patrolId}, ${grid.id}, ${grid.regionCode}, ${countyCodeOf(grid.regionCode)},
          ${actor.id}, ${actor.personId}, ${actor.displayName}, ${fields.startedAt ?? null},
          ${fields.finishedAt ?? null}, ${fields.result ?? null}, ${fields.note ?? null},
          ${fields.finishNote ?? null})
        on conflict (id) do update set
          started_at = coalesce(patrol.started_at, excluded.started_at),
          finished_at = coalesce(patrol.finished_at, excluded.finished_at),
          result = coalesce(patrol.result, excluded.result),
          note = coalesce(patrol.note, excluded.note),
          finish_note = coalesce(patrol.finish_note, excluded.finish_note),
          updated_at = now()
        where patrol.user_id = excluded.user_id
        returning region_code as "regionCode"`,
  );
  if (!rows[0]) {
    throw new AppError('PATROL_NOT_YOURS', 403);
  }
  return rows[0];
}

async function patrolStart(tx: Executor, ctx: ServiceContext, command: Command<'patrol.start'>) {
  const { patrolId, gridId, note } = command.payload;
  const { regionCode } = await upsertPatrol(tx, ctx, patrolId, gridId, {
    startedAt: command.at,
    note: note ?? null,
  });
  await auditPatrol(tx, ctx, 'patrol.start', patrolId, regionCode, { gridId, at: command.at });
  return applied(patrolId);
}

async function patrolCheckIn(
  tx: Executor,
  ctx: ServiceContext,
  command: Command<'patrol.checkIn'>,
) {
  const { patrolId, gridId, riskPointId, location, result, hazardId, note } = command.payload;
  const { regionCode } = await upsertPatrol(tx, ctx, patrolId, gridId, {});
  if (riskPointId) {
    const [point] = await queryRows<{ id: string }>(
      tx,
      sql`select id from risk_point
          where id = ${riskPointId} and ${withinScope(sql`region_code`, ctx.actor.scope)}`,
    );
    if (!point) {
      throw new AppError('RISK_POINT_NOT_FOUND', 404);
    }
  }
  await tx.execute(
    sql`insert into patrol_check_in (id, patrol_id, risk_point_id, lon, lat, accuracy_m, result,
          hazard_id, note, at)
        values (${command.id}, ${patrolId}, ${riskPointId ?? null}, ${location?.lon ?? null},
          ${location?.lat ?? null}, ${location?.accuracyM ?? null}, ${result}, ${hazardId ?? null},
          ${note ?? null}, ${command.at})
        on conflict (id) do nothing`,
  );
  await auditPatrol(tx, ctx, 'patrol.checkIn', patrolId, regionCode, {
    riskPointId: riskPointId ?? null,
    result,
    location: location ?? null,
    at: command.at,
  });
  return applied(command.id);
}

async function patrolFinish(tx: Executor, ctx: ServiceContext, command: Command<'patrol.finish'>) {
  const { patrolId, gridId, result, note } = command.payload;
  const { regionCode } = await upsertPatrol(tx, ctx, patrolId, gridId, {
    finishedAt: command.at,
    result,
    finishNote: note ?? null,
  });
  await auditPatrol(tx, ctx, 'patrol.finish', patrolId, regionCode, { result, at: command.at });
  return applied(patrolId);
}

function auditPatrol(
  tx: Executor,
  ctx: ServiceContext,
  action: string,
  patrolId: string,
  regionCode: string,
  after: Record<string, unknown>,
) {
  return recordAudit(
    tx,
    ctx.actor,
    { action, entity: 'patrol', entityId: patrolId, regionCode, after },
    ctx.requestId,
  );
}

// ---------------------------------------------------------------- hazards (隐患)

async function hazardReport(tx: Executor, ctx: ServiceContext, command: Command<'hazard.report'>) {
  assertRole(ctx.actor, hazardReporterRoles);
  const { hazardId, report } = command.payload;
  // The same hazard under a second command id (the phone rebuilt its outbox): already here.
  const [existing] = await queryRows<{ number: string }>(
    tx,
    sql`select number from hazard where id = ${hazardId}`,
  );
  if (existing) {
    return { outcome: 'duplicate', entityId: hazardId, reference: existing.number } as Effect;
  }
  const row = await insertNewHazard(tx, ctx, {
    ...report,
    origin: report.origin ?? 'gridPatrol',
    id: hazardId,
    photosMayFollow: true,
  });
  if (command.payload.suspectedMajor && row.grade !== 'major') {
    // 重大隐患 立即报告: the office that grades it hears of it now, not at its next look.
    const township = ancestorCode(row.regionCode, 'township');
    await notify(tx, [{ officeRegionCode: township }], {
      kind: 'hazard.suspectedMajor',
      title: '疑似重大隐患',
      body: `${ctx.actor.displayName}报告疑似重大隐患：${row.number} ${row.title}，请立即核实定级`,
      entity: 'hazard',
      entityId: row.id,
      regionCode: row.regionCode,
    });
    await recordAudit(
      tx,
      ctx.actor,
      {
        action: 'hazard.suspectedMajor',
        entity: 'hazard',
        entityId: row.id,
        regionCode: row.regionCode,
        after: { notified: township },
      },
      ctx.requestId,
    );
  }
  return applied(row.id, { reference: row.number });
}

async function hazardTransition(
  tx: Executor,
  ctx: ServiceContext,
  command: Command<'hazard.transition'>,
) {
  const { hazardId, baseState, transition } = command.payload;
  const row = await applyHazardTransition(tx, ctx, hazardId, transition, {
    baseState,
    photosMayFollow: true,
  });
  return applied(hazardId, { reference: row.number });
}

// ---------------------------------------------------------------- warnings (叫应)

async function warningAnswer(
  tx: Executor,
  ctx: ServiceContext,
  command: Command<'warning.answer'>,
) {
  const { warningId } = command.payload;
  const call = await findMyCall(tx, ctx.actor, warningId);
  const answered = call.answeredAt
    ? null
    : await answerInTransaction(tx, call, 'app', ctx.actor, ctx.requestId);
  if (!answered) {
    // Answered already (by SMS, on the web, or by a report of actions that came first).
    return {
      outcome: 'duplicate',
      code: 'WARNING_ALREADY_ANSWERED',
      entityId: call.ackId,
    } as Effect;
  }
  return applied(call.ackId, { warningId });
}

async function warningActions(
  tx: Executor,
  ctx: ServiceContext,
  command: Command<'warning.actions'>,
) {
  const { warningId, actions } = command.payload;
  const call = await findMyCall(tx, ctx.actor, warningId);
  if (!call.answeredAt) {
    // Having passed the warning on, the worker plainly had it: the report answers too.
    await answerInTransaction(tx, call, 'app', ctx.actor, ctx.requestId);
  }
  await writeWarningActions(tx, ctx.actor, call.ackId, warningId, actions, ctx.requestId);
  return applied(call.ackId, { warningId });
}

// ---------------------------------------------------------------- door to door (敲门入户)

interface TaskRow {
  id: string;
  warningId: string;
  gridId: string;
  villageCode: string;
  state: string;
}

async function loadTask(tx: Executor, ctx: ServiceContext, taskId: string): Promise<TaskRow> {
  const [task] = await queryRows<TaskRow>(
    tx,
    sql`select id, warning_id as "warningId", grid_id as "gridId", village_code as "villageCode",
          state from warning_task
        where id = ${taskId} and ${withinScope(sql`village_code`, ctx.actor.scope)}
        for update`,
  );
  if (!task) {
    throw new AppError('WARNING_TASK_NOT_FOUND', 404);
  }
  return task;
}

/** Households told so far: told or moved at their latest visit. */
const householdsToldSql = (taskId: string) =>
  sql`(select count(*) from door_to_door_visit
       where task_id = ${taskId} and result in ('told', 'moved'))`;

async function doorToDoorVisit(
  tx: Executor,
  ctx: ServiceContext,
  command: Command<'doorToDoor.visit'>,
) {
  const { taskId, householdId, result, note } = command.payload;
  const task = await loadTask(tx, ctx, taskId);
  const [household] = await queryRows<{ id: string }>(
    tx,
    sql`select id from household where id = ${householdId} and grid_id = ${task.gridId}`,
  );
  if (!household) {
    throw new AppError('HOUSEHOLD_NOT_FOUND', 404);
  }
  // The latest visit by the phone's clock stands (the command id breaks a tie), in any order.
  await tx.execute(
    sql`insert into door_to_door_visit (task_id, household_id, result, note, at, command_id, by_user_id)
        values (${taskId}, ${householdId}, ${result}, ${note ?? null}, ${command.at}, ${command.id}, ${ctx.actor.id})
        on conflict (task_id, household_id) do update set result = excluded.result,
          note = excluded.note, at = excluded.at, command_id = excluded.command_id,
          by_user_id = excluded.by_user_id, received_at = now()
        where (excluded.at, excluded.command_id) > (door_to_door_visit.at, door_to_door_visit.command_id)`,
  );
  await tx.execute(
    sql`update warning_task set households_told = ${householdsToldSql(taskId)}
        where id = ${taskId} and state = 'done'`,
  );
  await recordAudit(
    tx,
    ctx.actor,
    {
      action: 'warningTask.visit',
      entity: 'warningTask',
      entityId: taskId,
      regionCode: task.villageCode,
      after: { householdId, result, note: note ?? null, at: command.at },
    },
    ctx.requestId,
  );
  return applied(taskId, { warningId: task.warningId });
}

async function doorToDoorFinish(
  tx: Executor,
  ctx: ServiceContext,
  command: Command<'doorToDoor.finish'>,
) {
  const { taskId, note } = command.payload;
  const task = await loadTask(tx, ctx, taskId);
  if (task.state === 'done') {
    return { outcome: 'duplicate', code: 'WARNING_TASK_DONE', entityId: taskId } as Effect;
  }
  await tx.execute(
    sql`update warning_task set state = 'done', done_by_id = ${ctx.actor.id}, done_at = now(),
          note = ${note ?? null}, households_told = ${householdsToldSql(taskId)}
        where id = ${taskId}`,
  );
  await recordAudit(
    tx,
    ctx.actor,
    {
      action: 'warningTask.finish',
      entity: 'warningTask',
      entityId: taskId,
      regionCode: task.villageCode,
      after: { note: note ?? null, at: command.at },
    },
    ctx.requestId,
  );
  return applied(taskId, { warningId: task.warningId });
}

// ---------------------------------------------------------------- dispatch

type Handler<K extends FieldCommandKind> = (
  tx: Executor,
  ctx: ServiceContext,
  command: Command<K>,
) => Promise<Effect>;

const handlers: { [K in FieldCommandKind]: Handler<K> } = {
  'patrol.start': patrolStart,
  'patrol.checkIn': patrolCheckIn,
  'patrol.finish': patrolFinish,
  'hazard.report': hazardReport,
  'hazard.transition': hazardTransition,
  'warning.answer': warningAnswer,
  'warning.actions': warningActions,
  'doorToDoor.visit': doorToDoorVisit,
  'doorToDoor.finish': doorToDoorFinish,
};

/** Applies one parsed command on `tx`. */
export function applyCommand<K extends FieldCommandKind>(
  tx: Executor,
  ctx: ServiceContext,
  command: Command<K>,
): Promise<Effect> {
  return (handlers[command.kind] as Handler<K>)(tx, ctx, command);
}
