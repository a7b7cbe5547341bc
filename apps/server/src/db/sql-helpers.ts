import { getTableColumns, sql, type SQL } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';
import { dialect, type Executor } from './client';

/**
 * A PostgreSQL array literal for one text parameter (`${pgArray(values)}::text[]`).
 * Both drivers pass a string through unchanged, so bulk statements with `unnest` behave the same
 * on PGlite and PostgreSQL and need one parameter per column instead of one per value.
 */
export function pgArray(values: readonly (string | number | null)[]): string {
  const items = values.map((value) => {
    if (value === null) {
      return 'NULL';
    }
    return `"${String(value).replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
  });
  return `{${items.join(',')}}`;
}

/**
 * A fragment without parameters rendered to its text once, for a module constant: drizzle walks
 * every nested chunk of a fragment each time a query is built, which for a wide select list of
 * subqueries costs more than the database takes to run it.
 */
export function precompiled(fragment: SQL): SQL {
  const { sql: text, params } = dialect.sqlToQuery(fragment);
  if (params.length > 0) {
    throw new Error('precompiled: the fragment has parameters');
  }
  return sql.raw(text);
}

/**
 * A timestamptz rendered as an ISO 8601 UTC string by the database. Raw queries use it because
 * the two drivers hand timestamps back differently (Date objects or strings).
 */
export function isoTimestamp(column: SQL): SQL {
  return sql`to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
}

type DriverError = { code?: string; constraint?: string; cause?: DriverError };

/** True for a unique-constraint violation (SQLSTATE 23505) from either driver, however wrapped. */
export function isUniqueViolation(error: unknown): boolean {
  const found = error as DriverError;
  return (found.code ?? found.cause?.code) === '23505';
}

/**
 * Runs a write and turns a unique-constraint violation into the error the caller names, given
 * the constraint (index) that was violated; anything else is rethrown as it is.
 */
export async function onUniqueViolation<T>(
  work: () => Promise<T>,
  toError: (constraint: string) => Error,
): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (isUniqueViolation(error)) {
      const found = error as DriverError;
      throw toError(found.constraint ?? found.cause?.constraint ?? '');
    }
    throw error;
  }
}

/**
 * The fields of a PATCH body that were sent: `undefined` means "leave alone", `null` means
 * "clear". Gives the column values for an update.
 */
export function pickDefined<T extends object, K extends keyof T>(
  source: T,
  keys: readonly K[],
): { [P in K]?: Exclude<T[P], undefined> } {
  const picked: { [P in K]?: Exclude<T[P], undefined> } = {};
  for (const key of keys) {
    if (source[key] !== undefined) {
      picked[key] = source[key] as Exclude<T[K], undefined>;
    }
  }
  return picked;
}

/** Inserts rows with one multi-row statement per `size` rows. */
export async function insertChunks<T extends PgTable>(
  db: Executor,
  table: T,
  rows: T['$inferInsert'][],
  size = 500,
): Promise<void> {
  for (let start = 0; start < rows.length; start += size) {
    await db.insert(table).values(rows.slice(start, start + size));
  }
}

/** A LIKE pattern matching values that contain `text` literally (`%`, `_` and `\\` escaped). */
export function containsPattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (char) => `\\${char}`)}%`;
}

/**
 * Pages through a whole result in `size`-row batches by keyset (never OFFSET): `fetchAfter` reads
 * the rows after the last one of the previous batch. Exports stream with it in bounded memory.
 */
export async function* keysetBatches<T>(
  fetchAfter: (after: T | undefined, size: number) => Promise<T[]>,
  size = 1000,
): AsyncGenerator<T[]> {
  let after: T | undefined;
  for (;;) {
    const rows = await fetchAfter(after, size);
    if (rows.length > 0) {
      yield rows;
    }
    if (rows.length < size) {
      return;
    }
    after = rows.at(-1);
  }
}

/**
 * One row inserted as `insert into t (columns) select $1::type, … [tail]`: only the keys given
 * (schema property names) are inserted, so column defaults apply to the rest; `computed` adds
 * columns set by SQL expressions; `tail` ends the SELECT, e.g. `from inserted` (one row per row
 * of a CTE) or `where exists (…)` (nothing unless a condition holds). Each value is one
 * parameter cast to its column's type, converted the same way for both drivers (Date objects
 * as ISO timestamps, so give a `date` column its 'YYYY-MM-DD' text; arrays as array literals;
 * JSON as text). Drizzle's insert builder does the same work in
 * ~0.5 ms of JavaScript for a wide row, and `jsonb_populate_record` costs the database as much;
 * this is a few chunks of text.
 */
export function insertValues(
  table: PgTable,
  row: Record<string, unknown>,
  options: { computed?: Record<string, SQL>; tail?: SQL } = {},
): SQL {
  const columns = getTableColumns(table);
  const names: string[] = [];
  const selected: SQL[] = [];
  for (const [key, value] of Object.entries(row)) {
    const column = columns[key];
    if (value === undefined || !column) {
      continue;
    }
    names.push(`"${column.name}"`);
    selected.push(sql`${parameterOf(column.getSQLType(), value)}::${sql.raw(castType(column))}`);
  }
  for (const [key, value] of Object.entries(options.computed ?? {})) {
    names.push(`"${columns[key]!.name}"`);
    selected.push(value);
  }
  return sql`insert into ${table} (${sql.raw(names.join(', '))}) select ${sql.join(selected, sql`, `)}${
    options.tail ? sql` ${options.tail}` : sql``
  }`;
}

/** A column's type for a cast: without a length (a cast to varchar(n) would cut, not refuse). */
function castType(column: { getSQLType(): string }): string {
  return column.getSQLType().replace(/\(\d+(,\s*\d+)?\)/, '');
}

function parameterOf(type: string, value: unknown): unknown {
  if (value === null) {
    return null;
  }
  if (type === 'json' || type === 'jsonb') {
    return JSON.stringify(value);
  }
  if (value instanceof Date) {
    return value.toISOString();
  }
  if (Array.isArray(value)) {
    return pgArray(value as (string | number | null)[]);
  }
  return value;
}
