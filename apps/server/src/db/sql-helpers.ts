import { sql, type SQL } from 'drizzle-orm';

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
 * A timestamptz rendered as an ISO 8601 UTC string by the database. Raw queries use it because
 * the two drivers hand timestamps back differently (Date objects or strings).
 */
export function isoTimestamp(column: SQL): SQL {
  return sql`to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
}
