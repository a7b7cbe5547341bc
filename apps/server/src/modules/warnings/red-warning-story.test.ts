/**
 * The issue's story, end to end on the demo county: a red rainstorm warning lands at 2 a.m. for
 * 厉山镇; everyone from the township leaders down to each grid worker is called in-app, by SMS and
 * by voice through the fake gateway (a real HTTP server that posts delivery receipts and replies
 * back to our webhook); some answer, the rest are chased and finally escalated; every silent
 * person ends in an escalation or a door-to-door task, and each of those is audited.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import type { Warning, WarningCoverage } from '@lastmile/shared';
import { queryRows } from '../../db/client';
import { demoPassword, seedDemo } from '../../db/seed/demo';
import { startFakeGateway, type FakeGateway } from '../../dev/fake-gateway';
import { buildTestApp, testConfig, type TestApp } from '../../test/build-test-app';
import { httpGateway, logGateway } from '../channels';
import { recordAnswer } from './answers';
import { runWarningTimers, sendQueuedMessages } from './escalation';

const inboundToken = 'story-inbound-token-0001';
let t: TestApp;
let gateway: FakeGateway;

beforeAll(async () => {
  t = await buildTestApp({ config: { gateway: { ...testConfig().gateway, inboundToken } } });
  await seedDemo(t.database.db, '421321');
  const address = await t.app.listen({ port: 0, host: '127.0.0.1' });
  gateway = await startFakeGateway({
    inboundUrl: `${address}/api/v1/gateway/inbound`,
    inboundToken,
    autoReceipt: true,
  });
}, 120_000);

afterAll(async () => {
  await gateway?.close();
  await t?.close();
});

async function until(check: () => Promise<boolean>, what: string) {
  for (let i = 0; i < 200; i += 1) {
    if (await check()) {
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe('a red rainstorm warning at 2 a.m. on the demo county', () => {
  it('reaches everyone, records the answers, and escalates every silence', async () => {
    const county = await t.signIn('county.staff', demoPassword);
    const worker = await t.signIn('grid.worker', demoPassword);
    const office = await t.signIn('town.admin', demoPassword);
    const xml = `<?xml version="1.0" encoding="UTF-8"?>
<alert>
  <identifier>42132141600000_20260712020000</identifier>
  <sender>随县气象局</sender>
  <sendTime>2026-07-12 02:00:00+08:00</sendTime>
  <status>Actual</status><msgType>Alert</msgType><scope>Public</scope>
  <info>
    <eventType>11B03</eventType><urgency>Immediate</urgency><severity>Red</severity><certainty>Likely</certainty>
    <senderName>随县气象局</senderName>
    <headline>随县气象局发布暴雨红色预警</headline>
    <description>预计未来3小时厉山镇降雨量将达100毫米以上。</description>
    <instruction>立即转移危险区域人员。</instruction>
    <area><areaDesc>厉山镇</areaDesc><geocode>421321101000</geocode></area>
  </info>
</alert>`;
    const response = await county.request({
      method: 'POST',
      url: '/api/v1/warnings/ingest',
      payload: xml,
      headers: { 'content-type': 'application/xml' },
    });
    expect(response.statusCode, response.body).toBe(201);
    const warning = response.json<Warning>();
    // Red is called at once by the built-in plan: no one at the office needs to be awake.
    expect(warning.dispatchedAt).not.toBeNull();
    expect(warning.recipients).toBeGreaterThan(50);
    const t0 = new Date(warning.dispatchedAt!);
    const at = (seconds: number) => new Date(t0.getTime() + seconds * 1000);
    const send = httpGateway({
      url: gateway.url,
      bodyTemplate: t.config.gateway.bodyTemplate,
      idField: 'messageId',
      timeoutMs: 5000,
    });
    const drain = async () => {
      while (
        (await sendQueuedMessages(t.database.db, send, logGateway({ info: () => undefined }))) > 0
      ) {
        // all queued
      }
    };

    // 02:00 — in-app to all, SMS to the township leaders at once.
    await runWarningTimers(t.database.db, at(0));
    await drain();
    // (The demo's own relayed warning is being called too; keep to this one's messages.)
    const leaders = gateway.messages.filter(
      (m) => m.channel === 'sms' && m.text.includes(warning.headline!),
    );
    // One sentence per part, and how to answer.
    expect(leaders[0]!.text).toBe(
      '【随县气象局】随县气象局发布暴雨红色预警。请回复1或' +
        warning.shortCode +
        '确认收到（叫应）。',
    );
    expect(leaders.length).toBeGreaterThanOrEqual(3);
    // The grid worker answers in the app; a township leader answers the SMS with "1".
    expect((await worker.post(`/api/v1/warnings/${warning.id}/answer`, {})).statusCode).toBe(200);
    const reply = await gateway.reply(leaders[0]!.to, '1');
    expect(reply.status).toBe(200);
    await worker.post(`/api/v1/warnings/${warning.id}/actions`, {
      relayedBy: ['gong', 'doorToDoor'],
      householdsTold: 42,
      peopleMoved: 6,
    });

    // A burst: thirty people answer at once, each request sent twice; every answer is written
    // once, with one audit row, and the repeats are told it was already answered.
    const burst = await queryRows<{ ackId: string; regionCode: string }>(
      t.database.db,
      sql`select id as "ackId", region_code as "regionCode" from warning_ack
          where warning_id = ${warning.id} and answered_at is null and step = 2 order by id limit 30`,
    );
    const results = await Promise.all(
      [...burst, ...burst].map((call) => recordAnswer(t.database.db, call, 'app', 'system')),
    );
    expect(results.filter(Boolean)).toHaveLength(30);
    const [burstAudit] = await queryRows<{ n: number }>(
      t.database.db,
      sql`select count(*)::int as n from audit_log where action = 'warning.answer'
          and entity_id = any(${`{${burst.map((b) => b.ackId).join(',')}}`}::text[])`,
    );
    expect(burstAudit!.n).toBe(30);

    // Then the ladder climbs for everyone else: SMS at 1 min, voice at 3, silence at 5.
    for (const seconds of [60, 61, 180, 181, 300, 301]) {
      await runWarningTimers(t.database.db, at(seconds));
      await drain();
    }
    // Receipts from the gateway mark messages delivered.
    await until(async () => {
      const [row] = await queryRows<{ n: number }>(
        t.database.db,
        sql`select count(*)::int as n from warning_delivery where warning_id = ${warning.id} and state = 'delivered'`,
      );
      return row!.n > 0;
    }, 'delivery receipts');

    const people = await queryRows<{ id: string; state: string; escalations: number }>(
      t.database.db,
      sql`select r.id, r.state, (select count(*)::int from warning_escalation e where e.ack_id = r.id) as escalations
          from warning_ack r where r.warning_id = ${warning.id}`,
    );
    const answered = people.filter((p) => p.state === 'answered');
    const silent = people.filter((p) => p.state !== 'answered');
    expect(answered).toHaveLength(32);
    // Nobody is left calling or waiting, and every silent person has an escalation or a task.
    expect(silent.every((p) => p.state === 'escalated')).toBe(true);
    expect(silent.filter((p) => p.escalations === 0)).toEqual([]);
    const [audited] = await queryRows<{ n: number }>(
      t.database.db,
      sql`select count(distinct entity_id)::int as n from audit_log
          where action = 'warning.escalate' and entity_id in (
            select id::text from warning_ack where warning_id = ${warning.id} and state = 'escalated')`,
    );
    expect(audited!.n).toBe(silent.length);

    // Nobody got the same rung twice.
    const [dupes] = await queryRows<{ n: number }>(
      t.database.db,
      sql`select count(*)::int as n from (
            select ack_id, channel from warning_delivery
            where warning_id = ${warning.id} and ack_id is not null
            group by ack_id, channel having count(*) > 1) d`,
    );
    expect(dupes!.n).toBe(0);
    expect(new Set(gateway.messages.map((m) => m.id)).size).toBe(gateway.messages.length);

    // The office's board: village by village, who answered, households told, door-to-door tasks.
    const board = (
      await office.get(`/api/v1/warnings/${warning.id}/coverage`)
    ).json<WarningCoverage>();
    expect(board.totals).toMatchObject({
      answered: 32,
      escalated: silent.length,
      householdsTold: 42,
      peopleMoved: 6,
    });
    expect(board.townships).toHaveLength(1);
    expect(board.townships[0]!.villages.length).toBeGreaterThan(3);
    expect(board.doorToDoor.length).toBeGreaterThan(0);
    expect(board.silent.length).toBe(Math.min(silent.length, 500));
    expect(board.silent.every((s) => /^1\d{10}$/.test(s.mobile))).toBe(true);
  }, 120_000);
});
