import { sql, type SQL, type AnyColumn } from 'drizzle-orm';
import { regionPrefixLength, type RegionLevel } from '@lastmile/shared';

/**
 * A user's jurisdiction: the region subtree whose 12-digit codes start with `prefix`.
 * Every repository query on multi-region data takes a scope; the UI never decides it.
 */
export interface Scope {
  regionCode: string;
  prefix: string;
}

export function scopePrefix(code: string, level: RegionLevel): string {
  return code.slice(0, regionPrefixLength[level]);
}

export function isInScope(scope: Scope, code: string): boolean {
  return code.startsWith(scope.prefix);
}

/** `column LIKE prefix%`: uses the varchar_pattern_ops indexes. Prefixes are digits only. */
export function withinScope(column: AnyColumn | SQL, scope: Scope): SQL {
  return sql`${column} like ${`${scope.prefix}%`}`;
}

/** The 6-digit county part of a region code: the future distribution key. */
export function countyCodeOf(code: string): string {
  return code.slice(0, 6);
}
