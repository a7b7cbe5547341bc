/**
 * Two real server processes on one PostgreSQL database, started at the same moment on an empty
 * database as a reverse proxy's pool would be: first-start work is done once, a session opened on
 * one is good on the other, the live 叫应 board of one hears an answer given on the other at
 * once, and each due job runs on exactly one of them.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Fastify from 'fastify';
import { sql } from 'drizzle-orm';
import { openDatabase, queryRows, type Database } from '../db/client';
import { demoPassword } from '../db/seed/demo';
import {
  linkLiveEvents,
  liveEvents,
  liveEventsChannel,
  type LiveEventsLink,
} from '../lib/live-events';
import { createScratchDatabase } from './test-database';
import { freePort, repositoryRoot, startProcess, type ServerProcess } from './server-process';

const serverUrl = process.env.DATABASE_URL;
const adminPassword = 'admin-password-for-tests';

/** A signed-in browser: its session cookie and CSRF token. */
interface Session {
  cookie: string;
  csrfToken: string;
}

async function signIn(base: string, username: string): Promise<Session> {
  const response = await fetch(`${base}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: demoPassword }),
  });
  expect(response.status, `sign-in of ${username}`).toBe(200);
  const cookie = response.headers.getSetCookie().find((c) => c.startsWith('lm_session='))!;
  const body = (await response.json()) as { csrfToken: string };
  return { cookie: cookie.split(';')[0]!, csrfToken: body.csrfToken };
}

function call(base: string, session: Session, url: string, body?: object): Promise<Response> {
  return fetch(`${base}${url}`, {
    method: body ? 'POST' : 'GET',
    headers: {
      cookie: session.cookie,
      'x-csrf-token': session.csrfToken,
      ...(body ? { 'content-type': 'application/json' } : {}),
    },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
}

interface Coverage {
  totals: { answered: number };
}

/** A server-sent event stream read as it arrives: each `coverage` event with when it came. */
async function openCoverageStream(base: string, session: Session, warningId: string) {
  const abort = new AbortController();
  const response = await fetch(`${base}/api/v1/warnings/${warningId}/coverage/stream`, {
    headers: { cookie: session.cookie },
    signal: abort.signal,
  });
  expect(response.status).toBe(200);
  const events: { at: number; coverage: Coverage }[] = [];
  let waiter: (() => void) | undefined;
  const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
  void (async () => {
    let buffer = '';
    for (;;) {
      const { value, done } = await reader.read().catch(() => ({ value: '', done: true }));
      if (done) {
        return;
      }
      buffer += value;
      let end: number;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const data = block.split('\n').find((line) => line.startsWith('data: '));
        if (block.includes('event: coverage') && data) {
          events.push({ at: performance.now(), coverage: JSON.parse(data.slice(6)) as Coverage });
          waiter?.();
        }
      }
    }
  })();
  return {
    events,
    /** The first event after index `from` whose board passes `test`. */
    async next(from: number, test: (coverage: Coverage) => boolean, timeoutMs = 8000) {
      const deadline = performance.now() + timeoutMs;
      for (;;) {
        const found = events.slice(from).find((event) => test(event.coverage));
        if (found) {
          return found;
        }
        const left = deadline - performance.now();
        if (left <= 0) {
          throw new Error('no such coverage event');
        }
        await new Promise<void>((resolve) => {
          waiter = resolve;
          setTimeout(resolve, left);
        });
      }
    },
    close: () => abort.abort(),
  };
}

async function waitFor<T>(
  read: () => Promise<T>,
  isDone: (value: T) => boolean,
  timeoutMs: number,
) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (isDone(value) || Date.now() > deadline) {
      return value;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Debian's nginx, when installed (CI installs it): the reverse proxy of docs/deploy.md. */
const nginxBinary = ['/usr/sbin/nginx', '/usr/bin/nginx'].find((file) => fs.existsSync(file));

/**
 * nginx in front of the instances with docs/deploy.md's upstream and locations, on a free port,
 * in the foreground with its files under `dir`; it adds `X-Upstream` (which instance answered)
 * for the test to see the balancing.
 */
async function startNginx(dir: string, upstreams: string[]) {
  const port = await freePort();
  const conf = path.join(dir, 'nginx.conf');
  const temp = ['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi']
    .map((kind) => `${kind}_temp_path ${path.join(dir, kind)};`)
    .join('\n    ');
  fs.writeFileSync(
    conf,
    `daemon off;
master_process off;
pid ${path.join(dir, 'nginx.pid')};
error_log ${path.join(dir, 'error.log')} warn;
events { worker_connections 256; }
http {
    access_log off;
    ${temp}
    upstream lastmile {
        ${upstreams.map((url) => `server ${new URL(url).host};`).join('\n        ')}
        keepalive 32;
    }
    server {
        listen 127.0.0.1:${port};
        client_max_body_size 12m;
        add_header X-Upstream $upstream_addr always;
        location / {
            proxy_pass http://lastmile;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
            proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
        }
        location /api/v1/warnings/ {
            proxy_pass http://lastmile;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
            proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
            proxy_buffering off;
            proxy_read_timeout 1h;
        }
    }
}
`,
  );
  const checked = spawnSync(
    nginxBinary!,
    ['-t', '-c', conf, '-p', dir, '-e', path.join(dir, 'error.log')],
    {
      encoding: 'utf8',
    },
  );
  expect(checked.status, checked.stderr).toBe(0);
  const child: ChildProcess = spawn(
    nginxBinary!,
    ['-c', conf, '-p', dir, '-e', path.join(dir, 'error.log')],
    {
      stdio: 'ignore',
    },
  );
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 10_000;
  while (
    !(await fetch(`${url}/readyz`).then(
      (r) => r.ok,
      () => false,
    ))
  ) {
    if (Date.now() > deadline || child.exitCode !== null) {
      throw new Error(
        `nginx did not start: ${fs.readFileSync(path.join(dir, 'error.log'), 'utf8')}`,
      );
    }
    await sleep(50);
  }
  return {
    url,
    stop: () =>
      new Promise<void>((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGQUIT');
      }),
  };
}

describe.skipIf(!serverUrl)('two instances on one PostgreSQL', () => {
  let scratch: { url: string; drop(): Promise<void> };
  let database: Database;
  let dataDir: string;
  const servers: ServerProcess[] = [];
  let a: ServerProcess;
  let b: ServerProcess;
  let link: LiveEventsLink | undefined;

  /** The database URL as instance `name` connects: its sessions carry the name. */
  const urlFor = (name: string) => {
    const url = new URL(scratch.url);
    url.searchParams.set('application_name', name);
    return url.toString();
  };

  beforeAll(async () => {
    scratch = await createScratchDatabase(serverUrl!);
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lastmile-multi-'));
    const ports = [await freePort(), await freePort()];
    const main = path.join(repositoryRoot, 'apps/server/src/main.ts');
    const started = performance.now();
    // Both at the same moment on an empty database: migrations, the region import, the admin
    // and the demo data race unless first-start work is serialised.
    const results = await Promise.allSettled(
      ['instance-a', 'instance-b'].map((name, index) =>
        startProcess(
          ['--import', 'tsx', main, 'serve'],
          {
            DATABASE_URL: urlFor(name),
            PORT: String(ports[index]),
            HOST: '127.0.0.1',
            DATA_DIR: dataDir,
            LASTMILE_ADMIN_PASSWORD: adminPassword,
            LASTMILE_LOG_LEVEL: 'warn',
            LASTMILE_DEMO: '1',
            LASTMILE_FAKE_GATEWAY: '',
            // One proxy in front (nginx, below): the address it adds is the client's.
            LASTMILE_TRUST_PROXY: '1',
          },
          ports[index]!,
          '/readyz',
        ),
      ),
    );
    for (const result of results) {
      if (result.status === 'fulfilled') {
        servers.push(result.value);
      }
    }
    const failed = results.find((result) => result.status === 'rejected');
    if (failed) {
      throw failed.reason;
    }
    [a, b] = servers as [ServerProcess, ServerProcess];
    console.log(
      `both instances ready in ${Math.round(performance.now() - started)} ms ` +
        `(a ${Math.round(a.readyMs)} ms, b ${Math.round(b.readyMs)} ms)`,
    );
    database = await openDatabase({ kind: 'postgres', url: scratch.url, poolSize: 3 });
    // Every claim of a job (a claim adds an attempt, and a claimed job is run once by its
    // claimer), with the claiming instance and the claim's transaction time.
    await database.db.execute(sql`
      create table test_job_claim (job_id uuid, kind text, instance text, at timestamptz);
      create function test_log_job_claim() returns trigger language plpgsql as $$
      begin
        insert into test_job_claim values (new.id, new.kind, current_setting('application_name'), now());
        return new;
      end $$;
      create trigger test_job_claim after update on job for each row
        when (new.attempts > old.attempts) execute function test_log_job_claim();`);
  }, 120_000);

  afterAll(async () => {
    await link?.stop();
    await Promise.all(servers.map((server) => server.stop()));
    await database?.close();
    await scratch?.drop();
    if (dataDir) {
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  }, 60_000);

  it('does first-start work once when both start together on an empty database', async () => {
    const [counts] = await queryRows<{
      admins: number;
      users: number;
      usernames: number;
      warnings: number;
      identifiers: number;
      regions: number;
      grids: number;
      gridNames: number;
    }>(
      database.db,
      sql`select (select count(*)::int from app_user where username = 'admin') as admins,
                 (select count(*)::int from app_user) as users,
                 (select count(distinct username)::int from app_user) as usernames,
                 (select count(*)::int from warning) as warnings,
                 (select count(distinct identifier)::int from warning) as identifiers,
                 (select count(*)::int from region) as regions,
                 (select count(*)::int from grid) as grids,
                 (select count(distinct (region_code, name))::int from grid) as "gridNames"`,
    );
    expect(counts!.admins).toBe(1);
    expect(counts!.users).toBe(counts!.usernames);
    // One demo warning and its relay: a second seeding would ingest and relay again.
    expect(counts!.warnings).toBe(2);
    expect(counts!.identifiers).toBe(2);
    expect(counts!.regions).toBeGreaterThan(300);
    expect(counts!.grids).toBe(counts!.gridNames);
  });

  it('honours a session opened on one instance on the other, until it is ended', async () => {
    const session = await signIn(a.url, 'county.staff');
    expect((await call(b.url, session, '/api/v1/auth/me')).status).toBe(200);
    expect((await call(a.url, session, '/api/v1/auth/logout', {})).status).toBe(200);
    expect((await call(b.url, session, '/api/v1/auth/me')).status).toBe(401);
  });

  /** A demo account called by the demo warning who has not answered yet. */
  async function silentRecipient(): Promise<{ username: string; warningId: string }> {
    const [row] = await queryRows<{ username: string; warningId: string }>(
      database.db,
      sql`select u.username, k.warning_id as "warningId"
          from warning_ack k join person p on p.id = k.person_id join app_user u on u.id = p.user_id
          where k.answered_at is null and u.username in ('grid.worker', 'town.admin', 'village.staff')
          order by u.username = 'grid.worker' desc, u.username
          limit 1`,
    );
    expect(row, 'a demo account still to answer').toBeDefined();
    return row!;
  }

  /**
   * Answers through `answerUrl` while a board is open through `watchUrl` (by default on A and on
   * B), and returns how long the board took to show it. The stream re-reads on its own every 5 s
   * from its opening: the answer is given 1.5 s after, and the event must come before that
   * timer's first turn, so only the signal can have carried it.
   */
  async function answerAndWatch(answerUrl = a.url, watchUrl = b.url): Promise<number> {
    const recipient = await silentRecipient();
    const viewer = await signIn(watchUrl, 'county.staff');
    const answerer = await signIn(answerUrl, recipient.username);
    const opened = performance.now();
    const stream = await openCoverageStream(watchUrl, viewer, recipient.warningId);
    try {
      const first = await stream.next(0, () => true);
      const before = first.coverage.totals.answered;
      await sleep(opened + 1500 - performance.now());
      const answeredAt = performance.now();
      const response = await call(
        answerUrl,
        answerer,
        `/api/v1/warnings/${recipient.warningId}/answer`,
        {
          channel: 'app',
        },
      );
      expect(response.status).toBe(200);
      const seen = await stream.next(1, (coverage) => coverage.totals.answered === before + 1);
      expect(seen.at - opened).toBeLessThan(4900);
      return seen.at - answeredAt;
    } finally {
      stream.close();
    }
  }

  it("shows an answer given on one instance on the other's live board at once", async () => {
    const latency = await answerAndWatch();
    console.log(`answer on A → B's board: ${Math.round(latency)} ms`);
    expect(latency).toBeLessThan(1000);
  });

  it('delivers each event once, its own without a round trip, and others after a reconnect', async () => {
    link = await linkLiveEvents(database, Fastify({ logger: { level: 'silent' } }).log, {
      backoffMs: 100,
    });
    let heard = 0;
    const unsubscribe = liveEvents.subscribe('test:own', () => (heard += 1));
    liveEvents.publish('test:own');
    expect(heard).toBe(1);
    // Our own NOTIFY comes back to our listener, and must not be delivered again.
    await sleep(300);
    expect(heard).toBe(1);
    unsubscribe();

    // Cut every instance's listening connection (the test's own link is a third instance).
    const listening = () =>
      queryRows<{ pid: number }>(
        database.db,
        sql`select pid from pg_stat_activity
            where datname = current_database() and query = ${`listen ${liveEventsChannel}`}`,
      );
    expect((await listening()).length).toBe(3);
    // Found first and cut one by one: in one statement the planner may call
    // pg_terminate_backend before it has filtered the rows.
    const cut = await listening();
    expect(cut.length).toBe(3);
    for (const { pid } of cut) {
      await database.db.execute(sql`select pg_terminate_backend(${pid}::int)`);
    }
    // The first reconnect waits at most 250 ms; a second retry at most 500 ms more.
    const back = await waitFor(
      listening,
      (rows) => rows.length === 3 && rows.every((row) => !cut.some((old) => old.pid === row.pid)),
      5000,
    );
    expect(back.length).toBe(3);

    const latency = await answerAndWatch();
    console.log(`after reconnect, answer on A → B's board: ${Math.round(latency)} ms`);
    expect(latency).toBeLessThan(1000);
  });

  it('runs each due job on exactly one instance, and keeps one row per recurring job', async () => {
    const count = 300;
    // One-shot jobs, all due at one moment a little ahead, so both instances' polls meet them.
    const jobs = await queryRows<{ id: string }>(
      database.db,
      sql`insert into job (kind, payload, run_at, max_attempts)
          select 'session.purge', jsonb_build_object('n', n), now() + interval '1 second', 1
          from generate_series(1, ${count}) as n
          returning id`,
    );
    const ids = jobs.map((job) => job.id);
    const pending = await waitFor(
      async () => {
        const [row] = await queryRows<{ pending: number }>(
          database.db,
          sql`select count(*)::int as pending from job
              where id = any(${`{${ids.join(',')}}`}::uuid[]) and finished_at is null`,
        );
        return row!.pending;
      },
      (left) => left === 0,
      20_000,
    );
    expect(pending).toBe(0);

    const claims = await queryRows<{ jobId: string; claims: number; instance: string }>(
      database.db,
      sql`select job_id as "jobId", count(*)::int as claims, min(instance) as instance
          from test_job_claim where job_id = any(${`{${ids.join(',')}}`}::uuid[])
          group by job_id`,
    );
    expect(claims.length).toBe(count);
    expect(claims.filter((claim) => claim.claims !== 1)).toEqual([]);
    const [outcome] = await queryRows<{ once: number }>(
      database.db,
      sql`select count(*)::int as once from job
          where id = any(${`{${ids.join(',')}}`}::uuid[]) and attempts = 1 and last_error is null`,
    );
    expect(outcome!.once).toBe(count);
    const byInstance = new Map<string, number>();
    claims.forEach((claim) =>
      byInstance.set(claim.instance, (byInstance.get(claim.instance) ?? 0) + 1),
    );
    console.log(`${count} one-shot jobs ran on: ${JSON.stringify(Object.fromEntries(byInstance))}`);

    // Recurring jobs: one row each, and never claimed again before their interval has passed
    // (two instances each running them on every tick would show gaps near zero).
    const recurring = await queryRows<{ kind: string; rows: number; intervalMs: number }>(
      database.db,
      sql`select kind, count(*)::int as rows, min(interval_ms) as "intervalMs"
          from job where interval_ms is not null group by kind order by kind`,
    );
    expect(recurring.map((job) => [job.kind, job.rows])).toEqual([
      ['audit.seal', 1],
      ['hazard.supervise', 1],
      ['session.purge', 1],
      ['warning.send', 1],
      ['warning.timers', 1],
    ]);
    const gaps = await queryRows<{
      kind: string;
      runs: number;
      instances: number;
      minGapMs: number;
    }>(
      database.db,
      sql`select c.kind, count(*)::int as runs, count(distinct c.instance)::int as instances,
                 min(extract(epoch from c.gap) * 1000)::int as "minGapMs"
          from (select kind, instance, at - lag(at) over (partition by job_id order by at) as gap
                from test_job_claim
                where job_id in (select id from job where interval_ms is not null)) c
          group by c.kind order by c.kind`,
    );
    console.log(
      'recurring claims: ' +
        gaps
          .map((g) => `${g.kind} ${g.runs} runs by ${g.instances}, min gap ${g.minGapMs} ms`)
          .join('; '),
    );
    for (const gap of gaps) {
      const job = recurring.find((row) => row.kind === gap.kind)!;
      if (gap.runs > 1) {
        expect(gap.minGapMs, gap.kind).toBeGreaterThanOrEqual(job.intervalMs);
      }
    }
    expect(gaps.find((g) => g.kind === 'warning.timers')!.runs).toBeGreaterThanOrEqual(3);
  });

  // Last in this file: its sign-in failures leave 127.0.0.1 rate-limited on both instances.
  describe.skipIf(!nginxBinary)('behind nginx (docs/deploy.md)', () => {
    let nginxDir: string;
    let proxy: Awaited<ReturnType<typeof startNginx>>;

    beforeAll(async () => {
      nginxDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lastmile-nginx-'));
      proxy = await startNginx(nginxDir, [a.url, b.url]);
    });

    afterAll(async () => {
      await proxy?.stop();
      fs.rmSync(nginxDir, { recursive: true, force: true });
    });

    it('balances requests over both instances, one session valid whichever answers', async () => {
      const session = await signIn(proxy.url, 'county.staff');
      const answeredBy = new Set<string>();
      for (let n = 0; n < 12; n += 1) {
        const response = await call(proxy.url, session, '/api/v1/auth/me');
        expect(response.status).toBe(200);
        answeredBy.add(response.headers.get('x-upstream') ?? '');
      }
      expect([...answeredBy].sort()).toEqual([new URL(a.url).host, new URL(b.url).host].sort());
      // A write with the session's CSRF token passes the proxy too.
      expect((await call(proxy.url, session, '/api/v1/auth/logout', {})).status).toBe(200);
      expect((await call(proxy.url, session, '/api/v1/auth/me')).status).toBe(401);
    });

    it('streams the live board through the proxy, showing an answer given through it at once', async () => {
      // Before the stream's own 5 s re-read (checked inside): the proxy passed the event on
      // unbuffered.
      const latency = await answerAndWatch(proxy.url, proxy.url);
      console.log(`through nginx, answer → board: ${Math.round(latency)} ms`);
    });

    it('counts sign-in failures against the address nginx saw, whatever X-Forwarded-For the client sends', async () => {
      const failWith = (claimed: string) =>
        fetch(`${proxy.url}/api/v1/auth/login`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-forwarded-for': claimed },
          body: JSON.stringify({ username: `nobody-${randomUUID()}`, password: 'wrong-password' }),
        }).then((response) => response.status);
      // 30 failures per address per instance; two instances share the work round-robin.
      const statuses: number[] = [];
      for (let n = 0; n < 64 && !statuses.includes(429); n += 1) {
        statuses.push(await failWith(`203.0.113.${n + 1}`));
      }
      expect(statuses.slice(0, 30).every((status) => status === 401)).toBe(true);
      expect(statuses).toContain(429);
      // A new claimed address does not start a new count.
      const more = [await failWith('198.51.100.7'), await failWith('198.51.100.8')];
      expect(more).toContain(429);
    });
  });
});
