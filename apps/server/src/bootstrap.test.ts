import { describe, expect, it } from 'vitest';
import {
  creditCodeProblem,
  type DutyCard,
  type Hazard,
  type HazardStats,
  type HazardSummary,
  type HazardSourceStats,
  type LedgerSummary,
  type MapLayerResponse,
  type OnDuty,
  type StaffingReport,
  type Unit,
} from '@lastmile/shared';
import { sql } from 'drizzle-orm';
import { bootstrap } from './bootstrap';
import { queryRows } from './db/client';
import { demoPassword, seedDemo } from './db/seed/demo';
import { buildTestApp, testConfig } from './test/build-test-app';
import { createTestDatabase } from './test/test-database';

describe('bootstrap (every start)', () => {
  it('imports the region, creates admin with a generated password once, and loads demo data into an empty database', async () => {
    const database = await createTestDatabase({ regions: false });
    try {
      const config = testConfig({ adminPassword: undefined, demo: true });
      const first = await bootstrap(config, database);
      expect(first.regionsImported).toBe(416);
      expect(first.generatedAdminPassword).toMatch(/^[\w-]{16}$/);
      expect(first.demoSeeded).toBe(true);
      expect(first.demoAccounts).toEqual([
        'county.staff',
        'dept.housing',
        'town.admin',
        'town.staff',
        'village.staff',
        'grid.worker',
      ]);

      const second = await bootstrap(config, database);
      // Seeded before: not again, but its accounts are still there to be named.
      expect(second).toEqual({
        regionsImported: null,
        demoSeeded: false,
        demoAccounts: first.demoAccounts,
      });
      expect(await seedDemo(database.db, '421321')).toEqual({ accounts: [] });

      const users = await queryRows<{ username: string; role: string; scope_prefix: string }>(
        database.db,
        sql`select username, role, scope_prefix from app_user order by username`,
      );
      expect(users.map((u) => u.username)).toEqual([
        'admin',
        'county.staff',
        'dept.housing',
        'grid.worker',
        'town.admin',
        'town.staff',
        'village.staff',
      ]);
      expect(users.find((u) => u.username === 'town.admin')).toMatchObject({
        role: 'township_admin',
        scope_prefix: '421321101',
      });
      expect(users.find((u) => u.username === 'grid.worker')?.scope_prefix).toHaveLength(12);

      // The generated password and the demo password both sign in.
      const t = await buildTestApp({ database, config: { adminPassword: undefined } });
      await t.signIn('admin', first.generatedAdminPassword);
      const town = await t.signIn('town.admin', demoPassword);
      expect((await town.get('/api/v1/auth/me')).json()).toMatchObject({
        scopeRegionName: '厉山镇',
      });

      // The demo organisation: every village of the county has grids and people; the report
      // shows compliant places and short ones; the township's roster answers now.
      const county = await t.signIn('county.staff', demoPassword);
      const report = (await county.get('/api/v1/org/staffing')).json<StaffingReport>();
      expect(report.totals.villages).toBe(394);
      expect(
        report.places.filter((p) => p.level === 'village' && (p.counts.grids ?? 0) === 0),
      ).toEqual([]);
      expect(report.totals.compliantVillages).toBeGreaterThan(100);
      expect(report.totals.compliantVillages).toBeLessThan(394);
      expect(report.totals.compliantTownships).toBeGreaterThan(0);
      expect(report.totals.compliantTownships).toBeLessThan(19);
      const ruleKinds = new Set(report.places.flatMap((p) => p.shortfalls.map((s) => s.rule)));
      expect([...ruleKinds]).toEqual(
        expect.arrayContaining([
          'gridCoverage',
          'gridStaff',
          'townshipOfficeStaff',
          'villageInformant',
          'villageStaff',
        ]),
      );
      const own = (await town.get('/api/v1/org/staffing')).json<StaffingReport>();
      expect(own.places.every((p) => p.regionCode.startsWith('421321101'))).toBe(true);
      const onDuty = (await town.get('/api/v1/org/on-duty?regionCode=421321101')).json<OnDuty>();
      expect(onDuty.shift?.leader).not.toBeNull();
      expect(onDuty.dutyPhone).toMatch(/^0722-4\d{6}$/);
      // The demo ledgers: units with valid credit codes, hazard sources, risk points of every
      // level across the county, a red one in the demo accounts' own village, all on the map.
      const units = (await county.get('/api/v1/units?limit=500')).json<{
        items: Unit[];
        total: number;
      }>();
      expect(units.total).toBeGreaterThan(600);
      expect(
        units.items.every(
          (unit) => unit.creditCode === null || creditCodeProblem(unit.creditCode) === null,
        ),
      ).toBe(true);
      const levels = (
        await county.get('/api/v1/ledgers/summary?ledger=riskPoints&groupBy=level')
      ).json<LedgerSummary>();
      expect(levels.groups.map((group) => group.key).sort()).toEqual([
        'general',
        'high',
        'low',
        'major',
      ]);
      expect(levels.total).toBeGreaterThan(394);
      const stats = (await county.get('/api/v1/hazard-sources/stats')).json<HazardSourceStats>();
      expect(stats.rows).toHaveLength(19);
      expect(stats.total.major).toBeGreaterThan(0);
      const map = (
        await town.get('/api/v1/map/layer?layer=riskPoints&level=major')
      ).json<MapLayerResponse>();
      expect(map.regionCodes.some((code) => code === '421321101001')).toBe(true);
      const labels = (await town.get('/api/v1/map/layer?layer=villages')).json<MapLayerResponse>();
      expect(labels.ids.length).toBeGreaterThan(20);
      const worker = await t.signIn('grid.worker', demoPassword);
      const card = (await worker.get('/api/v1/org/duty-cards?regionCode=421321101001')).json<{
        items: DutyCard[];
      }>();
      expect(card.items.some((item) => item.riskSummary?.includes('重大风险'))).toBe(true);
      const me = (await worker.get('/api/v1/org/people?q=陈芳')).json<{
        items: { userId: string | null }[];
      }>();
      expect(me.items[0]?.userId).toBe(
        (await worker.get('/api/v1/auth/me')).json<{ id: string }>().id,
      );

      // The demo hazards: every state, overdue ones, a major one on the county's list, the
      // grid worker's own tasks, a summons for the housing department, a public report.
      const hazards = (await county.get('/api/v1/hazards/stats')).json<HazardStats>();
      expect(hazards.total).toBeGreaterThan(800);
      expect(hazards.byState.map((row) => row.key).sort()).toEqual(
        ['accepted', 'assigned', 'closed', 'rectifying', 'rejected', 'reported', 'submitted', 'verified'],
      );
      expect(hazards.overdue).toBeGreaterThan(0);
      const major = (await county.get('/api/v1/major-hazards?limit=5')).json<{ items: HazardSummary[] }>();
      expect(major.items[0]).toMatchObject({ grade: 'major', overdue: true });
      const tasks = (await worker.get('/api/v1/hazards?mine=true')).json<{ items: HazardSummary[] }>();
      const open = tasks.items.filter((item) => item.state === 'assigned' || item.state === 'rectifying');
      expect(open.length).toBeGreaterThan(0);
      const task = (await worker.get(`/api/v1/hazards/${open[0]!.id}`)).json<Hazard>();
      expect(task.allowedActions).toContain('submit');
      const timeline = (await worker.get(`/api/v1/hazards/${tasks.items[0]!.id}/timeline`)).json<{ items: unknown[] }>();
      expect(timeline.items.length).toBeGreaterThan(1);
      const department = await t.signIn('dept.housing', demoPassword);
      expect((await department.get('/api/v1/summons?state=pending')).json<{ total: number }>().total).toBe(1);
      expect((await town.get('/api/v1/public-reports?state=received')).json<{ total: number }>().total).toBe(1);
      await t.close();
    } finally {
      await database.close();
    }
    // A whole county's demo (regions, organisation, ledgers, hazards) is loaded and read back.
  }, 90_000);
  it('adds no demo to a database that already holds grids, and names no demo accounts', async () => {
    const database = await createTestDatabase({ regions: false });
    try {
      const config = testConfig({ demo: false });
      await bootstrap(config, database);
      // A county's own (or generated) data: a grid, no demo accounts.
      await database.db.execute(
        sql`insert into grid (region_code, county_code, name, kind)
            values ('421321101200', '421321', '一组', 'villagerGroup')`,
      );
      const report = await bootstrap({ ...config, demo: true }, database);
      expect(report).toMatchObject({ demoSeeded: false, demoAccounts: [] });
    } finally {
      await database.close();
    }
  });
});
