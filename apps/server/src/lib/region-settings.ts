/**
 * Settings kept as overrides at a province, city or county (category lists, deadlines…): each
 * table has `region_code` and an `override` JSON; the defaults live in code. A region's settings
 * are the defaults, then the overrides from the widest region down to its county.
 */
import { sql } from 'drizzle-orm';
import {
  ledgerSettingsOverride,
  mergeLedgerSettings,
  padRegionCode,
  regionPrefixLength,
  type LedgerSettings,
} from '@lastmile/shared';
import { queryRows, type Executor } from '../db/client';

export type SettingsTable = 'ledger_settings' | 'hazard_settings';

/** Region codes whose settings apply to a region, widest first: province, city, county. */
export function settingsSources(code: string): string[] {
  return (['province', 'city', 'county'] as const).map((level) =>
    padRegionCode(code.slice(0, regionPrefixLength[level])),
  );
}

/** The stored overrides that apply to a region, widest first. */
export async function readSettingsOverrides(
  db: Executor,
  table: SettingsTable,
  code: string,
): Promise<unknown[]> {
  const sources = settingsSources(code);
  const rows = await queryRows<{ regionCode: string; override: unknown }>(
    db,
    sql`select region_code as "regionCode", override from ${sql.identifier(table)}
        where region_code in (${sql.join(
          sources.map((source) => sql`${source}`),
          sql`, `,
        )})`,
  );
  const byCode = new Map(rows.map((row) => [row.regionCode, row.override]));
  return sources.flatMap((source) => (byCode.has(source) ? [byCode.get(source)] : []));
}

/** The override stored at exactly this region, if any. */
export async function readOwnOverride(
  db: Executor,
  table: SettingsTable,
  code: string,
): Promise<unknown> {
  const [row] = await queryRows<{ override: unknown }>(
    db,
    sql`select override from ${sql.identifier(table)} where region_code = ${code}`,
  );
  return row?.override;
}

export async function writeSettingsOverride(
  db: Executor,
  table: SettingsTable,
  code: string,
  override: unknown,
): Promise<void> {
  await db.execute(
    sql`insert into ${sql.identifier(table)} (region_code, override) values (${code}, ${JSON.stringify(override)}::jsonb)
        on conflict (region_code) do update set override = excluded.override, updated_at = now()`,
  );
}

/**
 * The unit categories and sector → department table (三管三必须) in force for a region's county.
 * Read by the ledgers, by summons routing and when a department user is given a department.
 */
export async function effectiveLedgerSettings(db: Executor, code: string): Promise<LedgerSettings> {
  const overrides = await readSettingsOverrides(db, 'ledger_settings', code);
  return mergeLedgerSettings(overrides.map((override) => ledgerSettingsOverride.parse(override)));
}
