import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DutyCard, Grid, OnDuty, Person, StaffingReport } from '@lastmile/shared';
import { buildTestApp, type TestApp, type TestClient } from '../../test/build-test-app';

/** 厉山镇 and two of its places: a village (村) and a community (社区). */
const township = '421321101000';
const village = '421321101200';
const community = '421321101001';
const otherTownshipVillage = '421321102200';

let t: TestApp;
let clerk: TestClient;
let seq = 0;
/** A fresh valid mobile per call, so tests never collide. */
const nextMobile = () => `139${String(10_000_000 + (seq += 1)).slice(-8)}`;

beforeAll(async () => {
  t = await buildTestApp();
  clerk = await t.signInAs('township_staff', '421321101');
});
afterAll(() => t.close());

async function newGrid(client: TestClient, body: Record<string, unknown> = {}): Promise<Grid> {
  const response = await client.post('/api/v1/org/grids', {
    regionCode: village,
    name: `网格${(seq += 1)}`,
    kind: 'villagerGroup',
    ...body,
  });
  expect(response.statusCode, response.body).toBe(201);
  return response.json<Grid>();
}

async function newPerson(client: TestClient, body: Record<string, unknown> = {}): Promise<Person> {
  const response = await client.post('/api/v1/org/people', {
    name: '张三',
    mobile: nextMobile(),
    regionCode: village,
    ...body,
  });
  expect(response.statusCode, response.body).toBe(201);
  return response.json<Person>();
}

describe('grids', () => {
  it('creates, lists, renames and deletes a grid inside the village, with an audit trail', async () => {
    const grid = await newGrid(clerk, {
      households: 120,
      residents: 410,
      centre: { lon: 113.4, lat: 31.9 },
    });
    expect(grid).toMatchObject({
      regionCode: village,
      townshipCode: township,
      townshipName: '厉山镇',
      households: 120,
      centre: { lon: 113.4, lat: 31.9 },
      heads: [],
      workers: [],
    });

    const listed = (await clerk.get(`/api/v1/org/grids?regionCode=${village}&limit=500`)).json<{
      items: Grid[];
    }>();
    expect(listed.items.map((g) => g.id)).toContain(grid.id);

    const renamed = await clerk.patch(`/api/v1/org/grids/${grid.id}`, {
      name: '三组',
      households: 130,
    });
    expect(renamed.json()).toMatchObject({ name: '三组', households: 130, residents: 410 });

    expect((await clerk.delete(`/api/v1/org/grids/${grid.id}`)).json()).toEqual({ ok: true });
    expect((await clerk.patch(`/api/v1/org/grids/${grid.id}`, { name: 'x' })).json()).toMatchObject(
      { code: 'GRID_NOT_FOUND' },
    );

    const admin = await t.signIn('admin', 'admin-password-for-tests');
    const audit = (await admin.get('/api/v1/audit?limit=100')).json<{
      items: { action: string; entityId: string }[];
    }>();
    const actions = audit.items
      .filter((entry) => entry.entityId === grid.id)
      .map((entry) => entry.action);
    expect(actions.sort()).toEqual(['grid.create', 'grid.delete', 'grid.update']);
  });

  it('puts grids only under villages and keeps names unique per village', async () => {
    const atTownship = await clerk.post('/api/v1/org/grids', {
      regionCode: township,
      name: '一组',
      kind: 'villagerGroup',
    });
    expect(atTownship.statusCode).toBe(400);
    expect(atTownship.json()).toMatchObject({ code: 'REGION_LEVEL_INVALID' });
    const grid = await newGrid(clerk);
    const again = await clerk.post('/api/v1/org/grids', {
      regionCode: village,
      name: grid.name,
      kind: 'other',
    });
    expect(again.statusCode).toBe(409);
    expect(again.json()).toMatchObject({
      code: 'GRID_NAME_TAKEN',
      message: '该村(社区)已有同名网格',
    });
  });

  it('rejects an open boundary ring and a grid outside the scope', async () => {
    const open = await clerk.post('/api/v1/org/grids', {
      regionCode: village,
      name: '开口',
      kind: 'other',
      boundary: {
        type: 'Polygon',
        coordinates: [
          [
            [113, 31],
            [113.1, 31],
            [113.1, 31.1],
            [113, 31.2],
          ],
        ],
      },
    });
    expect(open.statusCode).toBe(400);
    expect(open.json()).toMatchObject({ code: 'VALIDATION_FAILED' });
    const outside = await clerk.post('/api/v1/org/grids', {
      regionCode: otherTownshipVillage,
      name: '一组',
      kind: 'other',
    });
    expect(outside.statusCode).toBe(403);
  });
});

describe('people and posts', () => {
  it('normalises the mobile number and refuses a second person with it', async () => {
    const mobile = nextMobile();
    const person = await newPerson(clerk, {
      mobile: `+86 ${mobile.slice(0, 3)} ${mobile.slice(3)}`,
      landline: '0722-4567890',
    });
    expect(person).toMatchObject({
      mobile,
      landline: '0722-4567890',
      regionName: '星亮村村民委员会',
      posts: [],
    });
    const twin = await clerk.post('/api/v1/org/people', {
      name: '李四',
      mobile,
      regionCode: township,
    });
    expect(twin.statusCode).toBe(409);
    expect(twin.json()).toMatchObject({ code: 'DUPLICATE_PERSON' });
    const bad = await clerk.post('/api/v1/org/people', {
      name: '王五',
      mobile: '1234567',
      regionCode: village,
    });
    expect(bad.statusCode).toBe(400);
  });

  it('assigns grid and region posts where they belong and refuses the rest', async () => {
    const grid = await newGrid(clerk);
    const person = await newPerson(clerk);
    const asWorker = await clerk.post(`/api/v1/org/people/${person.id}/posts`, {
      kind: 'gridWorker',
      gridId: grid.id,
    });
    expect(asWorker.statusCode, asWorker.body).toBe(200);
    expect(asWorker.json<Person>().posts).toEqual([
      expect.objectContaining({
        kind: 'gridWorker',
        regionCode: village,
        gridId: grid.id,
        gridName: grid.name,
      }),
    ]);
    const twice = await clerk.post(`/api/v1/org/people/${person.id}/posts`, {
      kind: 'gridWorker',
      gridId: grid.id,
    });
    expect(twice.json()).toMatchObject({ code: 'POST_ALREADY_HELD' });

    const wrongPlace = await clerk.post(`/api/v1/org/people/${person.id}/posts`, {
      kind: 'officeDirector',
      regionCode: village,
    });
    expect(wrongPlace.statusCode).toBe(400);
    expect(wrongPlace.json()).toMatchObject({
      code: 'POST_PLACE_INVALID',
      message: '该岗位不能设在这一级（乡镇）',
    });
    const gridPostAtRegion = await clerk.post(`/api/v1/org/people/${person.id}/posts`, {
      kind: 'gridHead',
      regionCode: village,
    });
    expect(gridPostAtRegion.json()).toMatchObject({ code: 'POST_PLACE_INVALID' });

    const informant = await clerk.post(`/api/v1/org/people/${person.id}/posts`, {
      kind: 'informant',
      regionCode: village,
    });
    expect(informant.json<Person>().posts).toHaveLength(2);

    const listed = (await clerk.get(`/api/v1/org/grids?regionCode=${village}&limit=500`)).json<{
      items: Grid[];
    }>();
    expect(listed.items.find((g) => g.id === grid.id)!.workers).toEqual([
      { personId: person.id, name: '张三', mobile: person.mobile },
    ]);

    const postId = asWorker.json<Person>().posts[0]!.id;
    const removed = await clerk.delete(`/api/v1/org/people/${person.id}/posts/${postId}`);
    expect(removed.json<Person>().posts.map((post) => post.kind)).toEqual(['informant']);
  });

  it('lets a village clerk work in their village only; grid workers only read', async () => {
    const villager = await t.signInAs('village_staff', village);
    const here = await newPerson(villager);
    expect(here.regionCode).toBe(village);
    const atTownship = await villager.post(`/api/v1/org/people/${here.id}/posts`, {
      kind: 'officeStaff',
      regionCode: township,
    });
    expect(atTownship.statusCode).toBe(403);
    const worker = await t.signInAs('grid_worker', village);
    expect((await worker.get(`/api/v1/org/people?regionCode=${village}`)).statusCode).toBe(200);
    expect(
      (await worker.post('/api/v1/org/grids', { regionCode: village, name: '九组', kind: 'other' }))
        .statusCode,
    ).toBe(403);
  });

  it('links a user account to at most one person', async () => {
    const admin = await t.signInAs('township_admin', '421321101');
    const username = `linked.${(seq += 1)}`;
    const account = (
      await admin.post('/api/v1/users', {
        username,
        password: 'long-enough-password',
        displayName: '网格员甲',
        role: 'grid_worker',
        scopeRegionCode: village,
      })
    ).json<{ id: string }>();
    const first = await newPerson(admin, { userId: account.id });
    expect(first).toMatchObject({ userId: account.id, username });
    const second = await admin.post('/api/v1/org/people', {
      name: '乙',
      mobile: nextMobile(),
      regionCode: village,
      userId: account.id,
    });
    expect(second.json()).toMatchObject({ code: 'USER_ALREADY_LINKED' });
  });
});

describe('staffing report', () => {
  it('lists a new grid without staff as a shortfall, which disappears once a worker is assigned', async () => {
    const grid = await newGrid(clerk, {
      regionCode: community,
      kind: 'communityBlock',
      households: 200,
    });
    const shortfallsOf = async () =>
      (await clerk.get(`/api/v1/org/staffing?regionCode=${community}`))
        .json<StaffingReport>()
        .places[0]!.shortfalls.filter((s) => s.gridId === grid.id);
    expect((await shortfallsOf()).map((s) => [s.rule, s.actual])).toEqual([
      ['gridStaff', 0],
      ['communityGridHouseholds', 200],
    ]);
    const person = await newPerson(clerk, { regionCode: community });
    await clerk.post(`/api/v1/org/people/${person.id}/posts`, {
      kind: 'gridWorker',
      gridId: grid.id,
    });
    await clerk.patch(`/api/v1/org/grids/${grid.id}`, { households: 350 });
    expect(await shortfallsOf()).toEqual([]);
  });

  it('reports the township office against 3–5 staff and the 句容 profile when a county turns it on', async () => {
    const report = (await clerk.get('/api/v1/org/staffing')).json<StaffingReport>();
    expect(report.regionCode).toBe(township);
    const office = report.places.find((place) => place.regionCode === township)!;
    expect(office.shortfalls.find((s) => s.rule === 'townshipOfficeStaff')).toMatchObject({
      min: 3,
      actual: 0,
    });
    expect(report.places.every((place) => place.regionCode.startsWith('421321101'))).toBe(true);
    expect(report.totals.villages).toBe(27);

    const admin = await t.signIn('admin', 'admin-password-for-tests');
    const jurong = {
      jurongOfficeDirector: { enabled: true },
      jurongSafetySupervisor: { enabled: true },
    };
    expect(
      (await clerk.put('/api/v1/org/staffing-rules', { regionCode: '421321', override: jurong }))
        .statusCode,
    ).toBe(403);
    const set = await admin.put('/api/v1/org/staffing-rules', {
      regionCode: '421321',
      override: jurong,
    });
    expect(set.statusCode, set.body).toBe(200);
    const after = (await clerk.get('/api/v1/org/staffing')).json<StaffingReport>();
    const rules = after.places
      .find((place) => place.regionCode === township)!
      .shortfalls.map((s) => s.rule);
    expect(rules).toEqual(
      expect.arrayContaining(['jurongOfficeDirector', 'jurongSafetySupervisor']),
    );
    await admin.put('/api/v1/org/staffing-rules', { regionCode: '421321', override: {} });
  });

  it('checks "划全分净" once the village household count is known', async () => {
    const place = '421321101201';
    await clerk.post('/api/v1/org/grids', {
      regionCode: place,
      name: '一组',
      kind: 'villagerGroup',
      households: 100,
    });
    await clerk.post('/api/v1/org/grids', {
      regionCode: place,
      name: '二组',
      kind: 'villagerGroup',
      households: 150,
    });
    const coverage = async () =>
      (await clerk.get(`/api/v1/org/staffing?regionCode=${place}`))
        .json<StaffingReport>()
        .places[0]!.shortfalls.find((s) => s.rule === 'gridCoverage');
    expect(await coverage()).toBeUndefined();
    expect(
      (await clerk.patch(`/api/v1/org/regions/${place}/profile`, { households: 300 })).json(),
    ).toMatchObject({ households: 300, isCommunity: false });
    expect(await coverage()).toMatchObject({ actual: 250, expected: 300 });
    await clerk.patch(`/api/v1/org/regions/${place}/profile`, { households: 250 });
    expect(await coverage()).toBeUndefined();
  });
});

describe('duty roster', () => {
  it('answers who is on duty at any time: the shift, else the duty phone and the fallbacks', async () => {
    const leader = await newPerson(clerk, { name: '带班领导', regionCode: township });
    const staff = await newPerson(clerk, { name: '值班员', regionCode: township });
    const director = await newPerson(clerk, { name: '主任', regionCode: township });
    await clerk.post(`/api/v1/org/people/${director.id}/posts`, {
      kind: 'officeDirector',
      regionCode: township,
    });
    await clerk.patch(`/api/v1/org/regions/${township}/profile`, { dutyPhone: '0722-4123456' });

    const set = await clerk.put('/api/v1/org/duty-shifts', {
      regionCode: '421321101',
      date: '2026-11-23',
      leaderPersonId: leader.id,
      staffPersonIds: [staff.id],
    });
    expect(set.statusCode, set.body).toBe(200);
    // The day's shift runs 08:30 to 08:30 next day, Asia/Shanghai.
    expect(set.json()).toMatchObject({
      startsAt: '2026-11-23T00:30:00.000Z',
      endsAt: '2026-11-24T00:30:00.000Z',
    });

    const at = async (iso: string) =>
      (
        await clerk.get(`/api/v1/org/on-duty?regionCode=${village}&at=${encodeURIComponent(iso)}`)
      ).json<OnDuty>();
    const during = await at('2026-11-24T08:29:00+08:00');
    expect(during).toMatchObject({
      regionCode: township,
      regionName: '厉山镇',
      dutyPhone: '0722-4123456',
    });
    expect(during.shift?.leader?.name).toBe('带班领导');
    expect(during.shift?.staff.map((p) => p.name)).toEqual(['值班员']);
    const after = await at('2026-11-24T08:30:00+08:00');
    expect(after.shift).toBeNull();
    expect(after.fallback).toEqual([
      expect.objectContaining({ personId: director.id, postKind: 'officeDirector' }),
    ]);

    const week = (
      await clerk.get('/api/v1/org/duty-shifts?regionCode=421321101&from=2026-11-23&to=2026-11-29')
    ).json<{ items: unknown[] }>();
    expect(week.items).toHaveLength(1);
  });

  it('refuses people the caller cannot see and villages as rosters', async () => {
    const other = await t.signInAs('township_staff', '421321102');
    const stranger = await newPerson(other, { regionCode: '421321102000' });
    const response = await clerk.put('/api/v1/org/duty-shifts', {
      regionCode: '421321101',
      date: '2026-11-25',
      leaderPersonId: stranger.id,
      staffPersonIds: [],
    });
    expect(response.statusCode).toBe(404);
    const atVillage = await clerk.put('/api/v1/org/duty-shifts', {
      regionCode: village,
      date: '2026-11-25',
      leaderPersonId: null,
      staffPersonIds: [],
    });
    expect(atVillage.json()).toMatchObject({ code: 'REGION_LEVEL_INVALID' });
    expect(
      (await clerk.get('/api/v1/org/on-duty?regionCode=421321101&at=yesterday')).statusCode,
    ).toBe(400);
  });
});

describe('duty cards', () => {
  it('builds a card per grid post with duties and contacts above and below, and a PDF', async () => {
    const place = '421321101202';
    const grid = (
      await clerk.post('/api/v1/org/grids', {
        regionCode: place,
        name: '五组',
        kind: 'villagerGroup',
        households: 88,
        residents: 301,
      })
    ).json<Grid>();
    const head = await newPerson(clerk, { name: '网格长甲', regionCode: place });
    const worker = await newPerson(clerk, { name: '网格员乙', regionCode: place });
    const villageHead = await newPerson(clerk, { name: '村书记丙', regionCode: place });
    await clerk.post(`/api/v1/org/people/${head.id}/posts`, { kind: 'gridHead', gridId: grid.id });
    await clerk.post(`/api/v1/org/people/${worker.id}/posts`, {
      kind: 'gridWorker',
      gridId: grid.id,
    });
    await clerk.post(`/api/v1/org/people/${villageHead.id}/posts`, {
      kind: 'villageHead',
      regionCode: place,
    });
    await clerk.patch(`/api/v1/org/regions/${township}/profile`, { dutyPhone: '0722-4123456' });

    const cards = (await clerk.get(`/api/v1/org/duty-cards?regionCode=${place}`)).json<{
      items: DutyCard[];
    }>().items;
    expect(cards.map((card) => [card.name, card.postKind])).toEqual([
      ['网格长甲', 'gridHead'],
      ['网格员乙', 'gridWorker'],
    ]);
    const [headCard, workerCard] = cards as [DutyCard, DutyCard];
    expect(workerCard.grid).toMatchObject({ name: '五组', households: 88, residents: 301 });
    expect(workerCard.duties.length).toBeGreaterThan(3);
    // Grid head first, then the village, then the township office, the duty phone last.
    const upper = workerCard.upperContacts.map((c) => [c.role, c.name]);
    expect(upper.slice(0, 2)).toEqual([
      ['gridHead', '网格长甲'],
      ['villageHead', '村书记丙'],
    ]);
    expect(upper.at(-1)).toEqual(['dutyPhone', '厉山镇应急值班']);
    expect(
      upper.slice(2, -1).every(([role]) => role === 'officeDirector' || role === 'leaderInCharge'),
    ).toBe(true);
    expect(headCard.lowerContacts.map((c) => c.name)).toEqual(['网格员乙']);

    const admin = await t.signInAs('township_admin', '421321101');
    const edited = await admin.put('/api/v1/org/duty-templates/gridWorker', {
      regionCode: '421321101',
      lines: ['每周巡查一次。'],
    });
    expect(edited.statusCode, edited.body).toBe(200);
    const mine = (await clerk.get(`/api/v1/org/duty-cards/${worker.id}`)).json<{
      items: DutyCard[];
    }>().items;
    expect(mine[0]!.duties).toEqual(['每周巡查一次。']);

    const pdf = await clerk.get(`/api/v1/org/duty-cards.pdf?regionCode=${place}`);
    expect(pdf.statusCode).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(pdf.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    expect(pdf.headers['content-disposition']).toContain(encodeURIComponent('责任卡'));
  });
});

describe('hostile input', () => {
  it('searches for LIKE wildcards and backslashes literally', async () => {
    for (const url of [
      '/api/v1/org/grids?q=%5C',
      '/api/v1/org/people?q=%25_%5C',
      '/api/v1/org/experts?q=%5C',
    ]) {
      const response = await clerk.get(url);
      expect(response.statusCode, url).toBe(200);
      expect(response.json<{ total: number }>().total, url).toBe(0);
    }
  });

  it('answers bad input to every org route with a 4xx and a code, never a 5xx', async () => {
    const requests: [string, string, unknown?][] = [
      ['GET', '/api/v1/org/experts?limit=0'],
      ['GET', '/api/v1/org/grids?regionCode=abc'],
      ['GET', '/api/v1/org/grids?regionCode=999999'],
      ['GET', '/api/v1/org/people?gridId=not-a-uuid'],
      ['GET', '/api/v1/org/duty-shifts?regionCode=421321101&from=2026-02-30&to=2026-03-01'],
      ['GET', '/api/v1/org/duty-shifts?regionCode=421321101&from=2026-03-01&to=2026-01-01'],
      ['GET', '/api/v1/org/on-duty?regionCode=421321101&at=2026-13-01T00:00:00Z'],
      ['GET', '/api/v1/org/on-duty?regionCode=42'],
      ['GET', '/api/v1/org/duty-cards/00000000-0000-0000-0000-000000000000'],
      ['GET', '/api/v1/org/duty-cards.pdf'],
      ['GET', '/api/v1/org/duty-cards?regionCode=421321101200000'],
      ['GET', '/api/v1/org/regions/4213211012001/profile'],
      [
        'POST',
        '/api/v1/org/grids',
        { regionCode: village, name: 'x'.repeat(65), kind: 'villagerGroup' },
      ],
      [
        'POST',
        '/api/v1/org/grids',
        { regionCode: village, name: '负数', kind: 'villagerGroup', households: -1 },
      ],
      [
        'POST',
        '/api/v1/org/grids',
        { regionCode: village, name: '大数', kind: 'villagerGroup', households: 1e20 },
      ],
      [
        'POST',
        '/api/v1/org/grids',
        { regionCode: village, name: '坐标', kind: 'other', centre: { lon: 200, lat: 0 } },
      ],
      ['POST', '/api/v1/org/grids', { regionCode: village, name: '\u0000', kind: 'other' }],
      ['POST', '/api/v1/org/grids', [1, 2, 3]],
      ['PATCH', '/api/v1/org/grids/00000000-0000-0000-0000-000000000000', {}],
      ['POST', '/api/v1/org/people', { name: '甲', mobile: '12345678901', regionCode: village }],
      [
        'POST',
        '/api/v1/org/people',
        { name: '甲', mobile: '13912345678', regionCode: village, landline: '12345' },
      ],
      [
        'POST',
        '/api/v1/org/people/00000000-0000-0000-0000-000000000000/posts',
        { kind: 'gridWorker' },
      ],
      [
        'POST',
        '/api/v1/org/people/00000000-0000-0000-0000-000000000000/posts',
        { kind: 'nope', regionCode: village },
      ],
      [
        'DELETE',
        '/api/v1/org/people/00000000-0000-0000-0000-000000000000/posts/00000000-0000-0000-0000-000000000000',
      ],
      [
        'PUT',
        '/api/v1/org/duty-shifts',
        {
          regionCode: '421321101',
          date: '2026-11-30',
          leaderPersonId: null,
          staffPersonIds: [],
          startsAt: '2026-11-30T10:00:00Z',
          endsAt: '2026-11-30T09:00:00Z',
        },
      ],
      ['PUT', '/api/v1/org/duty-templates/informant', { regionCode: '421321101', lines: ['x'] }],
      [
        'PUT',
        '/api/v1/org/staffing-rules',
        { regionCode: '421321', override: { villageStaff: { min: -1 } } },
      ],
      ['PATCH', `/api/v1/org/regions/${village}/profile`, { dutyPhone: 'call me' }],
      ['POST', '/api/v1/org/import', undefined],
    ];
    for (const [method, url, payload] of requests) {
      const response = await clerk.request({
        method: method,
        url,
        ...(payload === undefined ? {} : { payload: payload as object }),
      });
      expect(response.statusCode, `${method} ${url}: ${response.body}`).toBeGreaterThanOrEqual(400);
      expect(response.statusCode, `${method} ${url}: ${response.body}`).toBeLessThan(500);
      expect(response.json<{ code: string }>().code, `${method} ${url}`).toMatch(/^[A-Z_]+$/);
    }
  });
});
