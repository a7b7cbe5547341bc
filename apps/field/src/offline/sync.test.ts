import 'fake-indexeddb/auto';
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type {
  CommandResult,
  DoorToDoorResult,
  FieldCommand,
  FieldHazard,
  FieldWarning,
  Me,
  SyncPullResponse,
  SyncPushBody,
} from '@lastmile/shared';
import { db, getMeta, setMeta } from './db';
import { rebuildOverlays } from './optimistic';
import { recordCommands } from './outbox';
import { loadSession, type Session } from './session';
import { syncNow, syncStatus } from './sync';

// ---------------------------------------------------------------- a phone and a server

const ids = {
  user: '0190f000-0000-7000-8000-000000000001',
  grid: '0190f000-0000-7000-8000-000000000002',
  warning: '0190f000-0000-7000-8000-000000000003',
  hazard: '0190f000-0000-7000-8000-000000000004',
  task: '0190f000-0000-7000-8000-000000000005',
};
const households = ['a', 'b', 'c', 'd'].map(
  (letter, index) => `0190f000-0000-7000-8000-00000000010${index}`,
);

const me: Me = {
  id: ids.user,
  username: 'grid.worker',
  displayName: '陈芳',
  role: 'grid_worker',
  scopeRegionCode: '421321101001',
  scopeRegionName: '神农社区居民委员会',
  department: null,
  personId: null,
  csrfToken: 'csrf-token',
};

function buildWarning(call: Partial<NonNullable<FieldWarning['call']>> = {}): FieldWarning {
  return {
    id: ids.warning,
    state: 'active',
    level: 'yellow',
    event: '暴雨',
    headline: '暴雨黄色预警',
    description: null,
    instruction: null,
    senderName: '随县气象台',
    sent: '2026-12-03T08:00:00+08:00',
    expires: null,
    shortCode: '1234',
    call: {
      ackId: '0190f000-0000-7000-8000-0000000000a1',
      state: 'calling',
      answeredAt: null,
      actionsReportedAt: null,
      householdsTold: null,
      peopleMoved: null,
      ...call,
    },
  };
}

function buildHazard(
  state: FieldHazard['state'],
  overrides: Partial<FieldHazard> = {},
): FieldHazard {
  return {
    id: ids.hazard,
    number: 'YH2026000007',
    title: '灭火器过期',
    kind: 'fire',
    grade: 'general',
    state,
    regionCode: '421321101001',
    gridId: ids.grid,
    riskPointId: null,
    unitId: null,
    location: null,
    address: null,
    finderName: '李四',
    deadline: '2026-12-20',
    overdue: false,
    myRole: 'responsible',
    createdAt: '2026-12-01T08:00:00+08:00',
    updatedAt: '2026-12-01T08:00:00+08:00',
    ...overrides,
  };
}

function buildPull(overrides: Partial<SyncPullResponse> = {}): SyncPullResponse {
  return {
    cursor: 'c1',
    full: true,
    serverTime: '2026-12-03T10:00:00+08:00',
    offlineDays: 14,
    me: {
      userId: ids.user,
      personId: null,
      displayName: '陈芳',
      role: 'grid_worker',
      regionCode: '421321101001',
      regionName: '神农社区居民委员会',
    },
    grids: [
      {
        id: ids.grid,
        name: '第一网格',
        regionCode: '421321101001',
        regionName: '神农社区',
        townshipName: '厉山镇',
        households: 4,
        residents: 12,
        centre: { lon: 113.3, lat: 31.85 },
        mine: true,
      },
    ],
    households: households.map((id, index) => ({
      id,
      gridId: ids.grid,
      label: `1组${index + 1}号`,
      headName: `户主${index + 1}`,
      phone: null,
      members: 3,
      vulnerable: index === 0,
      note: null,
      updatedAt: '2026-12-01T08:00:00+08:00',
    })),
    riskPoints: [],
    units: [],
    hazards: [buildHazard('assigned')],
    warnings: [buildWarning()],
    tasks: [
      {
        id: ids.task,
        warningId: ids.warning,
        warningHeadline: '暴雨黄色预警',
        gridId: ids.grid,
        state: 'open',
        createdAt: '2026-12-03T08:00:00+08:00',
        doneAt: null,
        visits: [],
      },
    ],
    patrols: [],
    contacts: [],
    dutyCards: [],
    ...overrides,
  };
}

type Outcome = CommandResult['outcome'];

/** A scripted server behind `fetch`: it records what the phone sends and answers as told. */
function createServer() {
  const server = {
    calls: [] as string[],
    pushes: [] as FieldCommand[][],
    uploads: [] as string[],
    outcome: (_command: FieldCommand): Outcome => 'applied',
    /** A whole-request failure for the next pushes: a thrown network error, or a status. */
    pushFailure: null as null | 'network' | number,
    pull: buildPull(),
  };
  const json = (status: number, body: unknown) =>
    new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
  const fetch = async (input: string, init: RequestInit = {}): Promise<Response> => {
    const url = new URL(input, 'http://phone.test');
    server.calls.push(`${init.method ?? 'GET'} ${url.pathname}`);
    expect(url.pathname.startsWith('/api/v1/')).toBe(true);
    if (init.method === 'POST') {
      expect((init.headers as Record<string, string>)['x-csrf-token']).toBe('csrf-token');
    }
    switch (url.pathname) {
      case '/api/v1/sync/push': {
        if (server.pushFailure === 'network') {
          throw new TypeError('Failed to fetch');
        }
        if (server.pushFailure !== null) {
          return json(server.pushFailure, { code: 'UNAUTHENTICATED', message: '请先登录' });
        }
        const body = JSON.parse(init.body as string) as SyncPushBody;
        server.pushes.push(body.commands);
        return json(200, {
          serverTime: '2026-12-03T10:00:00+08:00',
          results: body.commands.map((command) => {
            const outcome = server.outcome(command);
            const turnedDown = outcome === 'conflict' || outcome === 'rejected';
            return {
              id: command.id,
              outcome,
              code: turnedDown ? 'HAZARD_STATE_CHANGED' : null,
              message: turnedDown ? '隐患状态已变化' : null,
              entityId: null,
              reference: command.kind === 'hazard.report' ? 'YH2026000099' : null,
            };
          }),
        });
      }
      case '/api/v1/attachments':
        server.uploads.push(url.searchParams.get('id')!);
        return json(201, { id: url.searchParams.get('id') });
      case '/api/v1/sync/pull':
        return json(200, server.pull);
      case '/api/v1/auth/me':
        return json(200, me);
      default:
        return json(404, { code: 'ROUTE_NOT_FOUND', message: 'no' });
    }
  };
  return { server, fetch };
}

let server: ReturnType<typeof createServer>['server'];
const network = { onLine: false };

async function signedIn(): Promise<void> {
  const session: Session = {
    me,
    profile: null,
    signedInAt: Date.now(),
    lastOnlineAt: Date.now(),
    offlineDays: 14,
    authExpired: false,
  };
  await setMeta('session', session);
  await setMeta('lastUserId', me.id);
  await loadSession();
}

/** A sync with the network up (the phone records offline, so nothing goes by itself). */
async function syncOnline(): Promise<void> {
  network.onLine = true;
  try {
    await syncNow({ force: true });
  } finally {
    network.onLine = false;
  }
}

const jpeg = () => new Blob([new Uint8Array([0xff, 0xd8, 0xff, 0xd9])], { type: 'image/jpeg' });

beforeEach(async () => {
  const fake = createServer();
  server = fake.server;
  vi.stubGlobal('fetch', fake.fetch);
  vi.stubGlobal('navigator', network);
  network.onLine = false;
  await db.delete();
  await db.open();
  await signedIn();
  // The phone has pulled once: its grid, a warning calling the worker, a hazard in her hands.
  await syncOnline();
  server.calls = [];
});

afterEach(() => {
  vi.unstubAllGlobals();
});

// ---------------------------------------------------------------- the behaviour

describe('offline: recording', () => {
  it('keeps a command and shows its effect at once, with no network', async () => {
    const photo = { id: '0190f000-0000-7000-8000-0000000000f1', blob: jpeg() };
    await recordCommands([
      {
        kind: 'hazard.report',
        payload: {
          hazardId: '0190f000-0000-7000-8000-0000000000e1',
          report: {
            regionCode: '421321101001',
            gridId: ids.grid,
            kind: 'electrical',
            title: '电线老化',
            photoIds: [photo.id],
          },
        },
        photos: [photo],
      },
    ]);
    await recordCommands([{ kind: 'warning.answer', payload: { warningId: ids.warning } }]);

    const outbox = await db.outbox.orderBy('seq').toArray();
    expect(outbox.map((entry) => [entry.kind, entry.state])).toEqual([
      ['hazard.report', 'pending'],
      ['warning.answer', 'pending'],
    ]);
    expect(outbox[0]!.at).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}[+-]\d{2}:\d{2}$/);
    const hazard = await db.hazards.get('0190f000-0000-7000-8000-0000000000e1');
    expect(hazard).toMatchObject({
      title: '电线老化',
      state: 'reported',
      myRole: 'finder',
      finderName: '陈芳',
    });
    expect(hazard!.pending).toEqual([outbox[0]!.id]);
    expect((await db.warnings.get(ids.warning))!.call).toMatchObject({
      state: 'answered',
      answeredAt: outbox[1]!.at,
    });
    expect(await db.photos.get(photo.id)).toMatchObject({
      state: 'pending',
      commandId: outbox[0]!.id,
    });
    expect(server.calls).toEqual([]);
    expect(globalThis.__lastSaveMs).toBeGreaterThanOrEqual(0);
  });
});

describe('offline: syncing', () => {
  it('pushes in order, uploads the photos of applied commands, then pulls; the server rows replace the overlay', async () => {
    const photo = { id: '0190f000-0000-7000-8000-0000000000f2', blob: jpeg() };
    await recordCommands([{ kind: 'warning.answer', payload: { warningId: ids.warning } }]);
    await recordCommands([
      {
        kind: 'hazard.transition',
        payload: {
          hazardId: ids.hazard,
          baseState: 'assigned',
          transition: { action: 'submit', photoIds: [photo.id], note: '已更换' },
        },
        photos: [photo],
      },
    ]);
    expect((await db.hazards.get(ids.hazard))!.state).toBe('submitted');
    server.pull = buildPull({
      full: false,
      cursor: 'c2',
      hazards: [buildHazard('submitted', { updatedAt: '2026-12-03T10:00:00+08:00' })],
      warnings: [buildWarning({ state: 'answered', answeredAt: '2026-12-03T09:00:00+08:00' })],
    });

    await syncOnline();

    expect(server.calls).toEqual([
      'POST /api/v1/sync/push',
      'POST /api/v1/attachments',
      'GET /api/v1/sync/pull',
    ]);
    expect(server.pushes[0]!.map((command) => command.kind)).toEqual([
      'warning.answer',
      'hazard.transition',
    ]);
    expect((await db.outbox.toArray()).map((entry) => entry.state)).toEqual(['synced', 'synced']);
    expect(await db.photos.get(photo.id)).toMatchObject({ state: 'uploaded', blob: null });
    const hazard = await db.hazards.get(ids.hazard);
    expect(hazard).toMatchObject({ state: 'submitted', updatedAt: '2026-12-03T10:00:00+08:00' });
    expect(hazard!.pending ?? []).toEqual([]);
    expect((await db.warnings.get(ids.warning))!.call).toMatchObject({
      state: 'answered',
      answeredAt: '2026-12-03T09:00:00+08:00',
    });
    expect(await getMeta('cursor')).toBe('c2');
    expect(syncStatus.get().lastError).toBeNull();
  });

  it('keeps a conflict for the worker with its message, takes it off the screen and never sends it again', async () => {
    const photo = { id: '0190f000-0000-7000-8000-0000000000f3', blob: jpeg() };
    await recordCommands([
      {
        kind: 'hazard.transition',
        payload: {
          hazardId: ids.hazard,
          baseState: 'assigned',
          transition: { action: 'submit', photoIds: [photo.id], note: '已更换' },
        },
        photos: [photo],
      },
    ]);
    server.outcome = () => 'conflict';
    // Meanwhile the office took the hazard back to rectifying; the pull does not resend it.
    server.pull = buildPull({ full: false, hazards: [] });
    await db.hazards.update(ids.hazard, { server: buildHazard('rectifying') });

    await syncOnline();

    const [entry] = await db.outbox.toArray();
    expect(entry).toMatchObject({
      state: 'conflict',
      code: 'HAZARD_STATE_CHANGED',
      message: '隐患状态已变化',
    });
    const hazard = await db.hazards.get(ids.hazard);
    expect(hazard!.state).toBe('rectifying');
    expect(hazard!.pending ?? []).toEqual([]);
    expect(server.uploads).toEqual([]);
    await syncOnline();
    expect(server.pushes).toHaveLength(1);
  });

  it('keeps everything when the network fails, and sends it next time', async () => {
    await recordCommands([{ kind: 'warning.answer', payload: { warningId: ids.warning } }]);
    server.pushFailure = 'network';
    await syncOnline();
    expect(await db.outbox.toArray()).toMatchObject([{ state: 'pending', attempts: 1 }]);
    expect(syncStatus.get().lastError).toBeTruthy();
    expect((await db.warnings.get(ids.warning))!.call!.state).toBe('answered');

    server.pushFailure = null;
    await syncOnline();
    expect(await db.outbox.toArray()).toMatchObject([
      { state: 'synced', attempts: 2, outcome: 'applied' },
    ]);
  });

  it('keeps the queue on a 401 and waits for the worker to sign in again', async () => {
    await recordCommands([{ kind: 'warning.answer', payload: { warningId: ids.warning } }]);
    server.pushFailure = 401;
    await syncOnline();
    expect((await getMeta<Session>('session'))!.authExpired).toBe(true);
    expect(await db.outbox.toArray()).toMatchObject([{ state: 'pending' }]);

    server.calls = [];
    await syncOnline();
    expect(server.calls).toEqual([]);
  });

  it('sends a long outbox in pushes of at most 200 commands, in the order recorded', async () => {
    const commands = Array.from({ length: 450 }, (_, index) => ({
      kind: 'doorToDoor.visit' as const,
      payload: {
        taskId: ids.task,
        householdId: households[index % households.length]!,
        result: 'told' as const,
      },
    }));
    for (let start = 0; start < commands.length; start += 50) {
      await recordCommands(commands.slice(start, start + 50));
    }
    const recorded = (await db.outbox.orderBy('seq').toArray()).map((entry) => entry.id);
    await syncOnline();
    expect(server.pushes.map((push) => push.length)).toEqual([200, 200, 50]);
    expect(server.pushes.flat().map((command) => command.id)).toEqual(recorded);
  });
});

describe('offline: the overlay', () => {
  const visit = fc.record({
    household: fc.constantFrom(...households),
    result: fc.constantFrom<DoorToDoorResult>('told', 'away', 'moved', 'needsHelp'),
  });
  const snapshot = async () => ({
    tasks: await db.tasks.toArray(),
    warnings: await db.warnings.toArray(),
    patrols: await db.patrols.toArray(),
  });

  it('laid again from the outbox, it shows what was laid one command at a time (and again changes nothing)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(visit, { maxLength: 12 }), fc.boolean(), async (visits, answer) => {
        await db.outbox.clear();
        await rebuildOverlays();
        for (const { household, result } of visits) {
          await recordCommands([
            {
              kind: 'doorToDoor.visit',
              payload: { taskId: ids.task, householdId: household, result },
            },
          ]);
        }
        if (answer) {
          await recordCommands([{ kind: 'warning.answer', payload: { warningId: ids.warning } }]);
        }
        const laidOneByOne = await snapshot();
        // The latest visit of each household is what the checklist shows.
        const latest = new Map(visits.map(({ household, result }) => [household, result]));
        const task = laidOneByOne.tasks[0]!;
        expect(new Map(task.visits.map((row) => [row.householdId, row.result]))).toEqual(latest);

        await rebuildOverlays();
        expect(await snapshot()).toEqual(laidOneByOne);
        await rebuildOverlays();
        expect(await snapshot()).toEqual(laidOneByOne);
      }),
      { numRuns: 25 },
    );
  });
});
