/**
 * Organisation (issue 3), on the demo county (394 villages, ~2,800 grids, ~9,000 posts):
 * - staffing report for the whole county. Floor: the three queries it reads (regions with
 *   profiles, grids, posts of the subtree) run raw, in parallel — the report's own work is
 *   everything above that (rules engine, JSON shaping).
 * - Excel import of 500 rows (250 grids, 250 people with a grid post). Floor: the same rows
 *   written with one multi-row INSERT per table — the cost of the rows without the checks,
 *   per-row audit entries and workbook parsing.
 */
import { randomUUID } from 'node:crypto';
import ExcelJS from 'exceljs';
import { sql } from 'drizzle-orm';
import { queryRows, type Database } from '../apps/server/src/db/client';
import * as schema from '../apps/server/src/db/schema';
import { seedDemo } from '../apps/server/src/db/seed/demo';
import { importRegions } from '../apps/server/src/modules/regions';
import { getStaffingReport, importOrganisation } from '../apps/server/src/modules/org';
import type { ServiceContext } from '../apps/server/src/plugins/auth';
import { median, round, timed } from './lib/stats';
import { availableTargets, pgliteDisk, pgliteMemory, postgres } from './lib/targets';

const county = '421321';

function countyContext(database: Database, prefix: string): ServiceContext {
  return {
    db: database.db,
    actor: {
      id: randomUUID(),
      username: 'bench',
      displayName: '基准测试',
      role: 'county_admin',
      scope: { regionCode: prefix.padEnd(12, '0'), prefix },
      scopeRegionName: '随县',
      countyCode: county,
      department: null,
      personId: null,
      csrfToken: '',
    },
  };
}

async function repeat(times: number, work: () => Promise<unknown>): Promise<number> {
  const samples: number[] = [];
  for (let i = 0; i < times; i += 1) {
    samples.push((await timed(work)).ms);
  }
  return median(samples);
}

async function rawStaffingQueries(database: Database): Promise<void> {
  const like = `${county}%`;
  await Promise.all([
    database.db
      .execute(sql`select r.code, r.name, r.level, r.parent_code, rp.households from region r
      left join region_profile rp on rp.region_code = r.code
      where r.code like ${like} and r.level in ('township', 'village')`),
    database.db.execute(
      sql`select id, region_code, name, kind, households from grid where region_code like ${like}`,
    ),
    database.db.execute(
      sql`select kind, region_code, grid_id, person_id from post where region_code like ${like}`,
    ),
  ]);
}

/** 250 grids in one township's villages and one worker for each. */
async function importWorkbook(database: Database, township: string, run: number): Promise<Buffer> {
  const villages = await queryRows<{ name: string; township: string }>(
    database.db,
    sql`select v.name, t.name as township from region v
        join region t on t.code = v.parent_code where v.parent_code = ${township} order by v.code`,
  );
  const workbook = new ExcelJS.Workbook();
  const grids = workbook.addWorksheet('网格');
  grids.addRow(['乡镇(街道)', '村(社区)', '网格名称', '网格类型', '户数', '人口']);
  const people = workbook.addWorksheet('人员');
  people.addRow(['姓名', '手机', '固定电话', '岗位', '乡镇(街道)', '村(社区)', '网格名称', '备注']);
  for (let i = 0; i < 250; i += 1) {
    const village = villages[i % villages.length]!;
    grids.addRow([village.township, village.name, `基准${run}-${i}`, '其他', 100, 300]);
    people.addRow([
      `基准${i}`,
      `170${run}${String(i).padStart(7, '0')}`,
      null,
      '网格员',
      village.township,
      village.name,
      `基准${run}-${i}`,
      null,
    ]);
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

async function rawImportFloor(database: Database, village: string): Promise<void> {
  const grids = Array.from({ length: 250 }, (_, i) => ({
    id: randomUUID(),
    regionCode: village,
    countyCode: county,
    name: `地板${randomUUID()}-${i}`,
    kind: 'other',
    households: 100,
    residents: 300,
  }));
  const people = grids.map((_, i) => ({
    id: randomUUID(),
    regionCode: village,
    countyCode: county,
    name: `地板${i}`,
    mobile: `171${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`,
  }));
  await database.db.transaction(async (tx) => {
    await tx.insert(schema.grid).values(grids);
    await tx.insert(schema.person).values(people).onConflictDoNothing();
    await tx
      .insert(schema.post)
      .values(
        grids.map((grid, i) => ({
          personId: people[i]!.id,
          kind: 'gridWorker',
          regionCode: village,
          countyCode: county,
          gridId: grid.id,
        })),
      )
      .onConflictDoNothing();
  });
}

export async function run(options: { quick?: boolean } = {}) {
  const results = [];
  const times = options.quick ? 5 : 15;
  for (const target of availableTargets([pgliteMemory, pgliteDisk, postgres])) {
    const opened = await target.open();
    const { database } = opened;
    try {
      await importRegions(database.db, county);
      const seed = await timed(() => seedDemo(database.db, county));
      const ctx = countyContext(database, county);
      const report = await getStaffingReport(ctx);
      await rawStaffingQueries(database);
      const floorMs = await repeat(times, () => rawStaffingQueries(database));
      const reportMs = await repeat(times, () => getStaffingReport(ctx));

      const township = `${county}102000`;
      const townshipCtx = countyContext(database, township.slice(0, 9));
      const importRuns = options.quick ? 2 : 4;
      const importSamples: number[] = [];
      for (let run = 1; run <= importRuns; run += 1) {
        const file = await importWorkbook(database, township, run);
        importSamples.push(
          (
            await timed(() =>
              importOrganisation(townshipCtx, file, { dryRun: false, locale: 'zh-CN' }),
            )
          ).ms,
        );
      }
      const importFloorMs = await repeat(importRuns, () =>
        rawImportFloor(database, `${county}102200`),
      );
      const result = {
        database: target.name,
        demoSeedMs: round(seed.ms),
        places: report.places.length,
        grids: report.totals.grids,
        staffingReportMs: round(reportMs),
        staffingFloorMs: round(floorMs),
        staffingRatio: round(reportMs / floorMs, 2),
        import500Ms: round(median(importSamples)),
        import500FloorMs: round(importFloorMs),
        importRatio: round(median(importSamples) / importFloorMs, 1),
      };
      console.log(
        `  ${target.name.padEnd(14)} demo seed ${result.demoSeedMs} ms; staffing report (${result.places} places, ${result.grids} grids) ${result.staffingReportMs} ms (floor ${result.staffingFloorMs} ms, ×${result.staffingRatio}); import 500 rows ${result.import500Ms} ms (floor ${result.import500FloorMs} ms, ×${result.importRatio})`,
      );
      results.push(result);
    } finally {
      await opened.dispose();
    }
  }
  return results;
}
