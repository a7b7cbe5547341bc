import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { sql } from 'drizzle-orm';
import type pg from 'pg';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import type { PgliteDatabase } from 'drizzle-orm/pglite';
import { queryRows, type Database } from './client';

/**
 * The migrations folder: `./migrations` beside this file in source, copied beside the bundle
 * by the build.
 */
export const migrationsFolder = fileURLToPath(new URL('./migrations', import.meta.url));

// Any constant works; it only has to be the same for every instance of this application.
const migrationLockId = 7_240_301;

/** How many migrations this build ships. */
export function shippedMigrationCount(): number {
  const journal = JSON.parse(fs.readFileSync(`${migrationsFolder}/meta/_journal.json`, 'utf8')) as {
    entries: unknown[];
  };
  return journal.entries.length;
}

/**
 * Applies pending migrations. On PostgreSQL several instances may start at once, so the run
 * holds an advisory lock on one dedicated connection.
 */
export async function runMigrations(database: Database): Promise<void> {
  if (database.kind === 'pglite') {
    await migratePglite(database.db as unknown as PgliteDatabase, { migrationsFolder });
    return;
  }
  await withAdvisoryLock(database.pool!, migrationLockId, (client) =>
    migratePg(drizzlePg(client), { migrationsFolder }),
  );
}

/**
 * Runs `work` while holding the PostgreSQL advisory lock `lockId` on a dedicated connection, so
 * instances starting together take turns. The connection is closed afterwards, which ends its
 * session and so frees the lock even if the unlock failed.
 */
export async function withAdvisoryLock<T>(
  pool: pg.Pool,
  lockId: number,
  work: (client: pg.PoolClient) => Promise<T>,
): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query('select pg_advisory_lock($1)', [lockId]);
    return await work(client);
  } finally {
    await client.query('select pg_advisory_unlock($1)', [lockId]).catch(() => undefined);
    client.release(true);
  }
}

/** Migrations recorded as applied in the database (0 when none ran yet). */
export async function appliedMigrationCount(database: Database): Promise<number> {
  const [row] = await queryRows<{ count: number }>(
    database.db,
    sql`select count(*)::int as count from drizzle.__drizzle_migrations`,
  ).catch(() => [{ count: 0 }]);
  return row?.count ?? 0;
}
