import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { queryRows, type Database } from '../db/client';
import { bootstrap } from '../bootstrap';
import { adminPassword, buildTestApp, testConfig } from '../test/build-test-app';
import { createDurableTestDatabase, createTestDatabase } from '../test/test-database';
import { JobRunner, scheduleJob } from './runner';

const log = Fastify().log;

describe('job runner', () => {
  let database: Database;
  beforeAll(async () => {
    database = await createTestDatabase({ regions: false });
  });
  afterAll(() => database.close());

  it('runs a due job once and leaves a future one alone', async () => {
    const runner = new JobRunner(database.db, log);
    const seen: unknown[] = [];
    runner.register('test.once', async (payload) => {
      seen.push(payload);
    });
    await scheduleJob(database.db, { kind: 'test.once', payload: { n: 1 } });
    await scheduleJob(database.db, { kind: 'test.once', payload: { n: 2 }, runAt: new Date(Date.now() + 3600_000) });
    expect(await runner.runDue()).toBe(1);
    expect(await runner.runDue()).toBe(0);
    expect(seen).toEqual([{ n: 1 }]);
  });

  it('schedules a keyed job only once', async () => {
    await scheduleJob(database.db, { kind: 'test.keyed', key: 'only-one' });
    await scheduleJob(database.db, { kind: 'test.keyed', key: 'only-one' });
    const [row] = await queryRows<{ n: number }>(database.db, sql`select count(*)::int as n from job where key = 'only-one'`);
    expect(row!.n).toBe(1);
  });

  it('retries a failing job later with back-off and records the error', async () => {
    const runner = new JobRunner(database.db, log);
    let calls = 0;
    runner.register('test.flaky', async () => {
      calls += 1;
      throw new Error('gateway down');
    });
    await scheduleJob(database.db, { kind: 'test.flaky', maxAttempts: 2 });
    expect(await runner.runDue()).toBe(1);
    // Not due again at once: it backs off.
    expect(await runner.runDue()).toBe(0);
    const [failed] = await queryRows<{ attempts: number; last_error: string; finished: boolean; later: boolean }>(
      database.db,
      sql`select attempts, last_error, finished_at is not null as finished, run_at > now() as later from job where kind = 'test.flaky'`,
    );
    expect(failed).toEqual({ attempts: 1, last_error: 'gateway down', finished: false, later: true });
    await database.db.execute(sql`update job set run_at = now() where kind = 'test.flaky'`);
    expect(await runner.runDue()).toBe(1);
    const [gaveUp] = await queryRows<{ attempts: number; finished: boolean }>(
      database.db,
      sql`select attempts, finished_at is not null as finished from job where kind = 'test.flaky'`,
    );
    expect(gaveUp).toEqual({ attempts: 2, finished: true });
    expect(calls).toBe(2);
  });

  it('takes over a job whose worker died once its lease runs out', async () => {
    const runner = new JobRunner(database.db, log);
    let runs = 0;
    runner.register('test.orphan', async () => {
      runs += 1;
    });
    await scheduleJob(database.db, { kind: 'test.orphan' });
    // Another process claimed it and died: the lease is still running.
    await database.db.execute(sql`update job set locked_until = now() + interval '1 minute', attempts = 1 where kind = 'test.orphan'`);
    expect(await runner.runDue()).toBe(0);
    await database.db.execute(sql`update job set locked_until = now() - interval '1 second' where kind = 'test.orphan'`);
    expect(await runner.runDue()).toBe(1);
    expect(runs).toBe(1);
  });

  it('runs each job exactly once with two runners polling together', async () => {
    const runs = new Map<number, number>();
    const runners = [new JobRunner(database.db, log, { batchSize: 5 }), new JobRunner(database.db, log, { batchSize: 5 })];
    for (const runner of runners) {
      runner.register('test.race', async (payload) => {
        const n = payload.n as number;
        runs.set(n, (runs.get(n) ?? 0) + 1);
      });
    }
    for (let n = 0; n < 30; n++) {
      await scheduleJob(database.db, { kind: 'test.race', payload: { n } });
    }
    let ran = 0;
    for (;;) {
      const counts = await Promise.all(runners.map((runner) => runner.runDue()));
      ran += counts[0]! + counts[1]!;
      if (counts[0] === 0 && counts[1] === 0) {
        break;
      }
    }
    expect(ran).toBe(30);
    expect([...runs.values()].every((count) => count === 1)).toBe(true);
    expect(runs.size).toBe(30);
  });
});

describe('a job due while the server was down', () => {
  it('runs after restart: expired sessions are purged', async () => {
    const durable = await createDurableTestDatabase();
    try {
      let database = await durable.open();
      // The real start-up path: migrations, regions, the first administrator.
      await bootstrap(testConfig(), database);
      let t = await buildTestApp({ database });
      const client = await t.signIn('admin', adminPassword);
      // The session expires and the purge falls due while nothing is running.
      await database.db.execute(sql`update session set expires_at = now() - interval '1 minute'`);
      await database.db.execute(sql`update job set run_at = now() + interval '1 second' where kind = 'session.purge'`);
      await t.close();
      await database.close();
      await new Promise((resolve) => setTimeout(resolve, 1200));

      database = await durable.open();
      const [waiting] = await queryRows<{ n: number }>(database.db, sql`select count(*)::int as n from session`);
      expect(waiting!.n).toBe(1);
      t = await buildTestApp({ database, runJobs: true });
      await expect
        .poll(async () => (await queryRows<{ n: number }>(database.db, sql`select count(*)::int as n from session`))[0]!.n, { timeout: 5000 })
        .toBe(0);
      const me = await t.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { cookie: client.cookie } });
      expect(me.statusCode).toBe(401);
      await t.close();
      await database.close();
    } finally {
      await durable.dispose();
    }
  });
});
