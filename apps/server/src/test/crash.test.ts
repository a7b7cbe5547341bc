/**
 * R1: the real server, killed with SIGKILL in the middle of a write load, loses nothing it
 * acknowledged. Hazards are created over HTTP (the office's form) and pushed as field commands
 * (the outbox); every 2xx the client received is remembered with its id. After each kill the
 * server restarts on the same data, and every acknowledged hazard must be there, the outbox must
 * take the unanswered commands again exactly once, and the audit chain must verify.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import type { AuditVerifyResult } from '@lastmile/shared';
import { openDatabase, queryRows, type Database } from '../db/client';
import { sealAuditChain, verifyAuditChain } from '../modules/audit';
import { freePort, repositoryRoot, startProcess, type ServerProcess } from './server-process';
import { createScratchDatabase } from './test-database';

const cycles = 2;
const adminPassword = 'crash-test-admin-password';
const workerPassword = 'crash-test-worker-password';
const serverEntry = path.join(repositoryRoot, 'apps/server/src/main.ts');
const postgresUrl = process.env.DATABASE_URL;
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lastmile-crash-'));
let databaseUrl = '';
let dropDatabase: (() => Promise<void>) | undefined;
let server: ServerProcess | undefined;

/** A signed-in client over real HTTP, sending the session cookie and CSRF header. */
class HttpClient {
  constructor(
    readonly url: string,
    private readonly cookie: string,
    private readonly csrfToken: string,
  ) {}

  static async signIn(
    url: string,
    username: string,
    password: string,
    device?: 'field',
  ): Promise<HttpClient> {
    const response = await fetch(`${url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username, password, ...(device ? { device } : {}) }),
    });
    if (response.status !== 200) {
      throw new Error(`sign-in of ${username}: ${response.status} ${await response.text()}`);
    }
    const session = response.headers
      .getSetCookie()
      .find((cookie) => cookie.startsWith('lm_session='))!;
    const { csrfToken } = (await response.json()) as { csrfToken: string };
    return new HttpClient(url, session.split(';')[0]!, csrfToken);
  }

  async request<T>(
    method: string,
    route: string,
    body?: object,
  ): Promise<{ status: number; body: T }> {
    const response = await fetch(`${this.url}${route}`, {
      method,
      headers: {
        cookie: this.cookie,
        'x-csrf-token': this.csrfToken,
        ...(body ? { 'content-type': 'application/json' } : {}),
      },
      ...(body ? { body: JSON.stringify(body) } : {}),
    });
    const text = await response.text();
    return { status: response.status, body: (text ? JSON.parse(text) : null) as T };
  }
}

function startServer(): Promise<ServerProcess> {
  return freePort().then((port) =>
    startProcess(
      ['--import', 'tsx', serverEntry, 'serve'],
      {
        DATA_DIR: dataDir,
        DATABASE_URL: databaseUrl,
        PORT: String(port),
        HOST: '127.0.0.1',
        LASTMILE_REGION: '421321',
        LASTMILE_ADMIN_PASSWORD: adminPassword,
        LASTMILE_DEMO: '0',
        LASTMILE_FAKE_GATEWAY: '0',
        LASTMILE_LOG_LEVEL: 'warn',
      },
      port,
      '/readyz',
    ),
  );
}

async function kill(running: ServerProcess): Promise<void> {
  const exited = new Promise((resolve) => running.child.once('exit', resolve));
  running.child.kill('SIGKILL');
  await exited;
}

interface FieldCommand {
  id: string;
  kind: 'hazard.report';
  at: string;
  payload: { hazardId: string; report: { regionCode: string; kind: 'fire'; title: string } };
}

interface PushResult {
  results: { id: string; outcome: string; entityId: string | null }[];
}

/** What one load run saw: hazards acknowledged, and commands pushed with or without an answer. */
interface LoadRecord {
  acknowledged: string[];
  unanswered: FieldCommand[];
  answered: FieldCommand[];
  refusals: number;
}

/**
 * Writes until the server dies: office clients create hazards one after another, field clients
 * push small batches of hazard reports. A worker stops at its first network error.
 */
async function writeUntilKilled(
  office: HttpClient,
  field: HttpClient,
  village: string,
  label: string,
): Promise<LoadRecord> {
  const record: LoadRecord = { acknowledged: [], unanswered: [], answered: [], refusals: 0 };
  let sequence = 0;
  const officeWorker = async () => {
    for (;;) {
      const title = `崩溃测试 ${label} ${++sequence}`;
      let response;
      try {
        response = await office.request<{ id: string }>('POST', '/api/v1/hazards', {
          regionCode: village,
          kind: 'fire',
          title,
        });
      } catch {
        return;
      }
      if (response.status === 201) {
        record.acknowledged.push(response.body.id);
      } else {
        record.refusals += 1;
      }
    }
  };
  const fieldWorker = async () => {
    for (;;) {
      const commands: FieldCommand[] = Array.from({ length: 3 }, () => ({
        id: randomUUID(),
        kind: 'hazard.report',
        at: new Date().toISOString(),
        payload: {
          hazardId: randomUUID(),
          report: { regionCode: village, kind: 'fire', title: `外业上报 ${label} ${++sequence}` },
        },
      }));
      let response;
      try {
        response = await field.request<PushResult>('POST', '/api/v1/sync/push', {
          deviceId: 'crash-test',
          sentAt: new Date().toISOString(),
          commands,
        });
      } catch {
        record.unanswered.push(...commands);
        return;
      }
      if (response.status !== 200) {
        record.refusals += 1;
        record.unanswered.push(...commands);
        continue;
      }
      record.answered.push(...commands);
      for (const result of response.body.results) {
        expect(result.outcome).toBe('applied');
        record.acknowledged.push(result.entityId!);
      }
    }
  };
  await Promise.all([
    ...Array.from({ length: 6 }, () => officeWorker()),
    ...Array.from({ length: 2 }, () => fieldWorker()),
  ]);
  return record;
}

/** GETs every hazard by id, a few at a time; returns the ids not found. */
async function missingHazards(client: HttpClient, ids: string[]): Promise<string[]> {
  const missing: string[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: 8 }, async () => {
      while (next < ids.length) {
        const id = ids[next++]!;
        const response = await client.request('GET', `/api/v1/hazards/${id}`);
        if (response.status !== 200) {
          missing.push(`${id} (${response.status})`);
        }
      }
    }),
  );
  return missing;
}

beforeAll(async () => {
  if (postgresUrl) {
    const scratch = await createScratchDatabase(postgresUrl);
    databaseUrl = scratch.url;
    dropDatabase = () => scratch.drop();
  }
});

afterAll(async () => {
  if (server && server.child.exitCode === null && server.child.signalCode === null) {
    await kill(server);
  }
  await dropDatabase?.();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe(`R1: SIGKILL under write load (${postgresUrl ? 'PostgreSQL' : 'PGlite on disk'})`, () => {
  it('keeps every acknowledged write and an intact audit chain across kill cycles', async () => {
    server = await startServer();
    const admin = await HttpClient.signIn(server.url, 'admin', adminPassword);
    const townships = await admin.request<{ items: { code: string }[] }>('GET', '/api/v1/regions');
    const township = townships.body.items[0]!.code;
    const villages = await admin.request<{ items: { code: string }[] }>(
      'GET',
      `/api/v1/regions?code=${township.slice(0, 9)}`,
    );
    const village = villages.body.items[0]!.code;
    const created = await admin.request('POST', '/api/v1/users', {
      username: 'crash.worker',
      password: workerPassword,
      displayName: '网格员 崩溃测试',
      role: 'grid_worker',
      scopeRegionCode: village,
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);

    const acknowledged: string[] = [];
    const figures: string[] = [];
    for (let cycle = 1; cycle <= cycles; cycle++) {
      const office = await HttpClient.signIn(server.url, 'admin', adminPassword);
      const field = await HttpClient.signIn(server.url, 'crash.worker', workerPassword, 'field');
      const killAfterMs = 1000 + Math.floor(Math.random() * 2000);
      const load = writeUntilKilled(office, field, village, `c${cycle}`);
      await new Promise((resolve) => setTimeout(resolve, killAfterMs));
      await kill(server);
      const record = await load;
      expect(record.refusals).toBe(0);
      expect(record.acknowledged.length).toBeGreaterThan(5);
      acknowledged.push(...record.acknowledged);

      server = await startServer();
      const restarted = await HttpClient.signIn(server.url, 'admin', adminPassword);
      expect(await missingHazards(restarted, acknowledged)).toEqual([]);

      // The outbox after a crash: what had no answer applies now or was applied already (once),
      // and what was answered is a duplicate.
      const again = await HttpClient.signIn(server.url, 'crash.worker', workerPassword, 'field');
      const retried = [...record.unanswered, ...record.answered.slice(0, 5)];
      const pushed = await again.request<PushResult>('POST', '/api/v1/sync/push', {
        deviceId: 'crash-test',
        sentAt: new Date().toISOString(),
        commands: retried,
      });
      expect(pushed.status).toBe(200);
      const answered = new Set(record.answered.map((command) => command.id));
      for (const [index, result] of pushed.body.results.entries()) {
        if (answered.has(retried[index]!.id)) {
          expect(result.outcome).toBe('duplicate');
        } else {
          expect(['applied', 'duplicate']).toContain(result.outcome);
        }
        expect(result.entityId).toBe(retried[index]!.payload.hazardId);
      }
      acknowledged.push(...record.unanswered.map((command) => command.payload.hazardId));

      const verified = await restarted.request<AuditVerifyResult>('GET', '/api/v1/audit/verify');
      expect(verified.body).toMatchObject({ ok: true });
      figures.push(
        `cycle ${cycle}: killed after ${killAfterMs} ms, ${record.acknowledged.length} acknowledged, ` +
          `${record.unanswered.length} commands unanswered, restart ${Math.round(server.readyMs)} ms`,
      );
    }
    await server.stop();

    // Straight from the database: each acknowledged hazard once, with its audit row, and the
    // whole chain (sealed now, as `audit-verify` does) holds.
    const database: Database = databaseUrl
      ? await openDatabase({ kind: 'postgres', url: databaseUrl, poolSize: 2 })
      : await openDatabase({ kind: 'pglite', dataDir });
    try {
      const [found] = await queryRows<{ hazards: number; audited: number }>(
        database.db,
        sql`select (select count(*)::int from hazard where id = any(${`{${acknowledged.join(',')}}`}::uuid[])) as hazards,
                   (select count(distinct entity_id)::int from audit_log
                     where entity = 'hazard' and action = 'hazard.create'
                       and entity_id = any(${`{${acknowledged.join(',')}}`}::text[])) as audited`,
      );
      expect(found).toEqual({
        hazards: new Set(acknowledged).size,
        audited: new Set(acknowledged).size,
      });
      await sealAuditChain(database.db);
      const chain = await verifyAuditChain(database.db);
      expect(chain.ok, JSON.stringify(chain)).toBe(true);
    } finally {
      await database.close();
    }
    console.log(
      `R1 (${postgresUrl ? 'PostgreSQL' : 'PGlite'}): ${acknowledged.length} hazards kept\n  ${figures.join('\n  ')}`,
    );
  }, 300_000);
});
