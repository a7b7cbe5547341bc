/**
 * Backup and restore (`lastmile backup <file>`, `lastmile restore <file> [--force]`).
 *
 * One portable format for both databases, so that a township's embedded PGlite can move to the
 * county's PostgreSQL (and back, for a test copy): a gzipped stream of JSON lines.
 *
 *   line 1   header  {"format":"lastmile-backup","version":1,"createdAt","source","schema":
 *                    {"migrations","lastMigrationAt"},"tables":[{"name","columns","rows"}],
 *                    "sequences":[{"name","lastValue","isCalled"}]}
 *   per table, in foreign-key dependency order (parents first):
 *            marker  {"table":"region","rows":3412}
 *            rows    ["421321000000","随县",null,...]  one line per row, in primary-key order
 *   last     trailer {"end":true,"rows":<total>}
 *
 * Each value is the column's PostgreSQL text form (what COPY writes), or null, so every type
 * comes back exactly: jsonb `null` stays apart from SQL NULL, timestamps keep their microseconds
 * (written in UTC, ISO style), floats round-trip. The whole file is read from one snapshot
 * (REPEATABLE READ), so it is consistent while a PostgreSQL server keeps running. Rows are
 * fetched through a cursor and written with back-pressure, so memory stays flat whatever the size.
 *
 * Restore reads the file twice: first to check it end to end (gzip's CRC, the header, every
 * table's row count, the trailer) before touching the target, then to load it. It refuses a
 * target that holds data (unless `force`) and a backup from a newer schema than this build; it
 * migrates the target to the backup's schema, loads every table in one transaction (all or
 * nothing) with the tables' own triggers off (what they derive, such as tallies, is in the
 * backup already), sets the sequences, and then applies any newer migrations, which convert the data as
 * they would have on an upgrade. Column names and types come from the target's catalog, never
 * from the file.
 *
 * PGlite allows one process on its data directory: stop the server to back it up (or restore
 * into it). PostgreSQL can be backed up live. Photos under LASTMILE_FILES_DIR are files, not
 * rows: copy that folder beside the backup.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGunzip, createGzip } from 'node:zlib';
import { sql } from 'drizzle-orm';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import type { PgliteDatabase } from 'drizzle-orm/pglite';
import { z } from 'zod';
import { queryRows, type Database, type Executor } from './client';
import { appliedMigrationCount, migrationsFolder, runMigrations } from './migrate';

export const backupFormat = 'lastmile-backup';
export const backupFormatVersion = 1;

/** A backup or restore that cannot go ahead; the message says why and what to do. */
export class BackupError extends Error {
  override name = 'BackupError';
}

const backupHeader = z.object({
  format: z.literal(backupFormat),
  version: z.literal(backupFormatVersion),
  createdAt: z.string(),
  source: z.enum(['pglite', 'postgres']),
  schema: z.object({
    migrations: z.number().int().min(0),
    lastMigrationAt: z.number().nullable(),
  }),
  tables: z.array(
    z.object({
      name: z.string().min(1),
      columns: z.array(z.string().min(1)).min(1),
      rows: z.number().int().min(0),
    }),
  ),
  sequences: z.array(
    z.object({ name: z.string().min(1), lastValue: z.number().int(), isCalled: z.boolean() }),
  ),
});
export type BackupHeader = z.infer<typeof backupHeader>;

const tableMarker = z.object({ table: z.string(), rows: z.number().int().min(0) });
const trailer = z.object({ end: z.literal(true), rows: z.number().int().min(0) });

export interface BackupSummary {
  tables: number;
  rows: number;
  bytes: number;
  migrations: number;
}

export interface RestoreSummary {
  tables: number;
  rows: number;
  /** The backup's schema version, and the target's after restore. */
  migrationsInBackup: number;
  migrationsNow: number;
}

interface TableInfo {
  name: string;
  columns: { name: string; type: string }[];
  primaryKey: string[];
}

const fetchSize = 1000;
/** Rows per INSERT on restore: one JSON parameter of at most about this many characters. */
const insertChars = 1_000_000;

/** Makes text and timestamps come out the same from PGlite and PostgreSQL, whatever the server's defaults. */
async function setPortableSession(tx: Executor): Promise<void> {
  await tx.execute(sql`set local timezone = 'UTC'`);
  await tx.execute(sql`set local datestyle = 'ISO, YMD'`);
  await tx.execute(sql`set local intervalstyle = 'postgres'`);
  await tx.execute(sql`set local extra_float_digits = 1`);
  await tx.execute(sql`set local bytea_output = 'hex'`);
}

/**
 * The application's tables in the public schema, parents before the tables that reference them
 * (ties by name, so the order is stable). A reference cycle would make a restore fail on its
 * foreign keys; the schema has none, and this refuses to write a backup that could not load.
 */
async function listTables(db: Executor): Promise<TableInfo[]> {
  const columns = await queryRows<{ table: string; column: string; type: string }>(
    db,
    sql`select c.relname as "table", a.attname as "column", format_type(a.atttypid, a.atttypmod) as type
        from pg_class c
        join pg_namespace n on n.oid = c.relnamespace
        join pg_attribute a on a.attrelid = c.oid
        where n.nspname = 'public' and c.relkind in ('r', 'p') and a.attnum > 0
          and not a.attisdropped and a.attgenerated = ''
        order by c.relname, a.attnum`,
  );
  const keys = await queryRows<{ table: string; column: string }>(
    db,
    sql`select c.relname as "table", a.attname as "column"
        from pg_index i
        join pg_class c on c.oid = i.indrelid
        join pg_namespace n on n.oid = c.relnamespace
        join pg_attribute a on a.attrelid = c.oid and a.attnum = any(i.indkey::int2[])
        where n.nspname = 'public' and i.indisprimary
        order by c.relname, array_position(i.indkey::int2[], a.attnum)`,
  );
  const references = await queryRows<{ child: string; parent: string }>(
    db,
    sql`select child.relname as child, parent.relname as parent
        from pg_constraint k
        join pg_class child on child.oid = k.conrelid
        join pg_class parent on parent.oid = k.confrelid
        join pg_namespace n on n.oid = child.relnamespace
        where k.contype = 'f' and n.nspname = 'public'`,
  );

  const tables = new Map<string, TableInfo>();
  for (const row of columns) {
    const table = tables.get(row.table) ?? { name: row.table, columns: [], primaryKey: [] };
    table.columns.push({ name: row.column, type: row.type });
    tables.set(row.table, table);
  }
  for (const row of keys) {
    tables.get(row.table)?.primaryKey.push(row.column);
  }

  const parents = new Map<string, Set<string>>();
  for (const { child, parent } of references) {
    if (child !== parent) {
      parents.set(child, (parents.get(child) ?? new Set()).add(parent));
    }
  }
  const ordered: TableInfo[] = [];
  const remaining = new Set([...tables.keys()].sort());
  while (remaining.size > 0) {
    const ready = [...remaining].filter((name) =>
      [...(parents.get(name) ?? [])].every((parent) => !remaining.has(parent)),
    );
    if (ready.length === 0) {
      throw new BackupError(
        `Tables reference each other in a cycle: ${[...remaining].join(', ')}.`,
      );
    }
    for (const name of ready) {
      ordered.push(tables.get(name)!);
      remaining.delete(name);
    }
  }
  return ordered;
}

async function listSequences(db: Executor): Promise<BackupHeader['sequences']> {
  const names = await queryRows<{ name: string }>(
    db,
    sql`select c.relname as name from pg_class c join pg_namespace n on n.oid = c.relnamespace
        where n.nspname = 'public' and c.relkind = 'S' order by c.relname`,
  );
  const sequences: BackupHeader['sequences'] = [];
  for (const { name } of names) {
    const [row] = await queryRows<{ lastValue: string; isCalled: boolean }>(
      db,
      sql`select last_value::text as "lastValue", is_called as "isCalled" from ${sql.identifier(name)}`,
    );
    sequences.push({ name, lastValue: Number(row!.lastValue), isCalled: row!.isCalled });
  }
  return sequences;
}

/** The migration the database was last brought to, as drizzle records it (its journal time). */
async function lastMigrationAt(db: Executor): Promise<number | null> {
  const [row] = await queryRows<{ at: string | null }>(
    db,
    sql`select max(created_at)::text as at from drizzle.__drizzle_migrations`,
  ).catch(() => [{ at: null }]);
  return row?.at ? Number(row.at) : null;
}

/**
 * Writes the whole database to `file` (gzipped JSON lines, see above) from one consistent
 * snapshot. The file appears only when complete: it is written beside under a temporary name.
 */
export async function backupDatabase(database: Database, file: string): Promise<BackupSummary> {
  const migrations = await appliedMigrationCount(database);
  if (migrations === 0) {
    throw new BackupError(
      'The database has no schema yet (no migrations applied): nothing to back up.',
    );
  }
  const partial = `${file}.partial`;
  let summary: BackupSummary | undefined;
  try {
    await database.db.transaction(async (tx) => {
      await tx.execute(sql`set transaction isolation level repeatable read, read only`);
      await setPortableSession(tx);
      const tables = await listTables(tx);
      const header: BackupHeader = {
        format: backupFormat,
        version: backupFormatVersion,
        createdAt: new Date().toISOString(),
        source: database.kind,
        schema: { migrations, lastMigrationAt: await lastMigrationAt(tx) },
        tables: [],
        sequences: await listSequences(tx),
      };
      for (const table of tables) {
        const [count] = await queryRows<{ rows: number }>(
          tx,
          sql`select count(*)::int as rows from ${sql.identifier(table.name)}`,
        );
        header.tables.push({
          name: table.name,
          columns: table.columns.map((column) => column.name),
          rows: count!.rows,
        });
      }

      async function* lines(): AsyncGenerator<string> {
        yield `${JSON.stringify(header)}\n`;
        let total = 0;
        for (const [index, table] of tables.entries()) {
          const expected = header.tables[index]!.rows;
          yield `${JSON.stringify({ table: table.name, rows: expected })}\n`;
          const values = sql.join(
            table.columns.map((column) => sql`${sql.identifier(column.name)}::text`),
            sql`, `,
          );
          const order =
            table.primaryKey.length > 0 ? table.primaryKey : table.columns.map((c) => c.name);
          await tx.execute(
            sql`declare lastmile_backup no scroll cursor for
                select to_json(array[${values}]::text[])::text as line from ${sql.identifier(table.name)}
                order by ${sql.join(
                  order.map((name) => sql.identifier(name)),
                  sql`, `,
                )}`,
          );
          let written = 0;
          for (;;) {
            const batch = await queryRows<{ line: string }>(
              tx,
              sql`fetch forward ${sql.raw(String(fetchSize))} from lastmile_backup`,
            );
            if (batch.length > 0) {
              written += batch.length;
              yield `${batch.map((row) => row.line).join('\n')}\n`;
            }
            if (batch.length < fetchSize) {
              break;
            }
          }
          await tx.execute(sql`close lastmile_backup`);
          if (written !== expected) {
            throw new BackupError(
              `Table ${table.name} changed while being read (${written} rows, counted ${expected}).`,
            );
          }
          total += written;
        }
        yield `${JSON.stringify({ end: true, rows: total })}\n`;
      }

      await pipeline(Readable.from(lines()), createGzip(), fs.createWriteStream(partial));
      // On disk before it is announced: a backup that a power cut could still lose is none.
      const fd = fs.openSync(partial, 'r+');
      try {
        fs.fsyncSync(fd);
      } finally {
        fs.closeSync(fd);
      }
      summary = {
        tables: tables.length,
        rows: header.tables.reduce((sum, table) => sum + table.rows, 0),
        bytes: fs.statSync(partial).size,
        migrations,
      };
    });
    fs.renameSync(partial, file);
  } catch (error) {
    fs.rmSync(partial, { force: true });
    throw error;
  }
  return summary!;
}

/** The file's lines, decompressed as they are read; a damaged or cut file ends in an error. */
async function* readLines(file: string): AsyncGenerator<string> {
  const source = fs.createReadStream(file);
  const gunzip = createGunzip();
  source.on('error', (error) => gunzip.destroy(error));
  source.pipe(gunzip);
  gunzip.setEncoding('utf8');
  let pending = '';
  try {
    for await (const chunk of gunzip as AsyncIterable<string>) {
      pending += chunk;
      const lines = pending.split('\n');
      pending = lines.pop()!;
      yield* lines;
    }
    if (pending !== '') {
      yield pending;
    }
  } finally {
    source.destroy();
  }
}

function parseLine<T>(schema: z.ZodType<T>, line: string | undefined, what: string): T {
  if (line === undefined) {
    throw new BackupError(`ends before ${what}`);
  }
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    throw new BackupError(`has a line that is not JSON where ${what} should be`);
  }
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    throw new BackupError(`has no valid ${what}`);
  }
  return parsed.data;
}

/**
 * The file's sections, table by table: its header, then each table with its rows' lines, and a
 * check of the trailer at the end. Any damage (gzip, structure, counts) throws a BackupError.
 */
async function* readSections(
  file: string,
  onHeader: (header: BackupHeader) => void,
): AsyncGenerator<{ table: BackupHeader['tables'][number]; rows: AsyncGenerator<string> }> {
  const lines = readLines(file);
  const next = async () => {
    const result = await lines.next();
    return result.done ? undefined : result.value;
  };
  try {
    const header = parseLine(backupHeader, await next(), 'Lastmile backup header');
    onHeader(header);
    let total = 0;
    for (const table of header.tables) {
      const marker = parseLine(tableMarker, await next(), `the start of table ${table.name}`);
      if (marker.table !== table.name || marker.rows !== table.rows) {
        throw new BackupError(`has table ${marker.table} where ${table.name} should be`);
      }
      let read = 0;
      async function* rows(): AsyncGenerator<string> {
        while (read < table.rows) {
          const line = await next();
          if (line === undefined || !line.startsWith('[')) {
            throw new BackupError(
              `ends inside table ${table.name} (${read} of ${table.rows} rows)`,
            );
          }
          read += 1;
          yield line;
        }
      }
      const section = rows();
      yield { table, rows: section };
      // Whatever the consumer left unread is still read and counted.
      while (!(await section.next()).done) {
        // counting only
      }
      total += read;
    }
    const end = parseLine(trailer, await next(), 'end marker');
    if (end.rows !== total || (await next()) !== undefined) {
      throw new BackupError('does not end where its end marker says');
    }
  } catch (error) {
    if (error instanceof BackupError) {
      throw new BackupError(
        `The backup ${file} is damaged or incomplete: it ${error.message}. Nothing was changed.`,
      );
    }
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') {
      throw new BackupError(`The backup ${file} does not exist.`);
    }
    if (code?.startsWith('Z_') || code === 'ERR_STREAM_PREMATURE_CLOSE') {
      throw new BackupError(
        `The backup ${file} is damaged or incomplete (${(error as Error).message}). Nothing was changed.`,
      );
    }
    throw error;
  } finally {
    await lines.return(undefined);
  }
}

/** Reads the whole file and checks it; returns its header. Changes nothing. */
export async function checkBackup(file: string): Promise<BackupHeader> {
  let header: BackupHeader | undefined;
  const sections = readSections(file, (found) => (header = found));
  while (!(await sections.next()).done) {
    // readSections checks each section as it is skipped
  }
  return header!;
}

function shippedJournal(): { when: number; tag: string }[] {
  return (
    JSON.parse(fs.readFileSync(path.join(migrationsFolder, 'meta/_journal.json'), 'utf8')) as {
      entries: { when: number; tag: string }[];
    }
  ).entries;
}

/**
 * Applies the first `count` shipped migrations only (a copy of the folder with a shorter
 * journal): an older backup loads into the schema it was written from.
 */
export async function migrateTo(database: Database, count: number): Promise<void> {
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'lastmile-migrations-'));
  try {
    fs.cpSync(migrationsFolder, folder, { recursive: true });
    const journalPath = path.join(folder, 'meta/_journal.json');
    const journal = JSON.parse(fs.readFileSync(journalPath, 'utf8')) as { entries: unknown[] };
    journal.entries = journal.entries.slice(0, count);
    fs.writeFileSync(journalPath, JSON.stringify(journal));
    if (database.kind === 'pglite') {
      await migratePglite(database.db as unknown as PgliteDatabase, { migrationsFolder: folder });
    } else {
      const client = await database.pool!.connect();
      try {
        await migratePg(drizzlePg(client), { migrationsFolder: folder });
      } finally {
        client.release();
      }
    }
  } finally {
    fs.rmSync(folder, { recursive: true, force: true });
  }
}

/** The first table of the public schema holding a row, if any. */
async function firstNonEmptyTable(db: Executor): Promise<string | null> {
  const tables = await queryRows<{ name: string }>(
    db,
    sql`select c.relname as name from pg_class c join pg_namespace n on n.oid = c.relnamespace
        where n.nspname = 'public' and c.relkind in ('r', 'p') order by c.relname`,
  );
  for (const { name } of tables) {
    const [row] = await queryRows<{ found: boolean }>(
      db,
      sql`select exists (select 1 from ${sql.identifier(name)}) as found`,
    );
    if (row!.found) {
      return name;
    }
  }
  return null;
}

/**
 * Replaces the database's content with the backup's (see the file comment). The target must be
 * empty unless `force`; on any failure while loading, nothing is changed.
 */
export async function restoreDatabase(
  database: Database,
  file: string,
  options: { force?: boolean } = {},
): Promise<RestoreSummary> {
  const header = await checkBackup(file);
  const journal = shippedJournal();
  const wanted = header.schema.migrations;
  if (wanted > journal.length) {
    throw new BackupError(
      `The backup is from a newer version of Lastmile (schema version ${wanted}; this one knows ${journal.length}). ` +
        'Upgrade Lastmile, then restore.',
    );
  }
  if (
    wanted > 0 &&
    header.schema.lastMigrationAt !== null &&
    journal[wanted - 1]!.when !== header.schema.lastMigrationAt
  ) {
    throw new BackupError(
      `The backup's schema version ${wanted} is not this build's ${journal[wanted - 1]!.tag}: it was made by a different build.`,
    );
  }
  const applied = await appliedMigrationCount(database);
  if (applied > wanted) {
    throw new BackupError(
      `The target database's schema (version ${applied}) is newer than the backup's (${wanted}). ` +
        'Restore into a new, empty database; it is brought up to date afterwards.',
    );
  }
  const occupied = await firstNonEmptyTable(database.db);
  if (occupied && !options.force) {
    throw new BackupError(
      `The target database is not empty (table ${occupied} has rows). Restore into an empty database, ` +
        'or pass --force to replace all of its data with the backup.',
    );
  }

  if (wanted === journal.length) {
    await runMigrations(database);
  } else {
    await migrateTo(database, wanted);
  }
  let rows = 0;
  await database.db.transaction(async (tx) => {
    await setPortableSession(tx);
    const tables = new Map((await listTables(tx)).map((table) => [table.name, table]));
    if (tables.size > 0) {
      await tx.execute(
        sql`truncate table ${sql.join(
          [...tables.keys()].map((name) => sql.identifier(name)),
          sql`, `,
        )} restart identity`,
      );
    }
    // What triggers derive from the rows (tallies) is in the backup already: loading the rows
    // must not derive it a second time. ALTER TABLE is transactional, so they are back on at commit.
    const triggered = await queryRows<{ name: string }>(
      tx,
      sql`select distinct c.relname as name from pg_trigger t
          join pg_class c on c.oid = t.tgrelid join pg_namespace n on n.oid = c.relnamespace
          where n.nspname = 'public' and not t.tgisinternal order by c.relname`,
    );
    for (const { name } of triggered) {
      await tx.execute(sql`alter table ${sql.identifier(name)} disable trigger user`);
    }
    for await (const { table: section, rows: lines } of readSections(file, () => undefined)) {
      const target = tables.get(section.name);
      if (!target) {
        throw new BackupError(
          `The backup has table ${section.name}, which this database does not have.`,
        );
      }
      const types = new Map(target.columns.map((column) => [column.name, column.type]));
      const casts = section.columns.map((name, index) => {
        const type = types.get(name);
        if (!type) {
          throw new BackupError(
            `The backup has column ${section.name}.${name}, which this database does not have.`,
          );
        }
        // The type is the target catalog's format_type(), not text from the file.
        return sql`(r.value ->> ${sql.raw(String(index))})::${sql.raw(type)}`;
      });
      const insert = (batch: string[]) =>
        tx.execute(
          sql`insert into ${sql.identifier(section.name)}
                (${sql.join(
                  section.columns.map((name) => sql.identifier(name)),
                  sql`, `,
                )})
              select ${sql.join(casts, sql`, `)} from json_array_elements(${`[${batch.join(',')}]`}::json) as r(value)`,
        );
      let batch: string[] = [];
      let size = 0;
      for await (const line of lines) {
        batch.push(line);
        size += line.length;
        if (size >= insertChars) {
          await insert(batch);
          batch = [];
          size = 0;
        }
      }
      if (batch.length > 0) {
        await insert(batch);
      }
      rows += section.rows;
    }
    for (const { name } of triggered) {
      await tx.execute(sql`alter table ${sql.identifier(name)} enable trigger user`);
    }
    const sequences = new Set((await listSequences(tx)).map((sequence) => sequence.name));
    for (const sequence of header.sequences) {
      if (sequences.has(sequence.name)) {
        await tx.execute(
          sql`select setval(format('%I.%I', 'public', ${sequence.name}::text)::regclass,
                ${sequence.lastValue}::bigint, ${sequence.isCalled}::boolean)`,
        );
      }
    }
  });
  if (wanted < journal.length) {
    await runMigrations(database);
  }
  return {
    tables: header.tables.length,
    rows,
    migrationsInBackup: wanted,
    migrationsNow: await appliedMigrationCount(database),
  };
}
