/**
 * Excel in and out for the organisation: the grid management table (网格管理表), the import
 * template, and the import itself. An import is checked whole before anything is written: one
 * bad row means nothing is imported and every bad row is reported (sheet, row, column, reason).
 */
import ExcelJS from 'exceljs';
import {
  gridKindNames,
  gridKinds,
  landlinePattern,
  mobilePattern,
  normalisePhone,
  orgEditorRoles,
  postKindNames,
  postKinds,
  postPlaces,
  type GridKind,
  type ImportResult,
  type Locale,
  type PostKind,
} from '@lastmile/shared';
import { randomUUID } from 'node:crypto';
import type { Executor, Tx } from '../../db/client';
import * as schema from '../../db/schema';
import { insertChunks } from '../../db/sql-helpers';
import type { ServiceContext } from '../../plugins/auth';
import { countyCodeOf } from '../../plugins/scope';
import { recordAuditMany, type AuditChange } from '../audit';
import {
  findPeopleByMobiles,
  insertPosts,
  listGridKeys,
  listGridRows,
  updateGridRow,
  updatePersonRow,
  type GridValues,
  type PersonValues,
  type PostValues,
} from './org.repository';
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
  shanghaiDate,
  styleHeader,
  textCell,
  thin,
} from '../../lib/xlsx';
import { assertRole, resolveRegion, subtreePrefix } from './org.service';

// ---------------------------------------------------------------- grid management table

/** The grid management table of a region: one row per grid with its head and workers. */
export async function exportGridTable(
  ctx: ServiceContext,
  regionCode?: string,
): Promise<{ buffer: Buffer; filename: string }> {
  const region = await resolveRegion(
    ctx.db,
    ctx.actor.scope,
    regionCode ?? ctx.actor.scope.regionCode,
  );
  const { rows } = await listGridRows(ctx.db, ctx.actor.scope, {
    prefix: subtreePrefix(region),
    limit: 1_000_000,
    offset: 0,
  });
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Lastmile 最后一公里';
  const sheet = workbook.addWorksheet('网格管理表', { views: [{ state: 'frozen', ySplit: 3 }] });
  sheet.columns = [
    { key: 'index', width: 6 },
    { key: 'township', width: 14 },
    { key: 'village', width: 18 },
    { key: 'grid', width: 16 },
    { key: 'kind', width: 10 },
    { key: 'households', width: 8 },
    { key: 'residents', width: 8 },
    { key: 'heads', width: 24 },
    { key: 'workers', width: 30 },
  ];
  sheet.mergeCells('A1:I1');
  sheet.getCell('A1').value = `${region.name}应急管理网格管理表`;
  sheet.getCell('A1').font = { bold: true, size: 16 };
  sheet.getCell('A1').alignment = { horizontal: 'center' };
  sheet.mergeCells('A2:I2');
  sheet.getCell('A2').value = `导出日期：${shanghaiDate(new Date())}，网格数：${rows.length}`;
  sheet.getCell('A2').alignment = { horizontal: 'right' };
  styleHeader(
    sheet.addRow([
      '序号',
      '乡镇(街道)',
      '村(社区)',
      '网格名称',
      '网格类型',
      '户数',
      '人口',
      '网格长及电话',
      '网格员及电话',
    ]),
  );
  const people = (list: { name: string; mobile: string }[]) =>
    list.map((p) => `${p.name} ${p.mobile}`).join('\n');
  rows.forEach((grid, index) => {
    const row = sheet.addRow({
      index: index + 1,
      township: grid.townshipName,
      village: grid.regionName,
      grid: grid.name,
      kind: gridKindNames[grid.kind],
      households: grid.households,
      residents: grid.residents,
      heads: people(grid.heads),
      workers: people(grid.workers),
    });
    row.alignment = { vertical: 'top', wrapText: true };
    row.eachCell({ includeEmpty: true }, (cell) => {
      cell.border = thin;
    });
  });
  const buffer = Buffer.from(await workbook.xlsx.writeBuffer());
  return { buffer, filename: `${region.name}网格管理表.xlsx` };
}

// ---------------------------------------------------------------- template

const gridColumns = ['乡镇(街道)', '村(社区)', '网格名称', '网格类型', '户数', '人口'] as const;
const personColumns = [
  '姓名',
  '手机',
  '固定电话',
  '岗位',
  '乡镇(街道)',
  '村(社区)',
  '网格名称',
  '备注',
] as const;
export const gridSheetName = '网格';
export const personSheetName = '人员';

/** The import template: the two data sheets, instructions, and this scope's regions to copy from. */
export async function buildImportTemplate(ctx: ServiceContext): Promise<Buffer> {
  const regions = await listScopeVillages(ctx.db, ctx.actor.scope.prefix);
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Lastmile 最后一公里';
  const guide = workbook.addWorksheet('说明');
  guide.columns = [{ width: 100 }];
  [
    '网格与人员导入模板',
    '1. 在「网格」表每行填写一个网格；在「人员」表每行填写一个人的一个岗位，一人多岗请写多行（姓名、手机相同）。',
    '2. 乡镇(街道)、村(社区) 必须与「区划」表中的名称一致（可直接复制）；只能导入您管辖范围内的区划。',
    '3. 网格长、网格员须填写网格名称，该网格须在「网格」表中或系统中已存在。',
    '4. 村(社区)负责人、应急专干、信息报告员须填写乡镇和村(社区)；乡镇岗位只填乡镇；县级岗位（分管领导、指挥部）乡镇留空。',
    '5. 手机为 11 位手机号；固定电话带区号，如 0722-1234567。同一手机号只能对应一个人。',
    '6. 导入前系统会检查整个文件，任何一行有误则全部不导入，并逐行列出错误原因。已存在的网格按名称更新，已存在的人员按手机号匹配。',
  ].forEach((line, index) => {
    guide.addRow([line]).font = index === 0 ? { bold: true, size: 14 } : {};
  });

  const grids = workbook.addWorksheet(gridSheetName, { views: [{ state: 'frozen', ySplit: 1 }] });
  grids.columns = gridColumns.map((header) => ({ header, width: header === '村(社区)' ? 20 : 14 }));
  styleHeader(grids.getRow(1));
  const people = workbook.addWorksheet(personSheetName, {
    views: [{ state: 'frozen', ySplit: 1 }],
  });
  people.columns = personColumns.map((header) => ({ header, width: header === '备注' ? 24 : 14 }));
  styleHeader(people.getRow(1));

  const posts = workbook.addWorksheet('岗位');
  posts.columns = [
    { header: '岗位', width: 18 },
    { header: '设在', width: 20 },
  ];
  styleHeader(posts.getRow(1));
  const placeNames = { county: '县', township: '乡镇(街道)', village: '村(社区)', grid: '网格' };
  for (const kind of postKinds) {
    posts.addRow([
      postKindNames[kind],
      postPlaces[kind].map((place) => placeNames[place]).join('、'),
    ]);
  }
  const area = workbook.addWorksheet('区划');
  area.columns = [
    { header: '乡镇(街道)', width: 16 },
    { header: '村(社区)', width: 22 },
    { header: '区划代码', width: 16 },
  ];
  styleHeader(area.getRow(1));
  for (const region of regions) {
    area.addRow([region.townshipName, region.villageName, region.villageCode]);
  }
  // Drop-down lists where the choice is closed.
  for (let row = 2; row <= 5001; row += 1) {
    grids.getCell(row, 4).dataValidation = {
      type: 'list',
      allowBlank: true,
      formulae: [`"${gridKinds.map((kind) => gridKindNames[kind]).join(',')}"`],
    };
    people.getCell(row, 4).dataValidation = {
      type: 'list',
      allowBlank: false,
      formulae: [`岗位!$A$2:$A$${postKinds.length + 1}`],
    };
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

// ---------------------------------------------------------------- import

const reasons = {
  ...commonReasons,
  unknownGridKind: { 'zh-CN': '网格类型应为：{v}', en: 'grid kind must be one of: {v}' },
  duplicateGrid: { 'zh-CN': '与第 {n} 行网格重复', en: 'same grid as row {n}' },
  unknownPost: {
    'zh-CN': '岗位「{v}」不存在，请从「岗位」表中选择',
    en: 'unknown post "{v}"; pick one from the 岗位 sheet',
  },
  postNeedsGrid: {
    'zh-CN': '{v}须填写乡镇、村(社区)和网格名称',
    en: '{v} needs township, village and grid name',
  },
  postNeedsVillage: { 'zh-CN': '{v}须填写乡镇和村(社区)', en: '{v} needs township and village' },
  postNeedsTownship: { 'zh-CN': '{v}须填写乡镇(街道)', en: '{v} needs a township' },
  postNotCounty: {
    'zh-CN': '您的管辖范围不是整个县，不能导入县级岗位',
    en: 'county posts need a county-wide scope',
  },
  unknownGrid: {
    'zh-CN': '网格「{v}」不在「网格」表中，系统中也没有',
    en: 'grid "{v}" is neither in the 网格 sheet nor in the system',
  },
  mobileNameClash: {
    'zh-CN': '手机号 {m} 在第 {n} 行登记为「{v}」',
    en: 'mobile {m} is given to "{v}" on row {n}',
  },
  mobileTaken: {
    'zh-CN': '手机号 {m} 已登记给其他人员',
    en: 'mobile {m} already belongs to another person',
  },
  duplicatePost: { 'zh-CN': '与第 {n} 行重复', en: 'same as row {n}' },
} satisfies Record<string, Record<Locale, string>>;

const gridKindByName = new Map(gridKinds.map((kind) => [gridKindNames[kind], kind]));
const postKindByName = new Map(postKinds.map((kind) => [postKindNames[kind], kind]));

function emptyPlan() {
  return {
    grids: [] as PlannedGrid[],
    people: [] as PlannedPerson[],
    matched: new Map<string, string>(),
    existingGrids: new Map<string, string>(),
  };
}

interface PlannedGrid {
  row: number;
  villageCode: string;
  name: string;
  kind: GridKind;
  households: number | null;
  residents: number | null;
}

interface PlannedPerson {
  row: number;
  name: string;
  mobile: string;
  landline: string | null;
  notes: string | null;
  regionCode: string;
  posts: { row: number; kind: PostKind; regionCode: string; gridName: string | null }[];
}

/**
 * Checks the whole workbook against the caller's scope and the database and returns either the
 * plan or every error found. Nothing is written here.
 */
async function planImport(
  ctx: ServiceContext,
  db: Executor,
  workbook: ExcelJS.Workbook,
  locale: Locale,
) {
  const { errors, failIn } = rowErrors(reasons, locale);
  const gridSheet = workbook.getWorksheet(gridSheetName);
  const personSheet = workbook.getWorksheet(personSheetName);
  if (!gridSheet && !personSheet) {
    failIn(gridSheetName)(0, '', 'missingSheet', { v: `${gridSheetName}/${personSheetName}` });
    return { errors, ...emptyPlan() };
  }
  const failGrid = failIn(gridSheetName);
  const failPerson = failIn(personSheetName);
  const gridRows = gridSheet ? readSheet(gridSheet, gridColumns, failGrid) : [];
  const personRows = personSheet ? readSheet(personSheet, personColumns, failPerson) : [];
  if (gridRows.length > maxImportRows) {
    failGrid(0, '', 'tooManyRows', { n: maxImportRows });
  }
  if (personRows.length > maxImportRows) {
    failPerson(0, '', 'tooManyRows', { n: maxImportRows });
  }
  if (errors.length > 0) {
    return { errors, ...emptyPlan() };
  }

  const scope = ctx.actor.scope;
  const villages = await listScopeVillages(db, scope.prefix);
  const existingGrids = new Map(
    (await listGridKeys(db, scope.prefix)).map((row) => [
      gridKey(row.regionCode, row.name),
      row.id,
    ]),
  );
  const finder = placeFinder(villages, scope.prefix);
  const villageOf = finder.village;

  // Grids: each (village, name) once.
  const grids = new Map<string, PlannedGrid>();
  for (const row of gridRows) {
    const village = villageOf(failGrid, row);
    const name = textCell(failGrid, row, '网格名称', 64, true);
    const kindName = row.get('网格类型');
    let kind: GridKind | undefined =
      kindName === ''
        ? village && /社区|居委会/.test(village.villageName)
          ? 'communityBlock'
          : 'villagerGroup'
        : gridKindByName.get(kindName);
    if (!kind) {
      failGrid(row.row, '网格类型', 'unknownGridKind', {
        v: [...gridKindByName.keys()].join('、'),
      });
      kind = 'other';
    }
    const households = countCell(failGrid, row, '户数');
    const residents = countCell(failGrid, row, '人口');
    if (!village || name === '') {
      continue;
    }
    const key = gridKey(village.villageCode, name);
    const earlier = grids.get(key);
    if (earlier) {
      failGrid(row.row, '网格名称', 'duplicateGrid', { n: earlier.row });
      continue;
    }
    grids.set(key, {
      row: row.row,
      villageCode: village.villageCode,
      name,
      kind,
      households,
      residents,
    });
  }

  // People: one per mobile, each row one post.
  const people = new Map<string, PlannedPerson>();
  const postKeys = new Map<string, number>();
  const countyWide = scope.prefix.length <= 6;
  for (const row of personRows) {
    const name = textCell(failPerson, row, '姓名', 64, true);
    const mobileText = normalisePhone(row.get('手机'));
    if (mobileText === '') {
      failPerson(row.row, '手机', 'required');
    } else if (!mobilePattern.test(mobileText)) {
      failPerson(row.row, '手机', 'badMobile');
    }
    const landlineText = normalisePhone(row.get('固定电话'));
    if (landlineText !== '' && !landlinePattern.test(landlineText)) {
      failPerson(row.row, '固定电话', 'badLandline');
    }
    const notes = textCell(failPerson, row, '备注', 500, false);
    const postName = row.get('岗位');
    const kind = postKindByName.get(postName);
    if (!kind) {
      failPerson(row.row, '岗位', postName === '' ? 'required' : 'unknownPost', { v: postName });
      continue;
    }
    const places = postPlaces[kind];
    const townshipName = row.get('乡镇(街道)');
    const gridName = row.get('网格名称');
    let regionCode: string | undefined;
    if (places.includes('grid')) {
      if (townshipName === '' || row.get('村(社区)') === '' || gridName === '') {
        failPerson(row.row, '网格名称', 'postNeedsGrid', { v: postName });
        continue;
      }
      const village = villageOf(failPerson, row);
      if (!village) {
        continue;
      }
      const key = gridKey(village.villageCode, gridName);
      if (!grids.has(key) && !existingGrids.has(key)) {
        failPerson(row.row, '网格名称', 'unknownGrid', { v: gridName });
        continue;
      }
      regionCode = village.villageCode;
    } else if (places.includes('village')) {
      if (townshipName === '' || row.get('村(社区)') === '') {
        failPerson(row.row, '村(社区)', 'postNeedsVillage', { v: postName });
        continue;
      }
      regionCode = villageOf(failPerson, row)?.villageCode;
      if (!regionCode) {
        continue;
      }
    } else if (townshipName !== '' && places.includes('township')) {
      regionCode = finder.townshipInScope(townshipName);
      if (!regionCode) {
        failPerson(row.row, '乡镇(街道)', 'unknownTownship', { v: townshipName });
        continue;
      }
    } else if (places.includes('county')) {
      if (!countyWide) {
        failPerson(row.row, '乡镇(街道)', 'postNotCounty');
        continue;
      }
      regionCode = `${scope.regionCode.slice(0, 6)}000000`;
    } else {
      failPerson(row.row, '乡镇(街道)', 'postNeedsTownship', { v: postName });
      continue;
    }
    if (name === '' || !mobilePattern.test(mobileText)) {
      continue;
    }
    const postKey = `${mobileText}/${kind}/${regionCode}/${places.includes('grid') ? gridName : ''}`;
    const earlierPost = postKeys.get(postKey);
    if (earlierPost !== undefined) {
      failPerson(row.row, '岗位', 'duplicatePost', { n: earlierPost });
      continue;
    }
    postKeys.set(postKey, row.row);
    const existing = people.get(mobileText);
    if (existing && existing.name !== name) {
      failPerson(row.row, '姓名', 'mobileNameClash', {
        m: mobileText,
        n: existing.row,
        v: existing.name,
      });
      continue;
    }
    const planned =
      existing ??
      ({
        row: row.row,
        name,
        mobile: mobileText,
        landline: landlineText || null,
        notes: notes || null,
        regionCode,
        posts: [],
      } satisfies PlannedPerson);
    planned.posts.push({
      row: row.row,
      kind,
      regionCode,
      gridName: places.includes('grid') ? gridName : null,
    });
    people.set(mobileText, planned);
  }

  // People already in the system: same mobile must be the same, visible person.
  const matched = new Map<string, string>();
  const known = await findPeopleByMobiles(db, [...people.keys()]);
  for (const planned of people.values()) {
    const found = known.find(
      (row) => row.mobile === planned.mobile && row.countyCode === countyCodeOf(planned.regionCode),
    );
    if (!found) {
      continue;
    }
    if (found.name !== planned.name || !found.regionCode.startsWith(scope.prefix)) {
      failPerson(planned.row, '手机', 'mobileTaken', { m: planned.mobile });
    } else {
      matched.set(planned.mobile, found.id);
    }
  }
  errors.sort((a, b) => a.sheet.localeCompare(b.sheet) || a.row - b.row);
  return {
    errors,
    grids: [...grids.values()],
    people: [...people.values()],
    matched,
    existingGrids,
  };
}

type ImportPlan = Awaited<ReturnType<typeof planImport>>;

const gridKey = (villageCode: string, name: string) => `${villageCode}/${name}`;

export async function importOrganisation(
  ctx: ServiceContext,
  file: Buffer,
  options: { dryRun: boolean; locale: Locale },
): Promise<ImportResult> {
  assertRole(ctx.actor, orgEditorRoles);
  const workbook = await loadWorkbook(file);
  const checked = (plan: ImportPlan) => {
    assertNoRowErrors(plan.errors);
    return plan;
  };
  if (options.dryRun) {
    const plan = checked(await planImport(ctx, ctx.db, workbook, options.locale));
    return {
      dryRun: true,
      grids: {
        created: plan.grids.filter(
          (grid) => !plan.existingGrids.has(gridKey(grid.villageCode, grid.name)),
        ).length,
        updated: plan.grids.filter((grid) =>
          plan.existingGrids.has(gridKey(grid.villageCode, grid.name)),
        ).length,
      },
      people: { created: plan.people.length - plan.matched.size, updated: plan.matched.size },
      posts: { created: plan.people.reduce((sum, person) => sum + person.posts.length, 0) },
    };
  }
  // Checked and written in one transaction, so nothing can slip in between.
  return ctx.db.transaction(async (tx) =>
    writeImport(tx, ctx, checked(await planImport(ctx, tx, workbook, options.locale))),
  );
}

async function writeImport(tx: Tx, ctx: ServiceContext, plan: ImportPlan): Promise<ImportResult> {
  const result: ImportResult = {
    dryRun: false,
    grids: { created: 0, updated: 0 },
    people: { created: 0, updated: plan.matched.size },
    posts: { created: 0 },
  };
  const changes: AuditChange[] = [];
  const source = 'import';
  const gridIds = new Map(plan.existingGrids);
  const newGrids: GridValues[] = [];
  for (const grid of plan.grids) {
    const values = { kind: grid.kind, households: grid.households, residents: grid.residents };
    const key = gridKey(grid.villageCode, grid.name);
    const existing = plan.existingGrids.get(key);
    if (existing) {
      await updateGridRow(tx, existing, values);
      result.grids.updated += 1;
      changes.push({
        action: 'grid.update',
        entity: 'grid',
        entityId: existing,
        regionCode: grid.villageCode,
        after: { ...values, source },
      });
    } else {
      const id = randomUUID();
      gridIds.set(key, id);
      newGrids.push({
        id,
        regionCode: grid.villageCode,
        countyCode: countyCodeOf(grid.villageCode),
        name: grid.name,
        ...values,
      });
      changes.push({
        action: 'grid.create',
        entity: 'grid',
        entityId: id,
        regionCode: grid.villageCode,
        after: { name: grid.name, ...values, source },
      });
    }
  }
  await insertChunks(tx, schema.grid, newGrids);
  result.grids.created = newGrids.length;

  const newPeople: PersonValues[] = [];
  const posts: PostValues[] = [];
  for (const planned of plan.people) {
    let personId = plan.matched.get(planned.mobile);
    if (personId) {
      if (planned.landline || planned.notes) {
        await updatePersonRow(tx, personId, {
          ...(planned.landline ? { landline: planned.landline } : {}),
          ...(planned.notes ? { notes: planned.notes } : {}),
        });
      }
    } else {
      personId = randomUUID();
      newPeople.push({
        id: personId,
        regionCode: planned.regionCode,
        countyCode: countyCodeOf(planned.regionCode),
        name: planned.name,
        mobile: planned.mobile,
        landline: planned.landline,
        notes: planned.notes,
      });
      changes.push({
        action: 'person.create',
        entity: 'person',
        entityId: personId,
        regionCode: planned.regionCode,
        after: { name: planned.name, mobile: planned.mobile, source },
      });
    }
    for (const post of planned.posts) {
      posts.push({
        personId,
        kind: post.kind,
        regionCode: post.regionCode,
        countyCode: countyCodeOf(post.regionCode),
        gridId: post.gridName ? gridIds.get(gridKey(post.regionCode, post.gridName))! : null,
      });
    }
  }
  await insertChunks(tx, schema.person, newPeople);
  result.people.created = newPeople.length;
  // Posts already held are skipped: a re-import is harmless.
  const created = await insertPosts(tx, posts);
  result.posts.created = created.length;
  for (const post of created) {
    changes.push({
      action: 'post.assign',
      entity: 'post',
      entityId: post.id,
      regionCode: post.regionCode,
      after: { personId: post.personId, kind: post.kind, gridId: post.gridId, source },
    });
  }
  await recordAuditMany(tx, ctx.actor, changes, ctx.requestId);
  return result;
}
