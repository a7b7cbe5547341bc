import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { xlsxMediaType, type Grid, type ImportResult, type Person } from '@lastmile/shared';
import { buildTestApp, type TestApp, type TestClient } from '../../test/build-test-app';

let t: TestApp;
let clerk: TestClient;
beforeAll(async () => {
  t = await buildTestApp();
  clerk = await t.signInAs('township_staff', '421321101');
});
afterAll(() => t.close());

type Row = (string | number | null)[];

async function loadWorkbook(body: Buffer): Promise<ExcelJS.Workbook> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(body as unknown as ArrayBuffer);
  return workbook;
}

/** Fills the app's own template, as a user would. */
async function fillTemplate(grids: Row[], people: Row[]): Promise<Buffer> {
  const template = await clerk.get('/api/v1/org/import-template.xlsx');
  const workbook = await loadWorkbook(template.rawPayload);
  grids.forEach((row, index) => (workbook.getWorksheet('网格')!.getRow(index + 2).values = row));
  people.forEach((row, index) => (workbook.getWorksheet('人员')!.getRow(index + 2).values = row));
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

const upload = (file: Buffer, query = '', language = 'zh-CN') =>
  clerk.request({
    method: 'POST',
    url: `/api/v1/org/import${query}`,
    payload: file,
    headers: { 'content-type': xlsxMediaType, 'accept-language': language },
  });

const countGrids = async () =>
  (await clerk.get('/api/v1/org/grids?limit=1')).json<{ total: number }>().total;

describe('import template', () => {
  it('has the two data sheets, instructions, posts and the scope’s own regions with codes', async () => {
    const response = await clerk.get('/api/v1/org/import-template.xlsx');
    expect(response.headers['content-type']).toBe(xlsxMediaType);
    const workbook = await loadWorkbook(response.rawPayload);
    expect(workbook.worksheets.map((sheet) => sheet.name)).toEqual([
      '说明',
      '网格',
      '人员',
      '岗位',
      '区划',
    ]);
    const regions = workbook.getWorksheet('区划')!;
    expect(regions.rowCount).toBe(1 + 27);
    expect(regions.getRow(2).values).toEqual([
      undefined,
      '厉山镇',
      '神农社区居民委员会',
      '421321101001',
    ]);
    expect(workbook.getWorksheet('人员')!.getCell('D2').dataValidation).toMatchObject({
      type: 'list',
    });
  });
});

describe('import', () => {
  it('checks on a dry run, imports once, and matches grids and people on a second run', async () => {
    const file = await fillTemplate(
      [
        ['厉山镇', '星亮村村民委员会', '导入一组', '村民小组', 80, 260],
        ['厉山镇', '神农社区居民委员会', '导入网格A', null, 420, 1200],
      ],
      [
        [
          '周一',
          '13900001001',
          '0722-4000001',
          '网格长',
          '厉山镇',
          '星亮村村民委员会',
          '导入一组',
          null,
        ],
        ['周一', '139 0000 1001', null, '信息报告员', '厉山镇', '星亮村村民委员会', null, null],
        ['吴二', 13900001002, null, '网格员', '厉山镇', '神农社区居民委员会', '导入网格A', '兼职'],
        ['郑三', '13900001003', null, '应急办主任', '厉山镇', null, null, null],
      ],
    );
    const before = await countGrids();
    const dry = await upload(file, '?dryRun=true');
    expect(dry.statusCode, dry.body).toBe(200);
    expect(dry.json<ImportResult>()).toEqual({
      dryRun: true,
      grids: { created: 2, updated: 0 },
      people: { created: 3, updated: 0 },
      posts: { created: 4 },
    });
    expect(await countGrids()).toBe(before);

    const real = await upload(file);
    expect(real.json<ImportResult>()).toEqual({
      dryRun: false,
      grids: { created: 2, updated: 0 },
      people: { created: 3, updated: 0 },
      posts: { created: 4 },
    });
    const grids = (await clerk.get('/api/v1/org/grids?q=导入&limit=10')).json<{ items: Grid[] }>()
      .items;
    expect(grids.map((g) => [g.name, g.kind, g.households])).toEqual([
      ['导入网格A', 'communityBlock', 420],
      ['导入一组', 'villagerGroup', 80],
    ]);
    const zhou = (await clerk.get('/api/v1/org/people?q=13900001001')).json<{ items: Person[] }>()
      .items[0]!;
    expect(zhou.landline).toBe('0722-4000001');
    expect(zhou.posts.map((post) => post.kind).sort()).toEqual(['gridHead', 'informant']);

    const again = await upload(file);
    expect(again.json<ImportResult>()).toEqual({
      dryRun: false,
      grids: { created: 0, updated: 2 },
      people: { created: 0, updated: 3 },
      posts: { created: 0 },
    });
  });

  it('imports nothing from 500 rows when one is bad, and names that row', async () => {
    const grids: Row[] = Array.from({ length: 250 }, (_, i) => [
      '厉山镇',
      '王家岗村村民委员会',
      `批量${i + 1}组`,
      '村民小组',
      30,
      100,
    ]);
    const people: Row[] = Array.from({ length: 250 }, (_, i) => [
      `批量${i}`,
      `1380001${String(i).padStart(4, '0')}`,
      null,
      '网格员',
      '厉山镇',
      '王家岗村村民委员会',
      `批量${i + 1}组`,
      null,
    ]);
    people[199]![1] = '1380001'; // row 201 of the sheet: a short mobile number
    const before = await countGrids();
    const response = await upload(await fillTemplate(grids, people));
    expect(response.statusCode).toBe(422);
    expect(response.json()).toEqual({
      code: 'IMPORT_INVALID',
      message: '导入文件有 1 处错误，未导入任何数据',
      details: {
        errors: [
          {
            sheet: '人员',
            row: 201,
            column: '手机',
            reason: '手机号应为 11 位数字（如 13812345678）',
          },
        ],
      },
    });
    expect(await countGrids()).toBe(before);

    people[199]![1] = '13800010199';
    const fixed = await upload(await fillTemplate(grids, people));
    expect(fixed.json<ImportResult>()).toMatchObject({
      grids: { created: 250 },
      people: { created: 250 },
      posts: { created: 250 },
    });
  });

  it('reports every bad row: regions, posts, grids, phones and clashing people, in the caller’s language', async () => {
    await clerk.post('/api/v1/org/people', {
      name: '已登记',
      mobile: '13900002000',
      regionCode: '421321101200',
    });
    const file = await fillTemplate(
      [
        ['厉山镇', '不存在村', '一组', '村民小组', 10, 20],
        ['高城镇', '某村', '一组', null, null, null],
        ['厉山镇', '星亮村村民委员会', '重复组', '大组', -1, null],
        ['厉山镇', '星亮村村民委员会', '重复组', null, null, null],
      ],
      [
        [
          '甲',
          '13900002001',
          '12345',
          '网格员',
          '厉山镇',
          '星亮村村民委员会',
          '没有这个网格',
          null,
        ],
        ['乙', '13900002002', null, '村长', '厉山镇', '星亮村村民委员会', null, null],
        ['丙', '13900002003', null, '信息报告员', '厉山镇', null, null, null],
        ['丁', '13900002004', null, '网格员', '厉山镇', '星亮村村民委员会', '重复组', null],
        ['戊', '13900002004', null, '信息报告员', '厉山镇', '星亮村村民委员会', null, null],
        ['己', '13900002000', null, '信息报告员', '厉山镇', '星亮村村民委员会', null, null],
        ['庚', '13900002006', null, '总指挥', null, null, null, null],
      ],
    );
    const response = await upload(file);
    expect(response.statusCode).toBe(422);
    const errors = response.json<{
      details: { errors: { sheet: string; row: number; column: string; reason: string }[] };
    }>().details.errors;
    expect(errors.map((e) => `${e.sheet}:${e.row}:${e.column}: ${e.reason}`)).toEqual([
      '人员:2:固定电话: 固定电话应带区号（如 0722-1234567）',
      '人员:2:网格名称: 网格「没有这个网格」不在「网格」表中，系统中也没有',
      '人员:3:岗位: 岗位「村长」不存在，请从「岗位」表中选择',
      '人员:4:村(社区): 信息报告员须填写乡镇和村(社区)',
      '人员:6:姓名: 手机号 13900002004 在第 5 行登记为「丁」',
      '人员:7:手机: 手机号 13900002000 已登记给其他人员',
      '人员:8:乡镇(街道): 您的管辖范围不是整个县，不能导入县级岗位',
      '网格:2:村(社区): 「厉山镇」下没有村(社区)「不存在村」，或不在您的管辖范围内',
      '网格:3:乡镇(街道): 乡镇(街道)「高城镇」不存在或不在您的管辖范围内',
      '网格:4:网格类型: 网格类型应为：村民小组、社区网格、其他',
      '网格:4:户数: 应为不小于 0 的整数',
      '网格:5:网格名称: 与第 4 行网格重复',
    ]);
    const english = await upload(file, '', 'en');
    expect(english.json<{ message: string }>().message).toBe(
      'The file has 12 errors; nothing was imported',
    );
    expect(
      english.json<{ details: { errors: { reason: string }[] } }>().details.errors[0]!.reason,
    ).toBe('a landline with area code (e.g. 0722-1234567)');
  });

  it('answers a file that is not a workbook, or a sheet without its columns, with a 4xx', async () => {
    const junk = await upload(Buffer.from('not an excel file'));
    expect(junk.statusCode).toBe(400);
    expect(junk.json()).toMatchObject({ code: 'FILE_UNREADABLE' });
    const json = await clerk.post('/api/v1/org/import', { rows: [] });
    expect(json.statusCode).toBe(400);

    const workbook = new ExcelJS.Workbook();
    workbook.addWorksheet('网格').addRow(['乡镇', '名称']);
    const response = await upload(Buffer.from(await workbook.xlsx.writeBuffer()));
    expect(response.statusCode).toBe(422);
    expect(
      response
        .json<{ details: { errors: { column: string }[] } }>()
        .details.errors.map((e) => e.column),
    ).toEqual(['乡镇(街道)', '村(社区)', '网格名称', '网格类型', '户数', '人口']);
    const empty = new ExcelJS.Workbook();
    empty.addWorksheet('Sheet1');
    expect((await upload(Buffer.from(await empty.xlsx.writeBuffer()))).statusCode).toBe(422);
  });
});

describe('grid management table', () => {
  it('exports every grid of the scope with heads, workers and phones', async () => {
    const response = await clerk.get('/api/v1/org/grid-table.xlsx?regionCode=421321101200');
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-disposition']).toContain(
      `filename*=UTF-8''${encodeURIComponent('星亮村村民委员会网格管理表.xlsx')}`,
    );
    const sheet = (await loadWorkbook(response.rawPayload)).getWorksheet('网格管理表')!;
    expect(sheet.getCell('A1').value).toBe('星亮村村民委员会应急管理网格管理表');
    expect(sheet.getRow(3).values).toEqual([
      undefined,
      '序号',
      '乡镇(街道)',
      '村(社区)',
      '网格名称',
      '网格类型',
      '户数',
      '人口',
      '网格长及电话',
      '网格员及电话',
    ]);
    const rows = [];
    for (let index = 4; index <= sheet.rowCount; index += 1) {
      rows.push(sheet.getRow(index).values);
    }
    expect(rows).toContainEqual([
      undefined,
      expect.any(Number),
      '厉山镇',
      '星亮村村民委员会',
      '导入一组',
      '村民小组',
      80,
      260,
      '周一 13900001001',
      '',
    ]);
  });
});
