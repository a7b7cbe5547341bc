/**
 * Ledger import (台账导入): units, hazard sources and risk points from the template's three
 * sheets. Like the organisation import, the whole file is checked first, in the transaction that
 * writes it: one bad row and nothing is imported, with every bad row listed.
 */
import ExcelJS from 'exceljs';
import {
  anyPhone,
  creditCodeProblem,
  hazardSourceKinds,
  ledgerEditorRoles,
  ledgerLabels,
  mobilePattern,
  normaliseCreditCode,
  normalisePhone,
  riskLevels,
  riskPointKinds,
  riskPointStatuses,
  sectors,
  unitStatuses,
  type LedgerImportResult,
  type LedgerSettings,
  type Locale,
} from '@lastmile/shared';
import { randomUUID } from 'node:crypto';
import type { Executor, Tx } from '../../db/client';
import * as schema from '../../db/schema';
import { insertChunks } from '../../db/sql-helpers';
import {
  assertNoRowErrors,
  commonReasons,
  countCell,
  listScopeVillages,
  loadWorkbook,
  maxImportRows,
  placeFinder,
  readSheet,
  rowErrors,
  styleHeader,
  textCell,
  type Place,
  type SheetRow,
} from '../../lib/xlsx';
import type { ServiceContext } from '../../plugins/auth';
import { countyCodeOf } from '../../plugins/scope';
import { recordAuditMany, type AuditChange } from '../audit';
import { assertRole } from '../org';
import {
  effectiveLedgerSettings,
  updateHazardSourceRow,
  updateUnitRow,
  type HazardSourceValues,
  type UnitValues,
} from '../units';
import { listImportKeys, updateRiskPointRow, type RiskPointValues } from './risks.repository';

const zh = ledgerLabels['zh-CN'];

export const unitSheetName = '单位';
export const hazardSourceSheetName = '危险源';
export const riskPointSheetName = '风险点';

const unitColumns = [
  '乡镇(街道)',
  '村(社区)',
  '单位名称',
  '统一社会信用代码',
  '地址',
  '单位类别',
  '行业领域',
  '法定代表人',
  '安全负责人',
  '联系电话',
  '从业人数',
  '经营状态',
  '经度',
  '纬度',
  '备注',
] as const;
const hazardSourceColumns = [
  '乡镇(街道)',
  '村(社区)',
  '所属单位',
  '危险源名称',
  '危险源类别',
  '重大危险源',
  '重大危险源级别',
  '危险物质',
  '数量(储量)',
  '责任人',
  '联系电话',
  '管控措施',
  '监测监控',
  '经度',
  '纬度',
] as const;
const riskPointColumns = [
  '乡镇(街道)',
  '村(社区)',
  '网格',
  '风险点名称',
  '风险点类型',
  '风险等级',
  '经度',
  '纬度',
  '威胁户数',
  '威胁人数',
  '乡镇责任人手机',
  '村级责任人手机',
  '网格责任人手机',
  '管控措施',
  '监测方式',
  '下次复核日期',
  '状态',
] as const;

const reasons = {
  ...commonReasons,
  badCreditCode: {
    'zh-CN': '统一社会信用代码有误（{v}）',
    en: 'invalid unified social credit code ({v})',
  },
  creditCodeTaken: {
    'zh-CN': '统一社会信用代码已登记给您管辖范围外的单位',
    en: 'this credit code belongs to a unit outside your scope',
  },
  unknownChoice: { 'zh-CN': '应为：{v}', en: 'must be one of: {v}' },
  badPhone: {
    'zh-CN': '电话应为手机号、带区号的固定电话或服务号码',
    en: 'a mobile, a landline with area code or a service number',
  },
  badCoordinate: {
    'zh-CN': '经纬度应为 WGS84/CGCS2000 十进制度数（经度 73–136，纬度 3–54）',
    en: 'decimal WGS84/CGCS2000 degrees (longitude 73–136, latitude 3–54)',
  },
  needsCoordinates: {
    'zh-CN': '风险点须填写经度和纬度',
    en: 'a risk point needs longitude and latitude',
  },
  badDate: { 'zh-CN': '日期应为 年-月-日，如 2026-06-30', en: 'a date like 2026-06-30' },
  duplicateRow: { 'zh-CN': '与第 {n} 行重复', en: 'same as row {n}' },
  nameTaken: {
    'zh-CN': '该地已有同名单位（统一社会信用代码不同）',
    en: 'another unit of that name is registered there',
  },
  unknownUnit: {
    'zh-CN': '该地没有单位「{v}」（「单位」表和系统中都没有）',
    en: 'no unit "{v}" there, in the file or the system',
  },
  unknownGrid: { 'zh-CN': '该村(社区)没有网格「{v}」', en: 'no grid "{v}" in that village' },
  gridNeedsVillage: { 'zh-CN': '填写网格时须填写村(社区)', en: 'a grid needs its village' },
  unknownPerson: {
    'zh-CN': '手机号 {v} 不是您管辖范围内登记的人员，请先在「组织体系」中登记',
    en: 'mobile {v} is not a person in your scope; register them under Organisation first',
  },
  gradeNotMajor: {
    'zh-CN': '只有重大危险源才有级别',
    en: 'only a major hazard source has a grade',
  },
} satisfies Record<string, Record<Locale, string>>;

type Reason = keyof typeof reasons;
type RowFail = (
  row: number,
  column: string,
  reason: Reason,
  params?: Record<string, string | number>,
) => void;

const gradeByName = new Map([
  ['一级', 1],
  ['二级', 2],
  ['三级', 3],
  ['四级', 4],
  ['1', 1],
  ['2', 2],
  ['3', 3],
  ['4', 4],
]);
const levelByName = new Map<string, (typeof riskLevels)[number]>([
  ...riskLevels.map((level) => [zh.riskLevel[level], level] as const),
  ...riskLevels.map((level) => [zh.riskLevel[level].replace('风险', ''), level] as const),
  ['红', 'major'],
  ['橙', 'high'],
  ['黄', 'general'],
  ['蓝', 'low'],
  ['红色', 'major'],
  ['橙色', 'high'],
  ['黄色', 'general'],
  ['蓝色', 'low'],
]);

/** A closed choice read by its Chinese name (or code); blank gives `fallback`. */
function choice<T extends string | boolean>(
  fail: RowFail,
  row: SheetRow,
  column: string,
  names: Map<string, T>,
  fallback?: T,
  /** What the error lists; by default every Chinese name accepted. */
  hint?: string,
): T | undefined {
  const value = row.get(column);
  if (value === '') {
    if (fallback === undefined) {
      fail(row.row, column, 'required');
    }
    return fallback;
  }
  const found = names.get(value);
  if (found === undefined) {
    fail(row.row, column, 'unknownChoice', {
      v: hint ?? [...new Set(names.keys())].filter((key) => !/^[a-z\d]/i.test(key)).join('、'),
    });
  }
  return found;
}

const namesOf = <T extends string>(values: readonly T[], labels: Record<T, string>) =>
  new Map<string, T>([
    ...values.map((value) => [labels[value], value] as const),
    ...values.map((value) => [value, value] as const),
  ]);

const yesNoNames = new Map([
  ['是', true],
  ['否', false],
]);

function coordinates(fail: RowFail, row: SheetRow): { lon: number; lat: number } | null {
  const lonText = row.get('经度');
  const latText = row.get('纬度');
  if (lonText === '' && latText === '') {
    return null;
  }
  const lon = Number(lonText);
  const lat = Number(latText);
  // Mainland China, islands included: a typo (swapped or GCJ-shifted by kilometres is not caught).
  if (!(lon >= 73 && lon <= 136 && lat >= 3 && lat <= 54)) {
    fail(row.row, lonText === '' || !(lon >= 73 && lon <= 136) ? '经度' : '纬度', 'badCoordinate');
    return null;
  }
  return { lon, lat };
}

function phone(fail: RowFail, row: SheetRow, column: string): string | null {
  const value = row.get(column);
  if (value === '') {
    return null;
  }
  const parsed = anyPhone.safeParse(value);
  if (!parsed.success) {
    fail(row.row, column, 'badPhone');
    return null;
  }
  return parsed.data;
}

function isoDay(fail: RowFail, row: SheetRow, column: string): string | null {
  const value = row
    .get(column)
    .replace(/[/.年月]/g, '-')
    .replace(/日$/, '');
  if (value === '') {
    return null;
  }
  const match = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(value);
  const date =
    match && new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
  if (!match || !date || date.getUTCDate() !== Number(match[3])) {
    fail(row.row, column, 'badDate');
    return null;
  }
  return date.toISOString().slice(0, 10);
}

const placeKey = (regionCode: string, name: string) => `${regionCode}/${name}`;

/**
 * Plans one record unless the file named it before (then `onDuplicate` gets that row): a record
 * already in the system is updated under its id, a new one gets a fresh id.
 */
function planRecord<V>(
  into: Planned<V>[],
  seen: Map<string, number>,
  existing: Map<string, string>,
  key: string,
  row: number,
  values: () => V,
) {
  const earlier = seen.get(key);
  if (earlier === undefined) {
    seen.set(key, row);
    const id = existing.get(key);
    into.push({ row, id: id ?? randomUUID(), exists: id !== undefined, values: values() });
  }
  return {
    onDuplicate(report: (earlierRow: number) => void) {
      if (earlier !== undefined) {
        report(earlier);
      }
    },
  };
}

interface Planned<V> {
  row: number;
  id: string;
  exists: boolean;
  values: V;
}

/**
 * Reads and checks the whole workbook; returns the rows to write or every error. Writes nothing.
 */
async function planLedgerImport(
  ctx: ServiceContext,
  db: Executor,
  workbook: ExcelJS.Workbook,
  locale: Locale,
) {
  const { errors, failIn } = rowErrors(reasons, locale);
  const plan = {
    errors,
    units: [] as Planned<UnitValues>[],
    sources: [] as Planned<HazardSourceValues>[],
    points: [] as Planned<RiskPointValues>[],
  };
  const sheets = {
    units: workbook.getWorksheet(unitSheetName),
    sources: workbook.getWorksheet(hazardSourceSheetName),
    points: workbook.getWorksheet(riskPointSheetName),
  };
  if (!sheets.units && !sheets.sources && !sheets.points) {
    failIn(unitSheetName)(0, '', 'missingSheet', {
      v: [unitSheetName, hazardSourceSheetName, riskPointSheetName].join('/'),
    });
    return plan;
  }
  const failUnit = failIn(unitSheetName);
  const failSource = failIn(hazardSourceSheetName);
  const failPoint = failIn(riskPointSheetName);
  const unitRows = sheets.units ? readSheet(sheets.units, unitColumns, failUnit) : [];
  const sourceRows = sheets.sources
    ? readSheet(sheets.sources, hazardSourceColumns, failSource)
    : [];
  const pointRows = sheets.points ? readSheet(sheets.points, riskPointColumns, failPoint) : [];
  for (const [rows, fail] of [
    [unitRows, failUnit],
    [sourceRows, failSource],
    [pointRows, failPoint],
  ] as const) {
    if (rows.length > maxImportRows) {
      fail(0, '', 'tooManyRows', { n: maxImportRows });
    }
  }
  if (errors.length > 0) {
    return plan;
  }

  const scope = ctx.actor.scope;
  const settings: LedgerSettings = await effectiveLedgerSettings(db, scope.regionCode);
  const creditCodes = unitRows
    .map((row) => normaliseCreditCode(row.get('统一社会信用代码')))
    .filter(Boolean);
  const mobiles = pointRows
    .flatMap((row) =>
      ['乡镇责任人手机', '村级责任人手机', '网格责任人手机'].map((column) =>
        normalisePhone(row.get(column)),
      ),
    )
    .filter((mobile) => mobilePattern.test(mobile));
  const [villages, keys] = await Promise.all([
    listScopeVillages(db, scope.prefix),
    listImportKeys(db, scope.prefix, [...new Set(creditCodes)], [...new Set(mobiles)]),
  ]);
  const finder = placeFinder(villages, scope.prefix);
  const place = (fail: RowFail, row: SheetRow): Place | undefined => finder.place(fail, row);

  // Units: matched by credit code when given, else by place and name.
  const categoryNames = new Map(
    settings.categories.flatMap((category) => [
      [category.name, category.code],
      [category.code, category.code],
    ]),
  );
  const unitsByKey = new Map(
    keys.units.map((unit) => [placeKey(unit.regionCode, unit.name), unit]),
  );
  const unitsByCode = new Map(keys.codes.map((unit) => [unit.creditCode, unit]));
  const fileUnits = new Map<string, Planned<UnitValues>>();
  const fileCodes = new Map<string, number>();
  for (const row of unitRows) {
    const where = place(failUnit, row);
    const name = textCell(failUnit, row, '单位名称', 128, true);
    const creditCode = normaliseCreditCode(row.get('统一社会信用代码'));
    const problem = creditCode === '' ? null : creditCodeProblem(creditCode);
    if (problem) {
      failUnit(row.row, '统一社会信用代码', 'badCreditCode', {
        v:
          problem === 'checksum'
            ? '校验位不符'
            : problem === 'length'
              ? '应为 18 位'
              : '含不允许的字符',
      });
    }
    const category = choice(failUnit, row, '单位类别', categoryNames);
    const categorySector = settings.categories.find((item) => item.code === category)?.sector;
    const sector = choice(
      failUnit,
      row,
      '行业领域',
      namesOf(sectors, zh.sector),
      categorySector ?? 'other',
    );
    const status = choice(
      failUnit,
      row,
      '经营状态',
      namesOf(unitStatuses, zh.unitStatus),
      'operating',
    );
    const values = {
      address: textCell(failUnit, row, '地址', 256, false) || null,
      legalRepresentative: textCell(failUnit, row, '法定代表人', 64, false) || null,
      safetyContact: textCell(failUnit, row, '安全负责人', 64, false) || null,
      safetyContactPhone: phone(failUnit, row, '联系电话'),
      employees: countCell(failUnit, row, '从业人数'),
      notes: textCell(failUnit, row, '备注', 1000, false) || null,
    };
    const point = coordinates(failUnit, row);
    if (!where || !name || !category || !sector || !status || problem) {
      continue;
    }
    const key = placeKey(where.code, name);
    const earlier = fileUnits.get(key) ?? (creditCode ? fileCodes.get(creditCode) : undefined);
    if (earlier !== undefined) {
      failUnit(row.row, '单位名称', 'duplicateRow', {
        n: typeof earlier === 'number' ? earlier : earlier.row,
      });
      continue;
    }
    let existing: { id: string; regionCode: string } | undefined = creditCode
      ? unitsByCode.get(creditCode)
      : undefined;
    if (existing && !existing.regionCode.startsWith(scope.prefix)) {
      failUnit(row.row, '统一社会信用代码', 'creditCodeTaken');
      continue;
    }
    const sameName = unitsByKey.get(key);
    if (existing && sameName && sameName.id !== existing.id) {
      failUnit(row.row, '单位名称', 'nameTaken');
      continue;
    }
    existing ??= sameName;
    const planned: Planned<UnitValues> = {
      row: row.row,
      id: existing?.id ?? randomUUID(),
      exists: existing !== undefined,
      values: {
        regionCode: where.code,
        countyCode: countyCodeOf(where.code),
        name,
        creditCode: creditCode || null,
        category,
        sector,
        status,
        lon: point?.lon ?? null,
        lat: point?.lat ?? null,
        ...values,
      },
    };
    fileUnits.set(key, planned);
    if (creditCode) {
      fileCodes.set(creditCode, row.row);
    }
    plan.units.push(planned);
  }

  // Hazard sources: their unit from the file or the system, matched by place, unit and name.
  const sourcesByKey = new Map(
    keys.sources.map((source) => [
      `${source.regionCode}/${source.unitId ?? ''}/${source.name}`,
      source.id,
    ]),
  );
  const seenSources = new Map<string, number>();
  for (const row of sourceRows) {
    const where = place(failSource, row);
    const unitName = textCell(failSource, row, '所属单位', 128, false);
    const name = textCell(failSource, row, '危险源名称', 128, true);
    const kind = choice(
      failSource,
      row,
      '危险源类别',
      namesOf(hazardSourceKinds, zh.hazardSourceKind),
    );
    const major = choice(failSource, row, '重大危险源', yesNoNames, false);
    const gradeText = row.get('重大危险源级别');
    const grade = gradeText === '' ? null : gradeByName.get(gradeText);
    if (grade === undefined) {
      failSource(row.row, '重大危险源级别', 'unknownChoice', { v: '一级、二级、三级、四级' });
    } else if (grade !== null && major === false) {
      failSource(row.row, '重大危险源级别', 'gradeNotMajor');
    }
    const values = {
      substances: textCell(failSource, row, '危险物质', 256, false) || null,
      quantity: textCell(failSource, row, '数量(储量)', 128, false) || null,
      responsiblePerson: textCell(failSource, row, '责任人', 64, false) || null,
      responsiblePhone: phone(failSource, row, '联系电话'),
      controlMeasures: textCell(failSource, row, '管控措施', 1000, false) || null,
      monitoring: textCell(failSource, row, '监测监控', 500, false) || null,
    };
    const point = coordinates(failSource, row);
    if (!where || !name || !kind) {
      continue;
    }
    let unitId: string | null = null;
    if (unitName) {
      const key = placeKey(where.code, unitName);
      unitId = fileUnits.get(key)?.id ?? unitsByKey.get(key)?.id ?? null;
      if (!unitId) {
        failSource(row.row, '所属单位', 'unknownUnit', { v: unitName });
        continue;
      }
    }
    const key = `${where.code}/${unitId ?? ''}/${name}`;
    planRecord(plan.sources, seenSources, sourcesByKey, key, row.row, () => ({
      regionCode: where.code,
      countyCode: countyCodeOf(where.code),
      unitId,
      name,
      kind,
      major: major ?? false,
      majorGrade: major ? (grade ?? null) : null,
      lon: point?.lon ?? null,
      lat: point?.lat ?? null,
      ...values,
    })).onDuplicate((n) => failSource(row.row, '危险源名称', 'duplicateRow', { n }));
  }

  // Risk points: grid by name in the village, responsible persons by mobile.
  const gridsByKey = new Map(
    keys.grids.map((grid) => [placeKey(grid.regionCode, grid.name), grid.id]),
  );
  const peopleByMobile = new Map(keys.people.map((person) => [person.mobile, person.id]));
  const pointsByKey = new Map(
    keys.points.map((point) => [placeKey(point.regionCode, point.name), point.id]),
  );
  const seenPoints = new Map<string, number>();
  const personOf = (row: SheetRow, column: string) => {
    const value = normalisePhone(row.get(column));
    if (value === '') {
      return null;
    }
    const id = peopleByMobile.get(value);
    if (!id) {
      failPoint(row.row, column, 'unknownPerson', { v: value });
    }
    return id ?? null;
  };
  for (const row of pointRows) {
    const where = place(failPoint, row);
    const gridName = row.get('网格');
    const name = textCell(failPoint, row, '风险点名称', 128, true);
    const kind = choice(failPoint, row, '风险点类型', namesOf(riskPointKinds, zh.riskPointKind));
    const level = choice(
      failPoint,
      row,
      '风险等级',
      levelByName,
      undefined,
      '重大、较大、一般、低（或 红、橙、黄、蓝）',
    );
    const status = choice(
      failPoint,
      row,
      '状态',
      namesOf(riskPointStatuses, zh.riskPointStatus),
      'active',
    );
    const point = coordinates(failPoint, row);
    if (!point && row.get('经度') === '' && row.get('纬度') === '') {
      failPoint(row.row, '经度', 'needsCoordinates');
    }
    const values = {
      threatenedHouseholds: countCell(failPoint, row, '威胁户数'),
      threatenedPeople: countCell(failPoint, row, '威胁人数'),
      townshipPersonId: personOf(row, '乡镇责任人手机'),
      villagePersonId: personOf(row, '村级责任人手机'),
      gridPersonId: personOf(row, '网格责任人手机'),
      controlMeasures: textCell(failPoint, row, '管控措施', 2000, false) || null,
      monitoringMethod: textCell(failPoint, row, '监测方式', 500, false) || null,
      nextReviewOn: isoDay(failPoint, row, '下次复核日期'),
    };
    if (!where || !name || !kind || !level || !status || !point) {
      continue;
    }
    let gridId: string | null = null;
    if (gridName) {
      if (!where.villageCode) {
        failPoint(row.row, '网格', 'gridNeedsVillage');
        continue;
      }
      gridId = gridsByKey.get(placeKey(where.villageCode, gridName)) ?? null;
      if (!gridId) {
        failPoint(row.row, '网格', 'unknownGrid', { v: gridName });
        continue;
      }
    }
    planRecord(plan.points, seenPoints, pointsByKey, placeKey(where.code, name), row.row, () => ({
      regionCode: where.code,
      countyCode: countyCodeOf(where.code),
      gridId,
      name,
      kind,
      level,
      status,
      lon: point.lon,
      lat: point.lat,
      ...values,
    })).onDuplicate((n) => failPoint(row.row, '风险点名称', 'duplicateRow', { n }));
  }
  return plan;
}

type LedgerPlan = Awaited<ReturnType<typeof planLedgerImport>>;

function counts(plan: LedgerPlan, dryRun: boolean): LedgerImportResult {
  const tally = (items: Planned<unknown>[]) => ({
    created: items.filter((item) => !item.exists).length,
    updated: items.filter((item) => item.exists).length,
  });
  return {
    dryRun,
    units: tally(plan.units),
    hazardSources: tally(plan.sources),
    riskPoints: tally(plan.points),
  };
}

export async function importLedger(
  ctx: ServiceContext,
  file: Buffer,
  options: { dryRun: boolean; locale: Locale },
): Promise<LedgerImportResult> {
  assertRole(ctx.actor, ledgerEditorRoles);
  const workbook = await loadWorkbook(file);
  if (options.dryRun) {
    const plan = await planLedgerImport(ctx, ctx.db, workbook, options.locale);
    assertNoRowErrors(plan.errors);
    return counts(plan, true);
  }
  // Checked and written in one transaction, so nothing can slip in between.
  return ctx.db.transaction(async (tx) => {
    const plan = await planLedgerImport(ctx, tx, workbook, options.locale);
    assertNoRowErrors(plan.errors);
    await writeLedgerImport(tx, ctx, plan);
    return counts(plan, false);
  });
}

async function writeLedgerImport(tx: Tx, ctx: ServiceContext, plan: LedgerPlan) {
  const changes: AuditChange[] = [];
  /** Inserts the new rows in chunks, updates the matched ones, and notes each for the audit. */
  const write = async <V extends { regionCode: string }>(
    items: Planned<V>[],
    entity: string,
    insert: (rows: (V & { id: string })[]) => Promise<void>,
    update: (id: string, values: V) => Promise<void>,
  ) => {
    await insert(
      items.filter((item) => !item.exists).map((item) => ({ ...item.values, id: item.id })),
    );
    for (const item of items) {
      if (item.exists) {
        await update(item.id, item.values);
      }
      changes.push({
        action: `${entity}.${item.exists ? 'update' : 'create'}`,
        entity,
        entityId: item.id,
        regionCode: item.values.regionCode,
        after: { ...item.values, source: 'import' },
      });
    }
  };
  await write(
    plan.units,
    'unit',
    (rows) => insertChunks(tx, schema.unit, rows),
    (id, values) => updateUnitRow(tx, id, values),
  );
  await write(
    plan.sources,
    'hazardSource',
    (rows) => insertChunks(tx, schema.hazardSource, rows),
    (id, values) => updateHazardSourceRow(tx, id, values),
  );
  await write(
    plan.points,
    'riskPoint',
    (rows) => insertChunks(tx, schema.riskPoint, rows),
    (id, values) => updateRiskPointRow(tx, id, values),
  );
  await recordAuditMany(tx, ctx.actor, changes, ctx.requestId);
}

// ---------------------------------------------------------------- template

/** The import template: instructions, the three data sheets, and lists to pick names from. */
export async function buildLedgerTemplate(ctx: ServiceContext): Promise<Buffer> {
  const [villages, settings] = await Promise.all([
    listScopeVillages(ctx.db, ctx.actor.scope.prefix),
    effectiveLedgerSettings(ctx.db, ctx.actor.scope.regionCode),
  ]);
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Lastmile 最后一公里';
  const guide = workbook.addWorksheet('说明');
  guide.columns = [{ width: 110 }];
  [
    '生产经营单位、危险源、风险点导入模板',
    '1. 「单位」「危险源」「风险点」三张表可只填其中一张或几张；每行一条记录，表头不要修改。',
    '2. 乡镇(街道)、村(社区) 须与「区划」表中的名称一致（可直接复制）；村(社区)留空表示乡镇本级。',
    '3. 单位类别、行业领域、危险源类别、风险点类型、风险等级请从「选项」表中选择；行业领域留空时按单位类别确定。',
    '4. 统一社会信用代码为 18 位，系统会核对校验位；已有单位按信用代码（无代码时按所在地和名称）更新。',
    '5. 危险源的「所属单位」须在「单位」表中或系统中已有；独立危险源（如水库大坝）留空。',
    '6. 风险点须填写经纬度（WGS84/CGCS2000 十进制度数，天地图坐标即可；勿用高德、百度等偏移坐标）；责任人按手机号匹配「组织体系」中已登记的人员。',
    '7. 导入前系统会检查整个文件，任何一行有误则全部不导入，并逐行列出错误原因。',
  ].forEach((line, index) => {
    guide.addRow([line]).font = index === 0 ? { bold: true, size: 14 } : {};
  });
  for (const [name, columns] of [
    [unitSheetName, unitColumns],
    [hazardSourceSheetName, hazardSourceColumns],
    [riskPointSheetName, riskPointColumns],
  ] as const) {
    const sheet = workbook.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 1 }] });
    sheet.columns = columns.map((header) => ({
      header,
      width: Math.max(12, header.length * 2 + 4),
    }));
    styleHeader(sheet.getRow(1));
  }
  const options = workbook.addWorksheet('选项');
  const lists: [string, string[]][] = [
    ['单位类别', settings.categories.map((category) => category.name)],
    ['行业领域', sectors.map((sector) => zh.sector[sector])],
    ['经营状态', unitStatuses.map((status) => zh.unitStatus[status])],
    ['危险源类别', hazardSourceKinds.map((kind) => zh.hazardSourceKind[kind])],
    ['风险点类型', riskPointKinds.map((kind) => zh.riskPointKind[kind])],
    ['风险等级', riskLevels.map((level) => zh.riskLevel[level])],
  ];
  options.columns = lists.map(([header]) => ({ header, width: 18 }));
  styleHeader(options.getRow(1));
  lists.forEach(([, values], index) => {
    values.forEach((value, row) => {
      options.getCell(row + 2, index + 1).value = value;
    });
  });
  const area = workbook.addWorksheet('区划');
  area.columns = [
    { header: '乡镇(街道)', width: 16 },
    { header: '村(社区)', width: 22 },
    { header: '区划代码', width: 16 },
  ];
  styleHeader(area.getRow(1));
  villages.forEach((village) =>
    area.addRow([village.townshipName, village.villageName, village.villageCode]),
  );
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
