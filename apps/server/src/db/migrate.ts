import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { sql } from 'drizzle-orm';
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
  const journal = JSON.parse(
    fs.readFileSync(`${migrationsFolder}/meta/_journal.json`, 'utf8'),
  ) as { entries: unknown[] };
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
  const client = await database.pool!.connect();
  try {
    await client.query('select pg_advisory_lock($1)', [migrationLockId]);
    await migratePg(drizzlePg(client), { migrationsFolder });
  } finally {
    await client.query('select pg_advisory_unlock($1)', [migrationLockId]).catch(() => undefined);
    client.release();
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
