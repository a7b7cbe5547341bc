/**
 * Recording answers (叫应), in batches. When a red warning goes out, thousands of people answer
 * within a minute, each in its own request. Every answer must be durable before it is
 * acknowledged, and a commit per answer caps throughput at what the disk can flush. So answers
 * arriving while a batch is being written wait for the next one (group commit): one quiet answer
 * is written at once, a burst shares a few transactions. Each caller still hears only after its
 * own answer has committed.
 */
import { sql } from 'drizzle-orm';
import type { MyWarningCall } from '@lastmile/shared';
import { queryRows, type Db, type Executor } from '../../db/client';
import { isoTimestamp, pgArray } from '../../db/sql-helpers';
import { omit } from '../../lib/omit';
import { auditRowsStatement, type AuditActor } from '../audit';
import { warningEvents } from './events';

export interface AnswerCall {
  ackId: string;
}

interface AnswerInput {
  call: AnswerCall;
  channel: string;
  actor: AuditActor;
  requestId: string | undefined;
}

interface Pending extends AnswerInput {
  resolve: (answer: MyWarningCall | null) => void;
  reject: (error: unknown) => void;
}

type Answered = MyWarningCall & { warningId: string };

/**
 * Writes a batch of answers in one statement (it commits whole): the first answer of each
 * recipient wins (a late one, after the timeout or even after escalation, is still recorded and
 * marked late); a step that now has the answers it needs stops chasing its rest; one audit row
 * per answer, with the actor who gave it.
 */
async function writeAnswers(
  db: Executor,
  batch: AnswerInput[],
): Promise<Map<string, Answered>> {
  const column = (pick: (p: AnswerInput) => string | null) => pgArray(batch.map(pick));
  const actorId = (p: AnswerInput) => (p.actor === 'system' ? null : p.actor.id);
  const actorName = (p: AnswerInput) => (p.actor === 'system' ? 'system' : p.actor.displayName);
  const rows = await queryRows<Answered>(
    db,
    sql`with input as (
          select distinct on (id) id, channel, actor_id, actor_name, request_id
          from unnest(${column((p) => p.call.ackId)}::uuid[], ${column((p) => p.channel)}::text[],
                      ${column(actorId)}::uuid[], ${column(actorName)}::text[], ${column((p) => p.requestId ?? null)}::text[])
               with ordinality as i(id, channel, actor_id, actor_name, request_id, n)
          order by id, n),
        answered as (
          update warning_ack r set answered_at = now(), answer_channel = i.channel,
            reached_at = coalesce(r.reached_at, now()),
            late = now() > r.starts_at
              + make_interval(secs => coalesce(((w.call_plan -> r.step) ->> 'answerTimeoutSeconds')::int, 300)),
            state = 'answered', next_at = null
          from input i, warning w
          where r.id = i.id and w.id = r.warning_id and r.answered_at is null
          returning r.*, ((w.call_plan -> r.step) ->> 'answersNeeded')::int as needed),
        satisfied as (
          select a.warning_id, a.step, a.needed, count(*) as now_answered
          from answered a where a.needed is not null group by a.warning_id, a.step, a.needed),
        stopped as (
          update warning_ack s set state = 'stopped', next_at = null
          from satisfied x
          where s.warning_id = x.warning_id and s.step = x.step and s.state in ('waiting', 'calling')
            and s.id not in (select id from answered)
            and (select count(c.answered_at) from warning_ack c
                 where c.warning_id = x.warning_id and c.step = x.step) + x.now_answered >= x.needed
          returning s.id),
        audited as (
          ${auditRowsStatement(
            sql`select i.actor_id, i.actor_name, 'warning.answer', 'warningAck', a.id::text, a.region_code,
                  jsonb_build_object('warningId', a.warning_id, 'channel', a.answer_channel, 'late', a.late),
                  i.request_id
                from answered a join input i on i.id = a.id`,
          )}
          returning 1)
        select a.id as "ackId", a.state, ${isoTimestamp(sql`a.starts_at`)} as "startsAt",
          ${isoTimestamp(sql`a.answered_at`)} as "answeredAt", a.late,
          ${isoTimestamp(sql`a.actions_at`)} as "actionsReportedAt", a.warning_id as "warningId"
        from answered a`,
  );
  return new Map(rows.map((row) => [row.ackId, row]));
}

/** The answer queue of one database: at most `inFlight` batches are written at a time. */
class AnswerQueue {
  private waiting: Pending[] = [];
  private writing = 0;

  constructor(
    private readonly db: Db,
    private readonly inFlight: number,
    private readonly maxBatch = 1000,
  ) {}

  submit(
    call: AnswerCall,
    channel: string,
    actor: AuditActor,
    requestId?: string,
  ): Promise<MyWarningCall | null> {
    return new Promise((resolve, reject) => {
      this.waiting.push({ call, channel, actor, requestId, resolve, reject });
      this.drain();
    });
  }

  private drain(): void {
    while (this.writing < this.inFlight && this.waiting.length > 0) {
      const batch = this.waiting.splice(0, this.maxBatch);
      this.writing += 1;
      void this.write(batch).finally(() => {
        this.writing -= 1;
        this.drain();
      });
    }
  }

  private async write(batch: Pending[]): Promise<void> {
    try {
      const answered = await writeAnswers(this.db, batch);
      const given = new Set<string>();
      for (const pending of batch) {
        const row = answered.get(pending.call.ackId);
        // The same person twice in one batch: the first request gets the answer, the rest null.
        if (row && !given.has(row.ackId)) {
          given.add(row.ackId);
          pending.resolve(omit(row, ['warningId']));
        } else {
          pending.resolve(null);
        }
      }
      for (const warningId of new Set([...answered.values()].map((row) => row.warningId))) {
        warningEvents.changed(warningId);
      }
    } catch (error) {
      batch.forEach((pending) => pending.reject(error));
    }
  }
}

const queues = new WeakMap<Db, AnswerQueue>();

/**
 * Records one answer, batched with whatever else is being answered at the moment. Resolves with
 * the recipient's 叫应 once it has committed, or null if they had already answered.
 */
export function recordAnswer(
  db: Db,
  call: AnswerCall,
  channel: string,
  actor: AuditActor,
  requestId?: string,
): Promise<MyWarningCall | null> {
  let queue = queues.get(db);
  if (!queue) {
    // PostgreSQL's pool takes a few batches side by side; on PGlite they simply queue.
    queue = new AnswerQueue(db, 4);
    queues.set(db, queue);
  }
  return queue.submit(call, channel, actor, requestId);
}

/**
 * Records one answer inside the caller's transaction (the field app's outbox applies each command
 * in its own). Resolves null if they had already answered. The caller signals the board after
 * its commit (`warningEvents.changed`).
 */
export async function answerInTransaction(
  tx: Executor,
  call: AnswerCall,
  channel: string,
  actor: AuditActor,
  requestId?: string,
): Promise<(MyWarningCall & { warningId: string }) | null> {
  const answered = await writeAnswers(tx, [{ call, channel, actor, requestId }]);
  return answered.get(call.ackId) ?? null;
}
