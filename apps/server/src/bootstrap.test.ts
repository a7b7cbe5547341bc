import { describe, expect, it } from 'vitest';
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

      const second = await bootstrap(config, database);
      expect(second).toEqual({ regionsImported: null, demoSeeded: false });
      expect(await seedDemo(database.db, '421321')).toEqual({ accounts: [] });

      const users = await queryRows<{ username: string; role: string; scope_prefix: string }>(
        database.db,
        sql`select username, role, scope_prefix from app_user order by username`,
      );
      expect(users.map((u) => u.username)).toEqual(['admin', 'county.staff', 'dept.housing', 'grid.worker', 'town.admin', 'town.staff', 'village.staff']);
      expect(users.find((u) => u.username === 'town.admin')).toMatchObject({ role: 'township_admin', scope_prefix: '421321101' });
      expect(users.find((u) => u.username === 'grid.worker')?.scope_prefix).toHaveLength(12);

      // The generated password and the demo password both sign in.
      const t = await buildTestApp({ database, config: { adminPassword: undefined } });
      await t.signIn('admin', first.generatedAdminPassword);
      const town = await t.signIn('town.admin', demoPassword);
      expect((await town.get('/api/v1/auth/me')).json()).toMatchObject({ scopeRegionName: '厉山镇' });
      await t.close();
    } finally {
      await database.close();
    }
  });
});
