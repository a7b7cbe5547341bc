/**
 * Hazards (issue 5), on the demo county (随县: 19 townships, 394 villages, the demo's grids,
 * people and units) with hazards generated in SQL. Ratios are the service's speed as a fraction
 * of its floor's (floor time ÷ service time), so the goals read "≥ 0.5".
 * - P1 `createHazard` through the service as a county admin: the place check (region level, grid
 *   inside it), the hazard and its audit row in one statement (a named prepared statement on
 *   PostgreSQL), the answer built from what was written. Floor: one raw single-row INSERT of the
 *   same columns (number from the same sequence), sent as any raw query is, unprepared. Goal ≥ 0.5.
 *   Beside it, a second floor that writes what the service must write: the same hazard and an
 *   audit row, raw, in one statement; its ratio shows what the service adds beyond that work.
 * - P2 `listHazards` at 1,000,000 hazards, as the admin of the largest township: a page of 50
 *   summaries (place names, 五定's responsible person, flags) in one statement; newest first,
 *   page 1 and offset 1,000, unfiltered and filtered (state assigned/rectifying, grade general);
 *   and the county admin's first page. Floor: `select * from hazard h where <the same condition>
 *   order by h.created_at desc limit 50 offset …`. Goal ≥ 0.5. The page carries no total;
 *   `countHazards`, which the ledger asks for beside it, is timed alone.
 * - The hazard ledger (`exportHazards`, streamed Excel, consumed and discarded) when the county
 *   holds 20,000 and 100,000 hazards: wall time and growth of this process's RSS (peak minus
 *   the level before, after a full GC). Floor: the same rows read raw from `hazard` by keyset,
 *   2,000 at a time. The export's own batched reads are timed alone as well. Goal: 100,000 in
 *   < 20 s with RSS bounded (the same growth for 20,000 and 100,000).
 * Generated hazards are deterministic (hashes of their index), spread over every township and
 * village, in every state (older ones mostly closed), with deadlines so that some are overdue;
 * ~0.4% have a summons. One run on all three databases takes ~25 minutes: use --target.
 */
import v8 from 'node:v8';
import vm from 'node:vm';
import { randomUUID } from 'node:crypto';
import { sql, type SQL } from 'drizzle-orm';
import type { CreateHazardBody, HazardState } from '@lastmile/shared';
import { queryRows, type Database, type Db } from '../apps/server/src/db/client';
import { seedDemo } from '../apps/server/src/db/seed/demo';
import { importRegions } from '../apps/server/src/modules/regions';
import {
  countHazards,
  createHazard,
  listHazards,
} from '../apps/server/src/modules/hazards/hazards.service';
import { exportHazards } from '../apps/server/src/modules/hazards/hazards.reports';
import {
  hazardCondition,
  hazardLedgerBatches,
} from '../apps/server/src/modules/hazards/hazards.repository';
import type { ServiceContext } from '../apps/server/src/plugins/auth';
import { serviceContext } from './lib/context';
import { median, round, since } from './lib/stats';
import { createHazardPlaces, generateHazards } from './generate';
import { availableTargets, pgliteDisk, pgliteMemory, postgres } from './lib/targets';

const county = '421321';
/** 万和镇: the township with the most villages (37), so the largest share of hazards. */
const township = '421321107000';

/** Hazards in the table for the list measurements (the export is measured on the way there). */
const listRows = 1_000_000;
const exportSizes = [20_000, 100_000];

// ---------------------------------------------------------------- contexts

const countyContext = (database: Database) =>
  serviceContext(database, 'county_admin', `${county}000000`, county, '随县');
const townshipContext = (database: Database) =>
  serviceContext(database, 'township_admin', township, township.slice(0, 9), '万和镇');

// ---------------------------------------------------------------- generated hazards

/** Rows in a table (the generated places, the hazards so far). */
async function rowCount(db: Db, table: 'bench_place' | 'hazard'): Promise<number> {
  const [row] = await queryRows<{ count: number }>(
    db,
    sql`select count(*)::int as count from ${sql.identifier(table)}`,
  );
  return row!.count;
}

/** Generates hazards until the table holds `total`, 50,000 per statement; then vacuums and analyses. */
async function topUp(
  db: Db,
  state: { places: number; base: string; generated: number },
  total: number,
): Promise<number> {
  const start = performance.now();
  const missing = total - (await rowCount(db, 'hazard'));
  const last = state.generated + missing;
  for (let from = state.generated + 1; from <= last; from += 50_000) {
    await generateHazards(db, state.places, state.base, from, Math.min(last, from + 49_999));
  }
  state.generated = last;
  // A server's autovacuum would do this; PGlite has none, so without it the planner has no statistics.
  await db.execute(sql`vacuum analyze hazard`);
  await db.execute(sql`vacuum analyze summons`);
  return since(start);
}

// ---------------------------------------------------------------- P1: createHazard

interface Place {
  code: string;
  gridId: string;
}

function hazardBody(place: Place, i: number): CreateHazardBody {
  return {
    regionCode: place.code,
    gridId: place.gridId,
    kind: 'fire',
    sector: 'fireSafety',
    grade: 'general',
    title: `基准隐患${i}：疏散通道堆放杂物`,
    description: '楼梯间堆放纸箱和电动车，影响疏散',
    location: { lon: 113.1 + (i % 100) / 1000, lat: 31.8 + (i % 77) / 1000 },
    address: `基准路${i}号`,
    photoIds: [],
  };
}

/** An INSERT of the same columns the service writes (number from the same sequence). */
function rawHazardInsert(ctx: ServiceContext, place: Place, body: CreateHazardBody) {
  return sql`insert into hazard (number, region_code, county_code, grid_id, unit_id, risk_point_id,
      origin, kind, sector, grade, standard_code, title, description, lon, lat, address, photo_ids, state,
      finder_id, finder_name, fixed_on_spot, public_report_id, reported_to_county_at)
    values ('YH' || to_char(now() at time zone 'Asia/Shanghai', 'YYYY') || lpad(nextval('hazard_number_seq')::text, 7, '0'),
      ${place.code}, ${county}, ${place.gridId}, null, null, 'officeInspection', ${body.kind}, ${body.sector!},
      ${body.grade}, null, ${body.title}, ${body.description!}, ${body.location!.lon}, ${body.location!.lat},
      ${body.address!}, '{}', 'reported', ${ctx.actor.id}, ${ctx.actor.displayName}, false, null, null)
    returning id`;
}

/** The floor: the hazard alone, in one statement. */
function rawInsert(db: Db, ctx: ServiceContext, place: Place, i: number) {
  return db.execute(rawHazardInsert(ctx, place, hazardBody(place, i)));
}

/** The floor's hazard and, in the same statement, an audit row like the service's. */
function rawInsertWithAudit(db: Db, ctx: ServiceContext, place: Place, i: number) {
  const body = hazardBody(place, i);
  const after = JSON.stringify({
    toState: 'reported',
    grade: body.grade,
    kind: body.kind,
    title: body.title,
  });
  return db.execute(sql`with audit as (insert into audit_log (actor_id, actor_name, action, entity, entity_id,
        region_code, county_code, after, request_id)
      values (${ctx.actor.id}, ${ctx.actor.displayName}, 'hazard.create', 'hazard', ${randomUUID()},
        ${place.code}, ${county}, ${after}::jsonb, null))
    ${rawHazardInsert(ctx, place, body)}`);
}

async function measureCreate(database: Database, count: number) {
  const db = database.db;
  const places = await queryRows<Place>(
    db,
    sql`select distinct on (g.region_code) g.region_code as code, g.id as "gridId" from grid g
        join region r on r.code = g.region_code
        where g.region_code like ${`${county}%`} and r.level = 'village' order by g.region_code, g.id`,
  );
  const ctx = countyContext(database);
  let i = 0;
  const place = () => places[i % places.length]!;
  const ops = {
    floor: () => rawInsert(db, ctx, place(), (i += 1)),
    pairFloor: () => rawInsertWithAudit(db, ctx, place(), (i += 1)),
    service: () => createHazard(ctx, hazardBody(place(), (i += 1))),
  };
  const spent = { floor: 0, pairFloor: 0, service: 0 };
  for (const work of Object.values(ops)) {
    for (let n = 0; n < 30; n += 1) {
      await work();
    }
  }
  // Rounds, so drift (caches, table growth) falls on both alike.
  const rounds = 5;
  for (let round = 0; round < rounds; round += 1) {
    for (const [name, work] of Object.entries(ops) as [
      keyof typeof ops,
      () => Promise<unknown>,
    ][]) {
      const start = performance.now();
      for (let n = 0; n < count / rounds; n += 1) {
        await work();
      }
      spent[name] += since(start);
    }
  }
  const perSecond = (ms: number) => (count / ms) * 1000;
  return {
    creates: count,
    createOpsPerSecond: round(perSecond(spent.service)),
    createFloorOpsPerSecond: round(perSecond(spent.floor)),
    createRatio: round(spent.floor / spent.service, 2),
    createPairFloorOpsPerSecond: round(perSecond(spent.pairFloor)),
    createPairRatio: round(spent.pairFloor / spent.service, 2),
  };
}

// ---------------------------------------------------------------- P2: listHazards

/** Median of up to `times` runs after one warm-up, fewer (at least 3) when each takes seconds. */
async function medianOf(
  times: number,
  work: () => Promise<unknown>,
  budgetMs = 20_000,
): Promise<number> {
  await work();
  const samples: number[] = [];
  const started = performance.now();
  while (samples.length < times && (samples.length < 3 || since(started) < budgetMs)) {
    const start = performance.now();
    await work();
    samples.push(since(start));
  }
  return median(samples);
}

interface ListCase {
  name: string;
  ctx: ServiceContext;
  filters: { state?: HazardState[]; grade?: 'general' };
  offset: number;
  /** The same condition, raw. */
  where: SQL;
}

async function measureList(database: Database, times: number) {
  const db = database.db;
  const town = townshipContext(database);
  const countyCtx = countyContext(database);
  const inTownship = sql`h.region_code like ${`${township.slice(0, 9)}%`}`;
  const filtered = sql`${inTownship} and h.state in ('assigned', 'rectifying') and h.grade = 'general'`;
  const cases: ListCase[] = [
    { name: 'township, page 1', ctx: town, filters: {}, offset: 0, where: inTownship },
    { name: 'township, offset 1000', ctx: town, filters: {}, offset: 1000, where: inTownship },
    {
      name: 'township filtered, page 1',
      ctx: town,
      filters: { state: ['assigned', 'rectifying'], grade: 'general' },
      offset: 0,
      where: filtered,
    },
    {
      name: 'township filtered, offset 1000',
      ctx: town,
      filters: { state: ['assigned', 'rectifying'], grade: 'general' },
      offset: 1000,
      where: filtered,
    },
    {
      name: 'county, page 1',
      ctx: countyCtx,
      filters: {},
      offset: 0,
      where: sql`h.region_code like ${`${county}%`}`,
    },
  ];
  const results = [];
  for (const item of cases) {
    const { items } = await listHazards(item.ctx, {
      ...item.filters,
      limit: 50,
      offset: item.offset,
    });
    const { total } = await countHazards(item.ctx, item.filters);
    const floorMs = await medianOf(times, () =>
      db.execute(
        sql`select * from hazard h where ${item.where} order by h.created_at desc limit 50 offset ${item.offset}`,
      ),
    );
    const listMs = await medianOf(times, () =>
      listHazards(item.ctx, { ...item.filters, limit: 50, offset: item.offset }),
    );
    const countMs = await medianOf(times, () => countHazards(item.ctx, item.filters));
    results.push({
      case: item.name,
      matching: total,
      items: items.length,
      listMs: round(listMs),
      floorMs: round(floorMs),
      ratio: round(floorMs / listMs, 2),
      countAloneMs: round(countMs),
    });
  }
  return results;
}

// ---------------------------------------------------------------- export

let gc: (() => void) | undefined;
/** A full collection, so the RSS measured before some work is not inflated by garbage. */
function collectGarbage(): void {
  if (!gc) {
    v8.setFlagsFromString('--expose-gc');
    gc = vm.runInNewContext('gc') as () => void;
  }
  gc();
}
const rssMb = () => process.memoryUsage().rss / 2 ** 20;

/** Wall time and RSS growth (peak minus the level before, after a full GC) of some work. */
async function withMemory<T>(work: (sample: () => void) => Promise<T>) {
  collectGarbage();
  const before = rssMb();
  let peak = before;
  const sample = () => {
    peak = Math.max(peak, rssMb());
  };
  const timer = setInterval(sample, 20);
  const start = performance.now();
  try {
    const result = await work(sample);
    sample();
    return {
      ms: since(start),
      rssBeforeMb: before,
      rssPeakMb: peak,
      rssGrowthMb: peak - before,
      result,
    };
  } finally {
    clearInterval(timer);
  }
}

async function rawKeysetRead(db: Db, sample: () => void): Promise<number> {
  let after: { at: string; id: string } | undefined;
  let rows = 0;
  for (;;) {
    const batch = await queryRows<{ id: string; key_at: string }>(
      db,
      sql`select h.*, h.created_at::text as key_at from hazard h where h.region_code like ${`${county}%`}
          ${after ? sql`and (h.created_at, h.id) < (${after.at}::timestamptz, ${after.id}::uuid)` : sql``}
          order by h.created_at desc, h.id desc limit 2000`,
    );
    rows += batch.length;
    sample();
    if (batch.length < 2000) {
      return rows;
    }
    const last = batch.at(-1)!;
    after = { at: last.key_at, id: last.id };
  }
}

async function measureExport(database: Database, rows: number) {
  const ctx = countyContext(database);
  const floor = await withMemory((sample) => rawKeysetRead(database.db, sample));
  // The export's own reads without the workbook: where its time goes.
  const batches = await withMemory(async (sample) => {
    let read = 0;
    const condition = hazardCondition(ctx.actor.scope, { prefix: county });
    for await (const batch of hazardLedgerBatches(database.db, condition)) {
      read += batch.length;
      sample();
    }
    return read;
  });
  const exported = await withMemory(async (sample) => {
    const { stream } = await exportHazards(ctx, {});
    let bytes = 0;
    for await (const chunk of stream) {
      bytes += (chunk as Buffer).length;
      sample();
    }
    return bytes;
  });
  return {
    hazards: rows,
    floorRows: floor.result,
    exportMs: round(exported.ms),
    exportMb: round(exported.result / 2 ** 20),
    exportRssGrowthMb: round(exported.rssGrowthMb),
    floorMs: round(floor.ms),
    floorRssGrowthMb: round(floor.rssGrowthMb),
    timesFloor: round(exported.ms / floor.ms, 1),
    batchesRows: batches.result,
    batchesMs: round(batches.ms),
    rssBeforeMb: round(exported.rssBeforeMb),
    rssPeakMb: round(exported.rssPeakMb),
  };
}

// ---------------------------------------------------------------- run

export async function run(options: { quick?: boolean; target?: string | undefined } = {}) {
  const results = [];
  const targets = availableTargets([pgliteMemory, pgliteDisk, postgres]).filter(
    (target) => !options.target || target.name === options.target,
  );
  for (const target of targets) {
    const opened = await target.open();
    const { database } = opened;
    const db = database.db;
    const log = (text: string) => console.log(`  ${target.name.padEnd(14)} ${text}`);
    try {
      await importRegions(db, county);
      await seedDemo(db, county);
      const create = await measureCreate(database, options.quick ? 200 : 500);
      log(
        `createHazard ${create.createOpsPerSecond} ops/s (raw INSERT ${create.createFloorOpsPerSecond} ops/s, ×${create.createRatio}; raw hazard and audit row ${create.createPairFloorOpsPerSecond} ops/s, ×${create.createPairRatio})`,
      );
      const state = {
        places: await createHazardPlaces(db, county),
        base: new Date(Math.floor(Date.now() / 86_400_000) * 86_400_000).toISOString(),
        generated: 0,
      };
      const exports = [];
      for (const size of options.quick ? [20_000] : exportSizes) {
        const ms = await topUp(db, state, size);
        log(`${size} hazards generated (${round(ms / 1000)} s)`);
        const measured = await measureExport(database, size);
        log(
          `export ${size}: ${measured.exportMs} ms, ${measured.exportMb} MB, RSS +${measured.exportRssGrowthMb} MB (raw keyset read ${measured.floorMs} ms, RSS +${measured.floorRssGrowthMb} MB, ${measured.timesFloor}× its time; the export's reads alone ${measured.batchesMs} ms)`,
        );
        exports.push(measured);
      }
      const rows = options.quick ? 100_000 : listRows;
      const generateMs = await topUp(db, state, rows);
      log(`${rows} hazards generated (${round(generateMs / 1000)} s)`);
      const list = await measureList(database, options.quick ? 5 : 15);
      for (const item of list) {
        log(
          `list ${item.case} (${item.matching} matching): ${item.listMs} ms (raw select ${item.floorMs} ms, ×${item.ratio}; count alone ${item.countAloneMs} ms)`,
        );
      }
      results.push({
        database: target.name,
        ...create,
        exports,
        listHazards: rows,
        generateSeconds: round(generateMs / 1000),
        list,
      });
    } finally {
      await opened.dispose();
    }
  }
  return results;
}
