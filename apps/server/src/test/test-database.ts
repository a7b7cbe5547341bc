import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { openDatabase, type Database } from '../db/client';
import { runMigrations } from '../db/migrate';
import { importRegions } from '../modules/regions';

/** PostgreSQL when DATABASE_URL is set (`npm run test:pg`), else in-memory PGlite. */
export const testDatabaseKind = process.env.DATABASE_URL ? 'postgres' : 'pglite';

/** A new, empty PostgreSQL database beside `serverUrl`'s, and a way to drop it. */
export async function createScratchDatabase(serverUrl: string): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `lm_test_${randomBytes(6).toString('hex')}`;
  const run = async (statement: string) => {
    const client = new pg.Client({ connectionString: serverUrl });
    await client.connect();
    try {
      await client.query(statement);
    } finally {
      await client.end();
    }
  };
  await run(`create database ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return { url: url.toString(), drop: () => run(`drop database if exists ${name} with (force)`) };
}

/**
 * A fresh database for one test file: a new in-memory PGlite, or a new PostgreSQL database
 * created beside DATABASE_URL's and dropped on close.
 */
export async function createTestDatabase(
  options: { regions?: string | false } = {},
): Promise<Database & { url?: string }> {
  const url = process.env.DATABASE_URL;
  let database: Database & { url?: string };
  if (url) {
    const scratch = await createScratchDatabase(url);
    const opened = await openDatabase({ kind: 'postgres', url: scratch.url, poolSize: 5 });
    database = {
      ...opened,
      url: scratch.url,
      async close() {
        await opened.close();
        await scratch.drop();
      },
    };
  } else {
    database = await openDatabase({ kind: 'pglite' });
  }
  await runMigrations(database);
  if (options.regions !== false) {
    await importRegions(database.db, options.regions ?? '421321');
  }
  return database;
}

/**
 * A database that outlives its connections, for restart tests: a PGlite data directory in a
 * temporary folder, or a PostgreSQL database. `open()` may be called again after `close()`.
 */
export async function createDurableTestDatabase(): Promise<{
  open(): Promise<Database>;
  dispose(): Promise<void>;
}> {
  const url = process.env.DATABASE_URL;
  if (url) {
    const scratch = await createScratchDatabase(url);
    return {
      open: () => openDatabase({ kind: 'postgres', url: scratch.url, poolSize: 5 }),
      dispose: () => scratch.drop(),
    };
  }
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lastmile-test-'));
  return {
    open: () => openDatabase({ kind: 'pglite', dataDir }),
    async dispose() {
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
