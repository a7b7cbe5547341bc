/**
 * Hazard statistics (隐患统计) by area and by kind, sector, grade, state and origin, with the
 * closure rate and median days to close per area; the hazard ledger (隐患台账) and the major-hazard
 * circular (重大隐患通报) as streamed Excel.
 */
import { sql, type SQL } from 'drizzle-orm';
import {
  ancestorCode,
  hazardLabels,
  ledgerLabels,
  regionPrefixLength,
  type HazardFilters,
  type HazardStats,
} from '@lastmile/shared';
import type { Readable } from 'node:stream';
import { queryRows, type Executor } from '../../db/client';
import { col, shanghaiDate, startSheet, streamWorkbook, type Cell } from '../../lib/xlsx';
import type { ServiceContext } from '../../plugins/auth';
import { resolveRegion, subtreePrefix } from '../org';
import { childLevel } from '../units';
import { hazardCondition, hazardLedgerBatches, type HazardLedgerRow } from './hazards.repository';
import { hazardFilterCondition } from './hazards.service';
import { effectiveHazardSettings } from './settings.service';

const zh = hazardLabels['zh-CN'];

/** One count of the tally: hazards of an area under one key of one dimension. */
interface TallyRow {
  code: string;
  dimension: 'state' | 'grade' | 'kind' | 'sector' | 'origin' | 'closeDays';
  key: string;
  count: number;
}

const notOpen = new Set(['closed', 'rejected', 'merged']);

/**
 * The median of whole-day buckets (`closeDays`), interpolated inside the bucket the middle falls
 * in (the grouped-data median): within a day of the exact one, and computable from counts alone.
 */
export function medianOfDays(buckets: Map<number, number>): number | null {
  const total = [...buckets.values()].reduce((sum, n) => sum + n, 0);
  if (total === 0) {
    return null;
  }
  let before = 0;
  for (const day of [...buckets.keys()].sort((a, b) => a - b)) {
    const n = buckets.get(day)!;
    if (before + n >= total / 2) {
      return Math.round((day + (total / 2 - before) / n) * 10) / 10;
    }
    before += n;
  }
  return null;
}

/**
 * 隐患统计: counts by area (the region's children) and by state, grade, kind, sector and origin,
 * closure rate and median days to close. Undated, it reads the running tally (`hazard_tally`,
 * kept by a trigger, ADR 0012): a county or wider reads its townships' rows (each township's row
 * holds its villages' hazards too), a township its own row and its villages'. Overdue depends on
 * today: past months' open hazards come from the tally by the month of their deadline, this
 * month's are counted live. With a period, it counts the period's hazards under the same keys.
 */
export async function getHazardStats(
  ctx: ServiceContext,
  query: { regionCode?: string | undefined; from?: string | undefined; to?: string | undefined },
): Promise<HazardStats> {
  const region = await resolveRegion(
    ctx.db,
    ctx.actor.scope,
    query.regionCode ?? ctx.actor.scope.regionCode,
  );
  const prefix = subtreePrefix(region);
  const dated = query.from !== undefined || query.to !== undefined;
  const condition = hazardCondition(ctx.actor.scope, {
    prefix,
    createdFrom: query.from,
    createdTo: query.to,
  });
  // A village has no children: it is its own single area.
  const level = region.level === 'village' ? null : childLevel[region.level];
  const length = level ? regionPrefixLength[level] : 12;
  // Rows are counted per region code first (in index order, no expression per row), then
  // folded into areas.
  const area = sql.raw(`rpad(substr(code, 1, ${length}), 12, '0')`);
  const today = sql`(now() at time zone 'Asia/Shanghai')::date`;
  // The tally rows that hold the region's hazards: a village's own; a township's own (its whole)
  // and its villages' (its areas: only what the area rows show); above a township, its
  // townships' (both whole and areas), looked up by key.
  const inScope = sql`t.region_code like ${`${ctx.actor.scope.prefix}%`}`;
  const tallyRows =
    region.level === 'village'
      ? sql`${inScope} and t.region_code = ${region.code}`
      : region.level === 'township'
        ? sql`${inScope} and t.region_code like ${`${prefix}%`}
                and (t.region_code = ${region.code} or t.dimension in ('state', 'grade', 'closeDays', 'due'))`
        : sql`${inScope} and t.region_code = any(array(select r.code from region r
                where r.level = 'township' and r.code like ${`${prefix}%`}))`;
  const open = sql`h.state in ('assigned', 'rectifying')`;
  // Overdue hazards counted live: the period's, or (undated) this month's, the tally has the rest.
  const overdueLive = (since: SQL) =>
    sql`select h.region_code as code, count(*) as count from hazard h
        where ${condition} and ${open} and h.deadline < ${today} ${since}
        group by 1`;
  const [tally, overdue, areas] = await Promise.all([
    queryRows<TallyRow>(
      ctx.db,
      sql`select ${area} as code, dimension, key, sum(count)::int as count from (${
        dated
          ? sql`select h.region_code as code, k.dimension, k.key, count(*) as count
                from hazard h cross join lateral hazard_tally_keys(h.state, h.grade, h.kind, h.sector, h.origin,
                  h.deadline, h.created_at, h.closed_at) k
                where ${condition} and k.dimension <> 'due' group by 1, 2, 3`
          : sql`select t.region_code as code, t.dimension, t.key, t.count from hazard_tally t
                where ${tallyRows} and t.dimension <> 'due' and t.count <> 0`
      }) counts
          group by 1, 2, 3`,
    ),
    queryRows<{ code: string; count: number }>(
      ctx.db,
      sql`select ${area} as code, sum(count)::int as count from (${
        dated
          ? overdueLive(sql``)
          : sql`select t.region_code as code, t.count from hazard_tally t
                where ${tallyRows} and t.dimension = 'due' and t.key < to_char(${today}, 'YYYY-MM')
                union all
                ${overdueLive(sql`and h.deadline >= date_trunc('month', ${today})::date`)}`
      }) counts
          group by 1`,
    ),
    queryRows<{ code: string; name: string }>(
      ctx.db,
      sql`select r.code, r.name from region r
          where ${level ? sql`r.parent_code = ${region.code}` : sql`r.code = ${region.code}`} order by r.code`,
    ),
  ]);
  // In a township's undated view its own row is the whole and its villages' rows the areas;
  // otherwise every row counts towards both.
  const whole = (code: string) => dated || region.level !== 'township' || code === region.code;
  const overdueByArea = new Map(overdue.map((row) => [row.code, row.count]));
  const byArea = new Map(
    areas.map(({ code, name }) => [
      code,
      {
        code,
        name,
        total: 0,
        open: 0,
        closed: 0,
        overdue: overdueByArea.get(code) ?? 0,
        major: 0,
        closable: 0,
        days: new Map<number, number>(),
      },
    ]),
  );
  const byDimension = new Map<TallyRow['dimension'], Map<string, number>>();
  for (const row of tally) {
    if (whole(row.code)) {
      const counts = byDimension.get(row.dimension) ?? new Map<string, number>();
      byDimension.set(row.dimension, counts.set(row.key, (counts.get(row.key) ?? 0) + row.count));
    }
    const entry = byArea.get(row.code);
    if (!entry) {
      continue;
    }
    if (row.dimension === 'state') {
      entry.total += row.count;
      entry.open += notOpen.has(row.key) ? 0 : row.count;
      entry.closed += row.key === 'closed' ? row.count : 0;
      entry.closable += row.key === 'rejected' || row.key === 'merged' ? 0 : row.count;
    } else if (row.dimension === 'grade' && row.key === 'major') {
      entry.major += row.count;
    } else if (row.dimension === 'closeDays') {
      entry.days.set(Number(row.key), row.count);
    }
  }
  const rows = [...byArea.values()].map(({ closable, days, ...entry }) => ({
    ...entry,
    closureRate: closable === 0 ? null : Math.round((entry.closed / closable) * 10_000) / 10_000,
    medianDaysToClose: medianOfDays(days),
  }));
  const countsOf = (dimension: TallyRow['dimension']) =>
    [...(byDimension.get(dimension) ?? new Map<string, number>())]
      .filter(([, count]) => count !== 0)
      .map(([key, count]) => ({ key, count }))
      .sort((a, b) => b.count - a.count || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  const sum = (pick: (row: (typeof rows)[number]) => number) =>
    rows.reduce((total, row) => total + pick(row), 0);
  return {
    regionCode: region.code,
    total: sum((row) => row.total),
    open: sum((row) => row.open),
    overdue: sum((row) => row.overdue),
    byArea: rows,
    byState: countsOf('state'),
    byGrade: countsOf('grade'),
    byKind: countsOf('kind'),
    bySector: countsOf('sector'),
    byOrigin: countsOf('origin'),
  };
}

/**
 * Recounts the tally from the hazards (the SQL function `hazard_tally_rebuild`, migration 0009):
 * after a bulk load that bypassed triggers (the data generator), or to repair it. Returns the
 * number of tally rows.
 */
export async function rebuildHazardTally(db: Executor): Promise<number> {
  const [row] = await queryRows<{ count: number }>(db, sql`select hazard_tally_rebuild() as count`);
  return row!.count;
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
