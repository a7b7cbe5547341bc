/**
 * The field app's outbox, received (syncPush). Each command is applied in its own transaction,
 * which first claims the command's id in `sync_command`: a second copy (a retry after a lost
 * answer, the same outbox pushed twice, two pushes at once) finds the id taken and is answered
 * from the stored verdict, never applied again. A command that cannot apply is answered inside
 * the 2xx with its reason and kept, so one bad command never jams the queue behind it.
 */
import { sql } from 'drizzle-orm';
import {
  fieldCommandPayloads,
  fieldRoles,
  type CommandResult,
  type ErrorCode,
  type FieldCommand,
  type Locale,
  type SyncOutcome,
  type SyncPushBody,
  type SyncPushResponse,
} from '@lastmile/shared';
import { queryRows, type Executor } from '../../db/client';
import { AppError } from '../../errors';
import { translateError } from '../../i18n';
import type { ServiceContext } from '../../plugins/auth';
import { assertRole } from '../org';
import { warningEvents } from '../warnings';
import { applyCommand, type Command, type Effect } from './commands';

/** Where a command came from: the phone's installation, or `sms`; and its clock's skew. */
export interface CommandSource {
  deviceId: string;
  skewMs: number | null;
}

interface Verdict {
  outcome: SyncOutcome;
  code: ErrorCode | null;
  entityId: string | null;
  reference: string | null;
}

interface StoredCommand extends Verdict {
  userId: string | null;
}

function toResult(id: string, verdict: Verdict, locale: Locale): CommandResult {
  return {
    id,
    outcome: verdict.outcome,
    code: verdict.code,
    message: verdict.code ? translateError(verdict.code, locale) : null,
    entityId: verdict.entityId,
    reference: verdict.reference,
  };
}

/** Stores the command under its id; false if the id was there already. */
async function claim(
  db: Executor,
  userId: string,
  command: FieldCommand,
  source: CommandSource,
  verdict: Verdict,
): Promise<boolean> {
  const rows = await queryRows<{ id: string }>(
    db,
    sql`insert into sync_command (id, user_id, device_id, kind, payload, device_at, skew_ms,
          outcome, code, entity_id, reference)
        values (${command.id}, ${userId}, ${source.deviceId}, ${command.kind},
          ${JSON.stringify(command.payload)}::jsonb, ${command.at}, ${source.skewMs},
          ${verdict.outcome}, ${verdict.code}, ${verdict.entityId}, ${verdict.reference})
        on conflict (id) do nothing
        returning id`,
  );
  return rows.length > 0;
}

async function storedVerdict(db: Executor, id: string): Promise<StoredCommand | undefined> {
  const [row] = await queryRows<StoredCommand>(
    db,
    sql`select outcome, code, entity_id as "entityId", reference, user_id as "userId"
        from sync_command where id = ${id}`,
  );
  return row;
}

/**
 * The answer to a command whose id is taken: the first answer again (an applied one as
 * `duplicate`, a conflict or rejection as it was), or a refusal if another account holds the id.
 */
async function answerAgain(ctx: ServiceContext, id: string): Promise<Verdict> {
  const stored = await storedVerdict(ctx.db, id);
  if (!stored || stored.userId !== ctx.actor.id) {
    return { outcome: 'rejected', code: 'SYNC_COMMAND_ID_TAKEN', entityId: null, reference: null };
  }
  const outcome = stored.outcome === 'applied' ? 'duplicate' : stored.outcome;
  return { ...stored, outcome };
}

const effectVerdict = (effect: Effect): Verdict => ({
  outcome: effect.outcome,
  code: effect.code ?? null,
  entityId: effect.entityId,
  reference: effect.reference ?? null,
});

/** Applies one command once, whatever number of times it arrives. */
export async function runCommand(
  ctx: ServiceContext,
  command: FieldCommand,
  source: CommandSource,
): Promise<Verdict> {
  const parsed = fieldCommandPayloads[command.kind].safeParse(command.payload);
  const refuse = async (outcome: SyncOutcome, code: ErrorCode): Promise<Verdict> => {
    const verdict: Verdict = { outcome, code, entityId: null, reference: null };
    const stored = await claim(ctx.db, ctx.actor.id, command, source, verdict);
    return stored ? verdict : answerAgain(ctx, command.id);
  };
  if (!parsed.success) {
    return refuse('rejected', 'SYNC_COMMAND_INVALID');
  }
  const typed = { ...command, payload: parsed.data } as Command;
  try {
    const effect = await ctx.db.transaction(async (tx) => {
      // Claim first: a concurrent copy of this command waits here on the id, then finds it taken.
      const placeholder: Verdict = {
        outcome: 'applied',
        code: null,
        entityId: null,
        reference: null,
      };
      if (!(await claim(tx, ctx.actor.id, command, source, placeholder))) {
        return null;
      }
      const done = await applyCommand(tx, ctx, typed);
      await tx.execute(
        sql`update sync_command set outcome = ${done.outcome}, code = ${done.code ?? null},
              entity_id = ${done.entityId}, reference = ${done.reference ?? null}
            where id = ${command.id}`,
      );
      return done;
    });
    if (!effect) {
      return answerAgain(ctx, command.id);
    }
    if (effect.warningId) {
      warningEvents.changed(effect.warningId);
    }
    return effectVerdict(effect);
  } catch (error) {
    if (!(error instanceof AppError)) {
      throw error;
    }
    // Nothing of the command was written; keep it with its reason. A 409 means the record moved
    // on since the worker saw it (a conflict); anything else means it can never apply.
    return refuse(error.statusCode === 409 ? 'conflict' : 'rejected', error.code);
  }
}

/**
 * Applies a push in order. If the database fails part way (not the commands' fault), the answer
 * covers the commands done so far and the phone sends the rest again later.
 */
export async function pushCommands(
  ctx: ServiceContext,
  body: SyncPushBody,
  locale: Locale,
  onFailure: (error: unknown) => void,
): Promise<SyncPushResponse> {
  assertRole(ctx.actor, fieldRoles);
  const skewMs = Date.parse(body.sentAt) - Date.now();
  const source: CommandSource = { deviceId: body.deviceId, skewMs };
  const results: CommandResult[] = [];
  for (const command of body.commands) {
    try {
      results.push(toResult(command.id, await runCommand(ctx, command, source), locale));
    } catch (error) {
      if (results.length === 0) {
        throw error;
      }
      onFailure(error);
      break;
    }
  }
  return { results, serverTime: new Date().toISOString() };
}
