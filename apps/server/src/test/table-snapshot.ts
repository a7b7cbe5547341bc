import { randomBytes } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { queryPrepared, queryRows, type Database } from '../db/client';

/** Per table of the app's schema: `rows/newest` (its row count and newest row version). */
export type TableSnapshot = Map<string, string>;

/**
 * Proof that a request wrote nothing: a snapshot of every table before it and after it.
 *
 * A row's `xmin` is the id of the transaction that wrote that version of it, and transaction ids
 * only grow: any insert or update leaves a row version newer than every one before it, and any
 * delete lowers the count. Equal snapshots therefore mean no committed write in between, whatever
 * the table and whether or not it keeps an `updated_at`. (A write rolled back leaves nothing
 * visible, rightly.) One prepared statement of plain scans, a few milliseconds on test-sized
 * tables, and the same on PGlite and PostgreSQL — PGlite keeps no pg_stat counters. Ids are read
 * without their epoch, so a cluster past 2³² transactions could compare wrongly; a scratch test
 * database never gets there.
 */
export async function createTableSnapshots(database: Database) {
  const { db } = database;
  const tables = await queryRows<{ name: string }>(
    db,
    sql`select tablename as name from pg_tables where schemaname = current_schema()
        order by tablename`,
  );
  const text = tables
    .map(
      ({ name }) =>
        `select '${name}' as name, count(*) || '/' || coalesce(max(xmin::text::bigint), 0) as state
           from "${name}"`,
    )
    .join(' union all ');
  // Planning the union costs more than running it: prepare it once. PGlite is one session, so a
  // prepared statement of SQL lasts; PostgreSQL's pool prepares it on each connection.
  let read = () => queryPrepared<{ name: string; state: string }>(db, sql.raw(text));
  if (database.kind === 'pglite') {
    const name = `lm_test_snapshot_${randomBytes(4).toString('hex')}`;
    await queryRows(db, sql.raw(`prepare ${name} as ${text}`));
    read = () => queryRows<{ name: string; state: string }>(db, sql.raw(`execute ${name}`));
  }
  return {
    tables: tables.map(({ name }) => name),
    async take(): Promise<TableSnapshot> {
      const rows = await read();
      return new Map(rows.map((row) => [row.name, row.state]));
    },
    /** The tables that changed between two snapshots, as `table rows/newest → rows/newest`. */
    changes(before: TableSnapshot, after: TableSnapshot, ignore: readonly string[] = []): string[] {
      return [...after]
        .filter(([name, state]) => !ignore.includes(name) && before.get(name) !== state)
        .map(([name, state]) => `${name} ${before.get(name)} → ${state}`);
    },
  };
}
