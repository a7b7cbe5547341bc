import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type {
  HazardSource,
  HazardSourceStats,
  LedgerSettingsResponse,
  Unit,
} from '@lastmile/shared';
import { buildTestApp, type TestApp, type TestClient } from '../../test/build-test-app';

/** 厉山镇, two of its villages, and a village of another township. */
const township = '421321101000';
const village = '421321101200';
const community = '421321101001';
const otherVillage = '421321102200';

let t: TestApp;
let clerk: TestClient;
let seq = 0;
beforeAll(async () => {
  t = await buildTestApp();
  clerk = await t.signInAs('township_staff', '421321101');
});
afterAll(() => t.close());

async function newUnit(body: Record<string, unknown> = {}): Promise<Unit> {
  const response = await clerk.post('/api/v1/units', {
    regionCode: village,
    name: `单位${(seq += 1)}`,
    category: 'smallShop',
    ...body,
  });
  expect(response.statusCode, response.body).toBe(201);
  return response.json<Unit>();
}

describe('units', () => {
  it('registers a unit with its credit code, derives sector and department, and updates it', async () => {
    const valid = await newUnit({
      name: '厉山镇神农农家乐',
      category: 'farmStay',
      creditCode: '91110108551385082Q',
      location: { lon: 113.28, lat: 31.72 },
      safetyContactPhone: '138 1234 5678',
      employees: 12,
    });
    expect(valid).toMatchObject({
      regionCode: village,
      townshipCode: township,
      townshipName: '厉山镇',
      sector: 'tourism',
      categoryName: '农家乐',
      smallVenue: false,
      supervisingDepartment: '县文化和旅游局',
      safetyContactPhone: '13812345678',
      status: 'operating',
      hazardSources: 0,
      lastInspectedAt: null,
    });

    const moved = await clerk.patch(`/api/v1/units/${valid.id}`, {
      category: 'smallRestaurant',
      status: 'suspended',
      regionCode: community,
    });
    expect(moved.statusCode, moved.body).toBe(200);
    expect(moved.json()).toMatchObject({
      regionCode: community,
      sector: 'commerce',
      smallVenue: true,
      supervisingDepartment: '县商务局',
      status: 'suspended',
    });
  });

  it('refuses a bad check character with a field error, and a taken code or name with 409', async () => {
    const bad = await clerk.post('/api/v1/units', {
      regionCode: village,
      name: '错误代码单位',
      category: 'smallShop',
      creditCode: '914403001922038217',
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({ code: 'VALIDATION_FAILED' });
    expect(bad.body).toContain('creditCode');

    await newUnit({ name: '华为', creditCode: '914403001922038216' });
    const again = await clerk.post('/api/v1/units', {
      regionCode: community,
      name: '另一家',
      category: 'smallShop',
      creditCode: '914403001922038216',
    });
    expect(again.statusCode).toBe(409);
    expect(again.json()).toMatchObject({ code: 'CREDIT_CODE_TAKEN' });

    const sameName = await clerk.post('/api/v1/units', {
      regionCode: village,
      name: '华为',
      category: 'smallShop',
    });
    expect(sameName.json()).toMatchObject({ code: 'UNIT_NAME_TAKEN' });

    const unknown = await clerk.post('/api/v1/units', {
      regionCode: village,
      name: '无类别',
      category: 'spaceport',
    });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json()).toMatchObject({ code: 'CATEGORY_UNKNOWN' });
  });

  it('keeps units inside the scope: another township is out of reach, a county is not a place', async () => {
    const outside = await clerk.post('/api/v1/units', {
      regionCode: otherVillage,
      name: '外镇',
      category: 'smallShop',
    });
    expect(outside.statusCode).toBe(403);
    const admin = await t.signIn('admin', 'admin-password-for-tests');
    const county = await admin.post('/api/v1/units', {
      regionCode: '421321',
      name: '县本级',
      category: 'smallShop',
    });
    expect(county.json()).toMatchObject({ code: 'REGION_LEVEL_INVALID' });
    const theirs = await admin.post('/api/v1/units', {
      regionCode: otherVillage,
      name: '外镇单位',
      category: 'smallShop',
    });
    expect(theirs.statusCode).toBe(201);
    expect((await clerk.get(`/api/v1/units/${theirs.json<Unit>().id}`)).json()).toMatchObject({
      code: 'UNIT_NOT_FOUND',
    });
    const listed = (await clerk.get('/api/v1/units?limit=500')).json<{ items: Unit[] }>();
    expect(listed.items.every((unit) => unit.regionCode.startsWith('421321101'))).toBe(true);
  });

  it('filters by keyword, sector, category, status and 九小场所, with totals', async () => {
    await newUnit({ name: '过滤测试网吧', category: 'smallInternetCafe' });
    await newUnit({ name: '过滤测试工地', category: 'constructionSite' });
    const get = async (query: string) =>
      (await clerk.get(`/api/v1/units?q=过滤测试&${query}`)).json<{
        items: Unit[];
        total: number;
      }>();
    expect((await get('')).total).toBe(2);
    expect((await get('smallVenue=true')).items.map((unit) => unit.name)).toEqual(['过滤测试网吧']);
    expect((await get('sector=construction')).items.map((unit) => unit.name)).toEqual([
      '过滤测试工地',
    ]);
    expect((await get('category=smallInternetCafe&status=closed')).total).toBe(0);
    // % and _ in a keyword are literal.
    expect((await clerk.get('/api/v1/units?q=%25')).json<{ total: number }>().total).toBe(0);
  });
});

describe('hazard sources', () => {
  it('attaches a source to a unit, keeps a standalone one, and counts them in the statistics table', async () => {
    const unit = await newUnit({
      name: '加油站',
      category: 'fuelStation',
      location: { lon: 113.3, lat: 31.7 },
    });
    const attached = await clerk.post('/api/v1/hazard-sources', {
      unitId: unit.id,
      name: '汽油储罐区',
      kind: 'fuelStation',
      major: true,
      majorGrade: 4,
      substances: '汽油、柴油',
      quantity: '90 m³',
    });
    expect(attached.statusCode, attached.body).toBe(201);
    expect(attached.json<HazardSource>()).toMatchObject({
      regionCode: village,
      unitName: '加油站',
      major: true,
      majorGrade: 4,
      location: { lon: 113.3, lat: 31.7 },
    });
    const dam = await clerk.post('/api/v1/hazard-sources', {
      regionCode: community,
      name: '小型水库大坝',
      kind: 'reservoirDam',
    });
    expect(dam.statusCode, dam.body).toBe(201);
    const both = await clerk.post('/api/v1/hazard-sources', {
      unitId: unit.id,
      regionCode: village,
      name: 'x',
      kind: 'other',
    });
    expect(both.statusCode).toBe(400);
    const gradeWithoutMajor = await clerk.post('/api/v1/hazard-sources', {
      regionCode: village,
      name: 'y',
      kind: 'other',
      majorGrade: 2,
    });
    expect(gradeWithoutMajor.statusCode).toBe(400);
    const twice = await clerk.post('/api/v1/hazard-sources', {
      unitId: unit.id,
      name: '汽油储罐区',
      kind: 'fuelStation',
    });
    expect(twice.statusCode).toBe(409);
    expect(twice.json()).toMatchObject({ code: 'HAZARD_SOURCE_NAME_TAKEN' });

    expect((await clerk.get(`/api/v1/units/${unit.id}`)).json()).toMatchObject({
      hazardSources: 1,
    });
    const majors = (await clerk.get('/api/v1/hazard-sources?major=true')).json<{
      items: HazardSource[];
    }>();
    expect(majors.items.map((source) => source.name)).toContain('汽油储罐区');

    const stats = (await clerk.get('/api/v1/hazard-sources/stats')).json<HazardSourceStats>();
    expect(stats.regionName).toBe('厉山镇');
    const row = stats.rows.find((entry) => entry.regionCode === village)!;
    expect(row).toMatchObject({ units: 1, sources: 1, major: 1, majorByGrade: { '4': 1 } });
    expect(stats.rows.find((entry) => entry.regionCode === community)).toMatchObject({
      units: 0,
      sources: 1,
      byKind: { reservoirDam: 1 },
    });
    expect(stats.total.sources).toBe(stats.rows.reduce((sum, entry) => sum + entry.sources, 0));

    const demoted = await clerk.patch(
      `/api/v1/hazard-sources/${attached.json<HazardSource>().id}`,
      { major: false },
    );
    expect(demoted.json()).toMatchObject({ major: false, majorGrade: null });
  });
});

describe('ledger settings (三管三必须)', () => {
  it('lets the county admin rename a department and add a category, and refuses dropping one in use', async () => {
    const admin = await t.signIn('admin', 'admin-password-for-tests');
    const before = (await clerk.get('/api/v1/ledger-settings')).json<LedgerSettingsResponse>();
    expect(before.sectorDepartments.fireSafety).toBe('县消防救援大队');
    expect(before.categories.filter((category) => category.smallVenue)).toHaveLength(9);

    expect(
      (await clerk.put('/api/v1/ledger-settings', { regionCode: '421321', override: {} }))
        .statusCode,
    ).toBe(403);

    const categories = [
      ...before.categories,
      { code: 'tenSmall', name: '小培训机构', sector: 'education', smallVenue: true },
    ];
    const saved = await admin.put('/api/v1/ledger-settings', {
      regionCode: '421321',
      override: { categories, sectorDepartments: { fireSafety: '随县消防救援大队' } },
    });
    expect(saved.statusCode, saved.body).toBe(200);
    const unit = await newUnit({ name: '培训班', category: 'tenSmall' });
    expect(unit).toMatchObject({
      categoryName: '小培训机构',
      smallVenue: true,
      supervisingDepartment: '县教育局',
    });
    const cafe = await newUnit({ name: '设置后网吧', category: 'smallInternetCafe' });
    expect(cafe.supervisingDepartment).toBe('随县消防救援大队');

    const dropped = await admin.put('/api/v1/ledger-settings', {
      regionCode: '421321',
      override: { categories: categories.filter((category) => category.code !== 'tenSmall') },
    });
    expect(dropped.statusCode).toBe(409);
    expect(dropped.json()).toMatchObject({
      code: 'CATEGORY_IN_USE',
      details: { codes: ['tenSmall'] },
    });
  });
});
