/**
 * The coverage board (叫应看板): per township → village → grid, who was called, reached,
 * answered, stayed silent, was escalated; the median time to answer; households told and people
 * moved. One grouping-sets query gives every level; the caller sees only their own part.
 */
import ExcelJS from 'exceljs';
import { sql } from 'drizzle-orm';
import {
  deliveryStates,
  postKindNames,
  type CoverageCounts,
  type PostKind,
  type SilentRecipient,
  type WarningCoverage,
} from '@lastmile/shared';
import { queryRows } from '../../db/client';
import { isoTimestamp } from '../../db/sql-helpers';
import { styleHeader } from '../../lib/xlsx';
import type { ServiceContext } from '../../plugins/auth';
import { beijingTime } from './cap-export';
import { assertWarningVisible } from './warnings.service';

interface CountsRow extends CoverageCounts {
  townshipCode: string | null;
  villageCode: string | null;
  gridId: string | null;
  level: number;
  name: string | null;
}

function recipientScope(prefix: string) {
  return prefix.length <= 6 ? sql`true` : sql`r.region_code like ${`${prefix}%`}`;
}

export async function getWarningCoverage(
  ctx: ServiceContext,
  id: string,
): Promise<WarningCoverage> {
  await assertWarningVisible(ctx.db, ctx.actor, id);
  const { db, actor } = ctx;
  const scope = recipientScope(actor.scope.prefix);
  const [rows, silent, doorToDoor, deliveries] = await Promise.all([
    queryRows<CountsRow>(
      db,
      sql`with c as (
            select r.township_code, r.village_code, r.grid_id, grouping(r.township_code, r.village_code, r.grid_id) as level,
              count(*)::int as recipients,
              count(*) filter (where r.reached_at is not null or r.answered_at is not null
                or exists (select 1 from warning_delivery d where d.ack_id = r.id and d.state = 'delivered'))::int as reached,
              count(r.answered_at)::int as answered,
              count(*) filter (where r.answered_at is null and r.state in ('calling', 'escalated'))::int as silent,
              count(r.escalated_at)::int as escalated,
              percentile_cont(0.5) within group (order by extract(epoch from r.answered_at - r.starts_at))
                filter (where r.answered_at is not null) as "medianAnswerSeconds",
              coalesce(sum(r.households_told), 0)::int as "householdsTold",
              coalesce(sum(r.people_moved), 0)::int as "peopleMoved"
            from warning_ack r
            where r.warning_id = ${id} and ${scope}
            group by grouping sets ((), (r.township_code), (r.township_code, r.village_code),
                                    (r.township_code, r.village_code, r.grid_id)))
          select c.township_code as "townshipCode", c.village_code as "villageCode", c.grid_id as "gridId", c.level,
                 c.recipients, c.reached, c.answered, c.silent, c.escalated, c."medianAnswerSeconds",
                 c."householdsTold", c."peopleMoved",
                 coalesce(g.name, case when c.level = 1 then vr.name else tr.name end) as name
          from c
          left join region tr on tr.code = c.township_code
          left join region vr on vr.code = c.village_code
          left join grid g on g.id = c.grid_id and c.level = 0
          order by c.township_code nulls first, c.village_code nulls first, name`,
    ),
    queryRows<SilentRecipient>(
      db,
      sql`select r.id as "ackId", r.person_id as "personId", r.name, r.mobile, r.post_kind as "postKind",
                 r.region_code as "regionCode", rg.name as "regionName", g.name as "gridName", r.state,
                 ${isoTimestamp(sql`r.starts_at`)} as "startsAt",
                 coalesce((select array_agg(e.kind order by e.kind) from warning_escalation e where e.ack_id = r.id),
                          '{}') as escalations
          from warning_ack r join region rg on rg.code = r.region_code left join grid g on g.id = r.grid_id
          where r.warning_id = ${id} and ${scope} and r.answered_at is null and r.state in ('calling', 'escalated')
          order by r.state desc, r.township_code, r.region_code, r.name limit 500`,
    ),
    queryRows<WarningCoverage['doorToDoor'][number]>(
      db,
      sql`select t.id, t.grid_id as "gridId", g.name as "gridName", rg.name as "regionName", t.state,
                 ${isoTimestamp(sql`t.created_at`)} as "createdAt", ${isoTimestamp(sql`t.done_at`)} as "doneAt",
                 (select count(*)::int from household h where h.grid_id = t.grid_id) as households,
                 coalesce(v.visited, 0) as visited, coalesce(v.told, 0) as told,
                 coalesce(v.needs_help, 0) as "needsHelp"
          from warning_task t join grid g on g.id = t.grid_id join region rg on rg.code = t.village_code
          left join lateral (
            select count(*)::int as visited,
                   (count(*) filter (where result in ('told', 'moved')))::int as told,
                   (count(*) filter (where result = 'needsHelp'))::int as needs_help
            from door_to_door_visit where task_id = t.id) v on true
          where t.warning_id = ${id} and ${actor.scope.prefix.length <= 6 ? sql`true` : sql`t.village_code like ${`${actor.scope.prefix}%`}`}
          order by t.village_code, g.name`,
    ),
    queryRows<{ state: string; count: number }>(
      db,
      sql`select d.state, count(*)::int as count from warning_delivery d
          left join warning_ack r on r.id = d.ack_id
          where d.warning_id = ${id} and (d.ack_id is null or ${scope}) group by d.state`,
    ),
  ]);
  return assembleCoverage(id, rows, silent, doorToDoor, deliveries);
}

function counts(row: CountsRow | undefined): CoverageCounts {
  return {
    recipients: row?.recipients ?? 0,
    reached: row?.reached ?? 0,
    answered: row?.answered ?? 0,
    silent: row?.silent ?? 0,
    escalated: row?.escalated ?? 0,
    medianAnswerSeconds:
      row?.medianAnswerSeconds === null || row?.medianAnswerSeconds === undefined
        ? null
        : Math.round(Number(row.medianAnswerSeconds)),
    householdsTold: row?.householdsTold ?? 0,
    peopleMoved: row?.peopleMoved ?? 0,
  };
}

function assembleCoverage(
  warningId: string,
  rows: CountsRow[],
  silent: SilentRecipient[],
  doorToDoor: WarningCoverage['doorToDoor'],
  deliveries: { state: string; count: number }[],
): WarningCoverage {
  // grouping() bits: township 4, village 2, grid 1 — 7 is the total, 3 a township, 1 a village, 0 a grid.
  const townships = rows
    .filter((row) => row.level === 3)
    .map((township) => ({
      ...counts(township),
      code: township.townshipCode!,
      name: township.name ?? township.townshipCode!,
      villages: rows
        .filter(
          (row) => row.level === 1 && row.townshipCode === township.townshipCode && row.villageCode,
        )
        .map((village) => ({
          ...counts(village),
          code: village.villageCode!,
          name: village.name ?? village.villageCode!,
          grids: rows
            .filter(
              (row) => row.level === 0 && row.villageCode === village.villageCode && row.gridId,
            )
            .map((grid) => ({ ...counts(grid), id: grid.gridId!, name: grid.name ?? '' })),
        })),
    }));
  return {
    warningId,
    at: new Date().toISOString(),
    totals: counts(rows.find((row) => row.level === 7)),
    townships,
    silent: silent.map((s) => ({ ...s, escalations: s.escalations ?? [] })),
    doorToDoor,
    deliveries: Object.fromEntries(
      deliveryStates.map((state) => [state, deliveries.find((d) => d.state === state)?.count ?? 0]),
    ) as WarningCoverage['deliveries'],
  };
}

interface ReportRow {
  townshipName: string;
  villageName: string | null;
  gridName: string | null;
  name: string;
  postKind: string;
  mobile: string;
  state: string;
  startsAt: string;
  answeredAt: string | null;
  answerChannel: string | null;
  late: boolean;
  escalations: string[] | null;
  relayedBy: string[] | null;
  householdsTold: number | null;
  peopleMoved: number | null;
  actionsNote: string | null;
}

/** A time as the report prints it: Beijing time, to the second. */
const beijing = (iso: string | null) =>
  iso ? beijingTime(iso).slice(0, 19).replace('T', ' ') : '';

/** The after-event report (叫应情况报告) as a workbook: the board by place, then everyone called. */
export async function exportWarningCoverage(ctx: ServiceContext, id: string): Promise<Buffer> {
  const coverage = await getWarningCoverage(ctx, id);
  const [warning] = await queryRows<{ title: string; sent: string }>(
    ctx.db,
    sql`select coalesce(headline, event) as title, ${isoTimestamp(sql`sent`)} as sent from warning where id = ${id}`,
  );
  const people = await queryRows<ReportRow>(
    ctx.db,
    sql`select tr.name as "townshipName", vr.name as "villageName", g.name as "gridName", r.name, r.post_kind as "postKind",
               r.mobile, r.state, ${isoTimestamp(sql`r.starts_at`)} as "startsAt",
               ${isoTimestamp(sql`r.answered_at`)} as "answeredAt", r.answer_channel as "answerChannel", r.late,
               (select array_agg(e.kind order by e.kind) from warning_escalation e where e.ack_id = r.id) as escalations,
               r.relayed_by as "relayedBy", r.households_told as "householdsTold", r.people_moved as "peopleMoved",
               r.actions_note as "actionsNote"
        from warning_ack r
        join region tr on tr.code = r.township_code
        left join region vr on vr.code = r.village_code
        left join grid g on g.id = r.grid_id
        where r.warning_id = ${id} and ${recipientScope(ctx.actor.scope.prefix)}
        order by r.township_code, r.village_code nulls first, g.name nulls first, r.step, r.name`,
  );
  const workbook = new ExcelJS.Workbook();
  const board = workbook.addWorksheet('叫应情况');
  board.addRow([`${warning!.title}（${beijing(warning!.sent)}）`]);
  styleHeader(
    board.addRow([
      '乡镇',
      '村（社区）',
      '网格',
      '应叫应',
      '已送达',
      '已叫应',
      '未叫应',
      '已升级',
      '中位叫应用时（秒）',
      '告知户数',
      '转移人数',
    ]),
  );
  const line = (place: string[], c: CoverageCounts) =>
    board.addRow([
      ...place,
      c.recipients,
      c.reached,
      c.answered,
      c.silent,
      c.escalated,
      c.medianAnswerSeconds ?? '',
      c.householdsTold,
      c.peopleMoved,
    ]);
  line(['合计', '', ''], coverage.totals);
  for (const township of coverage.townships) {
    line([township.name, '', ''], township);
    for (const village of township.villages) {
      line([township.name, village.name, ''], village);
      for (const grid of village.grids) {
        line([township.name, village.name, grid.name], grid);
      }
    }
  }
  board.columns.forEach((column) => (column.width = 14));
  const sheet = workbook.addWorksheet('叫应名单');
  styleHeader(
    sheet.addRow([
      '乡镇',
      '村（社区）',
      '网格',
      '姓名',
      '岗位',
      '手机',
      '状态',
      '开始叫应',
      '叫应时间',
      '叫应方式',
      '超时',
      '升级',
      '传达方式',
      '告知户数',
      '转移人数',
      '备注',
    ]),
  );
  for (const p of people) {
    sheet.addRow([
      p.townshipName,
      p.villageName ?? '',
      p.gridName ?? '',
      p.name,
      postKindNames[p.postKind as PostKind] ?? p.postKind,
      p.mobile,
      p.state,
      beijing(p.startsAt),
      beijing(p.answeredAt),
      p.answerChannel ?? '',
      p.late ? '是' : '',
      (p.escalations ?? []).join('、'),
      (p.relayedBy ?? []).join('、'),
      p.householdsTold ?? '',
      p.peopleMoved ?? '',
      p.actionsNote ?? '',
    ]);
  }
  sheet.columns.forEach((column) => (column.width = 14));
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
