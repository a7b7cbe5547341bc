import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import type { SQL } from 'drizzle-orm';
import {
  PgDialect,
  type PgDatabase,
  type PgQueryResultHKT,
  type PgTransaction,
} from 'drizzle-orm/pg-core';
import type { ExtractTablesWithRelations } from 'drizzle-orm';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import pg from 'pg';
import * as schema from './schema';
import { acquireDataDirLock, type DataDirLock } from './lock';

export type Schema = typeof schema;
export type Db = PgDatabase<PgQueryResultHKT, Schema>;
export type Tx = PgTransaction<PgQueryResultHKT, Schema, ExtractTablesWithRelations<Schema>>;
/** Anything queries can run on: the database or a transaction passed down the call chain. */
export type Executor = Db | Tx;

export type DatabaseKind = 'pglite' | 'postgres';

export interface Database {
  db: Db;
  kind: DatabaseKind;
  /** Present on PGlite only: the embedded engine, for CHECKPOINT and backups. */
  pglite?: PGlite;
  /** Present on PostgreSQL only. */
  pool?: pg.Pool;
  close(): Promise<void>;
}

export type DatabaseOptions =
  | { kind: 'postgres'; url: string; poolSize?: number }
  /** `dataDir` undefined → in memory (tests). */
  | { kind: 'pglite'; dataDir?: string };

// timestamptz and timestamp come back as Date from both drivers; bigint (int8) as a JS number
// is safe for our ids and counters (< 2^53).
pg.types.setTypeParser(pg.types.builtins.INT8, (value) => Number(value));

/** Opens PGlite (with an exclusive lock on its directory) or a PostgreSQL pool. */
export async function openDatabase(options: DatabaseOptions): Promise<Database> {
  if (options.kind === 'postgres') {
    const pool = new pg.Pool({ connectionString: options.url, max: options.poolSize ?? 10 });
    // An idle client error (server restart) must not crash the process; the pool reconnects.
    pool.on('error', () => undefined);
    const db = drizzlePg(pool, { schema }) as unknown as Db;
    return { db, kind: 'postgres', pool, close: () => pool.end() };
  }

  let lock: DataDirLock | undefined;
  let dataDir: string | undefined;
  if (options.dataDir) {
    fs.mkdirSync(options.dataDir, { recursive: true });
    lock = acquireDataDirLock(options.dataDir);
    dataDir = path.join(options.dataDir, 'pg');
  }
  try {
    const pglite = await PGlite.create(dataDir ? { dataDir } : {});
    const db = drizzlePglite(pglite, { schema }) as unknown as Db;
    return {
      db,
      kind: 'pglite',
      pglite,
      async close() {
        try {
          if (!pglite.closed) {
            await pglite.close();
          }
        } finally {
          lock?.release();
        }
      },
    };
  } catch (error) {
    lock?.release();
    throw error;
  }
}

/** Runs raw SQL and returns its rows; both drivers answer with `{ rows }`. */
export async function queryRows<T>(executor: Executor, query: SQL): Promise<T[]> {
  const result = (await executor.execute(query)) as { rows: T[] };
  return result.rows;
}

/** Renders drizzle's SQL fragments to text and parameters, as the drivers' sessions do. */
export const dialect = new PgDialect();

/**
 * Runs raw SQL as a named prepared statement on PostgreSQL (PGlite has none, and runs it as
 * `queryRows` does): each connection parses and plans it once, then reuses the plan. For hot
 * statements whose text comes from a small fixed set, with values in parameters and no
 * selectivity that a generic plan would get wrong (a write, a read by key). The name is a hash
 * of the text, so one name never stands for two statements.
 */
export async function queryPrepared<T>(executor: Executor, query: SQL): Promise<T[]> {
  const built = dialect.sqlToQuery(query);
  const name = `lm_${createHash('sha1').update(built.sql).digest('base64url').slice(0, 24)}`;
  const prepared = executor._.session.prepareQuery(built, undefined, name, false);
  const result = (await prepared.execute()) as { rows: T[] };
  return result.rows;
}
