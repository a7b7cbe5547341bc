import { padRegionCode, type Role } from '@lastmile/shared';
import { eq, sql } from 'drizzle-orm';
import { queryRows, type Db } from '../client';
import { hashPassword, insertUser } from '../../modules/users';
import { recordAudit } from '../../modules/audit';
import { countyCodeOf, scopePrefix } from '../../plugins/scope';
import type { RegionLevel } from '@lastmile/shared';
import * as schema from '../schema';
import { seedDemoHouseholds } from './demo-field';
import { seedDemoHazards } from './demo-hazards';
import { seedDemoLedgers } from './demo-ledgers';
import { seedDemoOrg, type DemoOrgResult } from './demo-org';
import { seedDemoWarnings } from './demo-warnings';

/** Password of every demo account; printed by `npm start`. Demo data is for trials only. */
export const demoPassword = 'lastmile-demo';

interface DemoAccount {
  username: string;
  displayName: string;
  role: Role;
  /** For department users: their county department. */
  department?: string;
  /** Which region: the county, its first township, or that township's first village. */
  at: 'county' | 'township' | 'village';
}

const accounts: DemoAccount[] = [
  { username: 'county.staff', displayName: '县应急局 王科长', role: 'county_staff', at: 'county' },
  {
    username: 'dept.housing',
    displayName: '县住建局 刘股长',
    role: 'department',
    department: '县住房和城乡建设局',
    at: 'county',
  },
  { username: 'town.admin', displayName: '乡镇应急办 张主任', role: 'township_admin', at: 'township' },
  { username: 'town.staff', displayName: '乡镇应急办 李干事', role: 'township_staff', at: 'township' },
  { username: 'village.staff', displayName: '村应急专干 赵明', role: 'village_staff', at: 'village' },
  { username: 'grid.worker', displayName: '网格员 陈芳', role: 'grid_worker', at: 'village' },
];

/** Demo accounts are linked to these demo people, and take their names. */
const accountPeople: Partial<Record<string, { link: keyof DemoOrgResult['links']; name: string }>> = {
  'town.admin': { link: 'township', name: '张建华' },
  'village.staff': { link: 'village', name: '赵明' },
  'grid.worker': { link: 'grid', name: '陈芳' },
};

/** The demo accounts in the database (that can sign in, unless asked for all), in the order above. */
export async function demoAccountsPresent(db: Db, enabledOnly = true): Promise<string[]> {
  const rows = await queryRows<{ username: string }>(
    db,
    sql`select username from app_user
        where username in (${sql.join(accounts.map((a) => sql`${a.username}`), sql`, `)})
          ${enabledOnly ? sql`and not disabled` : sql``}`,
  );
  const present = new Set(rows.map((row) => row.username));
  return accounts.map((a) => a.username).filter((username) => present.has(username));
}

/**
 * Demo accounts across the levels of the deployment's first county, so a newcomer can sign in
 * as each kind of user, and each module's demo records for that county.
 */
export async function seedDemo(
  db: Db,
  region: string,
  dutyHandoverTime = '08:30',
): Promise<{ accounts: string[] }> {
  const code = padRegionCode(region);
  if ((await demoAccountsPresent(db, false)).length > 0) {
    // Loaded before: demo data is added once, never twice.
    return { accounts: [] };
  }
  const [county] = await queryRows<{ code: string }>(
    db,
    sql`select code from region where level = 'county' and code like ${`${region}%`} order by code limit 1`,
  );
  if (!county) {
    throw new Error(`No county under ${code}: import regions first`);
  }
  const [township] = await queryRows<{ code: string }>(
    db,
    sql`select code from region where parent_code = ${county.code} order by code limit 1`,
  );
  const [village] = township
    ? await queryRows<{ code: string }>(
        db,
        sql`select code from region where parent_code = ${township.code} order by code limit 1`,
      )
    : [];
  const places: Record<DemoAccount['at'], { code: string; level: RegionLevel } | undefined> = {
    county: { code: county.code, level: 'county' },
    township: township ? { code: township.code, level: 'township' } : undefined,
    village: village ? { code: village.code, level: 'village' } : undefined,
  };
  const passwordHash = await hashPassword(demoPassword);
  const created: string[] = [];
  await db.transaction(async (tx) => {
    const org = await seedDemoOrg(tx, countyCodeOf(county.code), dutyHandoverTime);
    await seedDemoLedgers(tx, countyCodeOf(county.code));
    await seedDemoHazards(tx, countyCodeOf(county.code), { grid: org.links.grid, village: org.links.village });
    if (village) {
      await seedDemoHouseholds(tx, countyCodeOf(county.code), village.code);
    }
    for (const account of accounts) {
      const place = places[account.at];
      if (!place) {
        continue;
      }
      const row = await insertUser(tx, {
        username: account.username,
        passwordHash,
        displayName: account.displayName,
        role: account.role,
        scopeRegionCode: place.code,
        scopePrefix: scopePrefix(place.code, place.level),
        countyCode: countyCodeOf(place.code),
        department: account.department ?? null,
      });
      await recordAudit(tx, 'system', {
        action: 'user.create',
        entity: 'user',
        entityId: row.id,
        regionCode: place.code,
        after: { username: row.username, role: row.role, scopeRegionCode: row.scopeRegionCode, demo: true },
      });
      created.push(account.username);
      const person = accountPeople[account.username];
      const personId = person && org.links[person.link];
      if (person && personId) {
        await tx.update(schema.person).set({ userId: row.id, name: person.name }).where(eq(schema.person.id, personId));
      }
    }
  });
  await seedDemoWarnings(db, countyCodeOf(county.code));
  return { accounts: created };
}
