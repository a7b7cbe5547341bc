import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validateXML } from 'xmllint-wasm';
import { sql } from 'drizzle-orm';
import {
  defaultCallPlanSteps,
  type CallPlanStep,
  type MyWarningCall,
  type Warning,
  type WarningCoverage,
} from '@lastmile/shared';
import { queryRows } from '../../db/client';
import { startFakeGateway, type FakeGateway } from '../../dev/fake-gateway';
import { buildTestApp, testConfig, type TestApp, type TestClient } from '../../test/build-test-app';
import { httpGateway, logGateway } from '../channels';
import { ladderStep, runWarningTimers, sendQueuedMessages } from './escalation';
import { cap12, header, info, national } from '../../test/warning-samples';

const township = '421321101000';
let village = '';
let otherVillage = '';
const inboundToken = 'inbound-token-for-tests';

let t: TestApp;
let county: TestClient;
let office: TestClient;
let otherOffice: TestClient;
let worker: TestClient;
let villageStaff: TestClient;
let gateway: FakeGateway;
const people: Record<string, string> = {};
const grids: Record<string, string> = {};

const quiet = { info: () => undefined };

async function insertPerson(
  key: string,
  region: string,
  mobile: string,
  userId: string | null = null,
) {
  const [row] = await queryRows<{ id: string }>(
    t.database.db,
    sql`insert into person (region_code, county_code, name, mobile, user_id)
        values (${region}, '421321', ${key}, ${mobile}, ${userId}) returning id`,
  );
  people[key] = row!.id;
  return row!.id;
}

async function hold(key: string, kind: string, region: string, gridKey?: string) {
  await t.database.db.execute(
    sql`insert into post (person_id, kind, region_code, county_code, grid_id)
        values (${people[key]!}, ${kind}, ${region}, '421321', ${gridKey ? grids[gridKey]! : null})`,
  );
}

/** A red rainstorm (11B03) for the test township, in the national format, as a new Alert. */
function redAlert(identifier: string, geocode = township) {
  return national(geocode)
    .replace('42132141600000_20260712020500', identifier)
    .replace('<msgType>Update</msgType>', '<msgType>Alert</msgType>')
    .replace('<references>42132141600000_20260711180000</references>', '<references/>');
}

/** A CAP 1.2 Alert with this identifier and info. */
function capAlert(identifier: string, infoXml: string) {
  const head = header.replace(
    /<identifier>[^<]*<\/identifier>/,
    `<identifier>${identifier}</identifier>`,
  );
  return cap12(`${head}<msgType>Alert</msgType><scope>Public</scope>${infoXml}`);
}

function ingest(client: TestClient, xml: string, type = 'application/xml') {
  return client.request({
    method: 'POST',
    url: '/api/v1/warnings/ingest',
    payload: xml,
    headers: { 'content-type': type },
  });
}

async function recipients(warningId: string) {
  return queryRows<{
    id: string;
    name: string;
    state: string;
    step: number;
    channelsUsed: number;
    nextAt: string | null;
  }>(
    t.database.db,
    sql`select r.id, r.name, r.state, r.step, r.channels_used as "channelsUsed", r.next_at::text as "nextAt"
        from warning_ack r where r.warning_id = ${warningId} order by r.step, r.name`,
  );
}

async function deliveries(warningId: string) {
  return queryRows<{
    id: string;
    name: string | null;
    channel: string;
    state: string;
    escalation: boolean;
  }>(
    t.database.db,
    sql`select d.id, p.name, d.channel, d.state, d.escalation_id is not null as escalation
        from warning_delivery d left join person p on p.id = d.person_id
        where d.warning_id = ${warningId} order by p.name, d.channel`,
  );
}

/** The built-in plan with the grid step a minute behind, so the steps' timing shows. */
const [leaders, cadres, gridStep] = defaultCallPlanSteps as [
  CallPlanStep,
  CallPlanStep,
  CallPlanStep,
];
const plan: CallPlanStep[] = [
  { ...leaders, name: '乡镇领导', postKinds: ['partySecretary', 'townshipHead', 'leaderInCharge'] },
  { ...cadres, name: '村干部', postKinds: ['villageHead', 'villageStaff'] },
  { ...gridStep, name: '网格', startAfterSeconds: 60 },
];

beforeAll(async () => {
  t = await buildTestApp({ config: { gateway: { ...testConfig().gateway, inboundToken } } });
  const villages = await queryRows<{ code: string }>(
    t.database.db,
    sql`select code from region where parent_code = ${township} order by code limit 2`,
  );
  [village, otherVillage] = villages.map((v) => v.code) as [string, string];
  county = await t.signInAs('county_staff', '421321');
  office = await t.signInAs('township_staff', '421321101');
  otherOffice = await t.signInAs('township_staff', '421321102');
  worker = await t.signInAs('grid_worker', village);
  villageStaff = await t.signInAs('village_staff', village);

  for (const [key, region] of [
    ['一组', village],
    ['二组', village],
    ['三组', otherVillage],
  ] as const) {
    const [row] = await queryRows<{ id: string }>(
      t.database.db,
      sql`insert into grid (region_code, county_code, name, kind, households, centre_lon, centre_lat)
          values (${region}, '421321', ${key}, 'villagerGroup', 120, ${113.3 + Object.keys(grids).length * 0.01}, 31.8)
          returning id`,
    );
    grids[key] = row!.id;
  }
  await insertPerson('书记', township, '13900003001');
  await insertPerson('镇长', township, '13900003002');
  await insertPerson('分管', township, '13900003003');
  await insertPerson('村主任', village, '13900003004');
  await insertPerson('专干', village, '13900003005', villageStaff.userId);
  await insertPerson('网格员甲', village, '13900003006', worker.userId);
  await insertPerson('网格员乙', village, '13900003007');
  await insertPerson('网格员丙', otherVillage, '13900003008');
  await insertPerson('邻镇书记', '421321102000', '13900003009');
  await hold('书记', 'partySecretary', township);
  await hold('镇长', 'townshipHead', township);
  await hold('分管', 'leaderInCharge', township);
  await hold('村主任', 'villageHead', village);
  await hold('村主任', 'gridHead', village, '一组');
  await hold('专干', 'villageStaff', village);
  await hold('网格员甲', 'gridWorker', village, '一组');
  await hold('网格员乙', 'gridWorker', village, '二组');
  await hold('网格员丙', 'gridWorker', otherVillage, '三组');
  await hold('邻镇书记', 'partySecretary', '421321102000');
  // Today's duty leader of the township is the township head.
  await t.database.db.execute(
    sql`insert into duty_shift (region_code, county_code, duty_date, starts_at, ends_at, leader_person_id)
        values (${township}, '421321', current_date, now() - interval '1 day', now() + interval '2 days', ${people['镇长']!})`,
  );
  gateway = await startFakeGateway({ inboundUrl: 'http://127.0.0.1:1/unused', inboundToken });
  const response = await county.put('/api/v1/call-plans', {
    level: 'red',
    eventType: '11B03',
    autoDispatch: true,
    steps: plan,
  });
  expect(response.statusCode, response.body).toBe(200);
});

afterAll(async () => {
  await gateway?.close();
  await t?.close();
});

describe('the call ladder (pure)', () => {
  const step = plan[1]!;
  const start = new Date('2026-07-12T02:00:00Z');
  const at = (seconds: number) => new Date(start.getTime() + seconds * 1000);

  it('climbs app → sms → voice at their times, then falls silent at the timeout', () => {
    expect(ladderStep(step, start, 0, at(0))).toEqual({
      channels: ['app'],
      channelsUsed: 1,
      nextAt: at(60),
      silent: false,
    });
    expect(ladderStep(step, start, 1, at(61))).toEqual({
      channels: ['sms'],
      channelsUsed: 2,
      nextAt: at(180),
      silent: false,
    });
    expect(ladderStep(step, start, 2, at(180))).toEqual({
      channels: ['voice'],
      channelsUsed: 3,
      nextAt: at(300),
      silent: false,
    });
    expect(ladderStep(step, start, 3, at(300))).toEqual({
      channels: [],
      channelsUsed: 3,
      nextAt: null,
      silent: true,
    });
  });

  it('uses every channel whose time has passed when a timer runs late, once each', () => {
    expect(ladderStep(step, start, 0, at(400))).toEqual({
      channels: ['app', 'sms', 'voice'],
      channelsUsed: 3,
      nextAt: null,
      silent: true,
    });
  });
});

describe('ingesting upper warnings', () => {
  it('stores a red rainstorm for the township, resolves its area and calls everyone there at once', async () => {
    const response = await ingest(county, redAlert('42132141600000_20260712020000'));
    expect(response.statusCode, response.body).toBe(201);
    const warning = response.json<Warning & { otherCounties: unknown[] }>();
    expect(warning).toMatchObject({
      level: 'red',
      eventType: '11B03',
      origin: 'ingested',
      state: 'active',
      format: 'national',
    });
    expect(warning.targets.regions.map((r) => r.code)).toEqual([township]);
    expect(warning.dispatchedAt).not.toBeNull();
    expect(warning.recipients).toBe(8);
    const called = await recipients(warning.id);
    // Township leaders and village cadres at once; the grid step a minute later. The neighbouring
    // township's secretary is not called; the village head who is also a grid head is called once.
    expect(called.map((r) => [r.name, r.step, r.state])).toEqual([
      ['书记', 0, 'calling'],
      ['分管', 0, 'calling'],
      ['镇长', 0, 'calling'],
      ['专干', 1, 'calling'],
      ['村主任', 1, 'calling'],
      ['网格员丙', 2, 'waiting'],
      ['网格员乙', 2, 'waiting'],
      ['网格员甲', 2, 'waiting'],
    ]);
  });

  it('answers the same warning sent twice with the stored one (200), not a second copy', async () => {
    const again = await ingest(county, redAlert('42132141600000_20260712020000'), 'text/xml');
    expect(again.statusCode).toBe(200);
    const [count] = await queryRows<{ n: number }>(
      t.database.db,
      sql`select count(*)::int as n from warning where identifier = '42132141600000_20260712020000'`,
    );
    expect(count!.n).toBe(1);
  });

  it('refuses bad XML with a specific code and a body over 2 MB with 413', async () => {
    const malformed = await ingest(county, '<alert><identifier>x</alert>');
    expect(malformed.statusCode).toBe(400);
    expect(malformed.json()).toMatchObject({ code: 'WARNING_XML_MALFORMED' });
    const doctype = await ingest(
      county,
      '<?xml version="1.0"?><!DOCTYPE a [<!ENTITY x SYSTEM "file:///etc/passwd">]><alert/>',
    );
    expect(doctype.json()).toMatchObject({ code: 'WARNING_DTD_FORBIDDEN' });
    const huge = await ingest(county, `<alert>${' '.repeat(2 * 1024 * 1024 + 10)}</alert>`);
    expect(huge.statusCode).toBe(413);
    expect(huge.json()).toMatchObject({ code: 'PAYLOAD_TOO_LARGE' });
  });

  it('is for the county only: a township may not ingest or issue', async () => {
    expect((await ingest(office, redAlert('x-1'))).statusCode).toBe(403);
    const issued = await office.post('/api/v1/warnings', {
      event: '暴雨',
      level: 'red',
      headline: '乡镇不能发布预警',
      description: '应对法第六十四条',
      targets: { regionCodes: [township], gridIds: [] },
    });
    expect(issued.statusCode).toBe(403);
  });

  it('keeps a warning for elsewhere with no targets and calls nobody', async () => {
    const elsewhere = info().replace(
      /<area>[\s\S]*<\/area>/,
      '<area><areaDesc>河南省</areaDesc><geocode><valueName>GB/T 2260</valueName><value>410000000000</value></geocode></area>',
    );
    const response = await ingest(county, capAlert('henan-1', elsewhere));
    expect(response.statusCode, response.body).toBe(201);
    const warning = response.json<Warning>();
    expect(warning.targets.regions).toEqual([]);
    expect(warning.dispatchedAt).toBeNull();
    expect(warning.recipients).toBe(0);
  });

  it('resolves a polygon to the grids whose centres fall inside it', async () => {
    // A box around grid 一组's centre (113.30, 31.80) only.
    const polygon = '31.79,113.295 31.81,113.295 31.81,113.305 31.79,113.305 31.79,113.295';
    const area = `<area><areaDesc>一组</areaDesc><polygon>${polygon}</polygon></area>`;
    const response = await ingest(
      county,
      capAlert('poly-1', info().replace(/<area>[\s\S]*<\/area>/, area)),
    );
    expect(response.statusCode, response.body).toBe(201);
    const warning = response.json<Warning>();
    expect(warning.targets.grids.map((g) => g.name)).toEqual(['一组']);
    expect(warning.targets.regions).toEqual([]);
  });
});

describe('叫应 end to end with a fake clock', () => {
  let warning: Warning;
  let t0: Date;
  const at = (seconds: number) => new Date(t0.getTime() + seconds * 1000);

  beforeAll(async () => {
    const response = await ingest(county, redAlert('42132141600000_20260712021000', village));
    expect(response.statusCode, response.body).toBe(201);
    warning = response.json<Warning>();
    t0 = new Date(warning.dispatchedAt!);
  });

  it('sends the first rungs when due and nothing twice', async () => {
    await runWarningTimers(t.database.db, at(0));
    await runWarningTimers(t.database.db, at(1));
    const sent = await deliveries(warning.id);
    // Township leaders get an SMS at once; village cadres only in-app for the first minute.
    expect(sent.map((d) => [d.name, d.channel])).toEqual([
      ['书记', 'sms'],
      ['分管', 'sms'],
      ['镇长', 'sms'],
    ]);
  });

  it('a grid worker answers in the app; the office sees it on the board', async () => {
    await runWarningTimers(t.database.db, at(61));
    const answer = await worker.post(`/api/v1/warnings/${warning.id}/answer`, {});
    expect(answer.statusCode, answer.body).toBe(200);
    expect(answer.json<MyWarningCall>()).toMatchObject({ state: 'answered', late: false });
    const again = await worker.post(`/api/v1/warnings/${warning.id}/answer`, {});
    expect(again.json<MyWarningCall>().answeredAt).toBe(answer.json<MyWarningCall>().answeredAt);
    const actions = await worker.post(`/api/v1/warnings/${warning.id}/actions`, {
      relayedBy: ['gong', 'doorToDoor'],
      householdsTold: 37,
      peopleMoved: 5,
      note: '已鸣锣',
    });
    expect(actions.statusCode, actions.body).toBe(200);
    const board = (
      await office.get(`/api/v1/warnings/${warning.id}/coverage`)
    ).json<WarningCoverage>();
    expect(board.totals).toMatchObject({
      recipients: 7,
      answered: 1,
      householdsTold: 37,
      peopleMoved: 5,
    });
    const grid = board.townships[0]!.villages[0]!.grids.find((g) => g.name === '一组')!;
    // The village head who is also 一组's grid head is called once, as village head.
    expect(grid).toMatchObject({ recipients: 1, answered: 1 });
  });

  it('someone who is not called cannot answer or report', async () => {
    const other = await otherOffice.post(`/api/v1/warnings/${warning.id}/answer`, {});
    expect(other.statusCode).toBe(404);
    const early = await villageStaff.post(`/api/v1/warnings/${warning.id}/actions`, {
      relayedBy: ['broadcast'],
      householdsTold: 1,
      peopleMoved: 0,
    });
    expect(early.json()).toMatchObject({ code: 'WARNING_NOT_ANSWERED' });
  });

  it('a reply of "1" by SMS answers through the gateway webhook; a receipt marks delivery', async () => {
    const refused = await t.app.inject({
      method: 'POST',
      url: '/api/v1/gateway/inbound',
      payload: { kind: 'reply', from: '13900003005', text: '1' },
      headers: { 'x-gateway-token': 'wrong-token-wrong-token' },
    });
    expect(refused.statusCode).toBe(401);
    const reply = await t.app.inject({
      method: 'POST',
      url: '/api/v1/gateway/inbound',
      payload: { kind: 'reply', from: '+86 139 0000 3005', text: ' 1 ' },
      headers: { 'x-gateway-token': inboundToken },
    });
    expect(reply.statusCode, reply.body).toBe(200);
    expect(reply.json<{ reply: string }>().reply).toContain('已收到');
    const rows = await recipients(warning.id);
    expect(rows.find((r) => r.name === '专干')!.state).toBe('answered');
  });

  it('climbs to voice, then escalates the silent: superior, duty leader, door-to-door, all audited', async () => {
    await runWarningTimers(t.database.db, at(130));
    await runWarningTimers(t.database.db, at(250));
    await runWarningTimers(t.database.db, at(301));
    const rows = await recipients(warning.id);
    expect(rows.map((r) => [r.name, r.state])).toEqual([
      ['书记', 'escalated'],
      ['分管', 'escalated'],
      ['镇长', 'escalated'],
      ['专干', 'answered'],
      ['村主任', 'escalated'],
      ['网格员乙', 'calling'],
      ['网格员甲', 'answered'],
    ]);
    await runWarningTimers(t.database.db, at(361));
    const after = await recipients(warning.id);
    expect(after.find((r) => r.name === '网格员乙')!.state).toBe('escalated');

    const escalations = await queryRows<{ silent: string; kind: string; to: string | null }>(
      t.database.db,
      sql`select r.name as silent, e.kind, p.name as to from warning_escalation e
          join warning_ack r on r.id = e.ack_id left join person p on p.id = e.to_person_id
          where e.warning_id = ${warning.id} order by r.name, e.kind`,
    );
    expect(escalations).toEqual([
      { silent: '书记', kind: 'dutyLeader', to: '镇长' },
      { silent: '分管', kind: 'dutyLeader', to: '镇长' },
      { silent: '分管', kind: 'superior', to: '镇长' },
      { silent: '村主任', kind: 'dutyLeader', to: '镇长' },
      { silent: '村主任', kind: 'superior', to: '分管' },
      { silent: '网格员乙', kind: 'doorToDoor', to: null },
      { silent: '网格员乙', kind: 'dutyLeader', to: '镇长' },
      { silent: '网格员乙', kind: 'superior', to: '村主任' },
      { silent: '镇长', kind: 'superior', to: '书记' },
    ]);
    // Every silent person ends in an escalation or a door-to-door task, and each is audited.
    const silent = after.filter((r) => r.state === 'escalated').map((r) => r.id);
    const audited = await queryRows<{ entityId: string }>(
      t.database.db,
      sql`select entity_id as "entityId" from audit_log where action = 'warning.escalate'
          and entity_id = any(${`{${silent.join(',')}}`}::text[])`,
    );
    expect(audited.map((a) => a.entityId).sort()).toEqual([...silent].sort());
    const board = (
      await county.get(`/api/v1/warnings/${warning.id}/coverage`)
    ).json<WarningCoverage>();
    expect(board.doorToDoor.map((task) => task.gridName)).toEqual(['二组']);
    expect(board.silent.map((s) => s.name).sort()).toEqual(
      ['书记', '分管', '村主任', '网格员乙', '镇长'].sort(),
    );
    expect(board.totals.escalated).toBe(5);
  });

  it('a late answer after escalation is still recorded, marked late', async () => {
    const late = await t.app.inject({
      method: 'POST',
      url: '/api/v1/gateway/inbound',
      payload: { kind: 'reply', from: '13900003004', text: warning.shortCode },
      headers: { 'x-gateway-token': inboundToken },
    });
    expect(late.json<{ reply: string }>().reply).toContain('已收到');
    const [row] = await queryRows<{ state: string; answerChannel: string }>(
      t.database.db,
      sql`select state, answer_channel as "answerChannel" from warning_ack where warning_id = ${warning.id} and name = '村主任'`,
    );
    expect(row).toEqual({ state: 'answered', answerChannel: 'sms' });
  });

  it('sends every queued message through the gateway exactly once, even after a crash mid-send', async () => {
    const queued = await deliveries(warning.id);
    expect(queued.length).toBeGreaterThan(5);
    const send = httpGateway({
      url: gateway.url,
      bodyTemplate: t.config.gateway.bodyTemplate,
      idField: 'messageId',
      timeoutMs: 2000,
    });
    // A crash after the gateway took a message but before we recorded it: the row stays
    // "sending" with a lease; after the lease it is sent again with the same id.
    const [first] = queued;
    await send.send({ id: first!.id, channel: 'sms', to: '13900003001', text: 'x' });
    await t.database.db.execute(
      sql`update warning_delivery set state = 'sending', locked_until = now() - interval '1 second' where id = ${first!.id}`,
    );
    while ((await sendQueuedMessages(t.database.db, send, logGateway(quiet))) > 0) {
      // drain
    }
    const sent = await deliveries(warning.id);
    expect(sent.every((d) => d.state === 'sent')).toBe(true);
    const ids = gateway.messages.map((m) => m.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.filter((id) => sent.some((d) => d.id === id)).length).toBe(sent.length);
    const receipt = await t.app.inject({
      method: 'POST',
      url: '/api/v1/gateway/inbound',
      payload: {
        kind: 'receipt',
        messageId: gateway.messages.find((m) => m.id === first!.id)!.gatewayId,
        status: 'delivered',
      },
      headers: { 'x-gateway-token': inboundToken },
    });
    expect(receipt.statusCode).toBe(200);
    const board = (
      await county.get(`/api/v1/warnings/${warning.id}/coverage`)
    ).json<WarningCoverage>();
    expect(board.deliveries.delivered).toBe(1);
  });

  it('the after-event report downloads as a workbook', async () => {
    const response = await office.get(`/api/v1/warnings/${warning.id}/coverage.xlsx`);
    expect(response.statusCode).toBe(200);
    expect(response.rawPayload.subarray(0, 2).toString()).toBe('PK');
  });
});

describe('restart in the middle of a ladder', () => {
  it('a new server on the same database carries on: nothing lost, nothing queued twice', async () => {
    const response = await ingest(county, redAlert('42132141600000_20260712022000', village));
    const warning = response.json<Warning>();
    const t0 = new Date(warning.dispatchedAt!);
    const at = (seconds: number) => new Date(t0.getTime() + seconds * 1000);
    await runWarningTimers(t.database.db, at(0));
    // The first server stops; a second one on the same database picks the timers up.
    const second = await buildTestApp({ database: t.database });
    try {
      await runWarningTimers(second.database.db, at(0));
      await runWarningTimers(second.database.db, at(70));
      await runWarningTimers(second.database.db, at(70));
    } finally {
      await second.close();
    }
    const sent = await deliveries(warning.id);
    const perPersonChannel = new Map<string, number>();
    for (const d of sent) {
      perPersonChannel.set(
        `${d.name}/${d.channel}`,
        (perPersonChannel.get(`${d.name}/${d.channel}`) ?? 0) + 1,
      );
    }
    expect([...perPersonChannel.values()].every((n) => n === 1)).toBe(true);
    // By 70 s: leaders sms (0 s) + voice (60 s), cadres sms (60 s); grid step started at 60 s, in-app only.
    expect(sent.map((d) => `${d.name}/${d.channel}`).sort()).toEqual(
      [
        '书记/sms',
        '书记/voice',
        '分管/sms',
        '分管/voice',
        '镇长/sms',
        '镇长/voice',
        '专干/sms',
        '村主任/sms',
      ].sort(),
    );
  });
});

describe('cancel, relay, issue', () => {
  it('a Cancel from upstairs stops all pending escalation of what it references', async () => {
    const created = (
      await ingest(county, redAlert('42132141600000_20260712023000', village))
    ).json<Warning>();
    const cancel = national(village)
      .replace('42132141600000_20260712020500', '42132141600000_20260712023500')
      .replace('<msgType>Update</msgType>', '<msgType>Cancel</msgType>')
      .replace('42132141600000_20260711180000', '42132141600000_20260712023000');
    const response = await ingest(county, cancel);
    expect(response.statusCode, response.body).toBe(201);
    expect(response.json<Warning>().referencesId).toBe(created.id);
    const cancelled = (await county.get(`/api/v1/warnings/${created.id}`)).json<Warning>();
    expect(cancelled.state).toBe('cancelled');
    const t0 = new Date(created.dispatchedAt!);
    await runWarningTimers(t.database.db, new Date(t0.getTime() + 3600_000));
    expect((await recipients(created.id)).every((r) => r.state === 'stopped')).toBe(true);
    expect(await deliveries(created.id)).toEqual([]);
  });

  it('a township relays an upper warning with its local instructions, inside the township only', async () => {
    const upper = (
      await ingest(
        county,
        redAlert('42132141600000_20260712024000', township).replace(
          '<severity>Red</severity>',
          '<severity>Blue</severity>',
        ),
      )
    ).json<Warning>();
    expect(upper.level).toBe('blue');
    expect(upper.dispatchedAt).toBeNull();
    const outside = await office.post(`/api/v1/warnings/${upper.id}/relay`, {
      localInstructions: '转移低洼地带群众',
      targets: { regionCodes: ['421321102000'], gridIds: [] },
    });
    expect(outside.json()).toMatchObject({ code: 'WARNING_TARGET_INVALID' });
    const relay = await office.post(`/api/v1/warnings/${upper.id}/relay`, {
      localInstructions: '立即转移低洼地带群众，各村鸣锣示警',
      targets: { regionCodes: [village], gridIds: [] },
    });
    expect(relay.statusCode, relay.body).toBe(201);
    const relayed = relay.json<Warning>();
    expect(relayed).toMatchObject({
      origin: 'relayed',
      parentId: upper.id,
      localInstructions: '立即转移低洼地带群众，各村鸣锣示警',
    });
    expect(relayed.regionCode).toBe(township);
    // Township leaders, the village cadres and the village's grid workers: not 三组 of the other village.
    expect((await recipients(relayed.id)).map((r) => r.name).sort()).toEqual(
      ['书记', '分管', '镇长', '专干', '村主任', '网格员乙', '网格员甲'].sort(),
    );
    const mine = await worker.get('/api/v1/warnings?mine=true');
    expect(mine.json<{ items: Warning[] }>().items.map((w) => w.id)).toContain(relayed.id);
    const neighbour = await otherOffice.get(`/api/v1/warnings/${relayed.id}`);
    expect(neighbour.statusCode).toBe(404);
    const cap = await office.get(`/api/v1/warnings/${relayed.id}/cap`);
    expect(cap.statusCode).toBe(200);
    expect(cap.body).toContain('属地措施：立即转移低洼地带群众');
    expect(cap.body).toMatch(/<sent>[^<]*\+08:00<\/sent>/);
    const again = await office.post(`/api/v1/warnings/${relayed.id}/relay`, {
      localInstructions: 'x',
    });
    expect(again.json()).toMatchObject({ code: 'WARNING_RELAY_NOT_UPPER' });
    const cancel = await office.post(`/api/v1/warnings/${relayed.id}/cancel`, { reason: '雨停' });
    expect(cancel.statusCode, cancel.body).toBe(200);
    expect((await recipients(relayed.id)).filter((r) => r.state === 'calling')).toEqual([]);
  });

  it('the county issues its own warning to chosen places and calling starts', async () => {
    const response = await county.post('/api/v1/warnings', {
      event: '地质灾害',
      eventType: '11G01',
      level: 'orange',
      headline: '随县发布地质灾害橙色预警',
      description: '连续降雨，山体滑坡风险高',
      instruction: '转移受威胁群众',
      targets: { regionCodes: [], gridIds: [grids['三组']!] },
    });
    expect(response.statusCode, response.body).toBe(201);
    const warning = response.json<Warning>();
    expect(warning).toMatchObject({ origin: 'issued', level: 'orange' });
    expect(warning.targets.grids.map((g) => g.name)).toEqual(['三组']);
    // Township leaders of the grid's township, and 三组's worker; no cadres of the other village are held here.
    expect((await recipients(warning.id)).map((r) => r.name).sort()).toEqual(
      ['书记', '分管', '网格员丙', '镇长'].sort(),
    );
    const bad = await county.post('/api/v1/warnings', {
      event: '地质灾害',
      level: 'orange',
      headline: 'x',
      description: 'x',
      targets: { regionCodes: [], gridIds: [] },
    });
    expect(bad.json()).toMatchObject({ code: 'WARNING_TARGETS_EMPTY' });
  });

  it('stops chasing the rest of a step once it has the answers it needs', async () => {
    const onlyOne: CallPlanStep[] = [{ ...plan[0]!, answersNeeded: 1 }];
    const saved = await county.put('/api/v1/call-plans', {
      level: 'yellow',
      eventType: '11B04',
      autoDispatch: false,
      steps: onlyOne,
    });
    expect(saved.statusCode, saved.body).toBe(200);
    const issued = (
      await county.post('/api/v1/warnings', {
        event: '暴雪',
        eventType: '11B04',
        level: 'yellow',
        headline: '暴雪黄色预警',
        description: '一名乡镇领导叫应即可',
        targets: { regionCodes: [township], gridIds: [] },
      })
    ).json<Warning>();
    expect(issued.callPlan[0]!.answersNeeded).toBe(1);
    const reply = await t.app.inject({
      method: 'POST',
      url: '/api/v1/gateway/inbound',
      payload: { kind: 'reply', from: '13900003002', text: issued.shortCode },
      headers: { 'x-gateway-token': inboundToken },
    });
    expect(reply.json<{ reply: string }>().reply).toContain('已收到');
    expect((await recipients(issued.id)).map((r) => [r.name, r.state])).toEqual([
      ['书记', 'stopped'],
      ['分管', 'stopped'],
      ['镇长', 'answered'],
    ]);
  });

  it('lists the county plans with the built-in ones where none is stored', async () => {
    const plans = (await office.get('/api/v1/call-plans')).json<{
      items: { level: string; eventType: string; id: string | null }[];
    }>();
    expect(
      plans.items.map((p) => `${p.level}/${p.eventType}/${p.id ? 'stored' : 'built-in'}`),
    ).toEqual([
      'red/*/built-in',
      'red/11B03/stored',
      'orange/*/built-in',
      'yellow/*/built-in',
      'yellow/11B04/stored',
      'blue/*/built-in',
    ]);
  });
});

/** The shared fixtures, through the ingest route: every real warning is stored, every invalid one refused. */
const fixtures = path.resolve(process.cwd(), '../shared/fixtures');
const fixtureFiles = (folder: string) =>
  fs.existsSync(path.join(fixtures, folder))
    ? fs.readdirSync(path.join(fixtures, folder)).filter((file) => file.endsWith('.xml'))
    : [];

/** Schema errors of a CAP 1.2 document against the OASIS XSD in the shared fixtures. */
async function validCap(xml: string): Promise<string[]> {
  const result = await validateXML({
    xml: { fileName: 'warning.xml', contents: xml },
    schema: {
      fileName: 'CAP-v1.2.xsd',
      contents: fs.readFileSync(path.join(fixtures, 'cap-schema', 'CAP-v1.2.xsd'), 'utf8'),
    },
  });
  return result.errors.map((error) => error.rawMessage);
}

describe.skipIf(fixtureFiles('cap').length === 0)('ingesting the shared CAP fixtures', () => {
  it.each(fixtureFiles('cap'))(
    'stores %s, and a second copy answers the same warning',
    async (file) => {
      const xml = fs.readFileSync(path.join(fixtures, 'cap', file), 'utf8');
      const first = await ingest(county, xml);
      expect(first.statusCode, first.body).toBe(201);
      const stored = first.json<Warning>();
      expect(stored.hasRawXml).toBe(true);
      const again = await ingest(county, xml, 'text/xml');
      expect(again.statusCode).toBe(200);
      expect(again.json<Warning>().id).toBe(stored.id);
      // The stored warning writes back out as CAP 1.2.
      const cap = await county.get(`/api/v1/warnings/${stored.id}/cap`);
      expect(cap.statusCode).toBe(200);
      expect(cap.body).toContain('urn:oasis:names:tc:emergency:cap:1.2');
      expect(await validCap(cap.body)).toEqual([]);
    },
  );

  it('exports our own relayed and issued warnings as CAP 1.2 valid against the OASIS schema', async () => {
    const upper = (
      await ingest(
        county,
        redAlert('42132141600000_20260712030000', township).replace(
          '<severity>Red</severity>',
          '<severity>Yellow</severity>',
        ),
      )
    ).json<Warning>();
    const relayed = (
      await office.post(`/api/v1/warnings/${upper.id}/relay`, {
        localInstructions: '巡查河道 & 关闭<景区>',
      })
    ).json<Warning>();
    const issued = (
      await county.post('/api/v1/warnings', {
        event: '森林火险',
        level: 'orange',
        headline: '森林火险橙色预警',
        description: '"干燥" & 大风',
        targets: { regionCodes: [village], gridIds: [] },
      })
    ).json<Warning>();
    for (const id of [relayed.id, issued.id]) {
      const cap = await county.get(`/api/v1/warnings/${id}/cap`);
      expect(await validCap(cap.body), cap.body).toEqual([]);
    }
  });

  const refusals: Record<string, string> = {
    'invalid-empty-enums-empty-references-bad-polygon.xml': 'WARNING_ENUM_INVALID',
    'invalid-missing-scope.xml': 'WARNING_ELEMENT_MISSING',
    'invalid-update-with-empty-references.xml': 'WARNING_REFERENCES_INVALID',
    'invalid-wrong-namespace.xml': 'WARNING_NAMESPACE_INVALID',
    'invalid-xxe-doctype-external-entities.xml': 'WARNING_DTD_FORBIDDEN',
  };
  it.each(fixtureFiles('cap-invalid'))(
    'refuses %s with its reason in Chinese and English',
    async (file) => {
      const xml = fs.readFileSync(path.join(fixtures, 'cap-invalid', file), 'utf8');
      const response = await ingest(county, xml);
      expect(response.statusCode).toBe(400);
      expect(response.json()).toMatchObject({ code: refusals[file] });
      const english = await county.request({
        method: 'POST',
        url: '/api/v1/warnings/ingest',
        payload: xml,
        headers: { 'content-type': 'application/xml', 'accept-language': 'en' },
      });
      expect(english.json<{ message: string }>().message).toMatch(/[a-z]/);
    },
  );
});
