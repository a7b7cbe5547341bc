import { randomUUID } from 'node:crypto';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import fc from 'fast-check';
import type {
  CommandResult,
  FieldCommand,
  Patrol,
  SyncPullResponse,
  SyncPushResponse,
  Warning,
  WarningCoverage,
} from '@lastmile/shared';
import { queryRows } from '../../db/client';
import { buildTestApp, testConfig, type TestApp, type TestClient } from '../../test/build-test-app';
import { parseHazardText } from './sms';

const village = '421321101200';
const otherTownshipVillage = '421321102200';
const inboundToken = 'inbound-token-for-sync-tests';

let t: TestApp;
let county: TestClient;
let office: TestClient;
let worker: TestClient;
let neighbour: TestClient;
let outsider: TestClient;
let gridId = '';
let otherGridId = '';
let riskPointId = '';
let workerPersonId = '';
const households: string[] = [];

const now = () => new Date().toISOString();
const deviceId = 'test-phone';

function command(kind: FieldCommand['kind'], payload: object, at = now()): FieldCommand {
  return { id: randomUUID(), kind, at, payload: payload as FieldCommand['payload'] };
}

async function push(client: TestClient, commands: FieldCommand[], language = 'zh-CN') {
  const response = await client.request({
    method: 'POST',
    url: '/api/v1/sync/push',
    payload: { deviceId, sentAt: now(), commands },
    headers: { 'accept-language': language },
  });
  expect(response.statusCode, response.body).toBe(200);
  return response.json<SyncPushResponse>().results;
}

async function pull(client: TestClient, cursor?: string) {
  const response = await client.get(`/api/v1/sync/pull${cursor ? `?cursor=${cursor}` : ''}`);
  expect(response.statusCode, response.body).toBe(200);
  return response.json<SyncPullResponse>();
}

const outcomes = (results: CommandResult[]) => results.map((result) => result.outcome);

async function insertPerson(name: string, region: string, mobile: string, userId: string) {
  const [row] = await queryRows<{ id: string }>(
    t.database.db,
    sql`insert into person (region_code, county_code, name, mobile, user_id)
        values (${region}, '421321', ${name}, ${mobile}, ${userId}) returning id`,
  );
  return row!.id;
}

async function insertGrid(name: string, region: string) {
  const [row] = await queryRows<{ id: string }>(
    t.database.db,
    sql`insert into grid (region_code, county_code, name, kind, households, residents, centre_lon, centre_lat)
        values (${region}, '421321', ${name}, 'villagerGroup', 40, 130, 113.31, 31.81) returning id`,
  );
  return row!.id;
}

/** A red warning issued by the county to the worker's grid, and a door-to-door task there. */
async function warningForGrid(): Promise<{ warningId: string; taskId: string }> {
  const response = await county.post('/api/v1/warnings', {
    event: '暴雨',
    eventType: '11B03',
    level: 'red',
    headline: `暴雨红色预警 ${randomUUID().slice(0, 8)}`,
    description: '山洪风险高',
    targets: { regionCodes: [], gridIds: [gridId] },
  });
  expect(response.statusCode, response.body).toBe(201);
  const warning = response.json<Warning>();
  const [task] = await queryRows<{ id: string }>(
    t.database.db,
    sql`insert into warning_task (warning_id, county_code, grid_id, village_code)
        values (${warning.id}, '421321', ${gridId}, ${village}) returning id`,
  );
  return { warningId: warning.id, taskId: task!.id };
}

beforeAll(async () => {
  t = await buildTestApp({ config: { gateway: { ...testConfig().gateway, inboundToken } } });
  county = await t.signInAs('county_staff', '421321');
  office = await t.signInAs('township_staff', '421321101');
  worker = await t.signInAs('grid_worker', village);
  neighbour = await t.signInAs('grid_worker', village);
  outsider = await t.signInAs('grid_worker', otherTownshipVillage);
  gridId = await insertGrid('一组', village);
  otherGridId = await insertGrid('一组', otherTownshipVillage);
  workerPersonId = await insertPerson('王网格', village, '13900005001', worker.userId);
  const neighbourPerson = await insertPerson('李网格', village, '13900005002', neighbour.userId);
  await insertPerson('外镇网格', otherTownshipVillage, '13900005003', outsider.userId);
  for (const [person, grid] of [
    [workerPersonId, gridId],
    [neighbourPerson, gridId],
  ] as const) {
    await t.database.db.execute(
      sql`insert into post (person_id, kind, region_code, county_code, grid_id)
          values (${person}, 'gridWorker', ${village}, '421321', ${grid})`,
    );
  }
  const [point] = await queryRows<{ id: string }>(
    t.database.db,
    sql`insert into risk_point (region_code, county_code, grid_id, name, kind, level, lon, lat)
        values (${village}, '421321', ${gridId}, '后山滑坡点', 'landslide', 'high', 113.312, 31.812)
        returning id`,
  );
  riskPointId = point!.id;
  for (const [label, vulnerable] of [
    ['一组1号', false],
    ['一组2号', true],
    ['一组3号', false],
  ] as const) {
    const response = await worker.post('/api/v1/households', {
      gridId,
      label,
      headName: `户主${label}`,
      members: 3,
      vulnerable,
    });
    expect(response.statusCode, response.body).toBe(201);
    households.push(response.json<{ id: string }>().id);
  }
});

afterAll(async () => {
  await t?.close();
});

describe('households', () => {
  it('lists a grid’s households; a label is unique in its grid; another township cannot see them', async () => {
    const list = await worker.get(`/api/v1/households?gridId=${gridId}`);
    expect(list.json<{ items: { label: string; vulnerable: boolean }[] }>().items).toEqual([
      expect.objectContaining({ label: '一组1号', vulnerable: false }),
      expect.objectContaining({ label: '一组2号', vulnerable: true }),
      expect.objectContaining({ label: '一组3号', vulnerable: false }),
    ]);
    const again = await worker.post('/api/v1/households', {
      gridId,
      label: '一组1号',
      headName: '重复',
    });
    expect(again.statusCode).toBe(409);
    expect(again.json()).toMatchObject({ code: 'HOUSEHOLD_LABEL_TAKEN' });
    expect((await outsider.get(`/api/v1/households?gridId=${gridId}`)).statusCode).toBe(404);
  });

  it('changes a household’s details, keeping labels unique in the grid', async () => {
    const changed = await worker.patch(`/api/v1/households/${households[0]}`, {
      vulnerable: true,
      note: '独居老人',
    });
    expect(changed.statusCode, changed.body).toBe(200);
    expect(changed.json()).toMatchObject({ label: '一组1号', vulnerable: true, note: '独居老人' });
    const clash = await worker.patch(`/api/v1/households/${households[0]}`, { label: '一组2号' });
    expect(clash.json()).toMatchObject({ code: 'HOUSEHOLD_LABEL_TAKEN' });
    const back = await worker.patch(`/api/v1/households/${households[0]}`, {
      vulnerable: false,
      note: null,
    });
    expect(back.json()).toMatchObject({ vulnerable: false, note: null });
    expect(
      (await outsider.patch(`/api/v1/households/${households[0]}`, { note: 'x' })).statusCode,
    ).toBe(404);
  });
});

describe('signing in from the field app', () => {
  it('gives a session as long as the offline period', async () => {
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { username: 'admin', password: 'admin-password-for-tests', device: 'field' },
    });
    expect(response.statusCode, response.body).toBe(200);
    const cookie = response.cookies.find((c) => c.name === 'lm_session')!;
    const days = (new Date(cookie.expires!).getTime() - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(13.9);
    expect(days).toBeLessThan(14.1);
  });
});

describe('pushing the outbox', () => {
  it('applies a day’s work once, and answers the same outbox again as duplicates', async () => {
    const { warningId, taskId } = await warningForGrid();
    const patrolId = randomUUID();
    const hazardId = randomUUID();
    const photoId = randomUUID();
    const outbox = [
      command('patrol.start', { patrolId, gridId }),
      command('patrol.checkIn', {
        patrolId,
        gridId,
        riskPointId,
        location: { lon: 113.3121, lat: 31.8119, accuracyM: 12 },
        result: 'normal',
      }),
      command('hazard.report', {
        hazardId,
        patrolId,
        report: {
          riskPointId,
          gridId,
          kind: 'geological',
          title: '后山裂缝变宽',
          description: '雨后裂缝约5厘米',
          location: { lon: 113.3122, lat: 31.812 },
          photoIds: [photoId],
        },
      }),
      command('patrol.finish', { patrolId, gridId, result: 'hazardsFound' }),
      command('warning.answer', { warningId }),
      command('warning.actions', {
        warningId,
        actions: { relayedBy: ['gong', 'doorToDoor'], householdsTold: 2, peopleMoved: 3 },
      }),
      command('doorToDoor.visit', { taskId, householdId: households[0], result: 'told' }),
      command('doorToDoor.visit', { taskId, householdId: households[1], result: 'moved' }),
      command('doorToDoor.visit', { taskId, householdId: households[2], result: 'away' }),
      command('doorToDoor.finish', { taskId }),
    ];
    const first = await push(worker, outbox);
    expect(outcomes(first)).toEqual(outbox.map(() => 'applied'));
    const report = first[2]!;
    expect(report.entityId).toBe(hazardId);
    expect(report.reference).toMatch(/^YH\d+/);

    const second = await push(worker, outbox);
    expect(outcomes(second)).toEqual(outbox.map(() => 'duplicate'));
    expect(second[2]).toMatchObject({ entityId: hazardId, reference: report.reference });

    const [counts] = await queryRows<Record<string, number>>(
      t.database.db,
      sql`select
            (select count(*)::int from hazard where id = ${hazardId}) as hazards,
            (select count(*)::int from patrol where id = ${patrolId}) as patrols,
            (select count(*)::int from patrol_check_in where patrol_id = ${patrolId}) as "checkIns",
            (select count(*)::int from warning_ack where warning_id = ${warningId}
               and person_id = ${workerPersonId} and answered_at is not null and answer_channel = 'app'
               and households_told = 2 and people_moved = 3) as answers,
            (select count(*)::int from warning_task where id = ${taskId} and state = 'done'
               and households_told = 2) as "tasksDone",
            (select count(*)::int from audit_log where action = 'warning.answer'
               and after ->> 'warningId' = ${warningId}) as "answerAudits"`,
    );
    expect(counts).toEqual({
      hazards: 1,
      patrols: 1,
      checkIns: 1,
      answers: 1,
      tasksDone: 1,
      answerAudits: 1,
    });

    // The 叫应看板 shows the door-to-door progress the phone reported.
    const board = await county.get(`/api/v1/warnings/${warningId}/coverage`);
    expect(board.json<WarningCoverage>().doorToDoor).toEqual([
      expect.objectContaining({
        id: taskId,
        state: 'done',
        households: 3,
        visited: 3,
        told: 2,
        needsHelp: 0,
      }),
    ]);

    // The report landed before its photo; the photo follows under its own id, once.
    const jpeg = await sharp({
      create: { width: 32, height: 24, channels: 3, background: { r: 90, g: 120, b: 60 } },
    })
      .jpeg()
      .toBuffer();
    const upload = (id: string) =>
      worker.request({
        method: 'POST',
        url: `/api/v1/attachments?id=${id}`,
        payload: jpeg,
        headers: { 'content-type': 'image/jpeg' },
      });
    expect((await upload(photoId)).statusCode).toBe(201);
    expect((await upload(photoId)).statusCode).toBe(200);
    const hazard = await office.get(`/api/v1/hazards/${hazardId}`);
    expect(hazard.json()).toMatchObject({
      origin: 'gridPatrol',
      photoIds: [photoId],
      riskPointName: '后山滑坡点',
    });
    expect((await office.get(`/api/v1/attachments/${photoId}`)).statusCode).toBe(200);

    const data = await pull(worker);
    expect(data.patrols.find((p) => p.id === patrolId)).toMatchObject({
      result: 'hazardsFound',
      checkIns: 1,
      hazards: 1,
    });
    expect(data.tasks.find((task) => task.id === taskId)).toMatchObject({
      state: 'done',
      visits: expect.arrayContaining([
        expect.objectContaining({ householdId: households[1], result: 'moved' }),
      ]) as unknown,
    });
    expect(data.warnings.find((w) => w.id === warningId)?.call).toMatchObject({
      householdsTold: 2,
      peopleMoved: 3,
    });
  });

  it('answers each bad command on its own, in the caller’s language, and applies the rest', async () => {
    const patrolId = randomUUID();
    const good = command('patrol.start', { patrolId, gridId });
    const malformed = command('patrol.finish', { patrolId, result: 'sleeping' });
    const elsewhere = command('patrol.start', { patrolId: randomUUID(), gridId: otherGridId });
    const results = await push(worker, [malformed, good, elsewhere], 'en');
    expect(results.map((r) => [r.outcome, r.code])).toEqual([
      ['rejected', 'SYNC_COMMAND_INVALID'],
      ['applied', null],
      ['rejected', 'GRID_NOT_FOUND'],
    ]);
    expect(results[0]!.message).toMatch(/malformed/);
    // Sent again, a rejection is repeated as it was, not turned into a duplicate.
    const again = await push(worker, [malformed], 'zh-CN');
    expect(again[0]).toMatchObject({ outcome: 'rejected', code: 'SYNC_COMMAND_INVALID' });
    expect(again[0]!.message).toMatch(/格式/);
  });

  it('keeps a worker’s patrol and command ids their own', async () => {
    const patrolId = randomUUID();
    const start = command('patrol.start', { patrolId, gridId });
    expect(outcomes(await push(worker, [start]))).toEqual(['applied']);
    const theirs = await push(neighbour, [
      command('patrol.finish', { patrolId, gridId, result: 'nothingFound' }),
      start,
    ]);
    expect(theirs.map((r) => r.code)).toEqual(['PATROL_NOT_YOURS', 'SYNC_COMMAND_ID_TAKEN']);
  });

  it('reports a step on a hazard that moved on meanwhile as a conflict', async () => {
    const created = await office.post('/api/v1/hazards', {
      regionCode: village,
      gridId,
      kind: 'fire',
      title: '仓库灭火器过期',
    });
    expect(created.statusCode, created.body).toBe(201);
    const id = created.json<{ id: string }>().id;
    const assign = await office.post(`/api/v1/hazards/${id}/transitions`, {
      action: 'assign',
      responsiblePersonId: workerPersonId,
      measures: '更换灭火器',
      acceptanceStandard: '灭火器在有效期内',
      accepterPersonId: workerPersonId,
    });
    // Verify first when the loop requires it.
    if (assign.statusCode === 409) {
      expect(
        (await office.post(`/api/v1/hazards/${id}/transitions`, { action: 'verify' })).statusCode,
      ).toBe(200);
    }
    const stale = command('hazard.transition', {
      hazardId: id,
      baseState: 'reported',
      transition: { action: 'startRectification' },
    });
    const results = await push(worker, [stale]);
    expect(results[0]).toMatchObject({ outcome: 'conflict', code: 'HAZARD_STATE_CHANGED' });
  });

  it('files a suspected major hazard as reported and tells the township office at once', async () => {
    const hazardId = randomUUID();
    const results = await push(worker, [
      command('hazard.report', {
        hazardId,
        report: { regionCode: village, gridId, kind: 'building', title: '五保户房屋墙体开裂' },
        suspectedMajor: true,
      }),
    ]);
    expect(results[0]).toMatchObject({ outcome: 'applied', entityId: hazardId });
    const [row] = await queryRows<{
      grade: string;
      state: string;
      notices: number;
      audits: number;
    }>(
      t.database.db,
      sql`select h.grade, h.state,
            (select count(*)::int from notification n where n.entity_id = h.id::text
               and n.office_region_code = '421321101000' and n.kind = 'hazard.suspectedMajor') as notices,
            (select count(*)::int from audit_log a where a.entity_id = h.id::text
               and a.action = 'hazard.suspectedMajor') as audits
          from hazard h where h.id = ${hazardId}`,
    );
    expect(row).toEqual({ grade: 'general', state: 'reported', notices: 1, audits: 1 });
  });

  it('applies two copies of one push sent at once exactly once', async () => {
    const { warningId } = await warningForGrid();
    const hazardId = randomUUID();
    const outbox = [
      command('hazard.report', {
        hazardId,
        report: { regionCode: village, gridId, kind: 'flood', title: '桥洞积水' },
      }),
      command('warning.answer', { warningId }),
    ];
    const [a, b] = await Promise.all([push(worker, outbox), push(worker, outbox)]);
    const both = [...outcomes(a), ...outcomes(b)].sort();
    expect(both).toEqual(['applied', 'applied', 'duplicate', 'duplicate']);
    const [row] = await queryRows<{ hazards: number; audits: number }>(
      t.database.db,
      sql`select (select count(*)::int from hazard where id = ${hazardId}) as hazards,
            (select count(*)::int from audit_log where action = 'warning.answer'
               and after ->> 'warningId' = ${warningId}) as audits`,
    );
    expect(row).toEqual({ hazards: 1, audits: 1 });
  });
});

// ---------------------------------------------------------------- replay in any order

interface World {
  warningId: string;
  taskId: string;
}

/** The worker's day, as a list of abstract steps that a world turns into commands. */
const stepArbitrary = fc.oneof(
  fc.record({ kind: fc.constant('checkIn' as const), normal: fc.boolean() }),
  fc.record({
    kind: fc.constant('hazard' as const),
    title: fc.constantFrom('电线老化', '护栏缺失', '沟渠堵塞'),
  }),
  fc.record({
    kind: fc.constant('visit' as const),
    household: fc.integer({ min: 0, max: 2 }),
    result: fc.constantFrom(
      'told' as const,
      'away' as const,
      'moved' as const,
      'needsHelp' as const,
    ),
    minute: fc.integer({ min: 0, max: 120 }),
  }),
);

const dayArbitrary = fc.record({
  steps: fc.array(stepArbitrary, { maxLength: 8 }),
  start: fc.boolean(),
  finish: fc.boolean(),
  answer: fc.boolean(),
  actions: fc.option(fc.record({ told: fc.nat(50), moved: fc.nat(20) }), { nil: undefined }),
  finishTask: fc.boolean(),
});
type Day = typeof dayArbitrary extends fc.Arbitrary<infer T> ? T : never;

/** The commands of one day in one world: fresh client ids, the world's warning and task. */
function commandsOf(day: Day, world: World): FieldCommand[] {
  const patrolId = randomUUID();
  const base = Date.parse('2026-07-12T06:00:00Z');
  const at = (minute: number) => new Date(base + minute * 60_000).toISOString();
  const list: FieldCommand[] = [];
  if (day.start) {
    list.push(command('patrol.start', { patrolId, gridId, note: '早巡' }, at(0)));
  }
  day.steps.forEach((step, index) => {
    switch (step.kind) {
      case 'checkIn':
        list.push(
          command(
            'patrol.checkIn',
            { patrolId, gridId, riskPointId, result: step.normal ? 'normal' : 'hazardFound' },
            at(index + 1),
          ),
        );
        break;
      case 'hazard':
        list.push(
          command(
            'hazard.report',
            {
              hazardId: randomUUID(),
              patrolId,
              report: { regionCode: village, gridId, kind: 'other', title: step.title },
            },
            at(index + 1),
          ),
        );
        break;
      case 'visit':
        list.push(
          command(
            'doorToDoor.visit',
            { taskId: world.taskId, householdId: households[step.household], result: step.result },
            // Distinct device times per step, so "the latest visit" is well defined.
            at(step.minute * 100 + index),
          ),
        );
        break;
    }
  });
  if (day.finish) {
    list.push(command('patrol.finish', { patrolId, gridId, result: 'nothingFound' }, at(200)));
  }
  if (day.answer) {
    list.push(command('warning.answer', { warningId: world.warningId }, at(1)));
  }
  if (day.actions) {
    list.push(
      command(
        'warning.actions',
        {
          warningId: world.warningId,
          actions: {
            relayedBy: ['broadcast'],
            householdsTold: day.actions.told,
            peopleMoved: day.actions.moved,
          },
        },
        at(2),
      ),
    );
  }
  if (day.finishTask) {
    list.push(command('doorToDoor.finish', { taskId: world.taskId }, at(300)));
  }
  return list;
}

/** What the server holds for one world's day, with every id replaced by its place. */
async function stateOf(world: World, commands: FieldCommand[]) {
  const ids = commands.map((c) => c.id);
  const idList = sql.join(
    ids.map((id) => sql`${id}::uuid`),
    sql`, `,
  );
  const [state] = await queryRows<Record<string, unknown>>(
    t.database.db,
    sql`select
          (select count(*)::int from sync_command where id in (${idList})) as commands,
          (select json_agg(json_build_object('started', p.started_at is not null,
              'finished', p.finished_at is not null, 'result', p.result, 'note', p.note,
              'checkIns', (select count(*) from patrol_check_in c where c.patrol_id = p.id)))
            from patrol p where p.id in (select (payload ->> 'patrolId')::uuid from sync_command
              where id in (${idList}) and kind like 'patrol.%')) as patrols,
          (select coalesce(json_agg(h.title order by h.title), '[]') from hazard h
            where h.id in (select (payload ->> 'hazardId')::uuid from sync_command
              where id in (${idList}) and kind = 'hazard.report')) as hazards,
          (select json_build_object('answered', r.answered_at is not null, 'channel', r.answer_channel,
              'told', r.households_told, 'moved', r.people_moved, 'relayedBy', r.relayed_by)
            from warning_ack r where r.warning_id = ${world.warningId} and r.person_id = ${workerPersonId}) as call,
          (select json_build_object('state', w.state, 'told', w.households_told) from warning_task w
            where w.id = ${world.taskId}) as task,
          (select coalesce(json_agg(json_build_object('household', v.household_id, 'result', v.result)
              order by v.household_id), '[]') from door_to_door_visit v where v.task_id = ${world.taskId}) as visits,
          (select coalesce(json_object_agg(action, n), '{}') from (
            select action, count(*) as n from audit_log
            where entity_id in (select entity_id::text from sync_command where id in (${idList}))
              or (action = 'warning.answer' and after ->> 'warningId' = ${world.warningId})
            group by action) a) as audits`,
  );
  return state;
}

/** The same commands under fresh ids (client and patrol/hazard ids), for a second world. */
function remapped(commands: FieldCommand[], world: World, from: World): FieldCommand[] {
  const map = new Map<string, string>();
  const fresh = (id: string) => map.get(id) ?? map.set(id, randomUUID()).get(id)!;
  return commands.map((c) => {
    const payload = JSON.parse(
      JSON.stringify(c.payload)
        .replaceAll(from.warningId, world.warningId)
        .replaceAll(from.taskId, world.taskId),
    ) as Record<string, unknown>;
    for (const key of ['patrolId', 'hazardId']) {
      if (typeof payload[key] === 'string') {
        payload[key] = fresh(payload[key]);
      }
    }
    return { ...c, id: randomUUID(), payload };
  });
}

describe('replaying an outbox', () => {
  it('gives the same server state sent once in order, twice, or shuffled in pieces', async () => {
    await fc.assert(
      fc.asyncProperty(
        dayArbitrary,
        fc.integer({ min: 0, max: 2 ** 31 - 1 }),
        fc.integer({ min: 1, max: 4 }),
        async (day, seed, pieces) => {
          const inOrder = await warningForGrid();
          const replayed = await warningForGrid();
          const commands = commandsOf(day, inOrder);
          fc.pre(commands.length > 0);
          await push(worker, commands);
          const expected = await stateOf(inOrder, commands);

          // The second world gets every command twice, in a shuffled order, split into pushes.
          const copy = remapped(commands, replayed, inOrder);
          const doubled = [...copy, ...copy];
          let state = seed;
          const shuffled = doubled
            .map((c) => {
              state = (state * 1103515245 + 12345) % 2 ** 31;
              return { c, key: state };
            })
            .sort((a, b) => a.key - b.key)
            .map((entry) => entry.c);
          const size = Math.ceil(shuffled.length / pieces);
          for (let i = 0; i < shuffled.length; i += size) {
            await push(worker, shuffled.slice(i, i + size));
          }
          const actual = await stateOf(replayed, copy);
          expect(actual).toEqual(expected);
        },
      ),
      { numRuns: 12 },
    );
  });
});

// ---------------------------------------------------------------- pull

describe('pulling the grid’s data', () => {
  it('gives the whole grid first, then only what changed, with the duty card', async () => {
    const full = await pull(worker);
    expect(full.full).toBe(true);
    expect(full.offlineDays).toBe(14);
    expect(full.grids).toEqual([
      expect.objectContaining({ id: gridId, mine: true, households: 40 }),
    ]);
    expect(full.households.map((h) => h.label)).toEqual(['一组1号', '一组2号', '一组3号']);
    expect(full.riskPoints.map((p) => p.id)).toEqual([riskPointId]);
    expect(full.hazards.length).toBeGreaterThan(0);
    expect(full.dutyCards).toHaveLength(1);
    expect(full.warnings.every((w) => w.call !== null)).toBe(true);
    // Pulled onto the phone, a call counts as reached on the board.
    const [unreached] = await queryRows<{ n: number }>(
      t.database.db,
      sql`select count(*)::int as n from warning_ack
          where person_id = ${workerPersonId} and reached_at is null`,
    );
    expect(unreached!.n).toBe(0);

    // The cursor is from before the read; only rows changed after it (and a minute's overlap).
    for (const table of ['hazard', 'household', 'risk_point']) {
      await t.database.db.execute(
        sql`update ${sql.identifier(table)} set updated_at = now() - interval '1 hour'`,
      );
    }
    await worker.post('/api/v1/households', { gridId, label: '一组4号', headName: '新户' });
    const delta = await pull(worker, full.cursor);
    expect(delta.full).toBe(false);
    expect(delta.households.map((h) => h.label)).toEqual(['一组4号']);
    expect(delta.riskPoints).toEqual([]);
    expect(delta.hazards).toEqual([]);

    // Another township's worker sees none of it.
    const theirs = await pull(outsider);
    expect(theirs.grids.map((g) => g.id)).toEqual([otherGridId]);
    expect(theirs.households).toEqual([]);
  });

  it('is for field roles only', async () => {
    expect((await county.get('/api/v1/sync/pull')).statusCode).toBe(403);
  });
});

// ---------------------------------------------------------------- patrol records

describe('patrol records (巡查记录)', () => {
  it('shows the office each patrol with its check-ins and hazards, and nothing outside the scope', async () => {
    const patrolId = randomUUID();
    const hazardId = randomUUID();
    await push(worker, [
      command('patrol.start', { patrolId, gridId }, '2026-07-12T00:00:00.000Z'),
      command(
        'patrol.checkIn',
        {
          patrolId,
          gridId,
          riskPointId,
          location: { lon: 113.31, lat: 31.81 },
          result: 'hazardFound',
          hazardId,
        },
        '2026-07-12T00:10:00.000Z',
      ),
      command('hazard.report', {
        hazardId,
        patrolId,
        report: { riskPointId, kind: 'geological', title: '巡查发现落石' },
      }),
      command(
        'patrol.finish',
        { patrolId, gridId, result: 'hazardsFound' },
        '2026-07-12T01:00:00.000Z',
      ),
    ]);
    const list = await office.get(`/api/v1/patrols?regionCode=${village}&limit=100`);
    expect(list.statusCode, list.body).toBe(200);
    const record = list.json<{ items: Patrol[] }>().items.find((p) => p.id === patrolId);
    expect(record).toMatchObject({
      gridName: '一组',
      workerName: expect.any(String) as unknown,
      startedAt: '2026-07-12T00:00:00.000Z',
      finishedAt: '2026-07-12T01:00:00.000Z',
      result: 'hazardsFound',
      checkIns: [
        expect.objectContaining({ riskPointName: '后山滑坡点', result: 'hazardFound', hazardId }),
      ],
      hazards: [expect.objectContaining({ id: hazardId, title: '巡查发现落石' })],
    });
    const theirs = await outsider.get('/api/v1/patrols?limit=100');
    expect(theirs.json<{ items: Patrol[] }>().items.map((p) => p.id)).not.toContain(patrolId);
    expect((await outsider.get(`/api/v1/patrols?regionCode=${village}`)).statusCode).toBe(403);
  });
});

// ---------------------------------------------------------------- SMS fallback

describe('短信兜底', () => {
  const text = (from: string, body: string, messageId?: string) =>
    t.app.inject({
      method: 'POST',
      url: '/api/v1/gateway/inbound',
      headers: { 'x-gateway-token': inboundToken },
      payload: { kind: 'reply', from, text: body, ...(messageId ? { messageId } : {}) },
    });

  it('reads kind, grade and text, and explains what it cannot read', () => {
    expect(parseHazardText(' 火灾 一般 3组仓库电线老化')).toEqual({
      kind: 'fire',
      suspectedMajor: false,
      text: '3组仓库电线老化',
    });
    expect(parseHazardText('滑坡，重大，后山裂缝')).toEqual({
      kind: 'geological',
      suspectedMajor: true,
      text: '后山裂缝',
    });
    expect(parseHazardText('防汛 桥洞积水')).toMatchObject({ kind: 'flood', text: '桥洞积水' });
    expect(parseHazardText('怪事 一般 什么')).toMatchObject({
      error: expect.stringContaining('类别') as unknown,
    });
    expect(parseHazardText('火灾 一般')).toMatchObject({
      error: expect.stringContaining('内容') as unknown,
    });
  });

  it('files a hazard from a text once, however often the gateway posts it, and replies with its number', async () => {
    const first = await text('+86 139 0000 5001', 'YH 用电 一般 3组仓库电线老化', 'sms-1');
    expect(first.statusCode, first.body).toBe(200);
    const reply = first.json<{ reply: string }>().reply;
    expect(reply).toMatch(/已收到隐患报告，编号YH\d+/);
    const again = await text('13900005001', 'YH 用电 一般 3组仓库电线老化', 'sms-1');
    expect(again.json<{ reply: string }>().reply).toBe(reply);
    const rows = await queryRows<{ n: number; origin: string; gridId: string }>(
      t.database.db,
      sql`select count(*)::int as n, min(origin) as origin, min(grid_id::text) as "gridId"
          from hazard where title = '3组仓库电线老化'`,
    );
    expect(rows[0]).toEqual({ n: 1, origin: 'gridPatrol', gridId });
  });

  it('flags a "重大" text for grading, records XC as a patrol with nothing found, and refuses strangers', async () => {
    const major = await text('13900005001', 'YH 危房 重大 五保户房屋墙体开裂', 'sms-2');
    expect(major.json<{ reply: string }>().reply).toMatch(/重大隐患，请同时电话报告/);
    const patrol = await text('13900005001', 'XC', 'sms-3');
    expect(patrol.json<{ reply: string }>().reply).toBe('已登记一组巡查：无异常。');
    const [row] = await queryRows<{ result: string; started: boolean }>(
      t.database.db,
      sql`select result, started_at is not null as started from patrol
          where user_id = ${worker.userId} and result = 'nothingFound' order by created_at desc limit 1`,
    );
    expect(row).toEqual({ result: 'nothingFound', started: true });
    const bad = await text('13900005001', 'YH 怪事 一般 什么');
    expect(bad.json<{ reply: string }>().reply).toMatch(/没有认出隐患类别/);
    const stranger = await text('13700000000', 'YH 火灾 一般 起火了');
    expect(stranger.json<{ reply: string }>().reply).toMatch(/没有开通/);
  });
});
