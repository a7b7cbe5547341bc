/**
 * P5, the county dashboard (隐患统计, issue 8): `getHazardStats` as the county admin over a county
 * of 1,000,000 hazards (随县 from the data generator, `generate.ts`; `--quick`: 100,000), p50 and
 * p95 of 40 calls after 3 warm-ups — the whole county by township, one township by village, and
 * the county for the last 30 days (a period is counted from the hazards, not the tally).
 * Floors, measured in the same run on the same data:
 * - `count(*)` of the county's hazards, raw: the least any answer that counts the hazards themselves
 *   must do. The undated dashboard reads the tally instead, so it may beat this floor (ratio > 1).
 * - the tally rows the view reads (a county: its townships' rows; a township: its own and its
 *   villages'), read raw and summed by key: the least the tallied answer does.
 * - for the period: the same period's hazards counted raw by state.
 * Goal: p95 < 100 ms for the undated county dashboard. `dashboard-province` runs the same over
 * 吉林 (no goal).
 */
import { sql, type SQL } from 'drizzle-orm';
import { queryRows, type Database } from '../apps/server/src/db/client';
import { getHazardStats } from '../apps/server/src/modules/hazards/hazards.reports';
import type { ServiceContext } from '../apps/server/src/plugins/auth';
import { serviceContext } from './lib/context';
import { round, since, timedRuns } from './lib/stats';
import { availableTargets, pgliteDisk, pgliteMemory, postgres, type Target } from './lib/targets';
import { generateDataset } from './generate';

const county = '421321';
/** 万和镇, the township with the most villages. */
const township = '421321107000';

/** Rounded p50 and p95 of `times` calls after 3 warm-ups. */
async function sample(times: number, work: () => Promise<unknown>) {
  const { p50, p95 } = await timedRuns(times, work, 3);
  return { p50: round(p50), p95: round(p95) };
}

interface Case {
  name: string;
  ctx: ServiceContext;
  query: { regionCode?: string; from?: string; to?: string };
  floor: SQL;
}

/** The tally rows a view must read (ADR 0012), read raw and summed by key. */
const tallyFloor = (rows: SQL) =>
  sql`select dimension, key, sum(count) from hazard_tally where ${rows} group by 1, 2`;
/** Above a township, a view reads its townships' rows, each by key. */
const townshipRows = (prefix: string) =>
  sql`region_code = any(array(select code from region where level = 'township' and code like ${`${prefix}%`}))`;
/** A period's hazards counted raw by state. */
const periodFloor = (prefix: string, from: string, to: string) =>
  sql`select state, count(*) from hazard where region_code like ${`${prefix}%`}
      and created_at >= ${from}::date and created_at < ${to}::date + 1 group by 1`;

/** What is generated, who asks, and what: 随县 as its county admin, or 吉林 as a province-wide caller. */
interface Dataset {
  scope: string;
  caller: { regionCode: string; name: string };
  cases(ctx: ServiceContext, from: string, to: string): Case[];
}

const countyDataset: Dataset = {
  scope: county,
  caller: { regionCode: `${county}000000`, name: '随县' },
  cases: (ctx, from, to) => [
    { name: 'county by township', ctx, query: {}, floor: tallyFloor(townshipRows(county)) },
    {
      name: 'township by village',
      ctx,
      query: { regionCode: township },
      floor: tallyFloor(sql`region_code like ${`${township.slice(0, 9)}%`}`),
    },
    {
      name: 'county, last 30 days',
      ctx,
      query: { from, to },
      floor: periodFloor(county, from, to),
    },
  ],
};

/** 吉林省, 长春市 and its 农安县. */
const provinceDataset: Dataset = {
  scope: '22',
  caller: { regionCode: '220000000000', name: '吉林省' },
  cases: (ctx, from, to) => [
    { name: 'province by city', ctx, query: {}, floor: tallyFloor(townshipRows('22')) },
    {
      name: 'city by county',
      ctx,
      query: { regionCode: '220100000000' },
      floor: tallyFloor(townshipRows('2201')),
    },
    {
      name: 'county by township',
      ctx,
      query: { regionCode: '220122000000' },
      floor: tallyFloor(townshipRows('220122')),
    },
    {
      name: 'province, last 30 days',
      ctx,
      query: { from, to },
      floor: periodFloor('22', from, to),
    },
  ],
};

async function measure(database: Database, dataset: Dataset, times: number) {
  const ctx = serviceContext(
    database,
    'county_admin',
    dataset.caller.regionCode,
    dataset.scope,
    dataset.caller.name,
  );
  const [{ from, to }] = (await queryRows<{ from: string; to: string }>(
    database.db,
    sql`select to_char(max(created_at) at time zone 'Asia/Shanghai' - interval '29 days', 'YYYY-MM-DD') as "from",
          to_char(max(created_at) at time zone 'Asia/Shanghai', 'YYYY-MM-DD') as "to" from hazard`,
  )) as [{ from: string; to: string }];
  const countFloor = await sample(times, () =>
    database.db.execute(
      sql`select count(*) from hazard where region_code like ${`${dataset.scope}%`}`,
    ),
  );
  const results = [];
  for (const item of dataset.cases(ctx, from, to)) {
    const service = await sample(times, () => getHazardStats(item.ctx, item.query));
    const floor = await sample(times, () => database.db.execute(item.floor));
    results.push({
      case: item.name,
      p50Ms: service.p50,
      p95Ms: service.p95,
      floorP95Ms: floor.p95,
      ratio: round(floor.p95 / service.p95, 2),
      countFloorP95Ms: countFloor.p95,
      countRatio: round(countFloor.p95 / service.p95, 2),
    });
    console.log(
      `    ${item.name}: p50 ${service.p50} ms, p95 ${service.p95} ms; floor p95 ${floor.p95} ms (×${round(floor.p95 / service.p95, 2)}); raw count(*) p95 ${countFloor.p95} ms (×${round(countFloor.p95 / service.p95, 2)})`,
    );
  }
  return results;
}

async function measureTarget(target: Target, dataset: Dataset, hazards: number, times: number) {
  const opened = await target.open();
  const database = opened.database;
  try {
    const start = performance.now();
    const generated = await generateDataset(database.db, {
      scope: dataset.scope,
      hazards,
      warnings: 10_000,
    });
    const generatedMs = since(start);
    console.log(
      `  ${target.name}: generated ${JSON.stringify(generated.rows)} in ${round(generatedMs / 1000, 1)} s`,
    );
    return {
      target: target.name,
      generatedS: round(generatedMs / 1000, 1),
      rows: generated.rows,
      cases: await measure(database, dataset, times),
    };
  } finally {
    await opened.dispose();
  }
}

async function runOn(dataset: Dataset, options: { quick?: boolean; target?: string | undefined }) {
  const hazards = options.quick ? 100_000 : 1_000_000;
  const targets = availableTargets([pgliteMemory, pgliteDisk, postgres]).filter(
    (target) => !options.target || target.name === options.target,
  );
  const results = [];
  for (const target of targets) {
    results.push(await measureTarget(target, dataset, hazards, options.quick ? 20 : 40));
  }
  return { hazards, results };
}

/** P5: 随县 as its county admin. */
export const run = (options: { quick?: boolean; target?: string | undefined }) =>
  runOn(countyDataset, options);

/**
 * The same over 吉林 (13,014 places; `dashboard-province`): the province by city, a city by
 * county, a county by township. No goal; what a province-wide deployment would see.
 */
export const runProvince = (options: { quick?: boolean; target?: string | undefined }) =>
  runOn(provinceDataset, options);
