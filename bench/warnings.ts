/**
 * Warnings and 叫应 (issue 6), on 随县's real regions with 100,000 grid workers generated in SQL
 * (ten grids per village, one worker per person). Ratios are floor time ÷ service time.
 * - P3 fan-out: `createWarning` through the service as the county admin, red, to the whole county
 *   with the built-in plan: the warning row, its audit row, the plan fixed on the row and one
 *   `warning_ack` per person holding a called post (100,000), then the stored warning read back.
 *   Floor: one raw `INSERT … SELECT` of the same 100,000 rows into `warning_ack` straight from
 *   `person`. Goal: < 2 s on PostgreSQL and ≤ 2× the floor (ratio ≥ 0.5).
 * - P4 answers: `recordAnswer` (the answer, the step check, the audit row: one statement) for
 *   distinct people of that warning, several in flight. Floor: a raw one-row UPDATE setting the
 *   answer, at the same concurrency. Goal: ≥ 5,000 answers/s on PostgreSQL.
 * Between rounds the fan-out's rows are deleted, so each round writes into the same table.
 */
import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { queryRows, type Database, type Db } from '../apps/server/src/db/client';
import { importRegions } from '../apps/server/src/modules/regions';
import { recordAnswer } from '../apps/server/src/modules/warnings/answers';
import { createWarning } from '../apps/server/src/modules/warnings/warnings.service';
import type { ServiceContext } from '../apps/server/src/plugins/auth';
import { serviceContext } from './lib/context';
import { median, round, since } from './lib/stats';
import { availableTargets, pgliteDisk, pgliteMemory, postgres } from './lib/targets';

const county = '421321';
const people = 100_000;

function countyContext(database: Database): ServiceContext {
  return serviceContext(database, 'county_admin', `${county}000000`, county, '随县');
}

/** Ten grids per village and one grid worker per person, round-robin over the grids. */
async function generatePeople(db: Db): Promise<number> {
  const start = performance.now();
  await db.execute(sql`
    insert into grid (region_code, county_code, name, kind)
    select r.code, ${county}, '第' || g || '网格', 'villagerGroup'
    from region r cross join generate_series(1, 10) g
    where r.level = 'village' and r.code like ${`${county}%`}`);
  await db.execute(sql`
    with grids as (select id, region_code, row_number() over (order by id) - 1 as n from grid),
         total as (select count(*) as c from grids),
         people as (
           insert into person (region_code, county_code, name, mobile)
           select g.region_code, ${county}, '网格员' || i, '13' || lpad(i::text, 9, '0')
           from generate_series(1, ${people}) i cross join total
           join grids g on g.n = (i % total.c)
           returning id, region_code, mobile)
    insert into post (person_id, kind, region_code, county_code, grid_id)
    select p.id, 'gridWorker', p.region_code, ${county}, g.id
    from people p join grids g on g.n = (right(p.mobile, 9)::int % (select c from total))`);
  await db.execute(sql`analyze`);
  return since(start);
}

async function measureFanOut(database: Database, rounds: number) {
  const db = database.db;
  const ctx = countyContext(database);
  const [dummy] = await queryRows<{ id: string }>(
    db,
    sql`insert into warning (county_code, region_code, origin, format, identifier, sender, sent, status, msg_type,
          event, parsed, short_code)
        values (${county}, ${`${county}000000`}, 'issued', 'cap12', ${randomUUID()}, 'bench', now(), 'Actual', 'Alert',
          '基准', '{}'::jsonb, '0000')
        returning id`,
  );
  const floorMs: number[] = [];
  const serviceMs: number[] = [];
  let lastWarning = '';
  let recipients = 0;
  for (let round = 0; round < rounds; round += 1) {
    let start = performance.now();
    await db.execute(sql`
      insert into warning_ack (warning_id, county_code, person_id, step, post_kind, region_code, township_code,
        village_code, name, mobile, state, starts_at, next_at)
      select ${dummy!.id}, p.county_code, p.id, 2, 'gridWorker', p.region_code, left(p.region_code, 9) || '000',
        p.region_code, p.name, p.mobile, 'calling', now(), now()
      from person p`);
    floorMs.push(since(start));
    await db.execute(sql`delete from warning_ack where warning_id = ${dummy!.id}`);

    start = performance.now();
    const warning = await createWarning(ctx, {
      event: '暴雨',
      eventType: '11B03',
      level: 'red',
      headline: `基准红色暴雨预警 ${round}`,
      description: '全县',
      targets: { regionCodes: [`${county}000000`], gridIds: [] },
    });
    serviceMs.push(since(start));
    recipients = warning.recipients;
    if (round < rounds - 1) {
      await db.execute(sql`delete from warning_ack where warning_id = ${warning.id}`);
    }
    lastWarning = warning.id;
  }
  const service = median(serviceMs);
  const floor = median(floorMs);
  return {
    recipients,
    fanOutMs: round(service),
    fanOutFloorMs: round(floor),
    fanOutRatio: round(floor / service, 2),
    fanOutRounds: {
      serviceMs: serviceMs.map((ms) => round(ms)),
      floorMs: floorMs.map((ms) => round(ms)),
    },
    warningId: lastWarning,
  };
}

async function inParallel<T>(items: T[], concurrency: number, work: (item: T) => Promise<unknown>) {
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < items.length) {
        const item = items[next]!;
        next += 1;
        await work(item);
      }
    }),
  );
}

async function measureAnswers(
  database: Database,
  warningId: string,
  count: number,
  concurrency: number,
) {
  const db = database.db;
  const acks = await queryRows<{ ackId: string; regionCode: string }>(
    db,
    sql`select id as "ackId", region_code as "regionCode" from warning_ack
        where warning_id = ${warningId} order by id limit ${count * 2}`,
  );
  const floorAcks = acks.filter((_, index) => index % 2 === 0);
  const serviceAcks = acks.filter((_, index) => index % 2 === 1);
  let start = performance.now();
  await inParallel(floorAcks, concurrency, (ack) =>
    db.execute(
      sql`update warning_ack set answered_at = now(), answer_channel = 'app', state = 'answered', next_at = null
          where id = ${ack.ackId} and answered_at is null`,
    ),
  );
  const floorPerSecond = floorAcks.length / (since(start) / 1000);
  start = performance.now();
  let recorded = 0;
  await inParallel(serviceAcks, concurrency, async (ack) => {
    if (await recordAnswer(db, ack, 'app', 'system')) {
      recorded += 1;
    }
  });
  const servicePerSecond = serviceAcks.length / (since(start) / 1000);
  if (recorded !== serviceAcks.length) {
    throw new Error(`only ${recorded} of ${serviceAcks.length} answers were recorded`);
  }
  return {
    answers: serviceAcks.length,
    concurrency,
    answersPerSecond: Math.round(servicePerSecond),
    answersFloorPerSecond: Math.round(floorPerSecond),
    answersRatio: round(servicePerSecond / floorPerSecond, 2),
  };
}

export async function run(options: { quick?: boolean; target?: string | undefined } = {}) {
  const results = [];
  const targets = availableTargets([pgliteMemory, pgliteDisk, postgres]).filter(
    (target) => !options.target || target.name === options.target,
  );
  for (const target of targets) {
    const opened = await target.open();
    const { database } = opened;
    const log = (text: string) => console.log(`  ${target.name.padEnd(14)} ${text}`);
    try {
      await importRegions(database.db, county);
      const generatedMs = await generatePeople(database.db);
      log(`${people} grid workers generated (${round(generatedMs / 1000)} s)`);
      const fanOut = await measureFanOut(database, options.quick ? 2 : 3);
      log(
        `fan-out to ${fanOut.recipients}: ${fanOut.fanOutMs} ms (raw INSERT … SELECT ${fanOut.fanOutFloorMs} ms, ×${fanOut.fanOutRatio})`,
      );
      const concurrency = 64;
      const answers = await measureAnswers(
        database,
        fanOut.warningId,
        options.quick ? 2_000 : 10_000,
        concurrency,
      );
      log(
        `answers: ${answers.answersPerSecond}/s at ${concurrency} in flight (raw UPDATE ${answers.answersFloorPerSecond}/s, ×${answers.answersRatio})`,
      );
      results.push({
        target: target.name,
        people,
        generatedMs: round(generatedMs),
        ...fanOut,
        ...answers,
      });
    } finally {
      await opened.dispose();
    }
  }
  return results;
}
