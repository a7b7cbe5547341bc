import { sql } from 'drizzle-orm';
import { padRegionCode } from '@lastmile/shared';
import type { Config } from './config';
import { queryRows, type Database } from './db/client';
import { runMigrations, withAdvisoryLock } from './db/migrate';
import { findRegion, importRegions } from './modules/regions';
import { ensureAdminUser } from './modules/users';
import { demoAccountsPresent, seedDemo } from './db/seed/demo';

export interface BootstrapReport {
  regionsImported: number | null;
  generatedAdminPassword?: string;
  demoSeeded: boolean;
  /** Demo accounts that can sign in (seeded now or on an earlier start): what to print. */
  demoAccounts: string[];
}

/** No accounts but the first admin and no grids: demo data may go in (generated data counts). */
async function isEmptyOfUserData(database: Database): Promise<boolean> {
  const [row] = await queryRows<{ count: number }>(
    database.db,
    sql`select (select count(*) from app_user where username <> 'admin')::int
          + (select count(*) from grid)::int as count`,
  );
  return (row?.count ?? 0) === 0;
}

// Any constant works; it only has to be the same for every instance of this application.
const bootstrapLockId = 7_240_302;

/**
 * Brings a database to a usable state: schema current, the configured region imported on first
 * start, the first administrator present, demo data loaded into an empty database if asked.
 * Safe to run on every start. On PostgreSQL several instances may start at once on an empty
 * database: one does the work while the others wait on an advisory lock, then find it done.
 */
export async function bootstrap(config: Config, database: Database): Promise<BootstrapReport> {
  if (database.kind === 'pglite') {
    return bootstrapNow(config, database);
  }
  return withAdvisoryLock(database.pool!, bootstrapLockId, () => bootstrapNow(config, database));
}

async function bootstrapNow(config: Config, database: Database): Promise<BootstrapReport> {
  await runMigrations(database);
  let regionsImported: number | null = null;
  if (!(await findRegion(database.db, padRegionCode(config.region)))) {
    regionsImported = (await importRegions(database.db, config.region)).total;
  }
  const admin = await ensureAdminUser(database.db, config.region, config.adminPassword);
  let demoSeeded = false;
  if (config.demo && (await isEmptyOfUserData(database))) {
    await seedDemo(database.db, config.region, config.dutyHandoverTime);
    demoSeeded = true;
  }
  return {
    regionsImported,
    demoSeeded,
    demoAccounts: config.demo ? await demoAccountsPresent(database.db) : [],
    ...(admin.generatedPassword ? { generatedAdminPassword: admin.generatedPassword } : {}),
  };
}
