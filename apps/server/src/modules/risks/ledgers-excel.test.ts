import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  xlsxMediaType,
  type LedgerImportResult,
  type RiskPoint,
  type Unit,
} from '@lastmile/shared';
import { buildTestApp, type TestApp, type TestClient } from '../../test/build-test-app';

let t: TestApp;
let clerk: TestClient;
beforeAll(async () => {
  t = await buildTestApp();
  clerk = await t.signInAs('township_staff', '421321101');
  await clerk.post('/api/v1/org/grids', {
    regionCode: '421321101200',
    name: '二组',
    kind: 'villagerGroup',
  });
  await clerk.post('/api/v1/org/people', {
    name: '王强',
    mobile: '13700001234',
    regionCode: '421321101200',
  });
});
afterAll(() => t.close());

type Row = (string | number | null)[];

async function readWorkbook(body: Buffer): Promise<ExcelJS.Workbook> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(body as unknown as ArrayBuffer);
  return workbook;
}

/** Fills the app's own template, as a user would. */
async function fillTemplate(sheets: Record<string, Row[]>): Promise<Buffer> {
  const template = await clerk.get('/api/v1/ledgers/import-template.xlsx');
  const workbook = await readWorkbook(template.rawPayload);
  for (const [name, rows] of Object.entries(sheets)) {
    rows.forEach((row, index) => (workbook.getWorksheet(name)!.getRow(index + 2).values = row));
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

const upload = (file: Buffer, query = '', language = 'zh-CN') =>
  clerk.request({
    method: 'POST',
    url: `/api/v1/ledgers/import${query}`,
    payload: file,
    headers: { 'content-type': xlsxMediaType, 'accept-language': language },
  });

// 乡镇, 村, 名称, 信用代码, 地址, 类别, 行业, 法人, 安全负责人, 电话, 人数, 状态, 经度, 纬度, 备注
const units: Row[] = [
  [
    '厉山镇',
    '星亮村村民委员会',
    '星亮加油站',
    '91110000710925462X',
    '星亮村一组',
    '加油加气站',
    '',
    '李四',
    '李四',
    '0722-1234567',
    8,
    '',
    113.31,
    31.71,
    '',
  ],
  [
    '厉山镇',
    '',
    '厉山镇中心超市',
    '',
    '厉山街 1 号',
    '小商店',
    '',
    '',
    '',
    '',
    20,
    '在营',
    '',
    '',
    '',
  ],
];
// 乡镇, 村, 所属单位, 名称, 类别, 重大, 级别, 物质, 数量, 责任人, 电话, 措施, 监测, 经度, 纬度
const sources: Row[] = [
  [
    '厉山镇',
    '星亮村村民委员会',
    '星亮加油站',
    '地下储罐',
    '加油加气站',
    '是',
    '四级',
    '汽油',
    '60 m³',
    '李四',
    '13800001111',
    '双层罐',
    '液位监测',
    '',
    '',
  ],
  [
    '厉山镇',
    '星亮村村民委员会',
    '',
    '星亮水库大坝',
    '水库大坝',
    '否',
    '',
    '',
    '',
    '',
    '',
    '',
    '',
    113.33,
    31.73,
  ],
];
// 乡镇, 村, 网格, 名称, 类型, 等级, 经度, 纬度, 户数, 人数, 乡镇手机, 村手机, 网格手机, 措施, 监测, 复核日期, 状态
const points: Row[] = [
  [
    '厉山镇',
    '星亮村村民委员会',
    '二组',
    '二组低洼地',
    '低洼易涝点',
    '较大',
    113.32,
    31.72,
    15,
    40,
    '',
    '',
    '13700001234',
    '转移预案',
    '水位尺',
    '2027-05-01',
    '',
  ],
];

describe('ledger import', () => {
  it('checks on a dry run, imports all three sheets once, and updates on a second run', async () => {
    const file = await fillTemplate({ 单位: units, 危险源: sources, 风险点: points });
    const dry = await upload(file, '?dryRun=true');
    expect(dry.statusCode, dry.body).toBe(200);
    expect(dry.json<LedgerImportResult>()).toEqual({
      dryRun: true,
      units: { created: 2, updated: 0 },
      hazardSources: { created: 2, updated: 0 },
      riskPoints: { created: 1, updated: 0 },
    });
    expect((await clerk.get('/api/v1/units?limit=1')).json<{ total: number }>().total).toBe(0);

    const done = await upload(file);
    expect(done.statusCode, done.body).toBe(200);
    const listed = (await clerk.get('/api/v1/units?q=加油站')).json<{ items: Unit[] }>();
    expect(listed.items[0]).toMatchObject({
      creditCode: '91110000710925462X',
      sector: 'hazardousChemicals',
      hazardSources: 1,
      location: { lon: 113.31, lat: 31.71 },
    });
    const market = (await clerk.get('/api/v1/units?q=中心超市')).json<{ items: Unit[] }>()
      .items[0]!;
    expect(market.regionCode).toBe('421321101000');
    const point = (await clerk.get('/api/v1/risk-points?q=二组低洼地')).json<{
      items: RiskPoint[];
    }>().items[0]!;
    expect(point).toMatchObject({ level: 'high', gridName: '二组', nextReviewOn: '2027-05-01' });
    expect(point.responsible.grid?.name).toBe('王强');

    const again = await upload(file);
    expect(again.json<LedgerImportResult>()).toMatchObject({
      units: { created: 0, updated: 2 },
      hazardSources: { created: 0, updated: 2 },
      riskPoints: { created: 0, updated: 1 },
    });
  });

  it('imports nothing when any row is bad, and names every bad row in the caller’s language', async () => {
    const before = (await clerk.get('/api/v1/units?limit=1')).json<{ total: number }>().total;
    const file = await fillTemplate({
      单位: [
        [
          '厉山镇',
          '星亮村村民委员会',
          '好单位',
          '',
          '',
          '小商店',
          '',
          '',
          '',
          '',
          '',
          '',
          '',
          '',
          '',
        ],
        [
          '厉山镇',
          '星亮村村民委员会',
          '坏代码',
          '91110000710925462Y',
          '',
          '小商店',
          '',
          '',
          '',
          '',
          '',
          '',
          '',
          '',
          '',
        ],
        ['厉山镇', '没有这个村', '坏村', '', '', '太空站', '', '', '', '123', '', '', 200, 31, ''],
      ],
      危险源: [
        [
          '厉山镇',
          '星亮村村民委员会',
          '不存在的单位',
          'x',
          '加油加气站',
          '否',
          '二级',
          '',
          '',
          '',
          '',
          '',
          '',
          '',
          '',
        ],
      ],
      风险点: [
        [
          '厉山镇',
          '星亮村村民委员会',
          '九组',
          'y',
          '火山口',
          '紫',
          '',
          '',
          '',
          '',
          '',
          '13700009999',
          '',
          '',
          '',
          '2026-02-30',
          '',
        ],
      ],
    });
    const response = await upload(file);
    expect(response.statusCode).toBe(422);
    const body = response.json<{
      code: string;
      details: { errors: { sheet: string; row: number; column: string; reason: string }[] };
    }>();
    expect(body.code).toBe('IMPORT_INVALID');
    const found = body.details.errors.map((error) => `${error.sheet}:${error.row}:${error.column}`);
    expect(found).toEqual(
      expect.arrayContaining([
        '单位:3:统一社会信用代码',
        '单位:4:村(社区)',
        '单位:4:单位类别',
        '单位:4:联系电话',
        '单位:4:经度',
        '危险源:2:重大危险源级别',
        '风险点:2:风险点类型',
        '风险点:2:风险等级',
        '风险点:2:经度',
        '风险点:2:村级责任人手机',
        '风险点:2:下次复核日期',
      ]),
    );
    expect(
      body.details.errors.find((error) => error.column === '统一社会信用代码')?.reason,
    ).toContain('校验位');
    expect((await clerk.get('/api/v1/units?limit=1')).json<{ total: number }>().total).toBe(before);

    const english = await upload(file, '', 'en');
    expect(
      english.json<typeof body>().details.errors.find((error) => error.column === '风险等级')
        ?.reason,
    ).toContain('must be one of');
  });

  it('answers a file that is not a workbook with 400 FILE_UNREADABLE', async () => {
    const response = await upload(Buffer.from('not a workbook'));
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ code: 'FILE_UNREADABLE' });
  });
});

describe('ledger export', () => {
  it('streams the units ledger with a title, the header and one row per unit', async () => {
    const response = await clerk.get('/api/v1/ledgers/export.xlsx?ledger=units');
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe(xlsxMediaType);
    expect(decodeURIComponent(String(response.headers['content-disposition']))).toContain(
      '厉山镇生产经营单位台账',
    );
    const sheet = (await readWorkbook(response.rawPayload)).worksheets[0]!;
    expect(sheet.getCell('A1').value).toBe('厉山镇生产经营单位台账');
    expect(sheet.getRow(2).values).toContain('统一社会信用代码');
    const total = (await clerk.get('/api/v1/units?limit=1')).json<{ total: number }>().total;
    expect(sheet.actualRowCount).toBe(2 + total);
    const names = sheet.getColumn(4).values.slice(3);
    expect(names).toContain('星亮加油站');
  });

  it('exports the key hazard-source statistics table with a total row and the details', async () => {
    const response = await clerk.get('/api/v1/ledgers/export.xlsx?ledger=hazardSourceStats');
    const workbook = await readWorkbook(response.rawPayload);
    expect(workbook.worksheets.map((sheet) => sheet.name)).toEqual(['统计', '明细']);
    const stats = workbook.getWorksheet('统计')!;
    const totalRow = stats.getRow(stats.actualRowCount);
    expect(totalRow.getCell(2).value).toBe('合计');
    expect(totalRow.getCell(4).value).toBe(2);
    expect(totalRow.getCell(5).value).toBe(1);
  });

  it('exports risk points filtered by level, and refuses a kind of another ledger', async () => {
    const response = await clerk.get('/api/v1/ledgers/export.xlsx?ledger=riskPoints&level=high');
    const sheet = (await readWorkbook(response.rawPayload)).worksheets[0]!;
    expect(sheet.actualRowCount).toBe(3);
    expect(sheet.getRow(3).getCell(7).value).toBe('较大风险');
    const wrong = await clerk.get('/api/v1/ledgers/export.xlsx?ledger=riskPoints&kind=fuelStation');
    expect(wrong.statusCode).toBe(400);
  });
});
