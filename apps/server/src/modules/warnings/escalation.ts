/**
 * The 叫应 ladder, driven by durable timers. Each recipient row carries `next_at`; the escalation
 * job claims due rows (`FOR UPDATE SKIP LOCKED`), climbs their step's channel ladder (in-app, SMS,
 * voice…) by queueing gateway messages, and when the answer timeout passes in silence runs the
 * step's silence actions: the person's superior and today's duty leader are told, and the grid
 * gets a door-to-door task. All in one transaction per batch, so a restart loses nothing and
 * queues nothing twice; messages then leave through the gateway with our delivery id as the
 * idempotency key.
 */
import { sql } from 'drizzle-orm';
import {
  callPlanSteps,
  gatewayChannels,
  superiorPosts,
  type CallPlanStep,
  type PostKind,
  type WarningChannel,
} from '@lastmile/shared';
import { queryRows, type Db, type Executor } from '../../db/client';
import { pgArray } from '../../db/sql-helpers';
import { recordAuditMany } from '../audit';
import type { MessageGateway } from '../channels';

interface DueRecipient {
  id: string;
  warningId: string;
  regionCode: string;
  step: number;
  startsAt: string;
  channelsUsed: number;
  state: 'waiting' | 'calling';
  postKind: PostKind;
  personId: string;
  mobile: string;
  warningState: string;
  callPlan: unknown;
  smsText: string;
}

interface RecipientUpdate {
  id: string;
  state: string;
  channelsUsed: number;
  nextAt: string | null;
}

interface QueuedMessage {
  warningId: string;
  ackId: string;
  personId: string;
  mobile: string;
  channel: WarningChannel;
  body: string;
}

/** What one recipient's timer does now: the channels to use, the next timer, or silence. */
export function ladderStep(
  step: CallPlanStep,
  startsAt: Date,
  channelsUsed: number,
  now: Date,
): { channels: WarningChannel[]; channelsUsed: number; nextAt: Date | null; silent: boolean } {
  const elapsed = (now.getTime() - startsAt.getTime()) / 1000;
  const ladder = [...step.channels].sort((a, b) => a.afterSeconds - b.afterSeconds);
  const channels: WarningChannel[] = [];
  let used = channelsUsed;
  while (used < ladder.length && ladder[used]!.afterSeconds <= elapsed) {
    channels.push(ladder[used]!.channel);
    used += 1;
  }
  if (elapsed >= step.answerTimeoutSeconds) {
    return { channels, channelsUsed: used, nextAt: null, silent: true };
  }
  const nextSeconds = Math.min(ladder[used]?.afterSeconds ?? Infinity, step.answerTimeoutSeconds);
  return {
    channels,
    channelsUsed: used,
    nextAt: new Date(startsAt.getTime() + nextSeconds * 1000),
    silent: false,
  };
}

/** The text a gateway message carries for a warning: who sent it, what, and how to answer. */
export function warningMessageSql(alias: string) {
  const w = sql.raw(alias);
  return sql`'【' || coalesce(${w}.parsed #>> '{infos,0,senderName}', '应急管理') || '】'
             || rtrim(coalesce(${w}.headline, ${w}.event), '。.')
             || case when ${w}.local_instructions is not null then '。属地措施：' || rtrim(${w}.local_instructions, '。.') else '' end
             || '。请回复1或' || ${w}.short_code || '确认收到（叫应）。'`;
}

/**
 * Runs the timers that are due at `now` (a parameter, so tests drive a fake clock): at most
 * `batchSize` recipients in one transaction. Returns how many it handled.
 */
export async function runWarningTimers(db: Db, now: Date, batchSize = 2000): Promise<number> {
  return db.transaction(async (tx) => {
    const due = await queryRows<DueRecipient>(
      tx,
      sql`select r.id, r.warning_id as "warningId", r.region_code as "regionCode", r.step,
                 r.starts_at as "startsAt", r.channels_used as "channelsUsed", r.state,
                 r.post_kind as "postKind", r.person_id as "personId", r.mobile,
                 w.state as "warningState", w.call_plan as "callPlan", ${warningMessageSql('w')} as "smsText"
          from warning_ack r join warning w on w.id = r.warning_id
          where r.next_at <= ${now.toISOString()}::timestamptz and r.state in ('waiting', 'calling')
          order by r.next_at
          limit ${batchSize}
          for update of r skip locked`,
    );
    if (due.length === 0) {
      return 0;
    }
    const plans = new Map<string, CallPlanStep[]>();
    const updates: RecipientUpdate[] = [];
    const messages: QueuedMessage[] = [];
    const silent: { recipient: DueRecipient; step: CallPlanStep }[] = [];
    for (const recipient of due) {
      if (recipient.warningState !== 'active') {
        updates.push({
          id: recipient.id,
          state: 'stopped',
          channelsUsed: recipient.channelsUsed,
          nextAt: null,
        });
        continue;
      }
      let steps = plans.get(recipient.warningId);
      if (!steps) {
        steps = callPlanSteps.parse(recipient.callPlan);
        plans.set(recipient.warningId, steps);
      }
      const step = steps[recipient.step]!;
      const next = ladderStep(step, new Date(recipient.startsAt), recipient.channelsUsed, now);
      for (const channel of next.channels.filter((c) => c !== 'app')) {
        messages.push({
          warningId: recipient.warningId,
          ackId: recipient.id,
          personId: recipient.personId,
          mobile: recipient.mobile,
          channel,
          body: recipient.smsText,
        });
      }
      updates.push({
        id: recipient.id,
        state: next.silent ? 'escalated' : 'calling',
        channelsUsed: next.channelsUsed,
        nextAt: next.nextAt?.toISOString() ?? null,
      });
      if (next.silent) {
        silent.push({ recipient, step });
      }
    }
    await tx.execute(
      sql`update warning_ack r
          set state = u.state, channels_used = u.used, next_at = u.next_at,
              escalated_at = case when u.state = 'escalated' then ${now.toISOString()}::timestamptz end
          from unnest(${pgArray(updates.map((u) => u.id))}::uuid[], ${pgArray(updates.map((u) => u.state))}::text[],
                      ${pgArray(updates.map((u) => u.channelsUsed))}::int[],
                      ${pgArray(updates.map((u) => u.nextAt))}::timestamptz[]) as u(id, state, used, next_at)
          where r.id = u.id`,
    );
    await queueMessages(tx, messages);
    if (silent.length > 0) {
      await escalateSilent(tx, silent, now);
    }
    return due.length;
  });
}

async function queueMessages(tx: Executor, messages: QueuedMessage[]): Promise<void> {
  if (messages.length === 0) {
    return;
  }
  await tx.execute(
    sql`insert into warning_delivery (warning_id, county_code, ack_id, person_id, mobile, channel, body)
        select m.warning_id, left(w.region_code, 6), m.ack_id, m.person_id, m.mobile, m.channel, m.body
        from unnest(${pgArray(messages.map((m) => m.warningId))}::uuid[],
                    ${pgArray(messages.map((m) => m.ackId))}::uuid[],
                    ${pgArray(messages.map((m) => m.personId))}::uuid[],
                    ${pgArray(messages.map((m) => m.mobile))}::text[],
                    ${pgArray(messages.map((m) => m.channel))}::text[],
                    ${pgArray(messages.map((m) => m.body))}::text[])
             as m(warning_id, ack_id, person_id, mobile, channel, body)
        join warning w on w.id = m.warning_id`,
  );
}

/**
 * Silence actions for recipients whose answer timeout passed: their superior (the next post up in
 * the grid, village or township) and the duty leader on shift are sent an SMS and an in-app
 * notice naming the silent person; their grid gets one door-to-door task. If none of that finds
 * anyone, the township office is told. Each silent recipient gets one audit row listing what was
 * done.
 */
async function escalateSilent(
  tx: Executor,
  silent: { recipient: DueRecipient; step: CallPlanStep }[],
  now: Date,
): Promise<void> {
  const at = now.toISOString();
  const wants = (action: string) =>
    silent
      .filter(({ step }) => step.onSilence.includes(action as never))
      .map(({ recipient }) => recipient);

  const superiorRows = wants('superior').flatMap((recipient) =>
    (superiorPosts[recipient.postKind] ?? []).map((superior, rank) => ({
      id: recipient.id,
      rank,
      ...superior,
    })),
  );
  if (superiorRows.length > 0) {
    await tx.execute(
      sql`with s(ack_id, rank, kind, at) as (
            select * from unnest(${pgArray(superiorRows.map((s) => s.id))}::uuid[], ${pgArray(superiorRows.map((s) => s.rank))}::int[],
                                 ${pgArray(superiorRows.map((s) => s.kind))}::text[], ${pgArray(superiorRows.map((s) => s.at))}::text[])),
          found as (
            select distinct on (s.ack_id) s.ack_id, r.warning_id, r.county_code, po.person_id
            from s join warning_ack r on r.id = s.ack_id
            join post po on po.kind = s.kind and po.county_code = r.county_code and po.person_id <> r.person_id
             and ((s.at = 'grid' and po.grid_id = r.grid_id)
                  or (s.at = 'village' and po.grid_id is null and po.region_code = r.village_code)
                  or (s.at = 'township' and po.grid_id is null and po.region_code = r.township_code))
            order by s.ack_id, s.rank, po.person_id)
          insert into warning_escalation (warning_id, county_code, ack_id, kind, to_person_id, created_at)
          select warning_id, county_code, ack_id, 'superior', person_id, ${at}::timestamptz from found
          on conflict (ack_id, kind) do nothing`,
    );
  }
  const dutyIds = wants('dutyLeader').map((r) => r.id);
  if (dutyIds.length > 0) {
    await tx.execute(
      sql`insert into warning_escalation (warning_id, county_code, ack_id, kind, to_person_id, created_at)
          select r.warning_id, r.county_code, r.id, 'dutyLeader',
                 coalesce(ts.leader_person_id, cs.leader_person_id), ${at}::timestamptz
          from warning_ack r
          left join duty_shift ts on ts.region_code = r.township_code
               and ts.starts_at <= ${at}::timestamptz and ts.ends_at > ${at}::timestamptz
          left join duty_shift cs on cs.region_code = rpad(r.county_code, 12, '0')
               and cs.starts_at <= ${at}::timestamptz and cs.ends_at > ${at}::timestamptz
          where r.id = any(${pgArray(dutyIds)}::uuid[])
            and coalesce(ts.leader_person_id, cs.leader_person_id) is not null
            and coalesce(ts.leader_person_id, cs.leader_person_id) <> r.person_id
          on conflict (ack_id, kind) do nothing`,
    );
  }
  const doorIds = wants('doorToDoor').map((r) => r.id);
  if (doorIds.length > 0) {
    await tx.execute(
      sql`insert into warning_task (warning_id, county_code, grid_id, village_code, created_at)
          select distinct r.warning_id, r.county_code, r.grid_id, r.region_code, ${at}::timestamptz
          from warning_ack r where r.id = any(${pgArray(doorIds)}::uuid[]) and r.grid_id is not null
          on conflict (warning_id, grid_id) do nothing`,
    );
    await tx.execute(
      sql`insert into warning_escalation (warning_id, county_code, ack_id, kind, task_id, created_at)
          select r.warning_id, r.county_code, r.id, 'doorToDoor', t.id, ${at}::timestamptz
          from warning_ack r join warning_task t on t.warning_id = r.warning_id and t.grid_id = r.grid_id
          where r.id = any(${pgArray(doorIds)}::uuid[])
          on conflict (ack_id, kind) do nothing`,
    );
  }

  const ids = silent.map(({ recipient }) => recipient.id);
  // Nobody found for any action: the township office is told, so no silence goes unanswered.
  await tx.execute(
    sql`insert into warning_escalation (warning_id, county_code, ack_id, kind, created_at)
        select r.warning_id, r.county_code, r.id, 'office', ${at}::timestamptz from warning_ack r
        where r.id = any(${pgArray(ids)}::uuid[])
          and not exists (select 1 from warning_escalation e where e.ack_id = r.id)
        on conflict (ack_id, kind) do nothing`,
  );
  // Whoever is told gets an SMS and an in-app notice naming the silent person.
  await tx.execute(
    sql`insert into warning_delivery (warning_id, county_code, escalation_id, person_id, mobile, channel, body)
        select e.warning_id, e.county_code, e.id, p.id, p.mobile, 'sms',
               '【叫应升级】' || r.name || '（' || r.mobile || '）未叫应“' || coalesce(w.headline, w.event)
               || '”，请立即联系或组织上门告知。'
        from warning_escalation e
        join warning_ack r on r.id = e.ack_id
        join warning w on w.id = e.warning_id
        join person p on p.id = e.to_person_id
        where e.ack_id = any(${pgArray(ids)}::uuid[]) and e.to_person_id is not null`,
  );
  await tx.execute(
    sql`insert into notification (county_code, person_id, office_region_code, kind, title, body, entity, entity_id)
        select e.county_code, e.to_person_id,
               case when e.to_person_id is null then r.township_code end,
               'warning.escalated',
               case when e.kind = 'doorToDoor' then '敲门入户任务' else '叫应升级' end,
               r.name || '（' || r.mobile || '）未叫应“' || coalesce(w.headline, w.event) || '”'
                 || case when e.kind = 'doorToDoor' then '，请组织对该网格敲门入户告知。' else '，请立即联系。' end,
               'warning', w.id::text
        from warning_escalation e
        join warning_ack r on r.id = e.ack_id
        join warning w on w.id = e.warning_id
        where e.ack_id = any(${pgArray(ids)}::uuid[])`,
  );
  const outcomes = await queryRows<{ ackId: string; kinds: string[] | null }>(
    tx,
    sql`select r.id as "ackId", array_remove(array_agg(e.kind order by e.kind), null) as kinds
        from warning_ack r left join warning_escalation e on e.ack_id = r.id
        where r.id = any(${pgArray(ids)}::uuid[]) group by r.id`,
  );
  const byId = new Map(outcomes.map((o) => [o.ackId, o.kinds ?? []]));
  await recordAuditMany(
    tx,
    'system',
    silent.map(({ recipient }) => ({
      action: 'warning.escalate',
      entity: 'warningAck',
      entityId: recipient.id,
      regionCode: recipient.regionCode,
      after: {
        warningId: recipient.warningId,
        personId: recipient.personId,
        escalations: byId.get(recipient.id) ?? [],
      },
    })),
  );
}

interface ClaimedDelivery {
  id: string;
  channel: WarningChannel;
  mobile: string;
  body: string;
  attempts: number;
}

const maxSendAttempts = 5;

/**
 * Sends queued messages: claims a batch (a lease, so a crashed sender's batch is retried), sends
 * each through the gateway outside any transaction, and records the gateway's id or the error.
 * A resend after a crash carries the same delivery id, which the gateway deduplicates.
 */
export async function sendQueuedMessages(
  db: Db,
  gateway: MessageGateway,
  logGateway: MessageGateway,
  batchSize = 50,
): Promise<number> {
  const claimed = await queryRows<ClaimedDelivery>(
    db,
    sql`update warning_delivery set state = 'sending', attempts = attempts + 1,
               locked_until = now() + interval '60 seconds'
        where id in (
          select id from warning_delivery
          where state = 'queued' or (state = 'sending' and locked_until < now())
          order by created_at limit ${batchSize}
          for update skip locked)
        returning id, channel, mobile, body, attempts`,
  );
  await Promise.all(
    claimed.map(async (delivery) => {
      const through = gatewayChannels.includes(delivery.channel) ? gateway : logGateway;
      const result = await through.send({
        id: delivery.id,
        channel: delivery.channel === 'voice' ? 'voice' : 'sms',
        to: delivery.mobile,
        text: delivery.body,
      });
      if (result.ok) {
        await db.execute(
          sql`update warning_delivery set state = 'sent', gateway_id = ${result.gatewayId}, sent_at = now(),
                     locked_until = null, error = null
              where id = ${delivery.id}`,
        );
        return;
      }
      const giveUp = !result.retry || delivery.attempts >= maxSendAttempts;
      await db.execute(
        sql`update warning_delivery set state = ${giveUp ? 'failed' : 'queued'}, error = ${result.error.slice(0, 1000)},
                   locked_until = null
            where id = ${delivery.id}`,
      );
    }),
  );
  return claimed.length;
}
