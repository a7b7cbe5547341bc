/**
 * Demo organisation for a county: every village gets grids and people with invented names, so
 * the staffing report shows compliant places and short ones. Deterministic: the same county
 * always gets the same data. Bulk inserts keep the first `npm start` quick.
 */
import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { GridKind, PostKind } from '@lastmile/shared';
import { queryRows, type Tx } from '../client';
import { insertChunks } from '../sql-helpers';
import * as schema from '../schema';
import { recordAudit } from '../../modules/audit';
import { generator, personName } from './random';

const chineseNumbers = [
  '一',
  '二',
  '三',
  '四',
  '五',
  '六',
  '七',
  '八',
  '九',
  '十',
  '十一',
  '十二',
  '十三',
  '十四',
  '十五',
  '十六',
];
const communityName = /社区|居委会/;

interface Region {
  code: string;
  name: string;
  parentCode: string;
}

export interface DemoOrgResult {
  grids: number;
  people: number;
  posts: number;
  /** Person ids the demo accounts are linked to, by role of the account. */
  links: Partial<Record<'township' | 'village' | 'grid', string>>;
}

export async function seedDemoOrg(
  tx: Tx,
  countyCode: string,
  handoverTime: string,
): Promise<DemoOrgResult> {
  const random = generator(Number(countyCode));
  const county = `${countyCode}000000`;
  const townships = await queryRows<Region>(
    tx,
    sql`select code, name, parent_code as "parentCode" from region where parent_code = ${county} order by code`,
  );
  const villages = await queryRows<Region>(
    tx,
    sql`select code, name, parent_code as "parentCode" from region
        where level = 'village' and code like ${`${countyCode}%`} order by code`,
  );

  const people: (typeof schema.person.$inferInsert)[] = [];
  const posts: (typeof schema.post.$inferInsert)[] = [];
  const grids: (typeof schema.grid.$inferInsert)[] = [];
  const profiles: (typeof schema.regionProfile.$inferInsert)[] = [];
  const shifts: (typeof schema.dutyShift.$inferInsert)[] = [];
  const usedMobiles = new Set<string>();
  const mobile = () => {
    for (;;) {
      const value = `1${random.pick(['33', '35', '37', '38', '39', '50', '52', '58', '59', '77', '80', '86', '87', '89'])}${String(random.int(0, 99_999_999)).padStart(8, '0')}`;
      if (!usedMobiles.has(value)) {
        usedMobiles.add(value);
        return value;
      }
    }
  };
  const newPerson = (regionCode: string) => {
    const id = randomUUID();
    people.push({ id, regionCode, countyCode, name: personName(random), mobile: mobile() });
    return id;
  };
  const hold = (
    personId: string,
    kind: PostKind,
    regionCode: string,
    gridId: string | null = null,
  ) => {
    posts.push({ id: randomUUID(), personId, kind, regionCode, countyCode, gridId });
  };
  const links: DemoOrgResult['links'] = {};

  // Townships: leaders, the office (some short of three), a duty phone and a roster.
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());
  for (const [index, township] of townships.entries()) {
    const secretary = newPerson(township.code);
    const head = newPerson(township.code);
    const inCharge = newPerson(township.code);
    hold(secretary, 'partySecretary', township.code);
    hold(secretary, 'hqCommander', township.code);
    hold(head, 'townshipHead', township.code);
    hold(head, 'hqDeputyCommander', township.code);
    hold(inCharge, 'leaderInCharge', township.code);
    hold(inCharge, 'hqDeputyCommander', township.code);
    const director = newPerson(township.code);
    hold(director, 'officeDirector', township.code);
    if (index === 0) {
      links.township = director;
    }
    // About one township in four has fewer than three office staff.
    const officeSize = index % 4 === 2 ? 2 : random.int(3, 5);
    const office = [director];
    for (let n = 1; n < officeSize; n += 1) {
      const staff = newPerson(township.code);
      hold(
        staff,
        n === 1 ? 'safetySupervisor' : n === 2 ? 'fireSupervisor' : 'officeStaff',
        township.code,
      );
      office.push(staff);
    }
    profiles.push({
      regionCode: township.code,
      countyCode,
      dutyPhone: `0722-4${String(random.int(0, 999_999)).padStart(6, '0')}`,
    });
    const leaders = [secretary, head, inCharge];
    for (let day = -7; day <= 30; day += 1) {
      const date = new Date(
        Date.parse(`${today}T00:00:00+08:00`) + day * 86_400_000 + 8 * 3_600_000,
      )
        .toISOString()
        .slice(0, 10);
      const startsAt = new Date(`${date}T${handoverTime}:00+08:00`);
      shifts.push({
        regionCode: township.code,
        countyCode,
        dutyDate: date,
        startsAt,
        endsAt: new Date(startsAt.getTime() + 86_400_000),
        leaderPersonId: leaders[(day + 21) % leaders.length]!,
        staffPersonIds: [office[(day + 21) % office.length]!],
      });
    }
  }

  // Villages and communities: staff, informant and grids whose households add up.
  for (const [index, village] of villages.entries()) {
    const isCommunity = communityName.test(village.name);
    const households = isCommunity ? random.int(1200, 3600) : random.int(260, 1400);
    const known = index % 9 !== 4;
    profiles.push({
      regionCode: village.code,
      countyCode,
      households: known ? households : null,
      residents: known ? Math.round(households * (isCommunity ? 2.6 : 3.3)) : null,
    });
    const villageHead = newPerson(village.code);
    hold(villageHead, 'villageHead', village.code);
    const staffCount = index % 7 === 3 ? 1 : 2;
    for (let n = 0; n < staffCount; n += 1) {
      const staff = newPerson(village.code);
      hold(staff, 'villageStaff', village.code);
      if (n === 0 && index % 11 !== 5) {
        hold(staff, 'informant', village.code);
      }
      if (index === 0 && n === 0) {
        links.village = staff;
      }
    }
    // Grids: villager groups in villages, 300–500-household blocks in communities.
    // Every fifth community has drawn its blocks too large (over 500 households).
    const count = isCommunity
      ? Math.max(1, Math.round(households / (index % 5 === 1 ? 560 : 420)))
      : random.int(3, 9);
    const kind: GridKind = isCommunity ? 'communityBlock' : 'villagerGroup';
    let left = households;
    for (let n = 0; n < count; n += 1) {
      const share = n === count - 1 ? left : Math.round(households / count) + random.int(-15, 15);
      left -= share;
      // A few villages where the grids do not cover everyone, to show "划全分净".
      const gridHouseholds = index % 13 === 6 && n === 0 ? share - 20 : share;
      const gridId = randomUUID();
      grids.push({
        id: gridId,
        regionCode: village.code,
        countyCode,
        name: isCommunity
          ? `第${chineseNumbers[n] ?? n + 1}网格`
          : `${chineseNumbers[n] ?? n + 1}组`,
        kind,
        households: gridHouseholds,
        residents: Math.round(gridHouseholds * (isCommunity ? 2.6 : 3.3)),
      });
      // The village head leads the first grid; most grids have a worker of their own.
      if (n === 0) {
        hold(villageHead, 'gridHead', village.code, gridId);
      }
      // One village in ten has a grid nobody covers yet.
      if (!(index % 10 === 7 && n === count - 1 && n > 0)) {
        const worker = newPerson(village.code);
        hold(worker, 'gridWorker', village.code, gridId);
        if (index === 0 && n === 0) {
          links.grid = worker;
        }
      }
    }
  }

  await insertChunks(tx, schema.person, people);
  await insertChunks(tx, schema.grid, grids);
  await insertChunks(tx, schema.post, posts);
  await insertChunks(tx, schema.regionProfile, profiles);
  await insertChunks(tx, schema.dutyShift, shifts);
  await insertChunks(tx, schema.expert, demoExperts(countyCode, random, mobile));
  await recordAudit(tx, 'system', {
    action: 'demo.seed',
    entity: 'org',
    entityId: countyCode,
    regionCode: county,
    after: {
      grids: grids.length,
      people: people.length,
      posts: posts.length,
      dutyShifts: shifts.length,
      demo: true,
    },
  });
  return { grids: grids.length, people: people.length, posts: posts.length, links };
}

function demoExperts(
  countyCode: string,
  random: ReturnType<typeof generator>,
  mobile: () => string,
) {
  const pool: [string, string, string][] = [
    ['防汛抗旱', '水利', '县水利局'],
    ['水库大坝安全', '水利', '县水利和湖泊局'],
    ['地质灾害防治', '自然资源', '县自然资源和规划局'],
    ['森林防灭火', '林业', '县林业局'],
    ['危险化学品', '应急管理', '县应急管理局'],
    ['建筑施工安全', '住建', '县住房和城乡建设局'],
    ['燃气安全', '住建', '县城市管理执法局'],
    ['道路交通安全', '交通运输', '县交通运输局'],
    ['气象灾害', '气象', '县气象局'],
    ['医疗救治', '卫生健康', '县人民医院'],
    ['消防救援', '消防', '县消防救援大队'],
    ['农业防灾减灾', '农业农村', '县农业农村局'],
  ];
  return pool.map(([specialty, sector, organisation]) => ({
    countyCode,
    name: personName(random),
    specialty,
    sector,
    organisation,
    mobile: mobile(),
    availability: random.chance(0.85) ? 'available' : 'busy',
  }));
}
