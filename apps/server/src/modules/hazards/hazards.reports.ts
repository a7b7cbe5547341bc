/**
 * Hazard statistics (隐患统计) by area and by kind, sector, grade, state and origin, with the
 * closure rate and median days to close per area; the hazard ledger (隐患台账) and the major-hazard
 * circular (重大隐患通报) as streamed Excel.
 */
import { sql } from 'drizzle-orm';
import {
  ancestorCode,
  hazardLabels,
  ledgerLabels,
  regionPrefixLength,
  type HazardFilters,
  type HazardStats,
} from '@lastmile/shared';
import type { Readable } from 'node:stream';
import { queryRows } from '../../db/client';
import { col, shanghaiDate, startSheet, streamWorkbook, type Cell } from '../../lib/xlsx';
import type { ServiceContext } from '../../plugins/auth';
import { resolveRegion, subtreePrefix } from '../org';
import { childLevel } from '../units';
import { hazardLedgerBatches, type HazardLedgerRow } from './hazards.repository';
import { hazardFilterCondition } from './hazards.service';
import { effectiveHazardSettings } from './settings.service';

const zh = hazardLabels['zh-CN'];

export async function getHazardStats(
  ctx: ServiceContext,
  query: { regionCode?: string | undefined; from?: string | undefined; to?: string | undefined },
): Promise<HazardStats> {
  const region = await resolveRegion(
    ctx.db,
    ctx.actor.scope,
    query.regionCode ?? ctx.actor.scope.regionCode,
  );
  const condition = await hazardFilterCondition(ctx, {
    regionCode: region.code,
    from: query.from,
    to: query.to,
  });
  // A village has no children: it is its own single area.
  const level = region.level === 'village' ? null : childLevel[region.level];
  const length = level ? regionPrefixLength[level] : 12;
  const areas = await queryRows<HazardStats['byArea'][number]>(
    ctx.db,
    sql`with counts as (
          select rpad(substr(h.region_code, 1, ${length}), 12, '0') as code,
            count(*)::int as total,
            count(*) filter (where h.state not in ('closed', 'rejected', 'merged'))::int as open,
            count(*) filter (where h.state = 'closed')::int as closed,
            count(*) filter (where h.state in ('assigned', 'rectifying')
              and h.deadline < (now() at time zone 'Asia/Shanghai')::date)::int as overdue,
            count(*) filter (where h.grade = 'major')::int as major,
            count(*) filter (where h.state not in ('rejected', 'merged'))::int as closable,
            percentile_cont(0.5) within group (order by extract(epoch from h.closed_at - h.created_at) / 86400)
              filter (where h.state = 'closed') as median
          from hazard h where ${condition} group by 1)
        select r.code, r.name, coalesce(c.total, 0) as total, coalesce(c.open, 0) as open,
          coalesce(c.closed, 0) as closed, coalesce(c.overdue, 0) as overdue, coalesce(c.major, 0) as major,
          case when coalesce(c.closable, 0) = 0 then null else round(c.closed::numeric / c.closable, 4)::float8 end as "closureRate",
          round(c.median::numeric, 1)::float8 as "medianDaysToClose"
        from region r left join counts c on c.code = r.code
        where ${level ? sql`r.parent_code = ${region.code}` : sql`r.code = ${region.code}`}
        order by r.code`,
  );
  const countBy = (column: string) =>
    queryRows<{ key: string; count: number }>(
      ctx.db,
      sql`select ${sql.raw(`h.${column}`)} as key, count(*)::int as count from hazard h where ${condition}
          group by 1 order by 2 desc, 1`,
    );
  const [byState, byGrade, byKind, bySector, byOrigin] = await Promise.all(
    ['state', 'grade', 'kind', 'sector', 'origin'].map(countBy),
  );
  const sum = (pick: (row: HazardStats['byArea'][number]) => number) =>
    areas.reduce((total, row) => total + pick(row), 0);
  return {
    regionCode: region.code,
    total: sum((row) => row.total),
    open: sum((row) => row.open),
    overdue: sum((row) => row.overdue),
    byArea: areas,
    byState: byState!,
    byGrade: byGrade!,
    byKind: byKind!,
    bySector: bySector!,
    byOrigin: byOrigin!,
  };
}

const ledgerColumns = [
  col('序号', 6),
  col('隐患编号', 16),
  col('乡镇(街道)'),
  col('村(社区)', 14),
  col('单位', 22),
  col('隐患名称', 28),
  col('来源', 10),
  col('类别', 10),
  col('行业领域', 12),
  col('等级', 10),
  col('状态', 10),
  col('发现人', 10),
  col('发现时间', 12),
  col('整改责任人', 12),
  col('整改时限', 12),
  col('整改措施', 30),
  col('验收人', 10),
  col('是否逾期', 8),
  col('督办级别', 8),
  col('销号时间', 12),
];

const dateOf = (iso: string | null) => (iso ? shanghaiDate(new Date(iso)) : null);

function ledgerCells(row: HazardLedgerRow, regionNames: Map<string, string>): Cell[] {
  const townshipCode = ancestorCode(row.regionCode, 'township');
  return [
    row.number,
    regionNames.get(townshipCode) ?? null,
    row.regionCode === townshipCode ? null : (regionNames.get(row.regionCode) ?? null),
    row.unitName,
    row.title,
    zh.origin[row.origin],
    zh.kind[row.kind],
    ledgerLabels['zh-CN'].sector[row.sector],
    zh.grade[row.grade],
    zh.state[row.state],
    row.finderName,
    dateOf(row.createdAt),
    row.assigned ? row.responsibleName : null,
    row.assigned ? row.deadline : null,
    row.assigned ? row.measures : null,
    row.assigned ? row.accepterName : null,
    row.overdue ? '逾期' : '否',
    row.supervisionLevel || null,
    dateOf(row.closedAt),
  ];
}

/**
 * 隐患台账: every hazard matching the filters, streamed. Rows are read in narrow batches and the
 * place names come from one read of the region's subtree, not a lookup per row.
 */
export async function exportHazards(
  ctx: ServiceContext,
  filters: HazardFilters,
): Promise<{ stream: Readable; filename: string }> {
  const region = await resolveRegion(
    ctx.db,
    ctx.actor.scope,
    filters.regionCode ?? ctx.actor.scope.regionCode,
  );
  const condition = await hazardFilterCondition(ctx, { ...filters, regionCode: region.code });
  const names = await queryRows<{ code: string; name: string }>(
    ctx.db,
    sql`select code, name from region where code like ${`${subtreePrefix(region)}%`}
          and level in ('township', 'village')`,
  );
  const regionNames = new Map(names.map((row) => [row.code, row.name]));
  const title = `${region.name}隐患排查治理台账`;
  const stream = streamWorkbook(async (workbook) => {
    const sheet = startSheet(workbook, '隐患台账', title, ledgerColumns);
    for await (const rows of hazardLedgerBatches(ctx.db, condition)) {
      await sheet.addRows(rows.map((row) => ledgerCells(row, regionNames)));
    }
    sheet.done();
  });
  return { stream, filename: `${title}-${shanghaiDate(new Date()).replace(/\//g, '')}.xlsx` };
}

const circularColumns = [
  col('序号', 6),
  col('隐患编号', 16),
  col('所在地', 20),
  col('单位', 22),
  col('重大隐患', 30),
  col('判定标准', 30),
  col('交办日期', 12),
  col('整改责任人', 12),
  col('整改时限', 12),
  col('状态', 10),
  col('逾期天数', 8),
  col('督办级别', 8),
  col('销号日期', 12),
];

/**
 * 重大隐患通报 (一单四制 通报制): the open major hazards as of a date, overdue ones first with
 * how many days, then those closed; a title with the counts heads the sheet.
 */
export async function exportMajorHazardCircular(
  ctx: ServiceContext,
  query: { regionCode?: string | undefined; asOf?: string | undefined },
): Promise<{ stream: Readable; filename: string }> {
  const region = await resolveRegion(
    ctx.db,
    ctx.actor.scope,
    query.regionCode ?? ctx.actor.scope.regionCode,
  );
  const asOf = query.asOf ?? new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
  const settings = await effectiveHazardSettings(ctx.db, region.code);
  const standards = new Map(settings.standards.map((standard) => [standard.code, standard.name]));
  const rows = await queryRows<{
    number: string;
    place: string;
    unitName: string | null;
    title: string;
    standardCode: string | null;
    assignedAt: string | null;
    responsible: string | null;
    deadline: string | null;
    state: keyof typeof zh.state;
    daysOverdue: number | null;
    supervisionLevel: number;
    closedAt: string | null;
  }>(
    ctx.db,
    sql`select * from (select h.number, concat_ws(' ', p.name, r.name) as place, u.name as "unitName", h.title,
          h.standard_code as "standardCode", to_char(h.assigned_at at time zone 'Asia/Shanghai', 'YYYY-MM-DD') as "assignedAt",
          coalesce(rp.name, h.responsible_name) as responsible, to_char(h.deadline, 'YYYY-MM-DD') as deadline,
          h.state,
          case when h.state in ('assigned', 'rectifying') and h.deadline < ${asOf}::date
            then (${asOf}::date - h.deadline) end as "daysOverdue",
          h.supervision_level as "supervisionLevel",
          to_char(h.closed_at at time zone 'Asia/Shanghai', 'YYYY-MM-DD') as "closedAt"
        from hazard h join region r on r.code = h.region_code left join region p on p.code = r.parent_code
          left join unit u on u.id = h.unit_id left join person rp on rp.id = h.responsible_person_id
        where h.grade = 'major' and h.region_code like ${`${subtreePrefix(region)}%`}
          and h.region_code like ${`${ctx.actor.scope.prefix}%`}
          and h.state not in ('rejected', 'merged')
          and h.created_at < (${asOf}::date + 1)::timestamp at time zone 'Asia/Shanghai') c
        order by ("daysOverdue" is null), "daysOverdue" desc, state = 'closed', deadline nulls last, number`,
  );
  const overdue = rows.filter((row) => row.daysOverdue !== null).length;
  const open = rows.filter((row) => row.state !== 'closed').length;
  const title = `${region.name}重大事故隐患通报（截至${asOf}）`;
  const summary = `重大隐患共 ${rows.length} 项，已销号 ${rows.length - open} 项，未销号 ${open} 项，其中逾期未整改 ${overdue} 项。`;
  const stream = streamWorkbook(async (workbook) => {
    const sheet = startSheet(workbook, '重大隐患通报', title, circularColumns);
    for (const row of rows) {
      sheet.add([
        row.number,
        row.place,
        row.unitName,
        row.title,
        row.standardCode ? (standards.get(row.standardCode) ?? row.standardCode) : null,
        row.assignedAt,
        row.responsible,
        row.deadline,
        zh.state[row.state],
        row.daysOverdue,
        row.supervisionLevel || null,
        row.closedAt,
      ]);
    }
    sheet.add([summary]);
    sheet.done();
  });
  return { stream, filename: `${title}.xlsx` };
}
