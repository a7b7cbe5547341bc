/**
 * Demo hazards for a county: two to four per village in every state of the closed loop, a few
 * major ones with treatment plans, some past their deadline (the supervision job escalates them
 * on the first start), a public report waiting for review and a summons waiting for the housing
 * department. Each hazard's steps are written to the audit log, so its timeline is complete.
 * Deterministic from the county code; dates are relative to the day the demo is loaded.
 */
import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import {
  type HazardGrade,
  type HazardKind,
  type HazardOrigin,
  type HazardState,
  type Sector,
} from '@lastmile/shared';
import { queryRows, type Tx } from '../client';
import * as schema from '../schema';
import { insertChunks } from '../sql-helpers';
import { recordAuditMany, type AuditChange } from '../../modules/audit';
import { generator, personName } from './random';

/** Kinds, sectors and titles of typical hazards: the demo's, and the benchmark's generated ones. */
export const hazardTemplates: [HazardKind, Sector, string][] = [
  ['fire', 'fireSafety', '疏散通道堆放杂物'],
  ['fire', 'fireSafety', '灭火器过期未更换'],
  ['electrical', 'fireSafety', '电动自行车室内充电'],
  ['electrical', 'housing', '私拉乱接电线'],
  ['gas', 'gas', '液化气瓶与灶具间距不足'],
  ['gas', 'gas', '未安装可燃气体报警器'],
  ['building', 'housing', '自建房墙体开裂'],
  ['construction', 'construction', '脚手架未设安全网'],
  ['roadTraffic', 'roadTransport', '急弯路段缺少警示标志'],
  ['geological', 'geology', '房后边坡有落石'],
  ['flood', 'water', '排水沟堵塞'],
  ['flood', 'water', '山塘溢洪道杂草堵塞'],
  ['forestFire', 'forestry', '林区边缘焚烧秸秆'],
  ['crowd', 'commerce', '集市安全出口上锁'],
];

/** Where each demo hazard stops on the loop, with its weight. */
const stateWeights: [HazardState, number][] = [
  ['reported', 8],
  ['verified', 7],
  ['rejected', 4],
  ['assigned', 12],
  ['rectifying', 14],
  ['submitted', 8],
  ['accepted', 4],
  ['closed', 43],
];
const path: HazardState[] = [
  'reported',
  'verified',
  'assigned',
  'rectifying',
  'submitted',
  'accepted',
  'closed',
];
const actionInto: Partial<Record<HazardState, string>> = {
  verified: 'verify',
  assigned: 'assign',
  rectifying: 'startRectification',
  submitted: 'submit',
  accepted: 'accept',
  closed: 'close',
};

const plan = {
  goal: '彻底消除重大事故隐患，恢复安全生产条件',
  measures: '停用隐患部位，委托有资质单位整改，整改后组织专家复核',
  fundsAndMaterials: '单位自筹整改资金，乡镇协调施工材料',
  people: '单位主要负责人牵头，安全管理人员具体落实，乡镇应急办跟踪督办',
  timeLimit: '90 日内完成',
  safetyMeasures: '设置警戒区域和警示标志，整改期间专人值守，制定应急处置方案并配备应急器材',
};

const day = 86_400_000;
const dateOnly = (at: Date) => new Date(at.getTime() + 8 * 3600_000).toISOString().slice(0, 10);

/**
 * `accounts`: the people the demo grid worker and village staff accounts are linked to, so that
 * the demo village's hazards are their tasks.
 */
export async function seedDemoHazards(
  tx: Tx,
  countyCode: string,
  accounts: { grid?: string | undefined; village?: string | undefined } = {},
  now = new Date(),
) {
  const random = generator(Number(countyCode) + 7);
  const villages = await queryRows<{
    code: string;
    townshipCode: string;
    lon: number | null;
    lat: number | null;
  }>(
    tx,
    sql`select r.code, r.parent_code as "townshipCode", p.centre_lon as lon, p.centre_lat as lat
        from region r left join region_profile p on p.region_code = r.code
        where r.code like ${`${countyCode}%`} and r.level = 'village' order by r.code`,
  );
  const people = await queryRows<{
    kind: string;
    regionCode: string;
    gridId: string | null;
    personId: string;
    name: string;
  }>(
    tx,
    sql`select po.kind, po.region_code as "regionCode", po.grid_id as "gridId", po.person_id as "personId", pe.name
        from post po join person pe on pe.id = po.person_id
        where po.county_code = ${countyCode} and po.kind in ('villageHead', 'villageStaff', 'gridWorker')
        order by po.region_code, po.kind, po.person_id`,
  );
  const units = await queryRows<{ id: string; regionCode: string; sector: Sector; name: string }>(
    tx,
    sql`select id, region_code as "regionCode", sector, name from unit where county_code = ${countyCode} order by region_code, name`,
  );
  const weighted = stateWeights.flatMap(([state, weight]) =>
    Array.from({ length: weight }, () => state),
  );
  const rows: (typeof schema.hazard.$inferInsert)[] = [];
  const audits: AuditChange[] = [];

  villages.forEach((village, index) => {
    const gridWorkers = people.filter(
      (person) => person.kind === 'gridWorker' && person.regionCode === village.code,
    );
    const head = people.find(
      (person) => person.regionCode === village.code && person.kind === 'villageHead',
    );
    const staff = people.find(
      (person) => person.regionCode === village.code && person.kind === 'villageStaff',
    );
    const villageUnits = units.filter((unit) => unit.regionCode === village.code);
    const count = index === 0 ? 6 : random.int(2, 4);
    for (let n = 0; n < count; n++) {
      const [kind, sector, title] = random.pick(hazardTemplates);
      // The demo accounts' own village shows one hazard in each working state, and a major one.
      const state: HazardState =
        index === 0
          ? (['reported', 'assigned', 'rectifying', 'submitted', 'closed', 'assigned'] as const)[n]!
          : random.pick(weighted);
      const major = index === 0 ? n === 5 : random.chance(0.04);
      const grade: HazardGrade = major ? 'major' : 'general';
      const unit = villageUnits.length > 0 && random.chance(0.5) ? random.pick(villageUnits) : null;
      const own =
        index === 0 ? gridWorkers.find((person) => person.personId === accounts.grid) : undefined;
      const worker = own ?? (gridWorkers.length > 0 ? random.pick(gridWorkers) : null);
      const ownAccepter =
        index === 0 ? people.find((person) => person.personId === accounts.village) : undefined;
      const accepter = ownAccepter ?? head ?? staff;
      const created = new Date(now.getTime() - random.int(index === 0 ? 2 : 1, 150) * day);
      // Overdue on purpose: the demo village's major hazard, and about a third of the open ones.
      const late = (index === 0 && n === 5) || random.chance(0.35);
      const assignedAt = new Date(created.getTime() + day);
      const deadline = new Date(
        late
          ? now.getTime() - random.int(2, 20) * day
          : now.getTime() + random.int(3, major ? 80 : 25) * day,
      );
      const reached = state === 'rejected' ? 1 : path.indexOf(state);
      const has = (step: HazardState) => state !== 'rejected' && reached >= path.indexOf(step);
      const origin: HazardOrigin = random.pick([
        'gridPatrol',
        'gridPatrol',
        'officeInspection',
        'unitSelfCheck',
        'publicReport',
      ]);
      const id = randomUUID();
      const finderName =
        origin === 'publicReport' ? '群众举报' : (worker?.name ?? personName(random));
      const closedAt = has('closed')
        ? new Date(Math.min(now.getTime() - day, created.getTime() + random.int(3, 40) * day))
        : null;
      rows.push({
        id,
        number: '',
        regionCode: village.code,
        countyCode,
        gridId: worker?.gridId ?? null,
        unitId: unit?.id ?? null,
        origin,
        kind,
        sector: unit?.sector ?? sector,
        grade,
        standardCode: major
          ? kind === 'gas'
            ? 'gas2023'
            : kind === 'fire' || kind === 'electrical'
              ? 'fire2025'
              : 'other'
          : null,
        title: unit ? `${unit.name}${title}` : title,
        description: `${title}，需限期整改。`,
        lon:
          village.lon === null
            ? null
            : Math.round((village.lon + (random.next() - 0.5) * 0.01) * 1e6) / 1e6,
        lat:
          village.lat === null
            ? null
            : Math.round((village.lat + (random.next() - 0.5) * 0.01) * 1e6) / 1e6,
        state,
        stateChangedAt: closedAt ?? (has('assigned') ? assignedAt : created),
        finderName,
        responsiblePersonId: has('assigned') ? (worker?.personId ?? null) : null,
        responsibleName: has('assigned') ? (worker?.name ?? '单位负责人') : null,
        deadline: has('assigned') ? dateOnly(deadline) : null,
        measures: has('assigned') ? '立即清理整改，落实日常检查' : null,
        temporaryMeasures: has('assigned') ? '设置警示标志' : null,
        acceptanceStandard: has('assigned') ? '隐患消除，现场复查合格' : null,
        accepterPersonId: has('assigned') ? (accepter?.personId ?? null) : null,
        assignedAt: has('assigned') ? assignedAt : null,
        assignedByName: has('assigned') ? '乡镇应急办' : null,
        treatmentPlan: major && has('assigned') ? plan : null,
        rectifiedAt: has('submitted') ? new Date(assignedAt.getTime() + 2 * day) : null,
        rectifiedByName: has('submitted') ? (worker?.name ?? '单位负责人') : null,
        rectificationNote: has('submitted') ? '已按要求整改完毕' : null,
        acceptedAt: has('accepted') ? new Date(assignedAt.getTime() + 3 * day) : null,
        acceptedByName: has('accepted') ? (accepter?.name ?? '村干部') : null,
        closedAt,
        closedByName: closedAt ? '乡镇应急办' : null,
        rejectReason: state === 'rejected' ? '经现场核实不属于安全隐患' : null,
        reportedToCountyAt: major ? created : null,
        createdAt: created,
        updatedAt: closedAt ?? created,
      });
      const steps =
        state === 'rejected' ? (['rejected'] as HazardState[]) : path.slice(1, reached + 1);
      audits.push({
        action: 'hazard.create',
        entity: 'hazard',
        entityId: id,
        regionCode: village.code,
        after: { toState: 'reported', grade, kind, title, origin, photoIds: [], note: '演示数据' },
      });
      let from: HazardState = 'reported';
      for (const step of steps) {
        audits.push({
          action: `hazard.${step === 'rejected' ? 'reject' : actionInto[step]!}`,
          entity: 'hazard',
          entityId: id,
          regionCode: village.code,
          after: {
            fromState: from,
            toState: step,
            note: step === 'rejected' ? '经现场核实不属于安全隐患' : null,
          },
        });
        from = step;
      }
    }
  });
  // Numbers from the same sequence the service uses, so new hazards follow on.
  const numbers = await queryRows<{ n: string }>(
    tx,
    sql`select nextval('hazard_number_seq')::text as n from generate_series(1, ${rows.length})`,
  );
  rows.forEach((row, index) => {
    row.number = `YH${dateOnly(row.createdAt as Date).slice(0, 4)}${numbers[index]!.n.padStart(7, '0')}`;
  });
  await insertChunks(tx, schema.hazard, rows);
  await recordAuditMany(tx, 'system', audits);

  // A summons waiting for the housing department, and a public report waiting for review.
  const building =
    rows.find((row) => row.sector === 'housing' && row.state === 'verified') ??
    rows.find((row) => row.state === 'verified');
  if (building) {
    await tx.execute(
      sql`insert into summons (hazard_id, region_code, county_code, sector, department, state, note, summoned_by_name, respond_by)
          values (${building.id!}, ${building.regionCode}, ${countyCode}, ${building.sector}, '县住房和城乡建设局', 'pending',
            '请住建部门到场指导自建房隐患整改', '乡镇应急办', now() + interval '20 hours')`,
    );
    await recordAuditMany(tx, 'system', [
      {
        action: 'hazard.summon',
        entity: 'hazard',
        entityId: building.id!,
        regionCode: building.regionCode,
        after: { department: '县住房和城乡建设局', note: '请住建部门到场指导自建房隐患整改' },
      },
    ]);
  }
  const first = villages[0];
  if (first) {
    await tx.execute(
      sql`insert into public_report (receipt_code, region_code, county_code, description, address, ip_hash)
          values ('DEMO-0001', ${first.code}, ${countyCode}, '村口小卖部门前堆放大量液化气瓶，无人看管', '村口小卖部', 'demo')`,
    );
  }
  return { hazards: rows.length };
}
