/**
 * Ledger exports (台账导出) as .xlsx, streamed: rows are read in keyset batches and written as
 * they come, so a county's whole ledger never sits in memory. Paper layout: a title row, then
 * the header, then one row per record.
 */
import type ExcelJS from 'exceljs';
import {
  hazardSourceKinds,
  ledgerLabels,
  riskPointKinds,
  riskPointStatuses,
  unitStatuses,
  type HazardSource,
  type PersonRef,
  type RiskPoint,
  type Unit,
} from '@lastmile/shared';
import type { Readable } from 'node:stream';
import type { z } from 'zod';
import type { exportLedgerQuery } from '@lastmile/shared';
import { AppError } from '../../errors';
import {
  col,
  shanghaiDate,
  startSheet,
  streamWorkbook,
  type Cell,
} from '../../lib/xlsx';
import type { ServiceContext } from '../../plugins/auth';
import { resolveRegion } from '../org';
import {
  getHazardSourceStats,
  hazardSourceFilterCondition,
  hazardSourceRowBatches,
  toUnits,
  unitFilterCondition,
  unitRowBatches,
} from '../units';
import { riskPointRowBatches } from './risks.repository';
import { riskPointFilterCondition } from './risks.service';

type ExportQuery = z.infer<typeof exportLedgerQuery>;
const zh = ledgerLabels['zh-CN'];

const yesNo = (value: boolean) => (value ? '是' : '否');
const personCell = (person: PersonRef | null) =>
  person ? `${person.name} ${person.mobile}` : null;
const oneOf = <T extends string>(
  values: readonly T[],
  value: string | undefined,
  field: string,
) => {
  if (value !== undefined && !values.includes(value as T)) {
    throw new AppError('VALIDATION_FAILED', 400, { [field]: `one of ${values.join(', ')}` });
  }
  return value as T | undefined;
};

const unitColumns = [
  col('序号', 6),
  col('乡镇(街道)'),
  col('村(社区)', 16),
  col('单位名称', 28),
  col('统一社会信用代码', 22),
  col('地址', 28),
  col('行业领域'),
  col('单位类别', 16),
  col('九小场所', 8),
  col('监管部门', 18),
  col('法定代表人'),
  col('安全负责人'),
  col('联系电话', 14),
  col('从业人数', 8),
  col('经营状态', 8),
  col('危险源数', 8),
  col('经度'),
  col('纬度'),
  col('备注', 24),
];
const unitCells = (unit: Unit): Cell[] => [
  unit.townshipName,
  unit.regionCode === unit.townshipCode ? null : unit.regionName,
  unit.name,
  unit.creditCode,
  unit.address,
  zh.sector[unit.sector],
  unit.categoryName,
  yesNo(unit.smallVenue),
  unit.supervisingDepartment,
  unit.legalRepresentative,
  unit.safetyContact,
  unit.safetyContactPhone,
  unit.employees,
  zh.unitStatus[unit.status],
  unit.hazardSources,
  unit.location?.lon ?? null,
  unit.location?.lat ?? null,
  unit.notes,
];

const hazardSourceColumns = [
  col('序号', 6),
  col('乡镇(街道)'),
  col('村(社区)', 16),
  col('所属单位', 26),
  col('危险源名称', 22),
  col('危险源类别', 16),
  col('重大危险源', 8),
  col('级别', 6),
  col('危险物质', 18),
  col('数量(储量)', 12),
  col('责任人'),
  col('联系电话', 14),
  col('管控措施', 30),
  col('监测监控', 20),
  col('经度'),
  col('纬度'),
];
const gradeNames = ['', '一级', '二级', '三级', '四级'];
const hazardSourceCells = (source: HazardSource): Cell[] => [
  source.townshipName,
  source.regionCode === source.townshipCode ? null : source.regionName,
  source.unitName,
  source.name,
  zh.hazardSourceKind[source.kind],
  yesNo(source.major),
  source.majorGrade ? gradeNames[source.majorGrade]! : null,
  source.substances,
  source.quantity,
  source.responsiblePerson,
  source.responsiblePhone,
  source.controlMeasures,
  source.monitoring,
  source.location?.lon ?? null,
  source.location?.lat ?? null,
];

const riskPointColumns = [
  col('序号', 6),
  col('乡镇(街道)'),
  col('村(社区)', 16),
  col('网格'),
  col('风险点名称', 24),
  col('风险点类型', 14),
  col('风险等级', 10),
  col('经度'),
  col('纬度'),
  col('威胁户数', 8),
  col('威胁人数', 8),
  col('乡镇责任人', 18),
  col('村级责任人', 18),
  col('网格责任人', 18),
  col('管控措施', 30),
  col('监测方式', 18),
  col('下次复核日期', 12),
  col('复核逾期', 8),
  col('状态', 8),
  col('备注', 24),
];
const riskPointCells = (point: RiskPoint): Cell[] => [
  point.townshipName,
  point.regionCode === point.townshipCode ? null : point.regionName,
  point.gridName,
  point.name,
  zh.riskPointKind[point.kind],
  zh.riskLevel[point.level],
  point.location.lon,
  point.location.lat,
  point.threatenedHouseholds,
  point.threatenedPeople,
  personCell(point.responsible.township),
  personCell(point.responsible.village),
  personCell(point.responsible.grid),
  point.controlMeasures,
  point.monitoringMethod,
  point.nextReviewOn,
  yesNo(point.reviewOverdue),
  zh.riskPointStatus[point.status],
  point.notes,
];

const ledgerTitles = {
  units: '生产经营单位台账',
  hazardSources: '危险源台账',
  hazardSourceStats: '重点危险源情况统计表',
  riskPoints: '风险点台账',
} as const;

/**
 * Checks the query (scope, region, filter values) before anything is sent, then streams the
 * workbook. Returns the stream and the file name.
 */
export async function exportLedger(
  ctx: ServiceContext,
  query: ExportQuery,
): Promise<{ stream: Readable; filename: string }> {
  const region = await resolveRegion(
    ctx.db,
    ctx.actor.scope,
    query.regionCode ?? ctx.actor.scope.regionCode,
  );
  const filters = { ...query, regionCode: region.code };
  const title = `${region.name}${ledgerTitles[query.ledger]}`;
  const filename = `${title}-${shanghaiDate(new Date()).replace(/\//g, '')}.xlsx`;
  let write: (workbook: ExcelJS.stream.xlsx.WorkbookWriter) => Promise<void>;
  switch (query.ledger) {
    case 'units': {
      const condition = await unitFilterCondition(ctx, {
        ...filters,
        status: oneOf(unitStatuses, query.status, 'status'),
      });
      write = async (workbook) => {
        const sheet = startSheet(workbook, '单位台账', title, unitColumns);
        for await (const rows of unitRowBatches(ctx.db, condition)) {
          await sheet.addRows((await toUnits(ctx.db, rows)).map(unitCells));
        }
        sheet.done();
      };
      break;
    }
    case 'hazardSources':
    case 'hazardSourceStats': {
      const condition = await hazardSourceFilterCondition(ctx, {
        ...filters,
        kind: oneOf(hazardSourceKinds, query.kind, 'kind'),
      });
      const stats =
        query.ledger === 'hazardSourceStats' ? await getHazardSourceStats(ctx, region.code) : null;
      write = async (workbook) => {
        if (stats) {
          writeStats(workbook, title, stats);
        }
        const sheet = startSheet(
          workbook,
          stats ? '明细' : '危险源台账',
          title,
          hazardSourceColumns,
        );
        for await (const rows of hazardSourceRowBatches(ctx.db, condition)) {
          await sheet.addRows(rows.map(hazardSourceCells));
        }
        sheet.done();
      };
      break;
    }
    case 'riskPoints': {
      const condition = await riskPointFilterCondition(ctx, {
        ...filters,
        kind: oneOf(riskPointKinds, query.kind, 'kind'),
        status: oneOf(riskPointStatuses, query.status, 'status'),
      });
      write = async (workbook) => {
        const sheet = startSheet(workbook, '风险点台账', title, riskPointColumns);
        for await (const rows of riskPointRowBatches(ctx.db, condition)) {
          await sheet.addRows(rows.map(riskPointCells));
        }
        sheet.done();
      };
      break;
    }
  }
  return { stream: streamWorkbook(write), filename };
}

function writeStats(
  workbook: ExcelJS.stream.xlsx.WorkbookWriter,
  title: string,
  stats: Awaited<ReturnType<typeof getHazardSourceStats>>,
) {
  const columns = [
    col('序号', 6),
    col('区划', 18),
    col('涉及单位', 8),
    col('危险源总数', 8),
    col('重大危险源', 8),
    ...gradeNames.slice(1).map((grade) => col(`其中${grade}`, 8)),
    ...hazardSourceKinds.map((kind) => col(zh.hazardSourceKind[kind], 10)),
  ];
  const sheet = startSheet(workbook, '统计', title, columns);
  const cells = (row: (typeof stats)['total']): Cell[] => [
    row.regionName,
    row.units,
    row.sources,
    row.major,
    ...[1, 2, 3, 4].map((grade) => row.majorByGrade[String(grade)] ?? 0),
    ...hazardSourceKinds.map((kind) => row.byKind[kind] ?? 0),
  ];
  stats.rows.forEach((row) => sheet.add(cells(row)));
  sheet.add(cells({ ...stats.total, regionName: '合计' }));
  sheet.done();
}
