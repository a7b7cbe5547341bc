/**
 * 督办: the durable job that keeps hazards from being forgotten. Once a hazard's deadline has
 * passed (the end of that day, Asia/Shanghai) and rectification is not submitted, each rung of
 * the county's ladder is told in turn at its offset: the responsible person, then the
 * township's leader in charge (分管领导) and office, then the county office. A summons nobody
 * answered in time is passed to the county office. `now` is a parameter so tests can move time.
 */
import { sql } from 'drizzle-orm';
import { ancestorCode, supervisionRungs, type SupervisionRung } from '@lastmile/shared';
import { queryRows, type Db, type Executor } from '../../db/client';
import { recordAudit } from '../audit';
import { notify, type NoticeRecipient } from '../channels';
import { effectiveHazardSettings } from './settings.service';

interface OverdueRow {
  id: string;
  number: string;
  title: string;
  regionCode: string;
  countyCode: string;
  responsiblePersonId: string | null;
  deadline: string;
  supervisionLevel: number;
}

/** The calendar date in Asia/Shanghai of an instant. */
export function shanghaiDate(at: Date): string {
  return new Date(at.getTime() + 8 * 3600_000).toISOString().slice(0, 10);
}

/** Hours from the end of the deadline day (Asia/Shanghai) to `now`. */
export function hoursOverdue(deadline: string, now: Date): number {
  const end = Date.parse(`${deadline}T24:00:00+08:00`);
  return (now.getTime() - end) / 3600_000;
}

const townshipOf = (code: string) => ancestorCode(code, 'township');
const countyOf = (code: string) => ancestorCode(code, 'county');

async function rungRecipients(
  db: Executor,
  rung: SupervisionRung,
  row: OverdueRow,
): Promise<NoticeRecipient[]> {
  switch (rung) {
    case 'responsible':
      return row.responsiblePersonId
        ? [{ personId: row.responsiblePersonId }]
        : [{ officeRegionCode: townshipOf(row.regionCode) }];
    case 'townshipLeader': {
      const leaders = await queryRows<{ personId: string }>(
        db,
        sql`select distinct person_id as "personId" from post
            where region_code = ${townshipOf(row.regionCode)} and kind = 'leaderInCharge'`,
      );
      return [
        ...leaders.map((leader) => ({ personId: leader.personId })),
        { officeRegionCode: townshipOf(row.regionCode) },
      ];
    }
    case 'county':
      return [{ officeRegionCode: countyOf(row.regionCode) }];
  }
}

const rungTitles: Record<SupervisionRung, string> = {
  responsible: '隐患整改逾期提醒',
  townshipLeader: '隐患逾期督办（乡镇分管领导）',
  county: '隐患逾期督办（县级）',
};

/** One pass of the ladder; returns how many notices went up. */
export async function superviseOverdueHazards(db: Db, now = new Date()): Promise<number> {
  const today = shanghaiDate(now);
  const candidates = await queryRows<OverdueRow>(
    db,
    sql`select id, number, title, region_code as "regionCode", county_code as "countyCode",
          responsible_person_id as "responsiblePersonId", to_char(deadline, 'YYYY-MM-DD') as deadline,
          supervision_level as "supervisionLevel"
        from hazard
        where state in ('assigned', 'rectifying') and deadline < ${today}::date
          and supervision_level < ${supervisionRungs.length}
        order by county_code, deadline
        limit 5000`,
  );
  const settingsByCounty = new Map<string, Awaited<ReturnType<typeof effectiveHazardSettings>>>();
  let sent = 0;
  for (const row of candidates) {
    let settings = settingsByCounty.get(row.countyCode);
    if (!settings) {
      settings = await effectiveHazardSettings(db, row.regionCode);
      settingsByCounty.set(row.countyCode, settings);
    }
    const hours = hoursOverdue(row.deadline, now);
    const due = supervisionRungs.filter((rung) => hours >= settings.supervisionHours[rung]).length;
    if (due <= row.supervisionLevel) {
      continue;
    }
    await db.transaction(async (tx) => {
      // Another instance may have moved it meanwhile: take it only if the level is unchanged.
      const [claimed] = await queryRows<{ id: string }>(
        tx,
        sql`update hazard set supervision_level = ${due}, updated_at = now()
            where id = ${row.id} and supervision_level = ${row.supervisionLevel}
              and state in ('assigned', 'rectifying')
            returning id`,
      );
      if (!claimed) {
        return;
      }
      for (const rung of supervisionRungs.slice(row.supervisionLevel, due)) {
        await notify(tx, await rungRecipients(tx, rung, row), {
          kind: `hazard.supervise.${rung}`,
          title: rungTitles[rung],
          body: `${row.number} ${row.title}：整改时限 ${row.deadline} 已过，逾期 ${Math.max(1, Math.ceil(hours / 24))} 天`,
          entity: 'hazard',
          entityId: row.id,
          regionCode: row.regionCode,
        });
        sent += 1;
      }
      await recordAudit(tx, 'system', {
        action: 'hazard.supervise',
        entity: 'hazard',
        entityId: row.id,
        regionCode: row.regionCode,
        after: {
          level: due,
          rungs: supervisionRungs.slice(row.supervisionLevel, due),
          deadline: row.deadline,
          hoursOverdue: Math.floor(hours),
        },
      });
    });
  }
  return sent;
}

/** Summons left unanswered past their time go to the county office. */
export async function escalateSilentSummons(db: Db, now = new Date()): Promise<number> {
  const silent = await queryRows<{
    id: string;
    hazardId: string;
    regionCode: string;
    department: string;
    number: string;
    title: string;
  }>(
    db,
    sql`select s.id, s.hazard_id as "hazardId", s.region_code as "regionCode", s.department,
          h.number, h.title
        from summons s join hazard h on h.id = s.hazard_id
        where s.state = 'pending' and s.respond_by < ${now.toISOString()}::timestamptz
        order by s.respond_by limit 5000`,
  );
  let escalated = 0;
  for (const summons of silent) {
    await db.transaction(async (tx) => {
      const [claimed] = await queryRows<{ id: string }>(
        tx,
        sql`update summons set state = 'escalated', escalated_at = ${now.toISOString()}::timestamptz
            where id = ${summons.id} and state = 'pending' returning id`,
      );
      if (!claimed) {
        return;
      }
      await notify(tx, [{ officeRegionCode: countyOf(summons.regionCode) }], {
        kind: 'summons.escalated',
        title: '吹哨超时未报到',
        body: `${summons.department}未在时限内对 ${summons.number} ${summons.title} 报到`,
        entity: 'hazard',
        entityId: summons.hazardId,
        regionCode: summons.regionCode,
      });
      await recordAudit(tx, 'system', {
        action: 'hazard.escalateSummons',
        entity: 'hazard',
        entityId: summons.hazardId,
        regionCode: summons.regionCode,
        after: { summonsId: summons.id, department: summons.department },
      });
      escalated += 1;
    });
  }
  return escalated;
}
