import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { padRegionCode, type Role } from '@lastmile/shared';
import { loadConfig, type Config } from '../config';
import type { Database } from '../db/client';
import { buildApp } from '../app';
import { ensureAdminUser, hashPassword, insertUser } from '../modules/users';
import { countyCodeOf } from '../plugins/scope';
import { createTestDatabase } from './test-database';

export const adminPassword = 'admin-password-for-tests';
export const testPassword = 'password-for-tests';

export interface TestApp {
  app: FastifyInstance;
  database: Database;
  config: Config;
  /** A signed-in client for an existing user. */
  signIn(username: string, password?: string): Promise<TestClient>;
  /** A signed-in client for a new user with this role and scope (2–12-digit code). */
  signInAs(role: Role, scope: string): Promise<TestClient>;
  close(): Promise<void>;
}

/** Sends requests with a user's session cookie and CSRF header, like the web app does. */
export class TestClient {
  constructor(
    private readonly app: FastifyInstance,
    readonly cookie: string,
    readonly csrfToken: string,
    readonly userId: string,
  ) {}

  request(options: InjectOptions): Promise<LightMyRequestResponse> {
    return this.app.inject({
      ...options,
      headers: { cookie: this.cookie, 'x-csrf-token': this.csrfToken, ...options.headers },
    });
  }
  get(url: string) {
    return this.request({ method: 'GET', url });
  }
  post(url: string, payload?: object) {
    return this.request({ method: 'POST', url, payload: payload ?? {} });
  }
  patch(url: string, payload: object) {
    return this.request({ method: 'PATCH', url, payload });
  }
  put(url: string, payload: object) {
    return this.request({ method: 'PUT', url, payload });
  }
  delete(url: string) {
    return this.request({ method: 'DELETE', url });
  }
}

let counter = 0;

/** Levels by code length, for test users created straight in the database. */
const levelOfLength: Record<number, 'province' | 'city' | 'county' | 'township' | 'village'> = {
  2: 'province',
  4: 'city',
  6: 'county',
  9: 'township',
  12: 'village',
};

/** Inserts a user directly (no admin needed) — the factory for tests. */
export async function buildUser(
  database: Database,
  values: { role: Role; scope: string; username?: string; password?: string; displayName?: string },
) {
  if (!levelOfLength[values.scope.length]) {
    throw new Error(`buildUser: scope must be a 2/4/6/9/12-digit code, got ${values.scope}`);
  }
  counter += 1;
  const username = values.username ?? `${values.role.replace('_', '.')}.${counter}`;
  const row = await insertUser(database.db, {
    username,
    passwordHash: await hashPassword(values.password ?? testPassword),
    displayName: values.displayName ?? `测试用户${counter}`,
    role: values.role,
    scopeRegionCode: padRegionCode(values.scope),
    // The short code is the prefix: 421321 covers every region of 随县.
    scopePrefix: values.scope,
    countyCode: countyCodeOf(padRegionCode(values.scope)),
  });
  return row;
}

/** One scratch folder per test process for uploaded photos. */
const testFilesDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lastmile-files-'));

export function testConfig(overrides: Partial<Config> = {}): Config {
  return {
    ...loadConfig({ LASTMILE_REGION: '421321', LASTMILE_LOG_LEVEL: 'silent' }),
    adminPassword,
    // No web app unless a test brings one: API tests answer the same whether or not
    // apps/web has been built.
    webDir: '/nonexistent/lastmile-web',
    filesDir: testFilesDir,
    ...overrides,
  };
}

/**
 * The whole app on a fresh test database with the 随县 regions and an `admin` user.
 * Jobs do not run by themselves unless asked; tests call `app.jobs.runDue()`.
 */
export async function buildTestApp(
  options: { runJobs?: boolean; database?: Database; config?: Partial<Config> } = {},
): Promise<TestApp> {
  const database = options.database ?? (await createTestDatabase());
  const config = testConfig(options.config);
  await ensureAdminUser(database.db, config.region, config.adminPassword);
  const app = await buildApp({ config, database, runJobs: options.runJobs ?? false, jobPollMs: 50 });
  await app.ready();

  const signIn = async (username: string, password = testPassword) => {
    const response = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { username, password },
    });
    if (response.statusCode !== 200) {
      throw new Error(`sign-in of ${username} failed: ${response.statusCode} ${response.body}`);
    }
    const sessionCookie = response.cookies.find((c) => c.name === 'lm_session')!;
    const body = response.json<{ csrfToken: string; id: string }>();
    return new TestClient(app, `lm_session=${sessionCookie.value}`, body.csrfToken, body.id);
  };

  return {
    app,
    database,
    config,
    signIn,
    async signInAs(role, scope) {
      const row = await buildUser(database, { role, scope });
      return signIn(row.username);
    },
    async close() {
      await app.close();
      if (!options.database) {
        await database.close();
      }
    },
  };
}
