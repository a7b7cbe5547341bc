import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import {
  allowedHazardActions,
  hazardActionRoles,
  hazardActions,
  hazardTransitions,
  mapFeatures,
  roles,
  type Attachment,
  type Hazard,
  type HazardAction,
  type HazardCount,
  type HazardEvent,
  type HazardPage,
  type HazardState,
  type HazardStats,
  type Inspection,
  type MapLayerResponse,
  type Notification,
  type Person,
  type PublicReport,
  type RandomDraw,
  type RandomDrawCheck,
  type Role,
  type Summons,
  type Unit,
} from '@lastmile/shared';
import { queryRows } from '../../db/client';
import { buildTestApp, type TestApp, type TestClient } from '../../test/build-test-app';
import { seededDraw } from '../../lib/seeded-draw';
import { hazardLedgerBatches } from './hazards.repository';
import { medianOfDays, rebuildHazardTally } from './hazards.reports';
import { escalateSilentSummons, hoursOverdue, superviseOverdueHazards } from './supervision';

const township = '421321101000';
const village = '421321101200';

let t: TestApp;
let office: TestClient;
let otherOffice: TestClient;
let worker: TestClient;
let workerPerson: Person;
let accepter: TestClient;
let accepterPerson: Person;
let leader: Person;
let county: TestClient;
let unit: Unit;
let photo: string;
let afterPhoto: string;

/** A page of a list endpoint. */
type List<T> = { items: T[]; total: number };
/** An error answer. */
type ApiError = { code: string; details?: unknown };

async function jpeg(colour: string): Promise<Buffer> {
  return sharp({ create: { width: 64, height: 48, channels: 3, background: colour } })
    .jpeg()
    .toBuffer();
}

async function upload(client: TestClient, body: Buffer, type = 'image/jpeg', query = '') {
  return client.request({
    method: 'POST',
    url: `/api/v1/attachments${query}`,
    payload: body,
    headers: { 'content-type': type },
  });
}

async function person(
  client: TestClient,
  name: string,
  mobile: string,
  regionCode: string,
  userId?: string,
) {
  const response = await client.post('/api/v1/org/people', {
    name,
    mobile,
    regionCode,
    userId: userId ?? null,
  });
  expect(response.statusCode, response.body).toBe(201);
  return response.json<Person>();
}

beforeAll(async () => {
  t = await buildTestApp();
  office = await t.signInAs('township_staff', '421321101');
  otherOffice = await t.signInAs('township_staff', '421321102');
  worker = await t.signInAs('grid_worker', village);
  accepter = await t.signInAs('village_staff', village);
  county = await t.signInAs('county_staff', '421321');
  workerPerson = await person(office, '网格员甲', '13900002001', village, worker.userId);
  accepterPerson = await person(office, '村干部乙', '13900002002', village, accepter.userId);
  leader = await person(office, '分管领导丙', '13900002003', township);
  const post = await office.post(`/api/v1/org/people/${leader.id}/posts`, {
    kind: 'leaderInCharge',
    regionCode: township,
  });
  expect(post.statusCode, post.body).toBe(200);
  const created = await office.post('/api/v1/units', {
    regionCode: village,
    name: '厉山镇测试饭店',
    sector: 'commerce',
    category: 'smallRestaurant',
    status: 'operating',
  });
  expect(created.statusCode, created.body).toBe(201);
  unit = created.json<Unit>();
  photo = (await upload(worker, await jpeg('#c00'))).json<Attachment>().id;
  afterPhoto = (await upload(worker, await jpeg('#0c0'))).json<Attachment>().id;
});
afterAll(() => t.close());

async function report(
  client: TestClient = worker,
  body: Record<string, unknown> = {},
): Promise<Hazard> {
  const response = await client.post('/api/v1/hazards', {
    regionCode: village,
    kind: 'fire',
    title: '楼道堆放杂物',
    photoIds: [photo],
    ...body,
  });
  expect(response.statusCode, response.body).toBe(201);
  return response.json<Hazard>();
}

async function newGrid(regionCode: string, name: string): Promise<{ id: string }> {
  const response = await office.post('/api/v1/org/grids', {
    regionCode,
    name,
    kind: 'villagerGroup',
  });
  expect(response.statusCode, response.body).toBe(201);
  return response.json<{ id: string }>();
}

async function act(client: TestClient, id: string, body: Record<string, unknown>) {
  return client.post(`/api/v1/hazards/${id}/transitions`, body);
}

const assignBody = () => ({
  action: 'assign',
  responsiblePersonId: workerPerson.id,
  measures: '清理杂物，设置警示',
  temporaryMeasures: '拉警戒线',
  fundsYuan: 200,
  acceptanceStandard: '通道畅通',
  accepterPersonId: accepterPerson.id,
});

describe('attachments', () => {
  it('re-encodes an upload, answers a retried client id with the same row, and refuses non-images', async () => {
    const id = '0191d9c4-7a1b-7c3e-9f00-00000000a001';
    const first = await upload(worker, await jpeg('#00f'), 'image/jpeg', `?id=${id}`);
    expect(first.statusCode, first.body).toBe(201);
    expect(first.json()).toMatchObject({ id, mediaType: 'image/jpeg', width: 64, height: 48 });
    const again = await upload(worker, await jpeg('#00f'), 'image/jpeg', `?id=${id}`);
    expect(again.statusCode).toBe(200);
    const bytes = await worker.get(`/api/v1/attachments/${id}`);
    expect(bytes.statusCode).toBe(200);
    expect(bytes.headers['content-type']).toBe('image/jpeg');
    expect((await sharp(bytes.rawPayload).metadata()).format).toBe('jpeg');

    const fake = await upload(worker, Buffer.from('<svg onload=alert(1)>'), 'image/png');
    expect(fake.statusCode).toBe(422);
    expect(fake.json<ApiError>().code).toBe('ATTACHMENT_UNREADABLE');
    const svg = await upload(worker, Buffer.from('<svg/>'), 'image/svg+xml');
    expect(svg.statusCode).toBe(415);
  });
});

describe('the closed loop', () => {
  it('runs a hazard from report to closure, with a timeline from the audit log', async () => {
    const found = await report();
    expect(found).toMatchObject({
      state: 'reported',
      origin: 'gridPatrol',
      grade: 'general',
      photoIds: [photo],
    });
    expect(found.number).toMatch(/^YH\d{4}\d{7}$/);
    expect(found.allowedActions).toEqual([]);

    const verified = (
      await act(office, found.id, { action: 'verify', note: '属实' })
    ).json<Hazard>();
    expect(verified.state).toBe('verified');
    const assigned = await act(office, found.id, assignBody());
    expect(assigned.statusCode, assigned.body).toBe(200);
    const hazard = assigned.json<Hazard>();
    expect(hazard.state).toBe('assigned');
    expect(hazard.assignment).toMatchObject({
      responsible: { personId: workerPerson.id },
      accepter: { personId: accepterPerson.id },
      measures: '清理杂物，设置警示',
      fundsYuan: 200,
    });
    // Default deadline: 30 days for a general hazard.
    const expected = new Date(Date.now() + 8 * 3600_000 + 30 * 86_400_000)
      .toISOString()
      .slice(0, 10);
    expect(hazard.assignment!.deadline).toBe(expected);

    const mine = (await worker.get('/api/v1/hazards?mine=true')).json<HazardPage>();
    expect(mine.items.map((item) => item.id)).toContain(found.id);
    const listedMine = mine.items.find((item) => item.id === found.id)!;
    expect(listedMine.responsible).toEqual({ name: workerPerson.name, phone: workerPerson.mobile });
    expect(listedMine.deadline).toBe(expected);
    expect((await worker.get(`/api/v1/hazards/${found.id}`)).json<Hazard>().allowedActions).toEqual(
      ['startRectification', 'submit'],
    );

    expect(
      (await act(worker, found.id, { action: 'startRectification' })).json<Hazard>().state,
    ).toBe('rectifying');
    const noPhoto = await act(worker, found.id, { action: 'submit', photoIds: [], note: '已清理' });
    expect(noPhoto.statusCode).toBe(400);
    const submitted = await act(worker, found.id, {
      action: 'submit',
      photoIds: [afterPhoto],
      note: '已清理',
    });
    expect(submitted.json()).toMatchObject({
      state: 'submitted',
      rectification: { note: '已清理', photoIds: [afterPhoto] },
    });

    const failed = await act(accepter, found.id, { action: 'failAcceptance', reason: '仍有纸箱' });
    expect(failed.json<Hazard>().state).toBe('rectifying');
    await act(worker, found.id, { action: 'submit', photoIds: [afterPhoto], note: '纸箱也已清走' });
    const accepted = await act(accepter, found.id, { action: 'accept', note: '合格' });
    expect(accepted.json<Hazard>().state).toBe('accepted');
    const closed = await act(office, found.id, { action: 'close', note: '销号' });
    expect(closed.json()).toMatchObject({ state: 'closed', closure: { note: '销号' } });

    const timeline = (await office.get(`/api/v1/hazards/${found.id}/timeline`)).json<{
      items: HazardEvent[];
    }>().items;
    expect(timeline.map((event) => event.action)).toEqual([
      'create',
      'verify',
      'assign',
      'startRectification',
      'submit',
      'failAcceptance',
      'submit',
      'accept',
      'close',
    ]);
    expect(timeline[4]).toMatchObject({
      fromState: 'rectifying',
      toState: 'submitted',
      photoIds: [afterPhoto],
      note: '已清理',
    });
    expect(timeline[5]).toMatchObject({ note: '仍有纸箱', toState: 'rectifying' });
    expect(timeline.at(-1)!.actor.userId).toBe(office.userId);
  });

  it('never lets the rectifier accept their own work', async () => {
    const found = await report();
    await act(office, found.id, { action: 'verify' });
    await act(office, found.id, assignBody());
    await act(worker, found.id, { action: 'submit', photoIds: [afterPhoto], note: '好了' });
    // The worker submitted: the grid worker cannot accept at all, the office can.
    expect((await act(worker, found.id, { action: 'accept' })).statusCode).toBe(403);
    expect((await act(office, found.id, { action: 'accept' })).statusCode).toBe(200);

    // An office user who submitted cannot accept it.
    const second = await report();
    await act(office, second.id, { action: 'verify' });
    await act(office, second.id, assignBody());
    await act(office, second.id, { action: 'submit', photoIds: [afterPhoto], note: '代为整改' });
    const own = await act(office, second.id, { action: 'accept' });
    expect(own.statusCode).toBe(403);
    expect(own.json<ApiError>().code).toBe('HAZARD_ACCEPTER_IS_RECTIFIER');
    const byOther = await act(accepter, second.id, { action: 'accept' });
    expect(byOther.statusCode).toBe(200);

    // Naming the responsible person as the accepter is refused at assignment.
    const third = await report();
    await act(office, third.id, { action: 'verify' });
    const same = await act(office, third.id, {
      ...assignBody(),
      accepterPersonId: workerPerson.id,
    });
    expect(same.json<ApiError>().code).toBe('HAZARD_ACCEPTER_IS_RECTIFIER');
  });

  it('lets village staff accept only as the accepter the 五定 named; the office may stand in', async () => {
    const neighbour = await t.signInAs('village_staff', village);
    await person(office, '村干部丁', '13900002004', village, neighbour.userId);
    const submitted = async () => {
      const found = await report();
      await act(office, found.id, { action: 'verify' });
      await act(office, found.id, assignBody());
      await act(worker, found.id, { action: 'submit', photoIds: [afterPhoto], note: '已清理' });
      return found;
    };
    const allowed = async (client: TestClient, id: string) =>
      (await client.get(`/api/v1/hazards/${id}`)).json<Hazard>().allowedActions;

    const first = await submitted();
    for (const body of [{ action: 'accept' }, { action: 'failAcceptance', reason: '不合格' }]) {
      const refused = await act(neighbour, first.id, body);
      expect(refused.statusCode, refused.body).toBe(403);
      expect(refused.json<ApiError>().code).toBe('HAZARD_NOT_ACCEPTER');
    }
    expect(await allowed(neighbour, first.id)).toEqual([]);
    expect(await allowed(accepter, first.id)).toEqual(['accept', 'failAcceptance']);
    const accepted = await act(accepter, first.id, { action: 'accept' });
    expect(accepted.json<Hazard>().state).toBe('accepted');

    // The township office accepts in the named accepter's stead.
    const second = await submitted();
    expect((await act(office, second.id, { action: 'accept' })).json<Hazard>().state).toBe(
      'accepted',
    );
  });

  it('fixes a general hazard on the spot straight to acceptance, never a major one', async () => {
    const fixed = await report(worker, {
      fixedOnSpot: { afterPhotoIds: [afterPhoto], note: '当场拔掉私拉电线' },
      kind: 'electrical',
    });
    expect(fixed).toMatchObject({
      state: 'submitted',
      fixedOnSpot: true,
      rectification: { photoIds: [afterPhoto] },
    });
    expect(fixed.allowedActions).toEqual([]);
    const accepted = await act(accepter, fixed.id, { action: 'accept' });
    expect(accepted.statusCode, accepted.body).toBe(200);

    const noBefore = await worker.post('/api/v1/hazards', {
      regionCode: village,
      kind: 'fire',
      title: '无照片',
      fixedOnSpot: { afterPhotoIds: [afterPhoto], note: 'x' },
    });
    expect(noBefore.statusCode).toBe(400);
    const major = await worker.post('/api/v1/hazards', {
      regionCode: village,
      kind: 'fire',
      grade: 'major',
      standardCode: 'fire2025',
      title: '重大',
      photoIds: [photo],
      fixedOnSpot: { afterPhotoIds: [afterPhoto], note: 'x' },
    });
    expect(major.statusCode).toBe(400);
  });

  it('answers a new hazard exactly as it reads back, whatever it was created with', async () => {
    const grid = await newGrid(village, '回读网格');
    const point = await office.post('/api/v1/risk-points', {
      regionCode: village,
      name: '回读风险点',
      kind: 'lowLyingFlood',
      level: 'general',
      gridId: grid.id,
      location: { lon: 113.3, lat: 31.7 },
    });
    expect(point.statusCode, point.body).toBe(201);
    const cases: [TestClient, Record<string, unknown>][] = [
      [worker, { description: '说明', address: '一组', location: { lon: 113.31, lat: 31.71 } }],
      [office, { unitId: unit.id, regionCode: undefined, sector: undefined }],
      [office, { riskPointId: point.json<{ id: string }>().id, regionCode: undefined }],
      [worker, { fixedOnSpot: { afterPhotoIds: [afterPhoto], note: '当场整改' } }],
      [office, { regionCode: township, grade: 'major', standardCode: 'fire2025' }],
    ];
    const created: Hazard[] = [];
    for (const [client, body] of cases) {
      const hazard = await report(client, body);
      // The same caller reads it back: its allowed actions are the caller's.
      const read = await client.get(`/api/v1/hazards/${hazard.id}`);
      expect(read.statusCode, read.body).toBe(200);
      expect(hazard).toEqual(read.json<Hazard>());
      created.push(hazard);
    }
    expect(created[1]).toMatchObject({ unitName: unit.name, sector: 'commerce' });
    expect(created[2]).toMatchObject({ riskPointName: '回读风险点', gridName: '回读网格' });
    expect(created[4]).toMatchObject({
      townshipName: created[0]!.townshipName,
      regionName: created[0]!.townshipName,
    });
  });

  it('writes nothing, not even an audit row, when the place does not hold, and says why', async () => {
    const counts = async () =>
      (
        await queryRows<{ hazards: number; audits: number }>(
          t.database.db,
          sql`select (select count(*)::int from hazard) as hazards,
                (select count(*)::int from audit_log where action = 'hazard.create') as audits`,
        )
      )[0]!;
    const before = await counts();
    const otherVillage = await newGrid('421321101201', '别村网格');
    const refused: [TestClient, Record<string, unknown>, number, string][] = [
      [county, { regionCode: '421321000000' }, 400, 'REGION_LEVEL_INVALID'],
      [office, { regionCode: '421321101299' }, 404, 'REGION_NOT_FOUND'],
      [office, { gridId: otherVillage.id }, 400, 'GRID_OUTSIDE_REGION'],
      [office, { gridId: '00000000-0000-4000-8000-000000000000' }, 404, 'GRID_NOT_FOUND'],
      [office, { regionCode: '421321102200' }, 403, 'OUT_OF_SCOPE'],
    ];
    for (const [client, body, status, code] of refused) {
      const response = await client.post('/api/v1/hazards', {
        regionCode: village,
        kind: 'fire',
        title: '不应写入',
        photoIds: [],
        ...body,
      });
      expect(response.statusCode, JSON.stringify(body)).toBe(status);
      expect(response.json<ApiError>().code).toBe(code);
    }
    expect(await counts()).toEqual(before);
  });

  it('rejects with a reason, merges duplicates, refuses steps out of order', async () => {
    const first = await report();
    const rejected = await act(office, first.id, { action: 'reject', reason: '经核实不存在' });
    expect(rejected.json()).toMatchObject({ state: 'rejected', rejectReason: '经核实不存在' });
    const again = await act(office, first.id, { action: 'verify' });
    expect(again.statusCode).toBe(409);
    expect(again.json<ApiError>().code).toBe('HAZARD_TRANSITION_NOT_ALLOWED');

    const original = await report();
    const duplicate = await report();
    const merged = await act(office, duplicate.id, { action: 'merge', intoId: original.id });
    expect(merged.json()).toMatchObject({ state: 'merged', mergedIntoId: original.id });
    const intoItself = await act(office, original.id, { action: 'merge', intoId: original.id });
    expect(intoItself.json<ApiError>().code).toBe('HAZARD_MERGE_TARGET_INVALID');
    const intoClosed = await act(office, original.id, { action: 'merge', intoId: first.id });
    expect(intoClosed.json<ApiError>().code).toBe('HAZARD_MERGE_TARGET_INVALID');
  });

  it('needs a treatment plan and a standard for a major hazard, reports it to the county at once, lists it', async () => {
    const noStandard = await office.post('/api/v1/hazards', {
      regionCode: village,
      kind: 'gas',
      grade: 'major',
      title: '燃气管道腐蚀',
    });
    expect(noStandard.statusCode).toBe(400);
    const unknown = await office.post('/api/v1/hazards', {
      regionCode: village,
      kind: 'gas',
      grade: 'major',
      standardCode: 'nope',
      title: '燃气管道腐蚀',
    });
    expect(unknown.json<ApiError>().code).toBe('HAZARD_STANDARD_UNKNOWN');
    const major = await report(office, {
      kind: 'gas',
      grade: 'major',
      standardCode: 'gas2023',
      title: '燃气管道腐蚀',
      unitId: unit.id,
    });
    expect(major.reportedToCountyAt).not.toBeNull();
    expect(major.sector).toBe('commerce');
    const notices = (await county.get('/api/v1/notifications')).json<List<Notification>>();
    expect(
      notices.items.some(
        (notice) => notice.kind === 'hazard.major' && notice.entityId === major.id,
      ),
    ).toBe(true);

    await act(office, major.id, { action: 'verify' });
    const noPlan = await act(office, major.id, assignBody());
    expect(noPlan.statusCode).toBe(422);
    expect(noPlan.json<ApiError>().code).toBe('HAZARD_PLAN_REQUIRED');
    const plan = {
      goal: '消除管道腐蚀泄漏风险',
      measures: '更换腐蚀管段',
      fundsAndMaterials: '企业自筹 2 万元',
      people: '企业安全负责人',
      timeLimit: '90 日',
      safetyMeasures: '停气作业，现场监护，编制应急处置方案',
    };
    const assigned = await act(office, major.id, { ...assignBody(), treatmentPlan: plan });
    expect(assigned.json()).toMatchObject({ state: 'assigned', treatmentPlan: plan });
    expect(assigned.json<Hazard>().assignment!.deadline).toBe(
      new Date(Date.now() + 8 * 3600_000 + 90 * 86_400_000).toISOString().slice(0, 10),
    );

    const list = (await county.get('/api/v1/major-hazards')).json<List<Hazard>>();
    expect(list.items.every((item) => item.grade === 'major')).toBe(true);
    expect(list.items.map((item) => item.id)).toContain(major.id);

    // Only the county (or the owning department) closes a major hazard; a village may not accept it.
    await act(worker, major.id, { action: 'submit', photoIds: [afterPhoto], note: '已更换' });
    const byVillage = await act(accepter, major.id, { action: 'accept' });
    expect(byVillage.statusCode).toBe(403);
    await act(otherOffice, major.id, { action: 'accept' }).then((response) =>
      expect(response.statusCode).toBe(404),
    );
    expect((await act(office, major.id, { action: 'accept' })).statusCode).toBe(200);
    expect((await act(office, major.id, { action: 'close' })).statusCode).toBe(403);
    expect((await act(county, major.id, { action: 'close' })).json<Hazard>().state).toBe('closed');
  });
});

describe('every transition, allowed and refused, per role', () => {
  const placeByRole: Record<Role, string> = {
    county_admin: '421321',
    county_staff: '421321',
    department: '421321',
    township_admin: '421321101',
    township_staff: '421321101',
    village_staff: village,
    grid_worker: village,
  };
  const clients = new Map<Role, TestClient>();
  const samples: Record<string, Record<string, unknown>> = {
    verify: { action: 'verify' },
    reject: { action: 'reject', reason: '不属实' },
    merge: { action: 'merge' },
    assign: {},
    startRectification: { action: 'startRectification' },
    submit: { action: 'submit', note: '已整改' },
    accept: { action: 'accept' },
    failAcceptance: { action: 'failAcceptance', reason: '不合格' },
    close: { action: 'close' },
  };
  /** Walks a fresh hazard to `state` as the office (and the assigned worker). */
  async function hazardIn(state: HazardState): Promise<Hazard> {
    const hazard = await report();
    const path: Record<string, Record<string, unknown>[]> = {
      reported: [],
      verified: [{ action: 'verify' }],
      rejected: [{ action: 'reject', reason: 'x' }],
      assigned: [{ action: 'verify' }, assignBody()],
      rectifying: [{ action: 'verify' }, assignBody(), { action: 'startRectification' }],
      submitted: [
        { action: 'verify' },
        assignBody(),
        { action: 'submit', photoIds: [afterPhoto], note: 'x' },
      ],
      accepted: [
        { action: 'verify' },
        assignBody(),
        { action: 'submit', photoIds: [afterPhoto], note: 'x' },
        { action: 'accept' },
      ],
    };
    for (const step of path[state] ?? []) {
      const by = step.action === 'submit' ? worker : step.action === 'accept' ? accepter : office;
      const response = await act(by, hazard.id, step);
      expect(response.statusCode, `${state} ${JSON.stringify(step)} ${response.body}`).toBe(200);
    }
    return hazard;
  }

  it('matches the shared state machine for every role, action and state', async () => {
    for (const role of roles) {
      clients.set(role, await t.signInAs(role, placeByRole[role]));
    }
    const states = [
      'reported',
      'verified',
      'rejected',
      'assigned',
      'rectifying',
      'submitted',
      'accepted',
    ] as const;
    const target = await report();
    const ready: Partial<Record<(typeof states)[number], Hazard>> = {};
    let checked = 0;
    for (const state of states) {
      for (const action of hazardActions as readonly HazardAction[]) {
        for (const role of roles) {
          // A refused step changes nothing, so a hazard is reused until a step succeeds.
          const hazard = (ready[state] ??= await hazardIn(state));
          const body =
            action === 'assign'
              ? assignBody()
              : action === 'merge'
                ? { action, intoId: target.id }
                : action === 'submit'
                  ? { ...samples.submit, action, photoIds: [afterPhoto] }
                  : samples[action]!;
          const response = await act(clients.get(role)!, hazard.id, body);
          const roleOk = hazardActionRoles(action, 'general').includes(role);
          const stateOk = hazardTransitions[action].from.includes(state);
          // Village and grid staff rectify only their own; departments only what they took on;
          // village staff accept only as the named accepter (this one is not).
          const notOwner =
            role === 'department' ||
            ((role === 'grid_worker' || role === 'village_staff') &&
              (action === 'submit' || action === 'startRectification')) ||
            (role === 'village_staff' && (action === 'accept' || action === 'failAcceptance'));
          const expected = !roleOk ? 403 : !stateOk ? 409 : notOwner ? 403 : 200;
          expect(response.statusCode, `${role} ${action} on ${state}: ${response.body}`).toBe(
            expected,
          );
          if (expected === 200) {
            delete ready[state];
            expect(response.json<Hazard>().state).toBe(hazardTransitions[action].to);
            expect(allowedHazardActions(state, 'general', role)).toContain(action);
          }
          checked += 1;
        }
      }
    }
    expect(checked).toBe(states.length * hazardActions.length * roles.length);
  }, 240_000);
});

describe('supervision (督办) on a fake clock', () => {
  it('tells the responsible person, then the township leader, then the county, each once', async () => {
    const hazard = await report();
    await act(office, hazard.id, { action: 'verify' });
    await act(office, hazard.id, { ...assignBody(), deadline: '2026-01-10' });
    const deadlineEnd = Date.parse('2026-01-10T24:00:00+08:00');
    const at = (hours: number) => new Date(deadlineEnd + hours * 3600_000);
    expect(hoursOverdue('2026-01-10', at(5))).toBeCloseTo(5);

    const levelOf = async () =>
      (
        await queryRows<{ level: number }>(
          t.database.db,
          sql`select supervision_level as level from hazard where id = ${hazard.id}`,
        )
      )[0]!.level;
    const noticesFor = async (kind: string) =>
      (
        await queryRows<{ n: number }>(
          t.database.db,
          sql`select count(*)::int as n from notification where entity_id = ${hazard.id} and kind = ${kind}`,
        )
      )[0]!.n;

    await superviseOverdueHazards(t.database.db, at(-1));
    expect(await levelOf()).toBe(0);
    await superviseOverdueHazards(t.database.db, at(1));
    expect(await levelOf()).toBe(1);
    expect(await noticesFor('hazard.supervise.responsible')).toBe(1);
    // Running again at the same time sends nothing twice.
    await superviseOverdueHazards(t.database.db, at(2));
    expect(await noticesFor('hazard.supervise.responsible')).toBe(1);
    await superviseOverdueHazards(t.database.db, at(25));
    expect(await levelOf()).toBe(2);
    // The leader in charge (a person) and the township office.
    expect(await noticesFor('hazard.supervise.townshipLeader')).toBe(2);
    await superviseOverdueHazards(t.database.db, at(73));
    expect(await levelOf()).toBe(3);
    expect(await noticesFor('hazard.supervise.county')).toBe(1);
    const countyNotices = (await county.get('/api/v1/notifications?unread=true')).json<
      List<Notification>
    >();
    expect(
      countyNotices.items.some(
        (notice) => notice.kind === 'hazard.supervise.county' && notice.entityId === hazard.id,
      ),
    ).toBe(true);
    const workerNotices = (await worker.get('/api/v1/notifications')).json<List<Notification>>();
    expect(
      workerNotices.items.some((notice) => notice.kind === 'hazard.supervise.responsible'),
    ).toBe(true);

    const timeline = (await office.get(`/api/v1/hazards/${hazard.id}/timeline`)).json<{
      items: HazardEvent[];
    }>().items;
    expect(
      timeline.filter((event) => event.action === 'supervise').map((event) => event.details.level),
    ).toEqual([1, 2, 3]);
    const listed = (await office.get('/api/v1/hazards?overdue=true')).json<HazardPage>();
    expect(listed.items.find((item) => item.id === hazard.id)).toMatchObject({
      overdue: true,
      supervisionLevel: 3,
    });

    // Everything at once when the server was down for days: all three rungs in one pass.
    const late = await report();
    await act(office, late.id, { action: 'verify' });
    await act(office, late.id, { ...assignBody(), deadline: '2026-01-10' });
    await superviseOverdueHazards(t.database.db, at(200));
    const [row] = await queryRows<{ level: number }>(
      t.database.db,
      sql`select supervision_level as level from hazard where id = ${late.id}`,
    );
    expect(row!.level).toBe(3);
  });
});

describe('summoning a department (吹哨报到)', () => {
  it('reaches the sector’s department, which accepts and then owns the rectification', async () => {
    const department = await t.signInAs('department', '421321');
    const commerce = await t.signInAs('department', '421321');
    await t.database.db.execute(
      sql`update app_user set department = '县商务局' where id = ${department.userId}`,
    );
    await t.database.db.execute(
      sql`update app_user set department = '县应急管理局' where id = ${commerce.userId}`,
    );
    const hazard = await report(office, { unitId: unit.id, title: '饭店燃气软管老化' });
    await act(office, hazard.id, { action: 'verify' });
    const summoned = await office.post(`/api/v1/hazards/${hazard.id}/summons`, {
      note: '请商务局牵头整改',
    });
    expect(summoned.statusCode, summoned.body).toBe(201);
    const summons = summoned.json<Summons>();
    expect(summons).toMatchObject({ department: '县商务局', state: 'pending', sector: 'commerce' });
    const twice = await office.post(`/api/v1/hazards/${hazard.id}/summons`, { note: '再催' });
    expect(twice.json<ApiError>().code).toBe('SUMMONS_PENDING');

    expect(
      (await department.get('/api/v1/summons')).json<List<Summons>>().items.map((item) => item.id),
    ).toContain(summons.id);
    expect(
      (await commerce.get('/api/v1/summons')).json<List<Summons>>().items.map((item) => item.id),
    ).not.toContain(summons.id);
    const wrong = await commerce.post(`/api/v1/summons/${summons.id}/response`, {
      response: 'accept',
    });
    expect(wrong.statusCode).toBe(404);
    const noReason = await department.post(`/api/v1/summons/${summons.id}/response`, {
      response: 'decline',
    });
    expect(noReason.statusCode).toBe(400);

    // Before accepting, the department may not act on the hazard.
    expect((await act(department, hazard.id, assignBody())).json<ApiError>().code).toBe(
      'HAZARD_NOT_OWNED',
    );
    const accepted = await department.post(`/api/v1/summons/${summons.id}/response`, {
      response: 'accept',
    });
    expect(accepted.json()).toMatchObject({
      state: 'accepted',
      respondedBy: { userId: department.userId },
    });
    expect(
      (
        await department.post(`/api/v1/summons/${summons.id}/response`, { response: 'accept' })
      ).json<ApiError>().code,
    ).toBe('SUMMONS_ALREADY_ANSWERED');
    const assigned = await act(department, hazard.id, assignBody());
    expect(assigned.statusCode, assigned.body).toBe(200);
    const timeline = (await office.get(`/api/v1/hazards/${hazard.id}/timeline`)).json<{
      items: HazardEvent[];
    }>().items;
    expect(timeline.map((event) => event.action)).toEqual([
      'create',
      'verify',
      'summon',
      'respondSummons',
      'assign',
    ]);
  });

  it('transfers to the right department, and escalates silence to the county office', async () => {
    const department = await t.signInAs('department', '421321');
    await t.database.db.execute(
      sql`update app_user set department = '县商务局' where id = ${department.userId}`,
    );
    const hazard = await report(office, { unitId: unit.id, title: '饭店后厨电线老化' });
    const summons = (
      await office.post(`/api/v1/hazards/${hazard.id}/summons`, { note: '请报到' })
    ).json<Summons>();
    const unknown = await department.post(`/api/v1/summons/${summons.id}/response`, {
      response: 'transfer',
      reason: '不归我们',
      department: '县不存在局',
    });
    expect(unknown.json<ApiError>().code).toBe('DEPARTMENT_UNKNOWN');
    const transferred = await department.post(`/api/v1/summons/${summons.id}/response`, {
      response: 'transfer',
      reason: '用电归消防',
      department: '县消防救援大队',
    });
    expect(transferred.json()).toMatchObject({
      state: 'transferred',
      transferredTo: '县消防救援大队',
    });
    const next = (await office.get(`/api/v1/hazards/${hazard.id}`)).json<Hazard>().summons!;
    expect(next).toMatchObject({ department: '县消防救援大队', state: 'pending' });

    const escalated = await escalateSilentSummons(
      t.database.db,
      new Date(Date.now() + 25 * 3600_000),
    );
    expect(escalated).toBeGreaterThanOrEqual(1);
    const after = (await office.get(`/api/v1/hazards/${hazard.id}`)).json<Hazard>().summons!;
    expect(after.state).toBe('escalated');
    const notices = (await county.get('/api/v1/notifications')).json<List<Notification>>();
    expect(
      notices.items.some(
        (notice) => notice.kind === 'summons.escalated' && notice.entityId === hazard.id,
      ),
    ).toBe(true);
  });
});

describe('inspections and random draws (双随机)', () => {
  it('records an inspection whose findings become hazards of the unit', async () => {
    const checklist = (
      await office.get('/api/v1/inspection-checklist?category=smallRestaurant')
    ).json<{ category: string; items: string[] }>();
    expect(checklist.items.length).toBeGreaterThan(2);
    const created = await office.post('/api/v1/inspections', {
      unitId: unit.id,
      inspectedOn: '2026-11-20',
      inspectors: ['张三', '李四'],
      unannounced: true,
      checklist: checklist.items.map((item, index) => ({
        item,
        result: index === 0 ? 'fail' : 'pass',
      })),
      findings: [{ title: '未安装可燃气体报警装置', kind: 'gas' }],
    });
    expect(created.statusCode, created.body).toBe(201);
    const inspection = created.json<Inspection>();
    expect(inspection).toMatchObject({
      unannounced: true,
      inspectors: ['张三', '李四'],
      unitName: unit.name,
    });
    expect(inspection.hazardIds).toHaveLength(1);
    const hazard = (await office.get(`/api/v1/hazards/${inspection.hazardIds[0]}`)).json<Hazard>();
    expect(hazard).toMatchObject({
      state: 'verified',
      origin: 'officeInspection',
      unitId: unit.id,
    });
    const reread = (await office.get(`/api/v1/units/${unit.id}`)).json<Unit>();
    expect(reread.lastInspectedAt).toBe('2026-11-19T16:00:00.000Z');
  });

  it('draws the same units and inspectors again from the same seed', async () => {
    expect(seededDraw(['c', 'a', 'b', 'd'], 2, 'seed')).toEqual(
      seededDraw(['d', 'b', 'a', 'c'], 2, 'seed'),
    );
    expect(new Set(seededDraw(['a', 'b', 'c', 'd', 'e'], 5, 'x')).size).toBe(5);
    for (let n = 0; n < 12; n++) {
      await office.post('/api/v1/units', {
        regionCode: village,
        name: `抽查单位${n}`,
        sector: 'commerce',
        category: 'smallShop',
        status: 'operating',
      });
    }
    const inspectors = [
      await person(office, '检查员一', '13900003001', township),
      await person(office, '检查员二', '13900003002', township),
      await person(office, '检查员三', '13900003003', township),
    ];
    const body = {
      title: '2026 年第四季度九小场所抽查',
      category: 'smallShop',
      unitCount: 4,
      inspectorPool: inspectors.map((item) => item.id),
      inspectorCount: 2,
    };
    const first = (await office.post('/api/v1/random-draws', body)).json<RandomDraw>();
    expect(first.units).toHaveLength(4);
    expect(first.inspectors).toHaveLength(2);
    expect(first.poolSize).toBe(12);
    const again = (
      await office.post('/api/v1/random-draws', { ...body, seed: first.seed })
    ).json<RandomDraw>();
    expect(again.units.map((item) => item.id)).toEqual(first.units.map((item) => item.id));
    expect(again.inspectors).toEqual(first.inspectors);
    // Anyone can re-run a published draw from what was recorded; a draw edited afterwards fails.
    const check = await t.app.inject({
      method: 'GET',
      url: `/api/v1/public/random-draws/${first.id}/check`,
    });
    expect(check.json<RandomDrawCheck>()).toMatchObject({ matches: true, seed: first.seed });
    // Swap a drawn unit for one that was not drawn (reordering alone could leave the order as
    // it was: one draw in 24 came out already sorted).
    const drawn = first.units.map((item) => item.id);
    const [undrawn] = await queryRows<{ id: string }>(
      t.database.db,
      sql`select id from unit where name like '抽查单位%' and not (id = any(${`{${drawn.join(',')}}`}::uuid[])) limit 1`,
    );
    await t.database.db.execute(
      sql`update random_draw set unit_ids[1] = ${undrawn!.id}::uuid where id = ${first.id}`,
    );
    const tampered = (
      await office.get(`/api/v1/random-draws/${first.id}/check`)
    ).json<RandomDrawCheck>();
    expect(tampered.matches).toBe(false);
    expect(tampered.unitIds).toEqual(first.units.map((item) => item.id));
    const tooMany = await office.post('/api/v1/random-draws', { ...body, unitCount: 13 });
    expect(tooMany.json()).toMatchObject({
      code: 'RANDOM_POOL_TOO_SMALL',
      details: { wanted: 13, available: 12 },
    });
    const open = await t.app.inject({
      method: 'GET',
      url: '/api/v1/public/random-draws?regionCode=421321101',
    });
    expect(open.statusCode).toBe(200);
    expect(open.json<{ items: RandomDraw[] }>().items.map((item) => item.id)).toContain(first.id);
  });
});

describe('public reports (举报)', () => {
  const publicPost = (payload: object, ip = '203.0.113.7') =>
    t.app.inject({ method: 'POST', url: '/api/v1/public/reports', payload, remoteAddress: ip });

  it('takes a report without sign-in, follows it by receipt code, and turns it into a hazard with a reward', async () => {
    const form = await t.app.inject({
      method: 'GET',
      url: '/api/v1/public/report-form?regionCode=421321101',
    });
    expect(form.json()).toMatchObject({ countyName: '随县', hotline: '12350' });
    expect(
      form.json<{ townships: { code: string; name: string }[] }>().townships.length,
    ).toBeGreaterThan(5);
    const qr = await t.app.inject({
      method: 'GET',
      url: '/api/v1/public/report-qr.svg?regionCode=421321101',
    });
    expect(qr.headers['content-type']).toContain('image/svg+xml');
    expect(qr.body).toContain('<svg');

    const data = (await jpeg('#888')).toString('base64');
    const sent = await publicPost({
      regionCode: '421321101',
      description: '河堤旁有人倾倒建筑垃圾，堵塞排水沟',
      address: '厉山镇河堤路口',
      phone: '13900009999',
      photos: [{ mediaType: 'image/jpeg', data }],
    });
    expect(sent.statusCode, sent.body).toBe(201);
    const { receiptCode } = sent.json<{ receiptCode: string }>();
    expect(receiptCode).toMatch(/^[A-Z0-9]{4}-[A-Z0-9]{4}$/);
    const status = await t.app.inject({
      method: 'GET',
      url: `/api/v1/public/reports/${receiptCode.toLowerCase().replace('-', '')}`,
    });
    expect(status.json()).toMatchObject({ state: 'received', hazardNumber: null });

    // Only township staff see it; another township does not.
    const mine = (await office.get('/api/v1/public-reports?state=received')).json<
      List<PublicReport>
    >();
    const item = mine.items.find((entry) => entry.receiptCode === receiptCode)!;
    expect(item).toMatchObject({ phone: '13900009999', photoIds: [expect.any(String)] });
    expect(
      (await otherOffice.get('/api/v1/public-reports'))
        .json<List<PublicReport>>()
        .items.map((entry) => entry.id),
    ).not.toContain(item.id);
    expect((await worker.get('/api/v1/public-reports')).statusCode).toBe(403);

    const reviewed = await office.post(`/api/v1/public-reports/${item.id}/review`, {
      decision: 'verify',
      regionCode: village,
      title: '河堤倾倒建筑垃圾',
      kind: 'flood',
      sector: 'water',
    });
    expect(reviewed.statusCode, reviewed.body).toBe(200);
    expect(reviewed.json()).toMatchObject({ state: 'verified', rewardYuan: 100 });
    const hazard = (
      await office.get(`/api/v1/hazards/${reviewed.json<PublicReport>().hazardId}`)
    ).json<Hazard>();
    expect(hazard).toMatchObject({
      origin: 'publicReport',
      state: 'verified',
      finder: { name: '群众举报' },
      publicReportId: item.id,
    });
    const followed: unknown = (
      await t.app.inject({ method: 'GET', url: `/api/v1/public/reports/${receiptCode}` })
    ).json();
    expect(followed).toMatchObject({
      state: 'verified',
      hazardNumber: hazard.number,
      rewardYuan: 100,
      hazardClosed: false,
    });
    const twice = await office.post(`/api/v1/public-reports/${item.id}/review`, {
      decision: 'reject',
      reason: 'x',
    });
    expect(twice.json<ApiError>().code).toBe('PUBLIC_REPORT_REVIEWED');
  });

  it('rejects with a reason the reporter can read', async () => {
    const sent = (
      await publicPost(
        { regionCode: '421321101', description: '路灯不亮了很久', address: '镇政府门口' },
        '198.51.100.1',
      )
    ).json<{ receiptCode: string }>();
    const item = (await office.get('/api/v1/public-reports'))
      .json<List<PublicReport>>()
      .items.find((entry) => entry.receiptCode === sent.receiptCode)!;
    await office.post(`/api/v1/public-reports/${item.id}/review`, {
      decision: 'reject',
      reason: '不属于安全隐患，已转城管',
    });
    const status: unknown = (
      await t.app.inject({ method: 'GET', url: `/api/v1/public/reports/${sent.receiptCode}` })
    ).json();
    expect(status).toMatchObject({ state: 'rejected', reason: '不属于安全隐患，已转城管' });
  });

  it('counts reporters behind a trusted reverse proxy by their own address', async () => {
    const body = { regionCode: '421321101', description: '经代理转发的举报', address: '某处' };
    const viaProxy = async (app: TestApp['app'], client: string) =>
      (
        await app.inject({
          method: 'POST',
          url: '/api/v1/public/reports',
          payload: body,
          remoteAddress: '192.0.2.200',
          headers: { 'x-forwarded-for': client },
        })
      ).statusCode;
    const proxied = await buildTestApp({
      database: t.database,
      config: { trustProxy: ['192.0.2.200'] },
    });
    try {
      for (let n = 0; n < 5; n++) {
        expect(await viaProxy(proxied.app, '198.51.100.101')).toBe(201);
      }
      expect(await viaProxy(proxied.app, '198.51.100.101')).toBe(429);
      // Another reporter behind the same proxy still gets through.
      expect(await viaProxy(proxied.app, '198.51.100.102')).toBe(201);
    } finally {
      await proxied.app.close();
    }
    // Without trust, the header is the client's own word: every request is the proxy's.
    for (let n = 0; n < 5; n++) {
      expect(await viaProxy(t.app, `198.51.100.${110 + n}`)).toBe(201);
    }
    expect(await viaProxy(t.app, '198.51.100.120')).toBe(429);
  });

  it('limits abuse: rate per address, honeypot, photo type and size, no unknown codes', async () => {
    const body = { regionCode: '421321101', description: '测试频率限制的举报', address: '某处' };
    for (let n = 0; n < 5; n++) {
      expect((await publicPost(body, '192.0.2.50')).statusCode).toBe(201);
    }
    const limited = await publicPost(body, '192.0.2.50');
    expect(limited.statusCode).toBe(429);
    expect(limited.json<ApiError>().code).toBe('RATE_LIMITED');
    expect((await publicPost(body, '192.0.2.51')).statusCode).toBe(201);

    const before = (
      await queryRows<{ n: number }>(
        t.database.db,
        sql`select count(*)::int as n from public_report`,
      )
    )[0]!.n;
    const bot = await publicPost({ ...body, website: 'http://spam.example' }, '192.0.2.60');
    expect(bot.statusCode).toBe(201);
    const after = (
      await queryRows<{ n: number }>(
        t.database.db,
        sql`select count(*)::int as n from public_report`,
      )
    )[0]!.n;
    expect(after).toBe(before);
    const botStatus = await t.app.inject({
      method: 'GET',
      url: `/api/v1/public/reports/${bot.json<{ receiptCode: string }>().receiptCode}`,
    });
    expect(botStatus.statusCode).toBe(404);

    const notImage = await publicPost(
      {
        ...body,
        photos: [{ mediaType: 'image/png', data: Buffer.from('not an image').toString('base64') }],
      },
      '192.0.2.61',
    );
    expect(notImage.json<ApiError>().code).toBe('ATTACHMENT_UNREADABLE');
    const gif = await publicPost(
      { ...body, photos: [{ mediaType: 'image/gif', data: 'R0lGOD' }] },
      '192.0.2.62',
    );
    expect(gif.statusCode).toBe(400);
    const huge = await publicPost(
      { ...body, photos: [{ mediaType: 'image/jpeg', data: 'A'.repeat(7_100_000) }] },
      '192.0.2.63',
    );
    expect([400, 413]).toContain(huge.statusCode);
    const outside = await publicPost({ ...body, regionCode: '110101' }, '192.0.2.64');
    expect(outside.statusCode).toBe(404);
    const county = await publicPost({ ...body, regionCode: '421321' }, '192.0.2.65');
    expect(county.json<ApiError>().code).toBe('REGION_LEVEL_INVALID');
    const badCode = await t.app.inject({ method: 'GET', url: '/api/v1/public/reports/../../etc' });
    expect(badCode.statusCode).toBeLessThan(500);
  });
});

describe('the hazards layer of the one-map', () => {
  it('shows open hazards with a place, overdue ones marked, closed ones gone', async () => {
    const placed = await report(office, {
      location: { lon: 113.31, lat: 31.72 },
      title: '桥头护栏缺失',
    });
    const late = await report(office, { location: { lon: 113.32, lat: 31.73 }, title: '涵洞堵塞' });
    await act(office, late.id, { action: 'verify' });
    await act(office, late.id, { ...assignBody(), deadline: '2026-01-01' });
    const gone = await report(office, { location: { lon: 113.33, lat: 31.74 }, title: '已驳回' });
    await act(office, gone.id, { action: 'reject', reason: '不属实' });
    const layer = (await office.get('/api/v1/map/layer?layer=hazards')).json<MapLayerResponse>();
    const features = mapFeatures(layer);
    expect(features.find((feature) => feature.id === placed.id)).toMatchObject({
      level: 'general',
      kind: 'fire',
      lon: 113.31,
    });
    expect(features.find((feature) => feature.id === late.id)?.level).toBe('overdue');
    expect(features.map((feature) => feature.id)).not.toContain(gone.id);
    const elsewhere = (
      await otherOffice.get('/api/v1/map/layer?layer=hazards')
    ).json<MapLayerResponse>();
    expect(elsewhere.ids).not.toContain(placed.id);
  });
});

describe('reading every hazard in batches (exports)', () => {
  it('skips none of the hazards written in one transaction, whatever the batch edge', async () => {
    const ids = await t.database.db.transaction(async (tx) => {
      const made: string[] = [];
      for (let n = 0; n < 7; n++) {
        const [row] = await queryRows<{ id: string }>(
          tx,
          sql`insert into hazard (number, region_code, county_code, origin, kind, sector, grade, title, state, finder_name)
              values (${`YHBATCH${n}`}, ${village}, '421321', 'gridPatrol', 'fire', 'other', 'general', ${`同批${n}`}, 'reported', '测试')
              returning id`,
        );
        made.push(row!.id);
      }
      return made;
    });
    const seen: string[] = [];
    for await (const rows of hazardLedgerBatches(t.database.db, sql`h.number like 'YHBATCH%'`, 3)) {
      seen.push(...rows.map((row) => row.id));
    }
    expect(seen.sort()).toEqual([...ids].sort());
  });
});

describe('statistics, ledger and circular', () => {
  it('keeps the statistics tally equal to counting the hazards, through bulk updates and a rebuild', async () => {
    // Dated, the statistics count the hazards themselves under the tally's keys.
    const counted = async () =>
      (await county.get('/api/v1/hazards/stats?from=2000-01-01&to=2099-12-31')).json<HazardStats>();
    const tallied = async () => (await county.get('/api/v1/hazards/stats')).json<HazardStats>();
    const before = await tallied();
    expect(before.total).toBeGreaterThan(10);
    expect(before).toEqual(await counted());
    // Multi-row updates of every counted column, as a repair script might run.
    await t.database.db.execute(
      sql`update hazard set grade = case when grade = 'major' then 'general' else 'major' end,
            kind = 'other', origin = 'gridPatrol', region_code = ${village}
          where id in (select id from hazard order by number limit 4)`,
    );
    await t.database.db.execute(
      sql`update hazard set state = 'closed', closed_at = created_at + interval '2 days 3 hours'
          where id in (select id from hazard where state = 'reported' order by number limit 2)`,
    );
    // Open hazards due last year, earlier this month, today and next month: overdue reads past
    // months from the tally and counts this month live, and must equal the live count.
    await t.database.db.execute(
      sql`update hazard set state = case when n.i % 2 = 0 then 'assigned' else 'rectifying' end,
            deadline = case n.i % 4
              when 0 then (now() at time zone 'Asia/Shanghai')::date - 400
              when 1 then greatest(date_trunc('month', now() at time zone 'Asia/Shanghai')::date,
                (now() at time zone 'Asia/Shanghai')::date - 1)
              when 2 then (now() at time zone 'Asia/Shanghai')::date - 35
              else (now() at time zone 'Asia/Shanghai')::date + 40 end
          from (select id, row_number() over (order by number) as i from hazard
                where state in ('reported', 'verifying') order by number limit 8) n
          where hazard.id = n.id`,
    );
    const after = await tallied();
    expect(after).toEqual(await counted());
    expect(after.overdue).toBeGreaterThanOrEqual(2);
    expect(after.byGrade).not.toEqual(before.byGrade);
    // A township reads its own row (its whole, with hazards placed at the township) and its
    // villages' rows (its areas).
    const inTownship = (query: string) =>
      county
        .get(`/api/v1/hazards/stats?regionCode=${township}${query}`)
        .then((response) => response.json<HazardStats>());
    const townshipTallied = await inTownship('');
    expect(townshipTallied.total).toBeGreaterThan(0);
    expect(townshipTallied).toEqual(await inTownship('&from=2000-01-01&to=2099-12-31'));
    // A recount from scratch gives the same tally.
    expect(await rebuildHazardTally(t.database.db)).toBeGreaterThan(0);
    expect(await tallied()).toEqual(after);
    expect(await inTownship('')).toEqual(townshipTallied);
  });

  it('takes the median of whole-day buckets inside the bucket the middle falls in', () => {
    expect(medianOfDays(new Map())).toBeNull();
    expect(medianOfDays(new Map([[3, 1]]))).toBe(3.5);
    // Ten hazards: four closed on day 1, six on day 2; the fifth and sixth are early in day 2.
    expect(
      medianOfDays(
        new Map([
          [1, 4],
          [2, 6],
        ]),
      ),
    ).toBe(2.2);
    expect(
      medianOfDays(
        new Map([
          [0, 2],
          [10, 2],
        ]),
      ),
    ).toBe(1);
  });

  it('counts by area with closure rate and median days, and exports the ledger and the circular', async () => {
    const stats = (await county.get('/api/v1/hazards/stats')).json<HazardStats>();
    const lishan = stats.byArea.find((row) => row.code === township)!;
    expect(lishan.total).toBeGreaterThan(5);
    expect(lishan.closed).toBeGreaterThan(0);
    expect(lishan.closureRate).toBeGreaterThan(0);
    expect(lishan.medianDaysToClose).toBeGreaterThanOrEqual(0);
    expect(stats.byState.reduce((sum, row) => sum + row.count, 0)).toBe(stats.total);

    const ledger = await county.get('/api/v1/hazards/export.xlsx?grade=general');
    expect(ledger.statusCode).toBe(200);
    const ExcelJS = (await import('exceljs')).default;
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(ledger.rawPayload as unknown as ArrayBuffer);
    const sheet = workbook.getWorksheet('隐患台账')!;
    expect(sheet.getRow(1).getCell(1).text).toContain('隐患排查治理台账');
    const listed = (await county.get('/api/v1/hazards?grade=general&limit=500')).json<HazardPage>();
    const { total } = (await county.get('/api/v1/hazards/count?grade=general')).json<HazardCount>();
    expect(listed.hasMore).toBe(false);
    expect(listed.items).toHaveLength(total);
    expect(sheet.rowCount - 2).toBe(total);
    // Paging: a page says whether more follow, and the pages add up to the count.
    const first = (await county.get('/api/v1/hazards?grade=general&limit=5')).json<HazardPage>();
    expect(first.items).toHaveLength(5);
    expect(first.hasMore).toBe(total > 5);
    const last = (
      await county.get(`/api/v1/hazards?grade=general&limit=5&offset=${total - 2}`)
    ).json<HazardPage>();
    expect(last).toMatchObject({ hasMore: false });
    expect(last.items.map((item) => item.id)).toEqual(
      listed.items.slice(-2).map((item) => item.id),
    );
    // Each hazard's row says what the API says of it: place, title, 五定, overdue.
    const printed = new Map<string, string[]>();
    sheet.eachRow((row, index) => {
      if (index > 2) {
        printed.set(
          row.getCell(2).text,
          Array.from({ length: 20 }, (_, i) => row.getCell(i + 1).text),
        );
      }
    });
    expect(listed.items.some((hazard) => hazard.responsible)).toBe(true);
    for (const hazard of listed.items) {
      const cells = printed.get(hazard.number)!;
      expect(cells[2]).toBe(hazard.townshipName);
      expect(cells[3]).toBe(hazard.regionCode === hazard.townshipCode ? '' : hazard.regionName);
      expect(cells[5]).toBe(hazard.title);
      expect(cells[11]).toBe(hazard.finder.name);
      expect(cells[13]).toBe(hazard.responsible?.name ?? '');
      expect(cells[14]).toBe(hazard.responsible ? hazard.deadline : '');
      expect(cells[17]).toBe(hazard.overdue ? '逾期' : '否');
      if (hazard.responsible) {
        const whole = (await county.get(`/api/v1/hazards/${hazard.id}`)).json<Hazard>();
        expect(cells[16]).toBe(whole.assignment!.accepter.name);
      }
    }

    const circular = await county.get('/api/v1/major-hazards/circular.xlsx?asOf=2026-12-31');
    expect(circular.statusCode).toBe(200);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(circular.rawPayload as unknown as ArrayBuffer);
    const rows = book.getWorksheet('重大隐患通报')!;
    expect(rows.getRow(1).getCell(1).text).toContain('重大事故隐患通报（截至2026-12-31）');
    expect(rows.getRow(rows.rowCount).getCell(2).text).toMatch(/重大隐患共 \d+ 项/);
  });
});

describe('an overdue major hazard reaches the county by itself', () => {
  it('is told to the county by the job, tops the major list and the circular with its days overdue', async () => {
    const major = await report(office, {
      kind: 'gas',
      grade: 'major',
      standardCode: 'gas2023',
      title: '液化气站储罐区防护距离不足',
    });
    await act(office, major.id, { action: 'verify' });
    const plan = {
      goal: '消除储罐防护距离不足',
      measures: '搬迁储罐',
      fundsAndMaterials: '企业自筹',
      people: '企业负责人',
      timeLimit: '30 日',
      safetyMeasures: '限量储存，专人值守',
    };
    await act(office, major.id, { ...assignBody(), treatmentPlan: plan, deadline: '2026-02-01' });
    // The job alone, days after the deadline: all three rungs, the county last.
    await superviseOverdueHazards(
      t.database.db,
      new Date(Date.parse('2026-02-01T24:00:00+08:00') + 100 * 3600_000),
    );
    const notices = (await county.get('/api/v1/notifications')).json<{ items: Notification[] }>();
    expect(
      notices.items.some(
        (notice) => notice.kind === 'hazard.supervise.county' && notice.entityId === major.id,
      ),
    ).toBe(true);
    const list = (await county.get('/api/v1/major-hazards?overdue=true')).json<{
      items: Hazard[];
    }>();
    expect(list.items[0]).toMatchObject({ overdue: true });
    expect(list.items.map((item) => item.id)).toContain(major.id);

    // As of today (Asia/Shanghai): the circular counts days from the deadline to that date.
    const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
    const days = Math.round((Date.parse(today) - Date.parse('2026-02-01')) / 86_400_000);
    const circular = await county.get(`/api/v1/major-hazards/circular.xlsx?asOf=${today}`);
    const ExcelJS = (await import('exceljs')).default;
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(circular.rawPayload as unknown as ArrayBuffer);
    const sheet = book.getWorksheet('重大隐患通报')!;
    // Row 3 is the first item: overdue ones come first, with how many days.
    const numbers: string[] = [];
    sheet.eachRow((row, index) => {
      if (index > 2) {
        numbers.push(row.getCell(2).text);
      }
    });
    const rowOf = numbers.indexOf(major.number) + 3;
    expect(rowOf).toBeGreaterThan(2);
    expect(sheet.getRow(rowOf).getCell(11).text).toBe(String(days));
    expect(sheet.getRow(3).getCell(11).text).not.toBe('');
  });
});

describe('hostile input', () => {
  it('answers bad input to every hazard route with a 4xx and a code, never a 5xx', async () => {
    const hazard = await report();
    const requests: [string, string, unknown?][] = [
      ['GET', '/api/v1/hazards?state=closed,,nope'],
      ['GET', '/api/v1/hazards?overdue=yes'],
      ['GET', '/api/v1/hazards?regionCode=4213211012'],
      ['GET', '/api/v1/hazards?limit=100000'],
      ['GET', '/api/v1/hazards/not-a-uuid'],
      ['GET', '/api/v1/hazards/00000000-0000-4000-8000-000000000000/timeline'],
      ['GET', '/api/v1/hazards/stats?from=2026-13-45'],
      ['GET', '/api/v1/hazards/export.xlsx?grade=huge'],
      ['GET', '/api/v1/major-hazards/circular.xlsx?asOf=yesterday'],
      ['GET', '/api/v1/inspection-checklist'],
      ['GET', '/api/v1/inspection-checklist?category=../../etc'],
      ['GET', '/api/v1/summons?state=lost'],
      ['GET', '/api/v1/attachments/00000000-0000-4000-8000-000000000000'],
      ['POST', '/api/v1/hazards', {}],
      ['POST', '/api/v1/hazards', []],
      ['POST', '/api/v1/hazards', { regionCode: village, kind: 'fire', title: '\u0000' }],
      ['POST', '/api/v1/hazards', { regionCode: village, kind: 'fire', title: 'x'.repeat(10_000) }],
      [
        'POST',
        '/api/v1/hazards',
        {
          regionCode: village,
          kind: 'fire',
          title: '照片',
          photoIds: ['00000000-0000-4000-8000-000000000000'],
        },
      ],
      [
        'POST',
        '/api/v1/hazards',
        { regionCode: village, kind: 'fire', title: '位置', location: { lon: 500, lat: -91 } },
      ],
      [
        'POST',
        '/api/v1/hazards',
        { unitId: '00000000-0000-4000-8000-000000000000', kind: 'fire', title: '单位' },
      ],
      ['POST', `/api/v1/hazards/${hazard.id}/transitions`, { action: 'explode' }],
      [
        'POST',
        `/api/v1/hazards/${hazard.id}/transitions`,
        { action: 'merge', intoId: '00000000-0000-4000-8000-000000000000' },
      ],
      [
        'POST',
        `/api/v1/hazards/${hazard.id}/transitions`,
        {
          action: 'assign',
          measures: 'x',
          acceptanceStandard: 'x',
          accepterPersonId: '00000000-0000-4000-8000-000000000000',
        },
      ],
      ['POST', `/api/v1/hazards/${hazard.id}/transitions`, { action: 'reject', reason: '' }],
      [
        'POST',
        `/api/v1/hazards/${hazard.id}/summons`,
        { note: '请报到', department: '不存在的局' },
      ],
      [
        'POST',
        '/api/v1/summons/00000000-0000-4000-8000-000000000000/response',
        { response: 'ignore' },
      ],
      [
        'POST',
        '/api/v1/inspections',
        { unitId: unit.id, inspectedOn: '2026-02-30', inspectors: ['甲'] },
      ],
      [
        'POST',
        '/api/v1/inspections',
        { unitId: unit.id, inspectedOn: '2026-02-01', inspectors: [] },
      ],
      [
        'POST',
        '/api/v1/random-draws',
        { title: '抽', unitCount: 0, inspectorPool: [], inspectorCount: 1 },
      ],
      [
        'POST',
        '/api/v1/random-draws',
        {
          title: '抽',
          unitCount: 1,
          inspectorPool: ['00000000-0000-4000-8000-000000000000'],
          inspectorCount: 1,
        },
      ],
      [
        'POST',
        '/api/v1/public-reports/00000000-0000-4000-8000-000000000000/review',
        { decision: 'maybe' },
      ],
      [
        'PUT',
        '/api/v1/hazard-settings',
        { regionCode: '421321', override: { deadlineDays: { general: 0, major: 90 } } },
      ],
      [
        'PUT',
        '/api/v1/hazard-settings',
        {
          regionCode: '421321',
          override: { supervisionHours: { responsible: 48, townshipLeader: 24, county: 72 } },
        },
      ],
    ];
    for (const [method, url, payload] of requests) {
      const response = await office.request({
        method: method,
        url,
        ...(payload === undefined ? {} : { payload: payload as object }),
      });
      expect(response.statusCode, `${method} ${url}: ${response.body}`).toBeGreaterThanOrEqual(400);
      expect(response.statusCode, `${method} ${url}: ${response.body}`).toBeLessThan(500);
      expect(response.json<{ code: string }>().code, url).toMatch(/^[A-Z_]+$/);
    }
    const publicRequests: [string, string, unknown?][] = [
      ['GET', '/api/v1/public/report-form?regionCode=abc'],
      ['GET', '/api/v1/public/report-form?regionCode=110101'],
      ['GET', '/api/v1/public/reports/%00%00%00%00-%00%00%00%00'],
      ['GET', '/api/v1/public/random-draws'],
      ['GET', '/api/v1/public/random-draws/not-a-uuid/check'],
      ['GET', '/api/v1/public/report-qr.svg?regionCode=99'],
      ['POST', '/api/v1/public/reports', { regionCode: '421321101', description: '短' }],
      [
        'POST',
        '/api/v1/public/reports',
        { regionCode: '421321101', description: '没有地点的举报内容' },
      ],
      [
        'POST',
        '/api/v1/public/reports',
        { regionCode: '421321101', description: '电话不对的举报', address: 'x', phone: 'call me' },
      ],
    ];
    for (const [method, url, payload] of publicRequests) {
      const response = await t.app.inject({
        method: method as 'GET',
        url,
        remoteAddress: '192.0.2.99',
        ...(payload === undefined ? {} : { payload: payload as object }),
      });
      expect(response.statusCode, `${method} ${url}: ${response.body}`).toBeGreaterThanOrEqual(400);
      expect(response.statusCode, `${method} ${url}: ${response.body}`).toBeLessThan(500);
    }
  });
});
