/**
 * R7, field load: 2,000 simulated field phones syncing for 10 minutes with the built server on
 * PostgreSQL, over HTTP on loopback (goal: 0 errors, p99 < 500 ms). `--quick`: 200 phones, 60 s.
 * First every phone signs in and pulls its grid (over a minute, then 30 s to settle: a field
 * sign-in lasts 14 days, and argon2 is slow on purpose), timed apart; then the measured 10
 * minutes of syncing, whose pushes and pulls the goal is about.
 *
 * The data: 随县 from `generateDataset` (grids, people, households, risk points, 100,000
 * hazards, 200 warnings), 2,000 of its grid workers given accounts, and one live red warning
 * calling them all, with a door-to-door task for every second one's grid (a storm day, when every
 * phone syncs at once). Each phone does what `apps/field/src/offline` does: signs in with
 * `device: 'field'` (sign-ins spread over the first minute; argon2 is slow on purpose), checks
 * its session (`GET /auth/me`, the CSRF token), pulls everything, then every ~30 s pushes what it
 * recorded since (the warning's answer and actions, door-to-door visits, and with `patrolChance`
 * a patrol with 1–3 check-ins, sometimes a hazard) and pulls again with its cursor. Each phone's 30 s cycle starts at
 * a random point, so the 2,000 are spread evenly over it.
 *
 * Every request is timed and its status kept; a non-2xx or a network error is an error. At the
 * end the `sync_command` rows the server applied are counted against the commands the phones
 * saw answered `applied`. Floor: `GET /healthz` of the same server under a closed loop at the
 * run's peak in-flight requests (`lib/load.ts`, as `api-floor.ts` measures it).
 */
import http from 'node:http';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { sql } from 'drizzle-orm';
import {
  hazardKinds,
  type FieldCommand,
  type FieldDoorToDoorTask,
  type Me,
  type SyncPullResponse,
  type SyncPushResponse,
} from '@lastmile/shared';
import { openDatabase, queryRows, type Database } from '../apps/server/src/db/client';
import { runMigrations } from '../apps/server/src/db/migrate';
import { hashPassword } from '../apps/server/src/modules/users';
import { createScratchDatabase } from '../apps/server/src/test/test-database';
import { generateDataset } from './generate';
import { runLoad } from './lib/load';
import { ensureServerBuilt, rssMb, startLastmile, tempDir } from './lib/server-process';
import { percentile, round, since } from './lib/stats';

const county = '421321';
const password = 'field-load-password';
/** The field app syncs every 30 s while online (`startSyncLoop`). */
const periodMs = 30_000;
/**
 * The chance that a phone has a whole patrol to send at a sync: 0.2 is one patrol every ~2.5
 * minutes per worker, far above a real day's one or two, on top of the warning's answer, its
 * report and door-to-door visits. `LASTMILE_FIELD_LOAD_PATROLS=1` sends one at every sync (the
 * stress case: what the machine can take).
 */
const patrolChance = Number(process.env.LASTMILE_FIELD_LOAD_PATROLS ?? 0.2);
/** Sockets the load may hold open to the server (one shared keep-alive agent). */
const maxSockets = 256;

type Kind = 'login' | 'me' | 'pullFull' | 'pull' | 'push';
const kinds: Kind[] = ['login', 'me', 'pullFull', 'pull', 'push'];

/** A small seeded generator (xorshift32), so every run makes the same choices. */
function createRandom(seed: number) {
  let state = seed >>> 0 || 1;
  const next = () => {
    state ^= state << 13;
    state >>>= 0;
    state ^= state >>> 17;
    state ^= state << 5;
    state >>>= 0;
    return state / 2 ** 32;
  };
  return {
    next,
    int: (below: number) => Math.floor(next() * below),
    pick: <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!,
  };
}
type Random = ReturnType<typeof createRandom>;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));

// ---------------------------------------------------------------- recording

interface Reply {
  status: number;
  headers: http.IncomingHttpHeaders;
  text: string;
}

class Recorder {
  readonly latencies = Object.fromEntries(kinds.map((kind) => [kind, [] as number[]])) as Record<
    Kind,
    number[]
  >;
  readonly failures = Object.fromEntries(kinds.map((kind) => [kind, 0])) as Record<Kind, number>;
  readonly firstErrors: string[] = [];
  inFlight = 0;
  peakInFlight = 0;

  /** Times one request; a non-2xx answer or a network error is recorded and yields null. */
  async time(kind: Kind, work: () => Promise<Reply>): Promise<Reply | null> {
    this.inFlight += 1;
    this.peakInFlight = Math.max(this.peakInFlight, this.inFlight);
    const start = performance.now();
    let reply: Reply | null = null;
    let problem: string | null = null;
    try {
      reply = await work();
      if (reply.status < 200 || reply.status >= 300) {
        problem = `${reply.status} ${reply.text.slice(0, 300)}`;
      }
    } catch (error) {
      problem = `network: ${error instanceof Error ? error.message : String(error)}`;
    } finally {
      this.inFlight -= 1;
    }
    this.latencies[kind].push(since(start));
    if (problem === null) {
      return reply;
    }
    this.failures[kind] += 1;
    if (this.firstErrors.length < 5) {
      const line = `${kind}: ${problem}`;
      this.firstErrors.push(line);
      console.log(`  error ${line}`);
    }
    return null;
  }
}

function summary(values: number[]) {
  const sorted = [...values].sort((a, b) => a - b);
  return {
    requests: sorted.length,
    p50Ms: round(percentile(sorted, 50)),
    p95Ms: round(percentile(sorted, 95)),
    p99Ms: round(percentile(sorted, 99)),
    maxMs: round(sorted.at(-1) ?? Number.NaN),
  };
}

// ---------------------------------------------------------------- HTTP, as the phone sends it

function send(
  agent: http.Agent,
  base: URL,
  method: 'GET' | 'POST',
  path: string,
  headers: Record<string, string>,
  body: string | undefined,
  timeoutMs: number,
): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const request = http.request(
      { agent, hostname: base.hostname, port: base.port, method, path, headers },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => {
          clearTimeout(timer);
          resolve({
            status: response.statusCode ?? 0,
            headers: response.headers,
            text: Buffer.concat(chunks).toString('utf8'),
          });
        });
        response.on('error', (error) => {
          clearTimeout(timer);
          reject(error);
        });
        // Destroyed mid-answer (the timeout, a reset): settle rather than wait for an 'end'.
        response.on('close', () => {
          clearTimeout(timer);
          if (!response.complete) {
            reject(new Error('connection closed before the whole answer'));
          }
        });
      },
    );
    // The app gives up after its timeout (apps/field/src/lib/api.ts); waiting in the agent counts.
    const timer = setTimeout(
      () => request.destroy(new Error(`no answer in ${timeoutMs} ms`)),
      timeoutMs,
    );
    request.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    request.end(body);
  });
}

/** What the load counts across all phones, besides latencies. */
interface Tally {
  commandsSent: number;
  commandsByKind: Record<string, number>;
  outcomes: Record<string, number>;
  turnedDown: string[];
  checkInsAtRiskPoints: number;
  checkInsHere: number;
}

interface Phone {
  index: number;
  username: string;
  random: Random;
  deviceId: string;
  cookie?: string;
  csrfToken?: string;
  cursor?: string;
  gridId?: string;
  regionCode?: string;
  riskPoints: { id: string; lon: number; lat: number }[];
  households: string[];
  centre: { lon: number; lat: number };
  /** The live warning calling this worker, until its answer is on the server. */
  unansweredWarning?: string;
  answeredWarning?: string;
  actionsSent: boolean;
  openTask?: string;
}

class Session {
  constructor(
    private readonly agent: http.Agent,
    private readonly base: URL,
    private readonly recorder: Recorder,
    private readonly tally: Tally,
  ) {}

  private headers(phone: Phone, json: boolean, write: boolean): Record<string, string> {
    const headers: Record<string, string> = { 'accept-language': 'zh-CN' };
    if (json) {
      headers['content-type'] = 'application/json';
    }
    if (write && phone.csrfToken) {
      headers['x-csrf-token'] = phone.csrfToken;
    }
    if (phone.cookie) {
      headers.cookie = phone.cookie;
    }
    return headers;
  }

  /** signIn (session.ts), then checkSession (sync.ts): the cookie and the CSRF token. */
  async signIn(phone: Phone): Promise<boolean> {
    const body = JSON.stringify({ username: phone.username, password, device: 'field' });
    const login = await this.recorder.time('login', () =>
      send(
        this.agent,
        this.base,
        'POST',
        '/api/v1/auth/login',
        this.headers(phone, true, true),
        body,
        30_000,
      ),
    );
    const setCookie = login?.headers['set-cookie']?.find((c) => c.startsWith('lm_session='));
    if (!login || !setCookie) {
      return false;
    }
    phone.cookie = setCookie.split(';')[0]!;
    phone.csrfToken = (JSON.parse(login.text) as Me).csrfToken;
    const me = await this.recorder.time('me', () =>
      send(
        this.agent,
        this.base,
        'GET',
        '/api/v1/auth/me',
        this.headers(phone, false, false),
        undefined,
        15_000,
      ),
    );
    if (!me) {
      return false;
    }
    phone.csrfToken = (JSON.parse(me.text) as Me).csrfToken;
    return true;
  }

  /** pull() in sync.ts: a first full pull, then by cursor; keeps what the next outbox needs. */
  async pull(phone: Phone): Promise<void> {
    const path = phone.cursor
      ? `/api/v1/sync/pull?${new URLSearchParams({ cursor: phone.cursor }).toString()}`
      : '/api/v1/sync/pull';
    const reply = await this.recorder.time(phone.cursor ? 'pull' : 'pullFull', () =>
      send(
        this.agent,
        this.base,
        'GET',
        path,
        this.headers(phone, false, false),
        undefined,
        60_000,
      ),
    );
    if (!reply) {
      return;
    }
    const data = JSON.parse(reply.text) as SyncPullResponse;
    phone.cursor = data.cursor;
    const grid = data.grids.find((g) => g.mine) ?? data.grids[0];
    if (grid && data.full) {
      phone.gridId = grid.id;
      phone.regionCode = grid.regionCode;
      phone.centre = grid.centre ?? phone.centre;
      // What the patrol page offers: the grid's points and the village's points no grid holds.
      phone.riskPoints = data.riskPoints
        .filter(
          (p) =>
            p.active &&
            (p.gridId === grid.id || (p.gridId === null && p.regionCode === grid.regionCode)),
        )
        .map((p) => ({ id: p.id, lon: p.location.lon, lat: p.location.lat }));
      phone.households = data.households.filter((h) => h.gridId === grid.id).map((h) => h.id);
    }
    const call = data.warnings.find(
      (w) => w.state === 'active' && w.call && !w.call.answeredAt && w.id !== phone.answeredWarning,
    );
    phone.unansweredWarning = call?.id;
    const task = data.tasks.find(
      (t: FieldDoorToDoorTask) => t.state === 'open' && t.gridId === phone.gridId,
    );
    phone.openTask = task?.id;
  }

  /** pushOutbox() in sync.ts: one push (the outbox is far below 200 commands). */
  async push(phone: Phone, commands: FieldCommand[]): Promise<void> {
    const body = JSON.stringify({
      deviceId: phone.deviceId,
      sentAt: new Date().toISOString(),
      commands,
    });
    const reply = await this.recorder.time('push', () =>
      send(
        this.agent,
        this.base,
        'POST',
        '/api/v1/sync/push',
        this.headers(phone, true, true),
        body,
        60_000,
      ),
    );
    if (!reply) {
      return;
    }
    const { results } = JSON.parse(reply.text) as SyncPushResponse;
    const sent = new Map(commands.map((command) => [command.id, command]));
    for (const result of results) {
      this.tally.outcomes[result.outcome] = (this.tally.outcomes[result.outcome] ?? 0) + 1;
      const command = sent.get(result.id);
      if (result.outcome === 'conflict' || result.outcome === 'rejected') {
        if (this.tally.turnedDown.length < 5) {
          const line = `${command?.kind}: ${result.outcome} ${result.code} ${result.message}`;
          this.tally.turnedDown.push(line);
          console.log(`  turned down ${line}`);
        }
      } else if (command?.kind === 'warning.answer') {
        phone.answeredWarning = (command.payload as { warningId: string }).warningId;
        phone.unansweredWarning = undefined;
      }
    }
  }
}

// ---------------------------------------------------------------- what a phone records

/** What the worker did in the last ~30 s, in the order the app recorded it. */
function outbox(phone: Phone, tally: Tally): FieldCommand[] {
  const { random, gridId } = phone;
  if (!gridId) {
    return [];
  }
  const commands: FieldCommand[] = [];
  let at = Date.now() - 25_000;
  const add = (kind: FieldCommand['kind'], payload: Record<string, unknown>) => {
    at += 1000 + random.int(3000);
    commands.push({ id: randomUUID(), kind, at: new Date(at).toISOString(), payload });
    tally.commandsByKind[kind] = (tally.commandsByKind[kind] ?? 0) + 1;
  };
  if (phone.unansweredWarning) {
    add('warning.answer', { warningId: phone.unansweredWarning });
  } else if (phone.answeredWarning && !phone.actionsSent && random.next() < 0.3) {
    phone.actionsSent = true;
    add('warning.actions', {
      warningId: phone.answeredWarning,
      actions: {
        relayedBy: ['gong'],
        householdsTold: 5 + random.int(30),
        peopleMoved: random.int(5),
      },
    });
  }
  if (random.next() < patrolChance) {
    patrol(phone, tally, add);
  }
  if (phone.openTask && phone.households.length > 0 && random.next() < 0.3) {
    const visits = 1 + random.int(2);
    for (let v = 0; v < visits; v += 1) {
      add('doorToDoor.visit', {
        taskId: phone.openTask,
        householdId: random.pick(phone.households),
        result: random.pick(['told', 'told', 'told', 'away', 'moved', 'needsHelp'] as const),
      });
    }
  }
  tally.commandsSent += commands.length;
  return commands;
}

/** A whole patrol: start, 1–3 check-ins (one in ten finding a hazard, reported first), finish. */
function patrol(
  phone: Phone,
  tally: Tally,
  add: (kind: FieldCommand['kind'], payload: Record<string, unknown>) => void,
): void {
  const { random, gridId } = phone;
  let commands = 0;
  const patrolId = randomUUID();
  add('patrol.start', { patrolId, gridId });
  const checkIns = 1 + random.int(3);
  let hazards = 0;
  for (let c = 0; c < checkIns; c += 1) {
    const point = phone.riskPoints.length > 0 ? random.pick(phone.riskPoints) : null;
    const place = point ?? phone.centre;
    const location = {
      lon: place.lon + (random.next() - 0.5) * 0.001,
      lat: place.lat + (random.next() - 0.5) * 0.001,
      accuracyM: 5 + random.int(30),
    };
    if (point) {
      tally.checkInsAtRiskPoints += 1;
    } else {
      tally.checkInsHere += 1;
    }
    if (random.next() < 0.1) {
      // ReportPage.tsx from a check-in: the report, then the check-in linked to it.
      const hazardId = randomUUID();
      hazards += 1;
      add('hazard.report', {
        hazardId,
        patrolId,
        report: {
          regionCode: phone.regionCode,
          gridId,
          riskPointId: point?.id ?? null,
          unitId: null,
          origin: 'gridPatrol',
          kind: random.pick(hazardKinds),
          grade: 'general',
          title: `巡查发现隐患${phone.index}-${(commands += 1)}`,
          description: null,
          location: { lon: location.lon, lat: location.lat },
          address: null,
          photoIds: [],
        },
        suspectedMajor: false,
      });
      add('patrol.checkIn', {
        patrolId,
        gridId,
        riskPointId: point?.id ?? null,
        location,
        result: 'hazardFound',
        hazardId,
      });
    } else {
      add('patrol.checkIn', {
        patrolId,
        gridId,
        riskPointId: point?.id ?? null,
        location,
        result: 'normal',
      });
    }
  }
  add('patrol.finish', {
    patrolId,
    gridId,
    result: hazards > 0 ? 'hazardsFound' : 'nothingFound',
    note: null,
  });
}

// ---------------------------------------------------------------- the data

/**
 * 随县 generated, then `clients` grid workers with accounts (one argon2 hash shared, set with
 * SQL) and the live warning calling them.
 */
async function prepare(database: Database, clients: number) {
  const start = performance.now();
  const generated = await generateDataset(database.db, {
    scope: county,
    hazards: 100_000,
    warnings: 200,
    log: (line) => console.log(`  generate${line}`),
  });
  const passwordHash = await hashPassword(password);
  await database.db.transaction(async (tx) => {
    await tx.execute(sql`
      create temporary table field_worker on commit drop as
      select p.id as person_id, p.region_code, p.county_code, p.name, p.mobile, post.grid_id,
        (row_number() over (order by p.id))::int as n, gen_random_uuid() as user_id
      from person p join post on post.person_id = p.id and post.kind = 'gridWorker'
      where p.user_id is null and p.county_code = ${county}
      order by p.id limit ${clients}`);
    const [found] = await queryRows<{ count: number }>(
      tx,
      sql`select count(*)::int as count from field_worker`,
    );
    if (found!.count < clients) {
      throw new Error(`only ${found!.count} grid workers generated, ${clients} needed`);
    }
    await tx.execute(sql`
      insert into app_user (id, username, password_hash, display_name, role, scope_region_code,
        scope_prefix, county_code)
      select user_id, 'field' || lpad(n::text, 4, '0'), ${passwordHash},
        name, 'grid_worker', region_code, region_code, county_code
      from field_worker`);
    await tx.execute(sql`
      update person p set user_id = w.user_id from field_worker w where w.person_id = p.id`);
    // A red storm warning issued now, calling every one of them (no timers: nobody escalates).
    const [warning] = await queryRows<{ id: string }>(
      tx,
      sql`insert into warning (county_code, region_code, origin, format, identifier, sender, sent,
            status, msg_type, event, level, headline, expires, parsed, short_code, call_plan,
            dispatched_at)
          values (${county}, ${`${county}000000`}, 'issued', 'cap12', ${`field-load-${randomUUID()}`},
            'field-load', now(), 'Actual', 'Alert', '暴雨', 'red', '随县气象台发布暴雨红色预警',
            now() + interval '1 day', '{}'::jsonb, '0707', '[]'::jsonb, now())
          returning id`,
    );
    await tx.execute(sql`
      insert into warning_ack (warning_id, county_code, person_id, step, post_kind, region_code,
        township_code, village_code, grid_id, name, mobile, state, starts_at)
      select ${warning!.id}, county_code, person_id, 0, 'gridWorker', region_code,
        left(region_code, 9) || '000', region_code, grid_id, name, mobile, 'calling', now()
      from field_worker`);
    await tx.execute(sql`
      insert into warning_task (warning_id, county_code, grid_id, village_code)
      select distinct ${warning!.id}::uuid, county_code, grid_id, region_code
      from field_worker where n % 2 = 0`);
  });
  const usernames = Array.from(
    { length: clients },
    (_, i) => `field${String(i + 1).padStart(4, '0')}`,
  );
  console.log(
    `  data: ${JSON.stringify(generated.rows)}, ${clients} field accounts, in ${round(since(start) / 1000)} s`,
  );
  return { usernames, rows: generated.rows };
}

// ---------------------------------------------------------------- the run

export async function run(options: { quick?: boolean; target?: string | undefined } = {}) {
  if (!process.env.DATABASE_URL) {
    console.log('  (skipped: the field load runs on PostgreSQL; set DATABASE_URL=postgres://…)');
    return { skipped: 'DATABASE_URL is not set' };
  }
  if (options.target && options.target !== 'postgres') {
    console.log(`  (skipped: the field load runs on PostgreSQL only, not ${options.target})`);
    return { skipped: `target ${options.target}` };
  }
  const clients = options.quick ? 200 : 2000;
  const durationMs = options.quick ? 60_000 : 600_000;
  // Sign-ins spread over the first minute (half a minute in the quick run), then a pause for the
  // sign-ins' queue to drain: a worker signs in once for LASTMILE_FIELD_OFFLINE_DAYS, so the
  // measured window is the syncing, and sign-ins (argon2, deliberately slow) are reported apart.
  const rampMs = Math.min(60_000, durationMs / 2);
  const settleMs = options.quick ? 15_000 : 30_000;

  ensureServerBuilt();
  const scratch = await createScratchDatabase(process.env.DATABASE_URL);
  const database = await openDatabase({ kind: 'postgres', url: scratch.url, poolSize: 2 });
  const dataDir = tempDir('field-load');
  let server: Awaited<ReturnType<typeof startLastmile>> | undefined;
  const agent = new http.Agent({ keepAlive: true, maxSockets });
  try {
    await runMigrations(database);
    const { usernames, rows } = await prepare(database, clients);
    server = await startLastmile({ dataDir, databaseUrl: scratch.url });
    // The server logs at warn: its first few complaints are printed as they come.
    const serverLog: string[] = [];
    const listen = (chunk: Buffer) => {
      for (const text of chunk.toString().split('\n').filter(Boolean)) {
        if (serverLog.length < 5) {
          serverLog.push(text.slice(0, 800));
          console.log(`  server: ${text.slice(0, 800)}`);
        }
      }
    };
    server.child.stdout?.on('data', listen);
    server.child.stderr?.on('data', listen);
    const base = new URL(server.url);
    const recorder = new Recorder();
    const tally: Tally = {
      commandsSent: 0,
      commandsByKind: {},
      outcomes: {},
      turnedDown: [],
      checkInsAtRiskPoints: 0,
      checkInsHere: 0,
    };
    const session = new Session(agent, base, recorder, tally);
    console.log(
      `  ${clients} phones for ${durationMs / 1000} s (sign-ins over ${rampMs / 1000} s, then syncing for ${durationMs / 1000} s, a sync every ~${periodMs / 1000} s each)`,
    );

    // The load's own event loop: if it lags, latencies include the wait, so it is reported.
    const loopDelay = monitorEventLoopDelay({ resolution: 10 });
    loopDelay.enable();
    const started = performance.now();
    const syncStart = started + rampMs + settleMs;
    const deadline = syncStart + durationMs;
    let signedIn = 0;
    const progress = setInterval(() => {
      const done = kinds.reduce((sum, kind) => sum + recorder.latencies[kind].length, 0);
      const failed = kinds.reduce((sum, kind) => sum + recorder.failures[kind], 0);
      console.log(
        `  … ${round(since(started) / 1000, 0)} s: ${signedIn} signed in, ${done} requests, ${failed} errors, ${recorder.inFlight} in flight`,
      );
    }, 30_000);
    const phoneLoop = async (index: number) => {
      const random = createRandom(0x9e3779b9 ^ (index * 2654435761));
      const phone: Phone = {
        index,
        username: usernames[index]!,
        random,
        deviceId: randomUUID(),
        riskPoints: [],
        households: [],
        centre: { lon: 113.2, lat: 31.8 },
        actionsSent: false,
      };
      const signInAt = started + (rampMs * index) / clients;
      await sleep(signInAt - performance.now());
      if (performance.now() >= deadline || !(await session.signIn(phone))) {
        return;
      }
      signedIn += 1;
      await session.pull(phone);
      // The app's 30 s timer started at some moment before: a random phase, so ticks spread evenly.
      let next = syncStart + random.next() * periodMs;
      for (;;) {
        await sleep(Math.min(next, deadline) - performance.now());
        if (performance.now() >= deadline) {
          return;
        }
        const commands = outbox(phone, tally);
        if (commands.length > 0) {
          await session.push(phone, commands);
        }
        await session.pull(phone);
        next += periodMs + (random.next() - 0.5) * 3000;
      }
    };
    // Bounded: no phone starts a sign-in or a sync after the deadline, and each request gives up
    // after at most 60 s, so this ends by durationMs + 2 min at worst (a push and a pull begun
    // just before it, or a sign-in, session check and full pull).
    await Promise.all(Array.from({ length: clients }, (_, index) => phoneLoop(index)));
    clearInterval(progress);
    const elapsedMs = since(started);
    loopDelay.disable();
    const loadLoopDelay = {
      p50Ms: round(loopDelay.percentile(50) / 1e6),
      p99Ms: round(loopDelay.percentile(99) / 1e6),
      maxMs: round(loopDelay.max / 1e6),
    };
    const serverRssMb = round(rssMb(server.child.pid!));

    const all = kinds.flatMap((kind) => recorder.latencies[kind]);
    // The goal's figure: the syncing window's pushes and pulls (sign-ins and first pulls apart).
    const syncLatencies = [...recorder.latencies.push, ...recorder.latencies.pull];
    const errors = kinds.reduce((sum, kind) => sum + recorder.failures[kind], 0);
    const latency = {
      login: summary(recorder.latencies.login),
      me: summary(recorder.latencies.me),
      pullFull: summary(recorder.latencies.pullFull),
      pull: summary(recorder.latencies.pull),
      push: summary(recorder.latencies.push),
      sync: summary(syncLatencies),
      all: summary(all),
    };

    // The consistency check: what the server applied is what the phones were told it applied.
    const stored = await queryRows<{ outcome: string; count: number }>(
      database.db,
      sql`select outcome, count(*)::int as count from sync_command group by outcome order by outcome`,
    );
    const storedOutcomes = Object.fromEntries(stored.map((row) => [row.outcome, row.count]));
    const [hazardRow] = await queryRows<{ count: number }>(
      database.db,
      sql`select count(*)::int as count from hazard h join app_user u on u.id = h.finder_id
          where u.username like 'field%'`,
    );
    const [answerRow] = await queryRows<{ count: number }>(
      database.db,
      sql`select count(*)::int as count from warning_ack a join warning w on w.id = a.warning_id
          where w.sender = 'field-load' and a.answered_at is not null`,
    );
    const applied = tally.outcomes.applied ?? 0;
    const consistent = (storedOutcomes.applied ?? 0) === applied;

    // Floor: the framework answering /healthz on the same server, at the run's peak concurrency.
    const floorConcurrency = Math.max(1, Math.min(maxSockets, recorder.peakInFlight));
    const floor = await runLoad({
      url: `${server.url}/healthz`,
      concurrency: floorConcurrency,
      durationMs: options.quick ? 3000 : 5000,
      warmupMs: 1000,
    });

    const requests = Object.fromEntries(
      kinds.map((kind) => [kind, recorder.latencies[kind].length]),
    );
    const results = {
      target: 'postgres',
      clients,
      signedIn,
      durationMs,
      elapsedMs: round(elapsedMs, 0),
      rampMs,
      settleMs,
      periodMs,
      patrolChance,
      maxSockets,
      serverPoolSize: 10,
      data: rows,
      requests,
      errors,
      errorsByKind: recorder.failures,
      firstErrors: recorder.firstErrors,
      serverLog,
      latency,
      throughputRps: round((all.length / elapsedMs) * 1000),
      peakInFlight: recorder.peakInFlight,
      loadLoopDelay,
      commands: {
        sent: tally.commandsSent,
        byKind: tally.commandsByKind,
        outcomes: tally.outcomes,
        turnedDown: tally.turnedDown,
        appliedPerSecond: round((applied / elapsedMs) * 1000),
        checkInsAtRiskPoints: tally.checkInsAtRiskPoints,
        checkInsWithoutRiskPoint: tally.checkInsHere,
      },
      check: {
        syncCommandsByOutcome: storedOutcomes,
        appliedSeenByPhones: applied,
        consistent,
        hazardsReportedByPhones: hazardRow!.count,
        hazardReportsSent: tally.commandsByKind['hazard.report'] ?? 0,
        warningAnswersOnServer: answerRow!.count,
      },
      serverRssMb,
      floor: {
        route: 'GET /healthz',
        concurrency: floorConcurrency,
        rps: round(floor.rps, 0),
        p50Ms: round(floor.p50Ms, 2),
        p99Ms: round(floor.p99Ms, 2),
        errors: floor.errors,
      },
      ratio: {
        p50: round(latency.sync.p50Ms / floor.p50Ms, 1),
        p99: round(latency.sync.p99Ms / floor.p99Ms, 1),
      },
      goal: { errors: 0, p99Ms: 500, met: errors === 0 && latency.sync.p99Ms < 500 && consistent },
    };

    const line = (name: string, s: ReturnType<typeof summary>) =>
      console.log(
        `  ${name.padEnd(10)} ${String(s.requests).padStart(7)} requests  p50 ${s.p50Ms} ms  p95 ${s.p95Ms} ms  p99 ${s.p99Ms} ms  max ${s.maxMs} ms`,
      );
    console.log(
      `  ${clients} phones (${signedIn} signed in), ${round(elapsedMs / 1000)} s, ${all.length} requests (${results.throughputRps}/s), errors ${errors} ${JSON.stringify(recorder.failures)}, peak in flight ${recorder.peakInFlight}`,
    );
    for (const kind of ['login', 'me', 'pullFull', 'pull', 'push', 'sync', 'all'] as const) {
      line(kind, latency[kind]);
    }
    console.log(
      `  commands: ${tally.commandsSent} sent ${JSON.stringify(tally.commandsByKind)}, answered ${JSON.stringify(tally.outcomes)}, ${results.commands.appliedPerSecond} applied/s`,
    );
    console.log(
      `  check: sync_command ${JSON.stringify(storedOutcomes)} vs ${applied} applied seen by the phones: ${consistent ? 'consistent' : 'MISMATCH'}; hazards by phones ${hazardRow!.count}, answers on server ${answerRow!.count}`,
    );
    console.log(
      `  floor: GET /healthz at ${floorConcurrency} in flight ${results.floor.rps} req/s, p50 ${results.floor.p50Ms} ms, p99 ${results.floor.p99Ms} ms; sync p50 ×${results.ratio.p50}, p99 ×${results.ratio.p99} of it`,
    );
    console.log(
      `  load generator's event-loop delay p50 ${loadLoopDelay.p50Ms} ms, p99 ${loadLoopDelay.p99Ms} ms, max ${loadLoopDelay.maxMs} ms`,
    );
    console.log(
      `  server RSS ${serverRssMb} MB; goal (0 errors, p99 < 500 ms, consistent): ${results.goal.met ? 'met' : 'MISSED'}`,
    );
    return results;
  } finally {
    agent.destroy();
    await server?.stop();
    await database.close();
    await scratch.drop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}
