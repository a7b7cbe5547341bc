/**
 * The authorization matrix: every operation of the API, called by every role, on a target
 * inside and outside the caller's jurisdiction. A new route without a row here fails the test.
 * Beyond the expected statuses it proves two things of every call, and counts them in one line
 * at the end (reliability test R2):
 * - no leak: a successful answer (JSON walked whole, workbooks cell by cell, XML) holds no region
 *   code outside the caller's scope, save the ancestors `ancestorRules` allows with their reason,
 *   and no record set up outside the scope (`expectNoLeak`);
 * - no unauthorised write: a refused call (any 4xx) leaves every table as it was, and so does
 *   a successful read (`expectNoWrite`, with `createTableSnapshots`).
 */
import { randomUUID } from 'node:crypto';
import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  adminRoles,
  dutyEditorRoles,
  expertEditorRoles,
  fieldRoles,
  householdEditorRoles,
  ledgerEditorRoles,
  orgEditorRoles,
  defaultCallPlanSteps,
  regionLevelOf,
  regionPrefixLength,
  roles,
  xlsxMediaType,
  type Role,
} from '@lastmile/shared';
import sharp from 'sharp';
import { sql } from 'drizzle-orm';
import { queryRows } from '../db/client';
import { importRegions } from '../modules/regions';
import { adminPassword, buildTestApp, buildUser, TestClient, type TestApp } from './build-test-app';
import { createTableSnapshots, type TableSnapshot } from './table-snapshot';

interface Targets {
  /** A region code inside / outside the caller's scope. */
  insideRegion: string;
  outsideRegion: string;
  insideUserId: string;
  outsideUserId: string;
  /** Villages where a new grid worker may / may not be created. */
  insideVillage: string;
  outsideVillage: string;
  /** The township or county whose duty roster the role keeps (a village for village roles). */
  insideRoster: string;
  outsideRoster: string;
  /** Org records inside / outside the scope. */
  insideGridId: string;
  outsideGridId: string;
  insidePersonId: string;
  outsidePersonId: string;
  insideExpertId: string;
  outsideExpertId: string;
  /** Ledger records inside / outside the scope. */
  insideUnitId: string;
  outsideUnitId: string;
  insideHazardSourceId: string;
  outsideHazardSourceId: string;
  insideRiskPointId: string;
  outsideRiskPointId: string;
  insideHazardId: string;
  outsideHazardId: string;
  insideDrawId: string;
  outsideDrawId: string;
  insideWarningId: string;
  outsideWarningId: string;
}

type Call = (client: TestClient, targets: Targets, n: number) => Promise<LightMyRequestResponse>;

interface Operation {
  inside: Call;
  outside?: Call;
  /** Expected status by role: [inside, outside]. */
  expect: (role: Role) => [number, number?];
}

const only = (allowed: readonly Role[], ok: number, outside?: number) => (role: Role): [number, number?] =>
  allowed.includes(role) ? [ok, outside] : [403, outside === undefined ? undefined : 403];
const adminOnly = (ok: number, outside?: number) => only(adminRoles, ok, outside);
const anyone = (ok: number, outside?: number) => (): [number, number?] => [ok, outside];
const isVillageRole = (role: Role) => role === 'village_staff' || role === 'grid_worker';

async function freshHousehold(gridId: string, n: number): Promise<string> {
  const response = await setup.post('/api/v1/households', { gridId, label: `矩阵户${n}-${Math.random()}`, headName: '矩阵' });
  return response.json<{ id: string }>().id;
}

/** Pushes one patrol start; the command's verdict as a status (applied 201, unknown grid 404). */
async function pushPatrol(c: TestClient, gridId: string): Promise<LightMyRequestResponse> {
  const response = await c.post('/api/v1/sync/push', {
    deviceId: 'matrix',
    sentAt: new Date().toISOString(),
    commands: [
      {
        id: randomUUID(),
        kind: 'patrol.start',
        at: new Date().toISOString(),
        payload: { patrolId: randomUUID(), gridId },
      },
    ],
  });
  if (response.statusCode !== 200) {
    return response;
  }
  const [result] = response.json<{ results: { outcome: string; code: string | null }[] }>().results;
  const statusCode = result?.outcome === 'applied' ? 201 : result?.code === 'GRID_NOT_FOUND' ? 404 : 500;
  const verdict = { code: result?.code ?? null, outcome: result?.outcome };
  return { ...response, statusCode, json: () => verdict } as unknown as LightMyRequestResponse;
}

/** Creates records for a call to act on, as an all-seeing user, outside the measured request. */
let setup: TestClient;
async function freshGrid(village: string, n: number): Promise<string> {
  const response = await setup.post('/api/v1/org/grids', { regionCode: village, name: `矩阵网格${n}-${Math.random()}`, kind: 'other' });
  return response.json<{ id: string }>().id;
}
let mobiles = 0;
async function freshPerson(region: string): Promise<string> {
  mobiles += 1;
  const response = await setup.post('/api/v1/org/people', { name: '矩阵', mobile: `137${String(10_000_000 + mobiles).slice(-8)}`, regionCode: region });
  return response.json<{ id: string }>().id;
}
async function freshPost(person: string, village: string): Promise<string> {
  const response = await setup.post(`/api/v1/org/people/${person}/posts`, { kind: 'informant', regionCode: village });
  return response.json<{ posts: { id: string }[] }>().posts[0]!.id;
}
async function importFile(township: string, village: string, n: number): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const grids = workbook.addWorksheet('网格');
  grids.addRow(['乡镇(街道)', '村(社区)', '网格名称', '网格类型', '户数', '人口']);
  grids.addRow([township, village, `导入网格${n}`, '村民小组', 100, 300]);
  const people = workbook.addWorksheet('人员');
  people.addRow(['姓名', '手机', '固定电话', '岗位', '乡镇(街道)', '村(社区)', '网格名称', '备注']);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
const regionNames = new Map<string, { township: string; village: string }>();
let records = 0;
/** A unit, hazard source and risk point in a village, made by the all-seeing setup user. */
async function freshLedger(village: string) {
  records += 1;
  const unit = await setup.post('/api/v1/units', { regionCode: village, name: `矩阵单位${records}`, category: 'smallShop', location: { lon: 113.3, lat: 31.7 } });
  const source = await setup.post('/api/v1/hazard-sources', { regionCode: village, name: `矩阵危险源${records}`, kind: 'other' });
  const point = await setup.post('/api/v1/risk-points', { regionCode: village, name: `矩阵风险点${records}`, kind: 'other', level: 'major', location: { lon: 113.3, lat: 31.7 } });
  const hazard = await setup.post('/api/v1/hazards', { regionCode: village, kind: 'fire', title: `矩阵隐患${records}` });
  const draw = await setup.post('/api/v1/random-draws', {
    title: '矩阵抽查',
    regionCode: village,
    unitCount: 1,
    inspectorPool: [await freshPerson(village)],
    inspectorCount: 1,
  });
  return {
    unit: unit.json<{ id: string }>().id,
    source: source.json<{ id: string }>().id,
    point: point.json<{ id: string }>().id,
    hazard: hazard.json<{ id: string }>().id,
    draw: draw.json<{ id: string }>().id,
  };
}
async function freshHazard(village: string): Promise<string> {
  const response = await setup.post('/api/v1/hazards', { regionCode: village, kind: 'fire', title: '矩阵新隐患' });
  return response.json<{ id: string }>().id;
}
let reportIp = 0;
/**
 * A public report in a village, sent anonymously from a fresh address; answers its id. Another
 * county's village is not this deployment's: no report can be sent there, so a made-up id stands in.
 */
async function freshPublicReport(village: string): Promise<string> {
  reportIp += 1;
  const sent = await t.app.inject({
    method: 'POST',
    url: '/api/v1/public/reports',
    payload: { regionCode: village, description: '矩阵测试举报内容', address: '某地' },
    remoteAddress: `10.9.${Math.floor(reportIp / 250)}.${reportIp % 250}`,
  });
  if (sent.statusCode !== 201) {
    return '00000000-0000-4000-8000-000000000003';
  }
  const { receiptCode } = sent.json<{ receiptCode: string }>();
  const [row] = await queryRows<{ id: string }>(t.database.db, sql`select id from public_report where receipt_code = ${receiptCode}`);
  return row!.id;
}
let photo: Buffer;
let attachmentId = '';
const officeRoles: readonly Role[] = ['county_admin', 'county_staff', 'township_admin', 'township_staff'];
/** Calls that find the record before checking the role: outside is 404 for everyone. */
const roleThenMissing = (allowed: readonly Role[], ok: number) => (role: Role): [number, number?] => [
  allowed.includes(role) ? ok : 403,
  404,
];
async function ledgerFile(village: string, n: number): Promise<Buffer> {
  const names = regionNames.get(village)!;
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('风险点');
  sheet.addRow(['乡镇(街道)', '村(社区)', '网格', '风险点名称', '风险点类型', '风险等级', '经度', '纬度', '威胁户数', '威胁人数', '乡镇责任人手机', '村级责任人手机', '网格责任人手机', '管控措施', '监测方式', '下次复核日期', '状态']);
  sheet.addRow([names.township, names.village, '', `导入风险点${n}`, '低洼易涝点', '一般', 113.3, 31.7]);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
const uploadLedger = (c: TestClient, file: Buffer) =>
  c.request({ method: 'POST', url: '/api/v1/ledgers/import', payload: file, headers: { 'content-type': xlsxMediaType } });
let warningClerk: TestClient;
let warningsMade = 0;
/** An upper warning (blue, so nobody is called yet) for a village, ingested by the county. */
async function freshUpperWarning(village: string): Promise<string> {
  warningsMade += 1;
  const xml = `<alert><identifier>matrix-${warningsMade}-${Math.random()}</identifier><sender>随县气象局</sender>
    <sendTime>2026-07-12 02:05:00+08:00</sendTime><status>Actual</status><msgType>Alert</msgType><scope>Public</scope>
    <info><eventType>11B03</eventType><urgency>Unknown</urgency><severity>Blue</severity><certainty>Unknown</certainty>
    <headline>矩阵预警</headline><area><areaDesc>村</areaDesc><geocode>${village}</geocode></area></info></alert>`;
  const response = await warningClerk.request({ method: 'POST', url: '/api/v1/warnings/ingest', payload: xml, headers: { 'content-type': 'application/xml' } });
  return response.json<{ id: string }>().id;
}
/** A warning the county issued to a village. */
async function freshIssuedWarning(client: TestClient, village: string): Promise<string> {
  const response = await client.post('/api/v1/warnings', {
    event: '暴雨',
    level: 'yellow',
    headline: '矩阵县发布预警',
    description: '矩阵',
    targets: { regionCodes: [village], gridIds: [] },
  });
  return response.json<{ id: string }>().id;
}
const countyRoles: readonly Role[] = ['county_admin', 'county_staff'];
const townshipOffice: readonly Role[] = ['township_admin', 'township_staff'];

/** List answers that must hold only records of the caller's scope. */
const scopedLists: Record<string, (targets: Targets) => string> = {
  listUnits: (targets) => targets.outsideUnitId,
  listHazardSources: (targets) => targets.outsideHazardSourceId,
  listRiskPoints: (targets) => targets.outsideRiskPointId,
  listHazards: (targets) => targets.outsideHazardId,
};
/** Lists that must not hold the outside record (their rows are not all inside the scope). */
const leakFreeLists: Record<string, (targets: Targets) => string> = {
  listWarnings: (targets) => targets.outsideWarningId,
};
const upload = (c: TestClient, file: Buffer) =>
  c.request({ method: 'POST', url: '/api/v1/org/import', payload: file, headers: { 'content-type': xlsxMediaType } });

/**
 * A signed-in client that snapshots every table just before its first request of a call, so a
 * refused call can be shown to have written nothing. The records a call sets up first
 * (`freshGrid`, `freshHazard`…) go through other clients, before the snapshot.
 */
class WatchedClient extends TestClient {
  before: TableSnapshot | null = null;
  isWatching = false;
  isRead = false;

  /** Ready for the next call; snapshots before it if it is expected to be refused, or reads. */
  watch(isWatching: boolean) {
    this.isWatching = isWatching;
    this.before = null;
    this.isRead = false;
  }
  override async request(options: InjectOptions): Promise<LightMyRequestResponse> {
    if (!this.before && (this.isWatching || options.method === 'GET')) {
      this.isRead = options.method === 'GET';
      this.before = await snapshots.take();
    }
    return this.send(options);
  }
  protected send(options: InjectOptions) {
    return super.request(options);
  }
}
/** The same without a session: no cookie, no CSRF header. */
class AnonymousClient extends WatchedClient {
  protected override send(options: InjectOptions) {
    return t.app.inject(options);
  }
}
let snapshots: Awaited<ReturnType<typeof createTableSnapshots>>;
/**
 * Tables a refused call may still write, with the reason. The outbox records each command's
 * verdict, a refusal included, so that a retry of the same command id gets the same answer.
 */
const refusalRecords: Record<string, readonly string[]> = { syncPush: ['sync_command'] };
const tally = { calls: 0, refused: 0, unauthorisedWrites: 0, answersWalked: 0, regionCodes: 0, stringsChecked: 0, leaks: 0, anonymous: 0, reads: 0 };

/** Fails the test, naming operation and role, if a refused call or a read changed any table. */
async function expectNoWrite(label: string, operationId: string, client: WatchedClient, response: LightMyRequestResponse) {
  // A read writes nothing either: GETs need no CSRF token, so one that wrote would be a way in.
  if (client.isRead && response.statusCode < 300) {
    tally.reads += 1;
    const changes = snapshots.changes(client.before!, await snapshots.take());
    tally.unauthorisedWrites += changes.length > 0 ? 1 : 0;
    expect(changes, `${label} is a GET but wrote`).toEqual([]);
    return;
  }
  if (response.statusCode < 400 || response.statusCode >= 500) {
    return;
  }
  expect(client.before, `${label}: refused without a request?`).not.toBeNull();
  tally.refused += 1;
  const changes = snapshots.changes(client.before!, await snapshots.take(), refusalRecords[operationId]);
  if (changes.length > 0) {
    tally.unauthorisedWrites += 1;
  }
  expect(changes, `${label} was refused (${response.statusCode}) but wrote`).toEqual([]);
}

/** A string found in an answer, and where (`$.items[].regionCode`, its key `regionCode`). */
interface Field {
  path: string;
  key: string;
  value: string;
}
function stringsIn(value: unknown, path = '$', key = '', found: Field[] = []): Field[] {
  if (typeof value === 'string') {
    found.push({ path, key, value });
  } else if (Array.isArray(value)) {
    for (const item of value) {
      stringsIn(item, `${path}[]`, key, found);
    }
  } else if (value !== null && typeof value === 'object') {
    for (const [name, item] of Object.entries(value)) {
      stringsIn(item, `${path}.${name}`, name, found);
    }
  }
  return found;
}
/** Keys that hold region codes: `regionCode(s)`, `scopeRegionCode`, `townshipCode`, `countyCode`, a region's `code`. */
const regionKey = /(?:region|township|county)Codes?$|^(?:code|parentCode)$/i;
/** A region code: any 12-digit string, and a shorter code under a region key (`countyCode: '421321'`). */
const isRegionCode = (field: Field) =>
  /^\d{12}$/.test(field.value) || (regionKey.test(field.key) && /^(?:\d{2}|\d{4}|\d{6}|\d{9})$/.test(field.value));
/** The code's own prefix: 421321101000 → 421321101. */
const prefixOf = (code: string) => code.slice(0, regionPrefixLength[regionLevelOf(code)]);
/**
 * Where a code outside the caller's scope is right, and why. Only the scope's own ancestors
 * (its township, county…) are ever allowed: nothing of a sibling or another county may appear.
 * Public operations (the report form lists the county's townships; regions are public names)
 * are not in the matrix.
 */
const ancestorRules: { key: RegExp; operations?: readonly string[]; reason: string }[] = [
  { key: /^(?:townshipCode|parentCode)$/, reason: "context: the record's township, the region's parent" },
  { key: /^countyCode$/, reason: 'county-wide records (experts) name their county' },
  { key: /^regionCode$/, operations: ['getOnDuty'], reason: "a village keeps no roster: its township's people are on duty for it" },
  { key: /^regionCode$/, operations: ['getWarning', 'listWarnings'], reason: "a warning to the caller's township or county covers the caller" },
  { key: /^regionCode$/, operations: ['listDutyTemplates'], reason: 'templates set by the county or township hold below' },
];
/** The records outside the caller's scope that no answer may hold, anywhere. */
const outsideIds = (targets: Targets) =>
  new Set(
    (Object.keys(targets) as (keyof Targets)[])
      .filter((name) => name.startsWith('outside') && name.endsWith('Id'))
      .map((name) => targets[name]),
  );
/**
 * What a successful JSON answer must not hold: a region code outside the caller's scope (but
 * for an allowed ancestor), or the id of a record set up outside the scope, anywhere in it.
 */
function leaksIn(operationId: string, scope: string, targets: Targets, body: unknown, counts = { regionCodes: 0, strings: 0 }): string[] {
  const forbiddenIds = outsideIds(targets);
  const leaks: string[] = [];
  for (const field of stringsIn(body)) {
    counts.strings += 1;
    if (forbiddenIds.has(field.value)) {
      leaks.push(`${field.path} = ${field.value}, a record outside ${scope}`);
    }
    if (!isRegionCode(field)) {
      continue;
    }
    counts.regionCodes += 1;
    const code = field.value.padEnd(12, '0');
    const isAncestor = scope.startsWith(prefixOf(code));
    const isAllowed =
      code.startsWith(scope) ||
      (isAncestor && ancestorRules.some((rule) => rule.key.test(field.key) && (!rule.operations || rule.operations.includes(operationId))));
    if (!isAllowed) {
      leaks.push(`${field.path} = ${field.value}, outside ${scope}`);
    }
  }
  return leaks;
}
/** The text of every cell of a workbook, for the same walk as a JSON answer. */
async function workbookCells(file: Buffer): Promise<string[]> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(file as unknown as ArrayBuffer);
  const cells: string[] = [];
  workbook.eachSheet((sheet) => sheet.eachRow((row) => row.eachCell((cell) => cells.push(cell.text))));
  return cells;
}
/**
 * Fails the test, naming operation and role, if a successful answer leaks: a JSON answer
 * walked whole, a workbook cell by cell (also for the name of the village just outside the
 * scope), an XML or text answer for its 12-digit codes and ids. (A PDF is not read.)
 */
async function expectNoLeak(label: string, operationId: string, place: ReturnType<typeof placeOf>, response: LightMyRequestResponse) {
  const type = String(response.headers['content-type']);
  if (response.statusCode >= 300) {
    return;
  }
  let body: unknown;
  const extra: string[] = [];
  if (type.startsWith('application/json')) {
    body = response.json();
  } else if (type.startsWith(xlsxMediaType)) {
    const cells = await workbookCells(response.rawPayload);
    body = { cells };
    const outsideName = regionNames.get(place.targets.outsideVillage)!.village;
    extra.push(...cells.filter((cell) => cell.includes(outsideName)).map((cell) => `a cell names ${outsideName}: ${cell}`));
  } else if (/xml|text\//.test(type)) {
    body = { codes: response.body.match(/\b\d{12}\b|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g) ?? [] };
  } else {
    return;
  }
  tally.answersWalked += 1;
  const counts = { regionCodes: 0, strings: 0 };
  const leaks = [...leaksIn(operationId, place.scope, place.targets, body, counts), ...extra];
  tally.regionCodes += counts.regionCodes;
  tally.stringsChecked += counts.strings;
  tally.leaks += leaks.length;
  expect(leaks, `${label} answered records outside the caller's scope`).toEqual([]);
}

const operations: Record<string, Operation> = {
  getMe: { inside: (c) => c.get('/api/v1/auth/me'), expect: () => [200] },
  getRegion: {
    inside: (c, t) => c.get(`/api/v1/regions/${t.insideRegion}`),
    outside: (c, t) => c.get(`/api/v1/regions/${t.outsideRegion}`),
    expect: () => [200, 403],
  },
  listRegionChildren: {
    inside: (c, t) => c.get(`/api/v1/regions?code=${t.insideRegion}`),
    outside: (c, t) => c.get(`/api/v1/regions?code=${t.outsideRegion}`),
    expect: () => [200, 403],
  },
  listUsers: { inside: (c) => c.get('/api/v1/users?limit=500'), expect: adminOnly(200) },
  createUser: {
    inside: (c, t, n) =>
      c.post('/api/v1/users', { username: `matrix.in.${n}`, password: 'long-enough-password', displayName: '网格员', role: 'grid_worker', scopeRegionCode: t.insideVillage }),
    outside: (c, t, n) =>
      c.post('/api/v1/users', { username: `matrix.out.${n}`, password: 'long-enough-password', displayName: '网格员', role: 'grid_worker', scopeRegionCode: t.outsideVillage }),
    expect: adminOnly(201, 403),
  },
  updateUser: {
    inside: (c, t, n) => c.patch(`/api/v1/users/${t.insideUserId}`, { displayName: `改名${n}` }),
    // Someone else's user is not found rather than forbidden: its existence is not revealed.
    outside: (c, t, n) => c.patch(`/api/v1/users/${t.outsideUserId}`, { displayName: `改名${n}` }),
    expect: adminOnly(200, 404),
  },
  verifyAuditChain: { inside: (c) => c.get('/api/v1/audit/verify'), expect: adminOnly(200) },
  listAuditEntries: { inside: (c) => c.get('/api/v1/audit?limit=500'), expect: adminOnly(200) },
  logout: { inside: (c) => c.post('/api/v1/auth/logout'), expect: () => [200] },

  // org: reads are open to every role inside its scope; writes to the editors.
  listGrids: {
    inside: (c, t) => c.get(`/api/v1/org/grids?regionCode=${t.insideRegion}`),
    outside: (c, t) => c.get(`/api/v1/org/grids?regionCode=${t.outsideRegion}`),
    expect: anyone(200, 403),
  },
  createGrid: {
    inside: (c, t, n) => c.post('/api/v1/org/grids', { regionCode: t.insideVillage, name: `新网格${n}`, kind: 'villagerGroup' }),
    outside: (c, t, n) => c.post('/api/v1/org/grids', { regionCode: t.outsideVillage, name: `新网格${n}`, kind: 'villagerGroup' }),
    expect: only(orgEditorRoles, 201, 403),
  },
  updateGrid: {
    inside: (c, t, n) => c.patch(`/api/v1/org/grids/${t.insideGridId}`, { households: n }),
    outside: (c, t, n) => c.patch(`/api/v1/org/grids/${t.outsideGridId}`, { households: n }),
    expect: only(orgEditorRoles, 200, 404),
  },
  deleteGrid: {
    inside: async (c, t, n) => c.delete(`/api/v1/org/grids/${await freshGrid(t.insideVillage, n)}`),
    outside: (c, t) => c.delete(`/api/v1/org/grids/${t.outsideGridId}`),
    expect: only(orgEditorRoles, 200, 404),
  },
  listPeople: {
    inside: (c, t) => c.get(`/api/v1/org/people?regionCode=${t.insideRegion}`),
    outside: (c, t) => c.get(`/api/v1/org/people?regionCode=${t.outsideRegion}`),
    expect: anyone(200, 403),
  },
  createPerson: {
    inside: (c, t, n) => c.post('/api/v1/org/people', { name: '新人', mobile: `136${String(10_000_000 + n).slice(-8)}`, regionCode: t.insideVillage }),
    outside: (c, t, n) => c.post('/api/v1/org/people', { name: '新人', mobile: `135${String(10_000_000 + n).slice(-8)}`, regionCode: t.outsideVillage }),
    expect: only(orgEditorRoles, 201, 403),
  },
  updatePerson: {
    inside: (c, t, n) => c.patch(`/api/v1/org/people/${t.insidePersonId}`, { notes: `备注${n}` }),
    outside: (c, t, n) => c.patch(`/api/v1/org/people/${t.outsidePersonId}`, { notes: `备注${n}` }),
    expect: only(orgEditorRoles, 200, 404),
  },
  assignPost: {
    inside: async (c, t) => c.post(`/api/v1/org/people/${await freshPerson(t.insideVillage)}/posts`, { kind: 'villageStaff', regionCode: t.insideVillage }),
    outside: (c, t) => c.post(`/api/v1/org/people/${t.outsidePersonId}/posts`, { kind: 'villageStaff', regionCode: t.outsideVillage }),
    expect: only(orgEditorRoles, 200, 404),
  },
  removePost: {
    inside: async (c, t) => {
      const person = await freshPerson(t.insideVillage);
      return c.delete(`/api/v1/org/people/${person}/posts/${await freshPost(person, t.insideVillage)}`);
    },
    outside: async (c, t) => {
      const person = await freshPerson(t.outsideVillage);
      return c.delete(`/api/v1/org/people/${person}/posts/${await freshPost(person, t.outsideVillage)}`);
    },
    expect: only(orgEditorRoles, 200, 404),
  },
  getRegionProfile: {
    inside: (c, t) => c.get(`/api/v1/org/regions/${t.insideRegion}/profile`),
    outside: (c, t) => c.get(`/api/v1/org/regions/${t.outsideRegion}/profile`),
    expect: anyone(200, 403),
  },
  updateRegionProfile: {
    inside: (c, t, n) => c.patch(`/api/v1/org/regions/${t.insideVillage}/profile`, { residents: n }),
    outside: (c, t, n) => c.patch(`/api/v1/org/regions/${t.outsideVillage}/profile`, { residents: n }),
    expect: only(orgEditorRoles, 200, 403),
  },
  getStaffingReport: {
    inside: (c, t) => c.get(`/api/v1/org/staffing?regionCode=${t.insideRegion}`),
    outside: (c, t) => c.get(`/api/v1/org/staffing?regionCode=${t.outsideRegion}`),
    expect: anyone(200, 403),
  },
  getStaffingRules: {
    inside: (c, t) => c.get(`/api/v1/org/staffing-rules?regionCode=${t.insideRegion}`),
    outside: (c, t) => c.get(`/api/v1/org/staffing-rules?regionCode=${t.outsideRegion}`),
    expect: anyone(200, 403),
  },
  updateStaffingRules: {
    inside: (c) => c.put('/api/v1/org/staffing-rules', { regionCode: '421321', override: {} }),
    outside: (c) => c.put('/api/v1/org/staffing-rules', { regionCode: '421303', override: {} }),
    expect: only(['county_admin'], 200, 403),
  },
  listExperts: { inside: (c) => c.get('/api/v1/org/experts'), expect: anyone(200) },
  createExpert: {
    inside: (c) => c.post('/api/v1/org/experts', { name: '专家', specialty: '地质灾害', sector: '自然资源', mobile: '13800000001' }),
    expect: only(expertEditorRoles, 201),
  },
  updateExpert: {
    inside: (c, t) => c.patch(`/api/v1/org/experts/${t.insideExpertId}`, { availability: 'busy' }),
    outside: (c, t) => c.patch(`/api/v1/org/experts/${t.outsideExpertId}`, { availability: 'busy' }),
    expect: only(expertEditorRoles, 200, 404),
  },
  setDutyShift: {
    inside: (c, t) => c.put('/api/v1/org/duty-shifts', { regionCode: t.insideRoster, date: '2026-11-23', leaderPersonId: null, staffPersonIds: [] }),
    outside: (c, t) => c.put('/api/v1/org/duty-shifts', { regionCode: t.outsideRoster, date: '2026-11-23', leaderPersonId: null, staffPersonIds: [] }),
    expect: only(dutyEditorRoles, 200, 403),
  },
  listDutyShifts: {
    inside: (c, t) => c.get(`/api/v1/org/duty-shifts?regionCode=${t.insideRoster}&from=2026-11-23&to=2026-11-29`),
    outside: (c, t) => c.get(`/api/v1/org/duty-shifts?regionCode=${t.outsideRoster}&from=2026-11-23&to=2026-11-29`),
    // A village keeps no roster of its own.
    expect: (role) => (isVillageRole(role) ? [400, 403] : [200, 403]),
  },
  getOnDuty: {
    inside: (c, t) => c.get(`/api/v1/org/on-duty?regionCode=${t.insideRegion}`),
    outside: (c, t) => c.get(`/api/v1/org/on-duty?regionCode=${t.outsideRegion}`),
    expect: anyone(200, 403),
  },
  getDutyCard: {
    inside: (c, t) => c.get(`/api/v1/org/duty-cards/${t.insidePersonId}`),
    outside: (c, t) => c.get(`/api/v1/org/duty-cards/${t.outsidePersonId}`),
    expect: anyone(200, 404),
  },
  listDutyCards: {
    inside: (c, t) => c.get(`/api/v1/org/duty-cards?regionCode=${t.insideVillage}`),
    outside: (c, t) => c.get(`/api/v1/org/duty-cards?regionCode=${t.outsideVillage}`),
    expect: anyone(200, 403),
  },
  exportDutyCardsPdf: {
    inside: (c, t) => c.get(`/api/v1/org/duty-cards.pdf?regionCode=${t.insideVillage}`),
    outside: (c, t) => c.get(`/api/v1/org/duty-cards.pdf?regionCode=${t.outsideVillage}`),
    expect: anyone(200, 403),
  },
  listDutyTemplates: {
    inside: (c, t) => c.get(`/api/v1/org/duty-templates?regionCode=${t.insideRegion}`),
    outside: (c, t) => c.get(`/api/v1/org/duty-templates?regionCode=${t.outsideRegion}`),
    expect: anyone(200, 403),
  },
  updateDutyTemplate: {
    inside: (c, t) => c.put('/api/v1/org/duty-templates/gridWorker', { regionCode: t.insideRoster, lines: ['巡查。'] }),
    outside: (c, t) => c.put('/api/v1/org/duty-templates/gridWorker', { regionCode: t.outsideRoster, lines: ['巡查。'] }),
    expect: adminOnly(200, 403),
  },
  exportGridTable: {
    inside: (c, t) => c.get(`/api/v1/org/grid-table.xlsx?regionCode=${t.insideRegion}`),
    outside: (c, t) => c.get(`/api/v1/org/grid-table.xlsx?regionCode=${t.outsideRegion}`),
    expect: anyone(200, 403),
  },
  getImportTemplate: { inside: (c) => c.get('/api/v1/org/import-template.xlsx'), expect: anyone(200) },
  importOrganisation: {
    inside: async (c, t, n) => {
      const names = regionNames.get(t.insideVillage)!;
      return upload(c, await importFile(names.township, names.village, n));
    },
    outside: async (c, t, n) => {
      const names = regionNames.get(t.outsideVillage)!;
      return upload(c, await importFile(names.township, names.village, n));
    },
    // Rows naming a village outside the scope are errors: nothing is imported.
    expect: only(orgEditorRoles, 200, 422),
  },

  // units and risks: reads open to every role in scope; writes to the ledger editors.
  listUnits: {
    inside: (c, t) => c.get(`/api/v1/units?regionCode=${t.insideRegion}&limit=500`),
    outside: (c, t) => c.get(`/api/v1/units?regionCode=${t.outsideRegion}`),
    expect: anyone(200, 403),
  },
  createUnit: {
    inside: (c, t, n) => c.post('/api/v1/units', { regionCode: t.insideVillage, name: `新单位${n}`, category: 'farmStay' }),
    outside: (c, t, n) => c.post('/api/v1/units', { regionCode: t.outsideVillage, name: `新单位${n}`, category: 'farmStay' }),
    expect: only(ledgerEditorRoles, 201, 403),
  },
  getUnit: {
    inside: (c, t) => c.get(`/api/v1/units/${t.insideUnitId}`),
    outside: (c, t) => c.get(`/api/v1/units/${t.outsideUnitId}`),
    expect: anyone(200, 404),
  },
  updateUnit: {
    inside: (c, t, n) => c.patch(`/api/v1/units/${t.insideUnitId}`, { employees: n }),
    outside: (c, t, n) => c.patch(`/api/v1/units/${t.outsideUnitId}`, { employees: n }),
    expect: only(ledgerEditorRoles, 200, 404),
  },
  listHazardSources: {
    inside: (c, t) => c.get(`/api/v1/hazard-sources?regionCode=${t.insideRegion}&limit=500`),
    outside: (c, t) => c.get(`/api/v1/hazard-sources?regionCode=${t.outsideRegion}`),
    expect: anyone(200, 403),
  },
  createHazardSource: {
    inside: (c, t, n) => c.post('/api/v1/hazard-sources', { regionCode: t.insideVillage, name: `新危险源${n}`, kind: 'gasStorage' }),
    outside: (c, t, n) => c.post('/api/v1/hazard-sources', { regionCode: t.outsideVillage, name: `新危险源${n}`, kind: 'gasStorage' }),
    expect: only(ledgerEditorRoles, 201, 403),
  },
  getHazardSource: {
    inside: (c, t) => c.get(`/api/v1/hazard-sources/${t.insideHazardSourceId}`),
    outside: (c, t) => c.get(`/api/v1/hazard-sources/${t.outsideHazardSourceId}`),
    expect: anyone(200, 404),
  },
  updateHazardSource: {
    inside: (c, t, n) => c.patch(`/api/v1/hazard-sources/${t.insideHazardSourceId}`, { quantity: `${n} t` }),
    outside: (c, t, n) => c.patch(`/api/v1/hazard-sources/${t.outsideHazardSourceId}`, { quantity: `${n} t` }),
    expect: only(ledgerEditorRoles, 200, 404),
  },
  getHazardSourceStats: {
    inside: (c, t) => c.get(`/api/v1/hazard-sources/stats?regionCode=${t.insideRegion}`),
    outside: (c, t) => c.get(`/api/v1/hazard-sources/stats?regionCode=${t.outsideRegion}`),
    expect: anyone(200, 403),
  },
  getLedgerSettings: {
    inside: (c, t) => c.get(`/api/v1/ledger-settings?regionCode=${t.insideRegion}`),
    outside: (c, t) => c.get(`/api/v1/ledger-settings?regionCode=${t.outsideRegion}`),
    expect: anyone(200, 403),
  },
  updateLedgerSettings: {
    inside: (c) => c.put('/api/v1/ledger-settings', { regionCode: '421321', override: {} }),
    outside: (c) => c.put('/api/v1/ledger-settings', { regionCode: '421303', override: {} }),
    expect: only(['county_admin'], 200, 403),
  },
  listRiskPoints: {
    inside: (c, t) => c.get(`/api/v1/risk-points?regionCode=${t.insideRegion}&limit=500`),
    outside: (c, t) => c.get(`/api/v1/risk-points?regionCode=${t.outsideRegion}`),
    expect: anyone(200, 403),
  },
  createRiskPoint: {
    inside: (c, t, n) => c.post('/api/v1/risk-points', { regionCode: t.insideVillage, name: `新风险点${n}`, kind: 'dyke', level: 'high', location: { lon: 113.3, lat: 31.7 } }),
    outside: (c, t, n) => c.post('/api/v1/risk-points', { regionCode: t.outsideVillage, name: `新风险点${n}`, kind: 'dyke', level: 'high', location: { lon: 113.3, lat: 31.7 } }),
    expect: only(ledgerEditorRoles, 201, 403),
  },
  getRiskPoint: {
    inside: (c, t) => c.get(`/api/v1/risk-points/${t.insideRiskPointId}`),
    outside: (c, t) => c.get(`/api/v1/risk-points/${t.outsideRiskPointId}`),
    expect: anyone(200, 404),
  },
  updateRiskPoint: {
    inside: (c, t, n) => c.patch(`/api/v1/risk-points/${t.insideRiskPointId}`, { threatenedPeople: n }),
    outside: (c, t, n) => c.patch(`/api/v1/risk-points/${t.outsideRiskPointId}`, { threatenedPeople: n }),
    expect: only(ledgerEditorRoles, 200, 404),
  },
  getMapLayer: {
    inside: (c, t) => c.get(`/api/v1/map/layer?layer=riskPoints&regionCode=${t.insideRegion}`),
    outside: (c, t) => c.get(`/api/v1/map/layer?layer=riskPoints&regionCode=${t.outsideRegion}`),
    expect: anyone(200, 403),
  },
  getMapConfig: { inside: (c) => c.get('/api/v1/map/config'), expect: anyone(200) },
  summariseLedger: {
    inside: (c, t) => c.get(`/api/v1/ledgers/summary?ledger=riskPoints&groupBy=area&regionCode=${t.insideRegion}`),
    outside: (c, t) => c.get(`/api/v1/ledgers/summary?ledger=riskPoints&groupBy=area&regionCode=${t.outsideRegion}`),
    expect: anyone(200, 403),
  },
  exportLedger: {
    inside: (c, t) => c.get(`/api/v1/ledgers/export.xlsx?ledger=units&regionCode=${t.insideRegion}`),
    outside: (c, t) => c.get(`/api/v1/ledgers/export.xlsx?ledger=units&regionCode=${t.outsideRegion}`),
    expect: anyone(200, 403),
  },
  getLedgerImportTemplate: { inside: (c) => c.get('/api/v1/ledgers/import-template.xlsx'), expect: anyone(200) },
  importLedger: {
    inside: async (c, t, n) => uploadLedger(c, await ledgerFile(t.insideVillage, n)),
    outside: async (c, t, n) => uploadLedger(c, await ledgerFile(t.outsideVillage, n)),
    expect: only(ledgerEditorRoles, 200, 422),
  },
  listHazards: {
    inside: (c, t) => c.get(`/api/v1/hazards?regionCode=${t.insideRegion}`),
    outside: (c, t) => c.get(`/api/v1/hazards?regionCode=${t.outsideRegion}`),
    expect: anyone(200, 403),
  },
  countHazards: {
    inside: (c, t) => c.get(`/api/v1/hazards/count?regionCode=${t.insideRegion}`),
    outside: (c, t) => c.get(`/api/v1/hazards/count?regionCode=${t.outsideRegion}`),
    expect: anyone(200, 403),
  },
  createHazard: {
    inside: (c, t) => c.post('/api/v1/hazards', { regionCode: t.insideVillage, kind: 'fire', title: '矩阵上报' }),
    outside: (c, t) => c.post('/api/v1/hazards', { regionCode: t.outsideVillage, kind: 'fire', title: '矩阵上报' }),
    expect: anyone(201, 403),
  },
  getHazard: {
    inside: (c, t) => c.get(`/api/v1/hazards/${t.insideHazardId}`),
    outside: (c, t) => c.get(`/api/v1/hazards/${t.outsideHazardId}`),
    expect: anyone(200, 404),
  },
  transitionHazard: {
    inside: async (c, t) => c.post(`/api/v1/hazards/${await freshHazard(t.insideVillage)}/transitions`, { action: 'verify' }),
    outside: (c, t) => c.post(`/api/v1/hazards/${t.outsideHazardId}/transitions`, { action: 'verify' }),
    expect: roleThenMissing(officeRoles, 200),
  },
  getHazardTimeline: {
    inside: (c, t) => c.get(`/api/v1/hazards/${t.insideHazardId}/timeline`),
    outside: (c, t) => c.get(`/api/v1/hazards/${t.outsideHazardId}/timeline`),
    expect: anyone(200, 404),
  },
  listMajorHazards: {
    inside: (c, t) => c.get(`/api/v1/major-hazards?regionCode=${t.insideRegion}`),
    outside: (c, t) => c.get(`/api/v1/major-hazards?regionCode=${t.outsideRegion}`),
    expect: anyone(200, 403),
  },
  exportMajorHazardCircular: {
    inside: (c, t) => c.get(`/api/v1/major-hazards/circular.xlsx?regionCode=${t.insideRegion}`),
    outside: (c, t) => c.get(`/api/v1/major-hazards/circular.xlsx?regionCode=${t.outsideRegion}`),
    expect: anyone(200, 403),
  },
  exportHazards: {
    inside: (c, t) => c.get(`/api/v1/hazards/export.xlsx?regionCode=${t.insideRegion}`),
    outside: (c, t) => c.get(`/api/v1/hazards/export.xlsx?regionCode=${t.outsideRegion}`),
    expect: anyone(200, 403),
  },
  getHazardStats: {
    inside: (c, t) => c.get(`/api/v1/hazards/stats?regionCode=${t.insideRegion}`),
    outside: (c, t) => c.get(`/api/v1/hazards/stats?regionCode=${t.outsideRegion}`),
    expect: anyone(200, 403),
  },
  summonDepartment: {
    inside: async (c, t) => c.post(`/api/v1/hazards/${await freshHazard(t.insideVillage)}/summons`, { note: '请报到' }),
    outside: (c, t) => c.post(`/api/v1/hazards/${t.outsideHazardId}/summons`, { note: '请报到' }),
    expect: (role) => (officeRoles.includes(role) ? [201, 404] : [403, 403]),
  },
  listSummons: { inside: (c) => c.get('/api/v1/summons'), expect: anyone(200) },
  respondToSummons: {
    inside: (c) => c.post('/api/v1/summons/00000000-0000-4000-8000-000000000001/response', { response: 'accept' }),
    expect: (role) => [role === 'department' ? 404 : 403],
  },
  listInspections: {
    inside: (c, t) => c.get(`/api/v1/inspections?regionCode=${t.insideRegion}`),
    outside: (c, t) => c.get(`/api/v1/inspections?regionCode=${t.outsideRegion}`),
    expect: anyone(200, 403),
  },
  createInspection: {
    inside: (c, t) => c.post('/api/v1/inspections', { unitId: t.insideUnitId, inspectedOn: '2026-11-20', inspectors: ['甲'] }),
    outside: (c, t) => c.post('/api/v1/inspections', { unitId: t.outsideUnitId, inspectedOn: '2026-11-20', inspectors: ['甲'] }),
    expect: (role) => ([...officeRoles, 'department'].includes(role) ? [201, 404] : [403, 403]),
  },
  getInspectionChecklist: { inside: (c) => c.get('/api/v1/inspection-checklist?category=smallShop'), expect: anyone(200) },
  listRandomDraws: {
    inside: (c, t) => c.get(`/api/v1/random-draws?regionCode=${t.insideRegion}`),
    outside: (c, t) => c.get(`/api/v1/random-draws?regionCode=${t.outsideRegion}`),
    expect: anyone(200, 403),
  },
  drawRandomInspection: {
    inside: (c, t) =>
      c.post('/api/v1/random-draws', { title: '矩阵抽查', regionCode: t.insideRegion, unitCount: 1, inspectorPool: [t.insidePersonId], inspectorCount: 1 }),
    outside: (c, t) =>
      c.post('/api/v1/random-draws', { title: '矩阵抽查', regionCode: t.outsideRegion, unitCount: 1, inspectorPool: [t.insidePersonId], inspectorCount: 1 }),
    expect: only(officeRoles, 201, 403),
  },
  checkRandomDraw: {
    inside: (c, t) => c.get(`/api/v1/random-draws/${t.insideDrawId}/check`),
    outside: (c, t) => c.get(`/api/v1/random-draws/${t.outsideDrawId}/check`),
    expect: anyone(200, 404),
  },
  listPublicReports: { inside: (c) => c.get('/api/v1/public-reports'), expect: only(officeRoles, 200) },
  reviewPublicReport: {
    inside: async (c, t) => c.post(`/api/v1/public-reports/${await freshPublicReport(t.insideVillage)}/review`, { decision: 'reject', reason: '不属实' }),
    outside: async (c, t) => c.post(`/api/v1/public-reports/${await freshPublicReport(t.outsideVillage)}/review`, { decision: 'reject', reason: '不属实' }),
    expect: only(officeRoles, 200, 404),
  },
  getHazardSettings: {
    inside: (c, t) => c.get(`/api/v1/hazard-settings?regionCode=${t.insideRegion}`),
    outside: (c, t) => c.get(`/api/v1/hazard-settings?regionCode=${t.outsideRegion}`),
    expect: anyone(200, 403),
  },
  updateHazardSettings: {
    inside: (c, t) => c.put('/api/v1/hazard-settings', { regionCode: t.insideRegion.slice(0, 6), override: { summonsResponseHours: 24 } }),
    outside: (c) => c.put('/api/v1/hazard-settings', { regionCode: '421303', override: { summonsResponseHours: 24 } }),
    expect: only(['county_admin'], 200, 403),
  },
  uploadAttachment: {
    inside: (c) => c.request({ method: 'POST', url: '/api/v1/attachments', payload: photo, headers: { 'content-type': 'image/jpeg' } }),
    expect: anyone(201),
  },
  getAttachment: { inside: (c) => c.get(`/api/v1/attachments/${attachmentId}`), expect: anyone(200) },
  listNotifications: { inside: (c) => c.get('/api/v1/notifications'), expect: anyone(200) },
  markNotificationRead: {
    inside: (c) => c.post('/api/v1/notifications/00000000-0000-4000-8000-000000000002/read'),
    expect: anyone(404),
  },
  ingestWarning: {
    inside: async (c, t) => {
      const xml = `<alert><identifier>matrix-in-${Math.random()}</identifier><sender>随县气象局</sender>
        <sendTime>2026-07-12 02:05:00+08:00</sendTime><status>Actual</status><msgType>Alert</msgType><scope>Public</scope>
        <info><eventType>11B03</eventType><urgency>Unknown</urgency><severity>Blue</severity><certainty>Unknown</certainty>
        <area><areaDesc>村</areaDesc><geocode>${t.insideVillage}</geocode></area></info></alert>`;
      return c.request({ method: 'POST', url: '/api/v1/warnings/ingest', payload: xml, headers: { 'content-type': 'application/xml' } });
    },
    expect: only(countyRoles, 201),
  },
  createWarning: {
    inside: (c, t) =>
      c.post('/api/v1/warnings', { event: '暴雨', level: 'yellow', headline: '矩阵', description: '矩阵', targets: { regionCodes: [t.insideVillage], gridIds: [] } }),
    outside: (c, t) =>
      c.post('/api/v1/warnings', { event: '暴雨', level: 'yellow', headline: '矩阵', description: '矩阵', targets: { regionCodes: [t.outsideVillage], gridIds: [] } }),
    expect: (role) => (countyRoles.includes(role) ? [201, 422] : [403, 403]),
  },
  listWarnings: { inside: (c) => c.get('/api/v1/warnings?limit=500'), expect: anyone(200) },
  getWarning: {
    inside: (c, t) => c.get(`/api/v1/warnings/${t.insideWarningId}`),
    outside: (c, t) => c.get(`/api/v1/warnings/${t.outsideWarningId}`),
    expect: anyone(200, 404),
  },
  dispatchWarning: {
    inside: async (c, t) => c.post(`/api/v1/warnings/${await freshUpperWarning(t.insideVillage)}/dispatch`, {}),
    outside: (c, t) => c.post(`/api/v1/warnings/${t.outsideWarningId}/dispatch`, {}),
    expect: only(countyRoles, 200, 404),
  },
  relayWarning: {
    inside: async (c, t) => c.post(`/api/v1/warnings/${await freshUpperWarning(t.insideVillage)}/relay`, { localInstructions: '矩阵属地措施' }),
    outside: (c, t) => c.post(`/api/v1/warnings/${t.outsideWarningId}/relay`, { localInstructions: '矩阵属地措施' }),
    expect: (role) => (townshipOffice.includes(role) ? [201, 404] : [403, 403]),
  },
  cancelWarning: {
    inside: async (c, t) => c.post(`/api/v1/warnings/${await freshIssuedWarning(warningClerk, t.insideVillage)}/cancel`, { reason: '矩阵' }),
    outside: (c, t) => c.post(`/api/v1/warnings/${t.outsideWarningId}/cancel`, { reason: '矩阵' }),
    expect: roleThenMissing(countyRoles, 200),
  },
  // Matrix users hold no post, so nobody here is called: the answer is refused, never leaked.
  answerWarning: {
    inside: (c, t) => c.post(`/api/v1/warnings/${t.insideWarningId}/answer`, {}),
    outside: (c, t) => c.post(`/api/v1/warnings/${t.outsideWarningId}/answer`, {}),
    expect: anyone(403, 404),
  },
  reportWarningActions: {
    inside: (c, t) => c.post(`/api/v1/warnings/${t.insideWarningId}/actions`, { relayedBy: ['gong'], householdsTold: 1, peopleMoved: 0 }),
    outside: (c, t) => c.post(`/api/v1/warnings/${t.outsideWarningId}/actions`, { relayedBy: ['gong'], householdsTold: 1, peopleMoved: 0 }),
    expect: anyone(403, 404),
  },
  getWarningCoverage: {
    inside: (c, t) => c.get(`/api/v1/warnings/${t.insideWarningId}/coverage`),
    outside: (c, t) => c.get(`/api/v1/warnings/${t.outsideWarningId}/coverage`),
    expect: anyone(200, 404),
  },
  // An open stream never ends under inject; its check is getWarningCoverage's, shown on the outside one.
  streamWarningCoverage: {
    inside: (c, t) => c.get(`/api/v1/warnings/${t.outsideWarningId}/coverage/stream`),
    expect: anyone(404),
  },
  exportWarningCoverage: {
    inside: (c, t) => c.get(`/api/v1/warnings/${t.insideWarningId}/coverage.xlsx`),
    outside: (c, t) => c.get(`/api/v1/warnings/${t.outsideWarningId}/coverage.xlsx`),
    expect: anyone(200, 404),
  },
  exportWarningCap: {
    inside: (c, t) => c.get(`/api/v1/warnings/${t.insideWarningId}/cap`),
    outside: (c, t) => c.get(`/api/v1/warnings/${t.outsideWarningId}/cap`),
    expect: anyone(200, 404),
  },
  listCallPlans: { inside: (c) => c.get('/api/v1/call-plans'), expect: anyone(200) },
  // A push answers 200 with a verdict per command: read as 201 applied / 404 refused as unknown.
  syncPush: {
    inside: (c, t) => pushPatrol(c, t.insideGridId),
    outside: (c, t) => pushPatrol(c, t.outsideGridId),
    expect: only(fieldRoles, 201, 404),
  },
  syncPull: { inside: (c) => c.get('/api/v1/sync/pull'), expect: only(fieldRoles, 200) },
  updateHousehold: {
    inside: async (c, t, n) => c.patch(`/api/v1/households/${await freshHousehold(t.insideGridId, n)}`, { vulnerable: true }),
    outside: async (c, t, n) => c.patch(`/api/v1/households/${await freshHousehold(t.outsideGridId, n)}`, { vulnerable: true }),
    expect: only(householdEditorRoles, 200, 404),
  },
  listPatrols: {
    inside: (c, t) => c.get(`/api/v1/patrols?regionCode=${t.insideRegion}`),
    outside: (c, t) => c.get(`/api/v1/patrols?regionCode=${t.outsideRegion}`),
    expect: anyone(200, 403),
  },
  listHouseholds: {
    inside: (c, t) => c.get(`/api/v1/households?gridId=${t.insideGridId}`),
    outside: (c, t) => c.get(`/api/v1/households?gridId=${t.outsideGridId}`),
    expect: anyone(200, 404),
  },
  createHousehold: {
    inside: (c, t, n) => c.post('/api/v1/households', { gridId: t.insideGridId, label: `矩阵${n}-${Math.random()}`, headName: '矩阵户' }),
    outside: (c, t, n) => c.post('/api/v1/households', { gridId: t.outsideGridId, label: `矩阵${n}`, headName: '矩阵户' }),
    expect: only(householdEditorRoles, 201, 404),
  },
  upsertCallPlan: {
    inside: (c) => c.put('/api/v1/call-plans', { level: 'yellow', eventType: '11B03', autoDispatch: false, steps: defaultCallPlanSteps }),
    expect: only(countyRoles, 200),
  },
};

/** Operations anyone may call without a session. */
const publicOperations = [
  'login',
  'getHealth',
  'getReadiness',
  'getPublicReportForm',
  'submitPublicReport',
  'getPublicReportStatus',
  'listPublicRandomDraws',
  'getPublicReportQr',
  'checkPublicRandomDraw',
  'gatewayInbound',
];

let t: TestApp;
let regions: {
  county: string;
  otherCounty: string;
  otherCountyVillage: string;
  township: string;
  otherTownship: string;
  village: string;
  siblingVillage: string;
  otherTownshipVillage: string;
};
const outsideUsers: Record<'county' | 'township' | 'village', string> = { county: '', township: '', village: '' };
let insideUserId = '';
const org = {
  insideGridId: '',
  insidePersonId: '',
  insideExpertId: '',
  outsideExpertId: '',
  outsideGrids: { county: '', township: '', village: '' },
  outsidePeople: { county: '', township: '', village: '' },
};
const emptyLedger = { unit: '', source: '', point: '', hazard: '', draw: '' };
const warnings = { inside: '', outside: { county: '', township: '', village: '' } };
const ledger = {
  inside: emptyLedger,
  outside: { county: emptyLedger, township: emptyLedger, village: emptyLedger },
};

beforeAll(async () => {
  t = await buildTestApp();
  snapshots = await createTableSnapshots(t.database);
  // A neighbouring county, so that county users have an "outside" too.
  await importRegions(t.database.db, '421303');
  const admin = await t.signIn('admin', adminPassword);
  const townships = (await admin.get('/api/v1/regions')).json<{ items: { code: string }[] }>().items;
  const villagesOf = async (code: string) =>
    (await admin.get(`/api/v1/regions?code=${code}`)).json<{ items: { code: string }[] }>().items.map((v) => v.code);
  const [village, siblingVillage] = await villagesOf(townships[0]!.code.slice(0, 9));
  const [otherTownshipVillage] = await villagesOf(townships[1]!.code.slice(0, 9));
  regions = {
    county: '421321',
    otherCounty: '421303',
    otherCountyVillage: '',
    township: townships[0]!.code.slice(0, 9),
    otherTownship: townships[1]!.code.slice(0, 9),
    village: village!,
    siblingVillage: siblingVillage!,
    otherTownshipVillage: otherTownshipVillage!,
  };
  // The other county's first village, straight from the data (the admin cannot see it).
  const national = await buildUser(t.database, { role: 'county_admin', scope: '42' });
  const nationalClient = await t.signIn(national.username);
  const zengduTownship = (await nationalClient.get('/api/v1/regions?code=421303')).json<{ items: { code: string }[] }>().items[0]!.code;
  regions.otherCountyVillage = (await nationalClient.get(`/api/v1/regions?code=${zengduTownship.slice(0, 9)}`)).json<{ items: { code: string }[] }>().items[0]!.code;

  insideUserId = (await buildUser(t.database, { role: 'grid_worker', scope: regions.village })).id;

  // Org records inside every role's scope (regions.village) and outside each level's.
  setup = nationalClient;
  for (const code of [regions.village, regions.siblingVillage, regions.otherTownshipVillage, regions.otherCountyVillage]) {
    const village = (await nationalClient.get(`/api/v1/regions/${code}`)).json<{ path: { name: string }[] }>();
    const path = village.path;
    regionNames.set(code, { township: path.at(-2)!.name, village: path.at(-1)!.name });
  }
  org.insideGridId = await freshGrid(regions.village, 0);
  org.insidePersonId = await freshPerson(regions.village);
  for (const [level, village] of [
    ['county', regions.otherCountyVillage],
    ['township', regions.otherTownshipVillage],
    ['village', regions.siblingVillage],
  ] as const) {
    org.outsideGrids[level] = await freshGrid(village, 0);
    org.outsidePeople[level] = await freshPerson(village);
    ledger.outside[level] = await freshLedger(village);
  }
  ledger.inside = await freshLedger(regions.village);
  photo = await sharp({ create: { width: 8, height: 8, channels: 3, background: '#888' } }).jpeg().toBuffer();
  attachmentId = (
    await nationalClient.request({ method: 'POST', url: '/api/v1/attachments', payload: photo, headers: { 'content-type': 'image/jpeg' } })
  ).json<{ id: string }>().id;
  const countyClerk = await t.signIn((await buildUser(t.database, { role: 'county_staff', scope: '421321' })).username);
  org.insideExpertId = (await countyClerk.post('/api/v1/org/experts', { name: '甲', specialty: '防汛', sector: '水利', mobile: '13800000002' })).json<{ id: string }>().id;
  const neighbour = await t.signIn((await buildUser(t.database, { role: 'county_staff', scope: '421303' })).username);
  org.outsideExpertId = (await neighbour.post('/api/v1/org/experts', { name: '乙', specialty: '防汛', sector: '水利', mobile: '13800000003' })).json<{ id: string }>().id;
  warningClerk = countyClerk;
  warnings.inside = await freshIssuedWarning(countyClerk, regions.village);
  warnings.outside.county = await freshIssuedWarning(neighbour, regions.otherCountyVillage);
  warnings.outside.township = await freshIssuedWarning(countyClerk, regions.otherTownshipVillage);
  warnings.outside.village = await freshIssuedWarning(countyClerk, regions.siblingVillage);
  outsideUsers.county = (await buildUser(t.database, { role: 'grid_worker', scope: regions.otherCountyVillage })).id;
  outsideUsers.township = (await buildUser(t.database, { role: 'grid_worker', scope: regions.otherTownshipVillage })).id;
  outsideUsers.village = (await buildUser(t.database, { role: 'grid_worker', scope: regions.siblingVillage })).id;
});
afterAll(async () => {
  // Quoted in docs/reliability.md (R2).
  console.log(
    `authorization matrix: ${Object.keys(operations).length} operations × ${roles.length} roles × inside/outside = ` +
      `${tally.calls} calls, ${tally.leaks} leaks, ${tally.unauthorisedWrites} unauthorised writes ` +
      `(${tally.refused} refused calls, ${tally.anonymous} of them anonymous, and ${tally.reads} successful reads checked for writes; ` +
      `${tally.answersWalked} answers walked (JSON, workbooks, XML), ` +
      `${tally.regionCodes} region codes and ${tally.stringsChecked} strings checked)`,
  );
  await t.close();
});

/** Where each role sits, and what lies inside and outside its scope. */
function placeOf(role: Role): { scope: string; level: 'county' | 'township' | 'village'; targets: Targets } {
  const level = role.startsWith('county') || role === 'department' ? 'county' : role.startsWith('township') ? 'township' : 'village';
  const byLevel = {
    county: { scope: regions.county, outsideRegion: regions.otherCounty, outsideVillage: regions.otherCountyVillage, outsideRoster: regions.otherCounty },
    township: { scope: regions.township, outsideRegion: regions.otherTownship, outsideVillage: regions.otherTownshipVillage, outsideRoster: regions.otherTownship },
    village: { scope: regions.village, outsideRegion: regions.siblingVillage, outsideVillage: regions.siblingVillage, outsideRoster: regions.otherTownship },
  }[level];
  return {
    scope: byLevel.scope,
    level,
    targets: {
      insideRegion: byLevel.scope,
      outsideRegion: byLevel.outsideRegion,
      insideUserId,
      outsideUserId: outsideUsers[level],
      insideVillage: regions.village,
      outsideVillage: byLevel.outsideVillage,
      insideRoster: byLevel.scope,
      outsideRoster: byLevel.outsideRoster,
      insideGridId: org.insideGridId,
      outsideGridId: org.outsideGrids[level],
      insidePersonId: org.insidePersonId,
      outsidePersonId: org.outsidePeople[level],
      insideExpertId: org.insideExpertId,
      outsideExpertId: org.outsideExpertId,
      insideUnitId: ledger.inside.unit,
      outsideUnitId: ledger.outside[level].unit,
      insideHazardSourceId: ledger.inside.source,
      outsideHazardSourceId: ledger.outside[level].source,
      insideRiskPointId: ledger.inside.point,
      outsideRiskPointId: ledger.outside[level].point,
      insideHazardId: ledger.inside.hazard,
      outsideHazardId: ledger.outside[level].hazard,
      insideDrawId: ledger.inside.draw,
      outsideDrawId: ledger.outside[level].draw,
      insideWarningId: warnings.inside,
      outsideWarningId: warnings.outside[level],
    },
  };
}

describe('authorization matrix', () => {
  it('covers every operation the API documents', async () => {
    const spec = (await t.app.inject({ method: 'GET', url: '/api/openapi.json' })).json<{
      paths: Record<string, Record<string, { operationId?: string }>>;
    }>();
    const documented = Object.values(spec.paths).flatMap((methods) => Object.values(methods).map((op) => op.operationId));
    expect(documented.sort()).toEqual([...Object.keys(operations), ...publicOperations].sort());
  });

  it('has checks that can fail: a planted leak, a write that changes no value, a delete', async () => {
    const place = placeOf('village_staff');
    const sibling = { items: [{ id: place.targets.outsideHazardId, regionCode: regions.siblingVillage }] };
    expect(leaksIn('listHazards', place.scope, place.targets, sibling)).toHaveLength(2);
    // The caller's own township: right for a warning addressed to it, a leak for a hazard.
    const township = { items: [{ regionCode: `${regions.township}000` }] };
    expect(leaksIn('listHazards', place.scope, place.targets, township)).toHaveLength(1);
    expect(leaksIn('listWarnings', place.scope, place.targets, township)).toEqual([]);

    const before = await snapshots.take();
    await queryRows(t.database.db, sql`update grid set name = name where id = ${org.insideGridId}`);
    const afterUpdate = await snapshots.take();
    expect(snapshots.changes(before, afterUpdate)).toEqual([expect.stringMatching(/^grid /)]);
    const grid = await freshGrid(regions.village, 0);
    const beforeDelete = await snapshots.take();
    await queryRows(t.database.db, sql`delete from grid where id = ${grid}`);
    expect(snapshots.changes(beforeDelete, await snapshots.take())).toEqual([expect.stringMatching(/^grid /)]);
  });

  let n = 0;
  for (const role of roles) {
    for (const [operationId, operation] of Object.entries(operations)) {
      it(`${role} → ${operationId}`, async () => {
        const place = placeOf(role);
        const user = await buildUser(t.database, { role, scope: place.scope });
        const signedIn = await t.signIn(user.username);
        const client = new WatchedClient(t.app, signedIn.cookie, signedIn.csrfToken, signedIn.userId);
        const [inside, outside] = operation.expect(role);
        n += 1;
        client.watch(inside >= 400);
        const insideResponse = await operation.inside(client, place.targets, n);
        tally.calls += 1;
        expect(insideResponse.statusCode, `inside: ${insideResponse.body}`).toBe(inside);
        await expectNoWrite(`${role} → ${operationId} (inside)`, operationId, client, insideResponse);
        await expectNoLeak(`${role} → ${operationId} (inside)`, operationId, place, insideResponse);
        if (operation.outside && outside !== undefined) {
          client.watch(outside >= 400);
          const outsideResponse = await operation.outside(client, place.targets, n);
          tally.calls += 1;
          expect(outsideResponse.statusCode, `outside: ${outsideResponse.body}`).toBe(outside);
          expect(outsideResponse.json<{ code: string }>().code).toMatch(/^[A-Z_]+$/);
          await expectNoWrite(`${role} → ${operationId} (outside)`, operationId, client, outsideResponse);
          await expectNoLeak(`${role} → ${operationId} (outside)`, operationId, place, outsideResponse);
        }
        if (insideResponse.statusCode === 200 && operationId === 'listUsers') {
          const items = insideResponse.json<{ items: { id: string; scopeRegionCode: string }[] }>().items;
          expect(items.map((item) => item.id)).toContain(insideUserId);
          expect(items.every((item) => item.scopeRegionCode.startsWith(place.scope))).toBe(true);
          expect(items.map((item) => item.id)).not.toContain(place.targets.outsideUserId);
        }
        const outsideRecord = scopedLists[operationId];
        if (insideResponse.statusCode === 200 && outsideRecord) {
          const items = insideResponse.json<{ items: { id: string; regionCode: string }[] }>().items;
          expect(items.length).toBeGreaterThan(0);
          expect(items.every((item) => item.regionCode.startsWith(place.scope))).toBe(true);
          expect(items.map((item) => item.id)).not.toContain(outsideRecord(place.targets));
        }
        const leaked = leakFreeLists[operationId];
        if (insideResponse.statusCode === 200 && leaked) {
          const items = insideResponse.json<{ items: { id: string }[] }>().items;
          expect(items.map((item) => item.id)).toContain(place.targets.insideWarningId);
          expect(items.map((item) => item.id)).not.toContain(leaked(place.targets));
        }
        if (insideResponse.statusCode === 200 && operationId === 'getMapLayer') {
          const layer = insideResponse.json<{ ids: string[]; regionCodes: string[] }>();
          expect(layer.ids).toContain(place.targets.insideRiskPointId);
          expect(layer.regionCodes.every((code) => code.startsWith(place.scope))).toBe(true);
        }
        if (insideResponse.statusCode === 200 && operationId === 'listAuditEntries') {
          const items = insideResponse.json<{ items: { regionCode: string | null }[] }>().items;
          expect(items.length).toBeGreaterThan(0);
          expect(items.every((item) => item.regionCode?.startsWith(place.scope))).toBe(true);
        }
      });
    }
  }

  it('answers 401 UNAUTHENTICATED to every non-public operation without a session, and writes nothing', async () => {
    const anonymous = new AnonymousClient(t.app, '', '', '');
    const place = placeOf('county_admin');
    for (const [operationId, operation] of Object.entries(operations)) {
      anonymous.watch(true);
      const response = await operation.inside(anonymous, place.targets, 0);
      expect(response.statusCode, operationId).toBe(401);
      expect(response.json(), operationId).toMatchObject({ code: 'UNAUTHENTICATED' });
      await expectNoWrite(`anonymous → ${operationId}`, operationId, anonymous, response);
      tally.anonymous += 1;
    }
  });
});
