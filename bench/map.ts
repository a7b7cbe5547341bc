/**
 * One-map layer (issue 4): `getMapLayer` for 10,000 risk points of the demo county, over real
 * HTTP on loopback (session, scope check, SQL, JSON of 10,000 features) — the whole county, and
 * a bounding box holding about half of it. Floor: the same rows read by a raw SQL select through
 * the same driver, with no HTTP, no checks and no JSON. Goal: p95 < 100 ms.
 */
import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { riskLevels, riskPointKinds } from '@lastmile/shared';
import { buildApp } from '../apps/server/src/app';
import { ensureAdminUser } from '../apps/server/src/modules/users';
import { queryRows, type Database } from '../apps/server/src/db/client';
import * as schema from '../apps/server/src/db/schema';
import { seedDemo } from '../apps/server/src/db/seed/demo';
import { insertChunks } from '../apps/server/src/db/sql-helpers';
import { importRegions } from '../apps/server/src/modules/regions';
import { testConfig } from '../apps/server/src/test/build-test-app';
import { round, timedRuns } from './lib/stats';
import { availableTargets, pgliteDisk, pgliteMemory, postgres } from './lib/targets';

const county = '421321';
const points = 10_000;
const password = 'bench-admin-password';

/** Tops the demo's risk points up to 10,000, spread over the county's villages. */
async function fillRiskPoints(database: Database): Promise<number> {
  const villages = await queryRows<{ code: string }>(
    database.db,
    sql`select code from region where level = 'village' and code like ${`${county}%`} order by code`,
  );
  const codes = villages.map((row) => row.code);
  const [existing] = await queryRows<{ count: number }>(
    database.db,
    sql`select count(*)::int as count from risk_point`,
  );
  const count = existing?.count ?? 0;
  const rows = Array.from({ length: points - count }, (_, i) => ({
    id: randomUUID(),
    regionCode: codes[i % codes.length]!,
    countyCode: county,
    name: `基准风险点${i}`,
    kind: riskPointKinds[i % riskPointKinds.length]!,
    level: riskLevels[i % riskLevels.length]!,
    lon: 112.85 + ((i * 7919) % 1000) / 1000,
    lat: 31.45 + ((i * 104729) % 800) / 1000,
  }));
  await insertChunks(database.db, schema.riskPoint, rows);
  return points;
}

export async function run(options: { quick?: boolean } = {}) {
  const times = options.quick ? 20 : 60;
  const results = [];
  for (const target of availableTargets([pgliteMemory, pgliteDisk, postgres])) {
    const opened = await target.open();
    const { database } = opened;
    const config = testConfig({ adminPassword: password });
    const app = await buildApp({ config, database, runJobs: false });
    try {
      await importRegions(database.db, county);
      await ensureAdminUser(database.db, county, password);
      await seedDemo(database.db, county);
      const total = await fillRiskPoints(database);
      await app.listen({ port: 0, host: '127.0.0.1' });
      const address = app.server.address() as { port: number };
      const base = `http://127.0.0.1:${address.port}/api/v1`;
      const login = await fetch(`${base}/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: 'admin', password }),
      });
      const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
      const layer = async (query: string) => {
        const response = await fetch(`${base}/map/layer?layer=riskPoints${query}`, {
          headers: { cookie },
        });
        return (await response.json()) as { ids: string[] };
      };
      const half = '&bbox=112.85,31.45,113.35,32.25';
      const counts = { county: (await layer('')).ids.length, bbox: (await layer(half)).ids.length };
      const raw = (bbox: boolean) =>
        database.db
          .execute(sql`select id::text, name, lon, lat, region_code, kind, level, area from risk_point
          where region_code like ${`${county}%`} and status = 'active'
          ${bbox ? sql`and lon between 112.85 and 113.35 and lat between 31.45 and 32.25` : sql``}`);
      await raw(false);
      const floor = await timedRuns(times, () => raw(false));
      const api = await timedRuns(times, () => layer(''));
      const floorBbox = await timedRuns(times, () => raw(true));
      const apiBbox = await timedRuns(times, () => layer(half));
      const result = {
        database: target.name,
        riskPoints: total,
        countyFeatures: counts.county,
        countyP50Ms: round(api.p50),
        countyP95Ms: round(api.p95),
        countyFloorP95Ms: round(floor.p95),
        countyRatio: round(api.p95 / floor.p95, 1),
        bboxFeatures: counts.bbox,
        bboxP95Ms: round(apiBbox.p95),
        bboxFloorP95Ms: round(floorBbox.p95),
        bboxRatio: round(apiBbox.p95 / floorBbox.p95, 1),
      };
      console.log(
        `  ${target.name.padEnd(14)} whole county ${result.countyFeatures} features p50 ${result.countyP50Ms} ms, p95 ${result.countyP95Ms} ms (raw SQL p95 ${result.countyFloorP95Ms} ms, ×${result.countyRatio}); bbox ${result.bboxFeatures} features p95 ${result.bboxP95Ms} ms (floor ${result.bboxFloorP95Ms} ms, ×${result.bboxRatio})`,
      );
      results.push(result);
    } finally {
      await app.close();
      await opened.dispose();
    }
  }
  return results;
}
