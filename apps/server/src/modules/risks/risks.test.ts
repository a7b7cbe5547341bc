import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type {
  DutyCard,
  Grid,
  LedgerSummary,
  MapConfig,
  MapLayerResponse,
  Person,
  RiskPoint,
  Unit,
} from '@lastmile/shared';
import { mapFeatures } from '@lastmile/shared';
import { layerJson, riskPointCondition, riskPointFeatures } from './risks.repository';
import { buildTestApp, type TestApp, type TestClient } from '../../test/build-test-app';

const township = '421321101000';
const village = '421321101200';
const community = '421321101001';
const otherVillage = '421321102200';

let t: TestApp;
let clerk: TestClient;
let grid: Grid;
let worker: Person;
beforeAll(async () => {
  t = await buildTestApp({
    config: {
      map: {
        tileUrl: 'https://t{s}.tianditu.gov.cn/vec_w/wmts?tk=KEY&x={x}&y={y}&l={z}',
        labelTileUrl: null,
        subdomains: '01234567',
        attribution: '审图号：GS(2024)0000号',
      },
    },
  });
  clerk = await t.signInAs('township_staff', '421321101');
  grid = (
    await clerk.post('/api/v1/org/grids', {
      regionCode: village,
      name: '一组',
      kind: 'villagerGroup',
    })
  ).json();
  worker = (
    await clerk.post('/api/v1/org/people', {
      name: '陈芳',
      mobile: '13900001111',
      regionCode: village,
    })
  ).json();
});
afterAll(() => t.close());

let seq = 0;
async function newPoint(body: Record<string, unknown> = {}): Promise<RiskPoint> {
  const response = await clerk.post('/api/v1/risk-points', {
    regionCode: village,
    name: `风险点${(seq += 1)}`,
    kind: 'lowLyingFlood',
    level: 'general',
    location: { lon: 113.3, lat: 31.7 },
    ...body,
  });
  expect(response.statusCode, response.body).toBe(201);
  return response.json<RiskPoint>();
}

describe('risk points', () => {
  it('registers a risk point with grid, responsible persons and review date, and changes its level', async () => {
    const point = await newPoint({
      name: '石板河低洼处',
      level: 'major',
      gridId: grid.id,
      gridPersonId: worker.id,
      threatenedHouseholds: 23,
      threatenedPeople: 71,
      controlMeasures: '汛期专人值守，设置警示牌',
      monitoringMethod: '水位标尺',
      nextReviewOn: '2026-06-01',
    });
    expect(point).toMatchObject({
      townshipCode: township,
      gridName: '一组',
      level: 'major',
      threatenedHouseholds: 23,
      responsible: { township: null, village: null, grid: { personId: worker.id, name: '陈芳' } },
      nextReviewOn: '2026-06-01',
      status: 'active',
    });
    const changed = await clerk.patch(`/api/v1/risk-points/${point.id}`, {
      level: 'high',
      nextReviewOn: '2099-01-01',
    });
    expect(changed.json()).toMatchObject({ level: 'high', reviewOverdue: false });
  });

  it('puts the grid’s active risk points, worst first, on its workers’ duty cards', async () => {
    await clerk.post(`/api/v1/org/people/${worker.id}/posts`, {
      kind: 'gridWorker',
      gridId: grid.id,
    });
    await newPoint({ name: '一组危房', kind: 'selfBuiltHouse', level: 'low', gridId: grid.id });
    await newPoint({ name: '一组已治理点', level: 'major', gridId: grid.id, status: 'eliminated' });
    const cards = (await clerk.get(`/api/v1/org/duty-cards/${worker.id}`)).json<{
      items: DutyCard[];
    }>();
    expect(cards.items[0]!.riskSummary).toBe(
      '风险点 2 处：石板河低洼处（较大风险）、一组危房（低风险）',
    );
  });

  it('takes an area alone and places the point at its centre', async () => {
    const point = await newPoint({
      kind: 'landslide',
      location: null,
      area: {
        type: 'Polygon',
        coordinates: [
          [
            [113.2, 31.6],
            [113.4, 31.6],
            [113.4, 31.8],
            [113.2, 31.8],
            [113.2, 31.6],
          ],
        ],
      },
    });
    expect(point.location).toEqual({ lon: 113.3, lat: 31.7 });
    expect(point.area?.type).toBe('Polygon');
    // An area drawn on a point that has a location keeps the location; clearing it re-derives it.
    const located = await newPoint({ location: { lon: 113.25, lat: 31.65 } });
    const drawn = await clerk.patch(`/api/v1/risk-points/${located.id}`, { area: point.area });
    expect(drawn.json<RiskPoint>().location).toEqual({ lon: 113.25, lat: 31.65 });
    const recentred = await clerk.patch(`/api/v1/risk-points/${located.id}`, { location: null });
    expect(recentred.json<RiskPoint>().location).toEqual({ lon: 113.3, lat: 31.7 });
    const bare = await clerk.patch(`/api/v1/risk-points/${located.id}`, {
      area: null,
      location: null,
    });
    expect(bare.statusCode).toBe(400);
    const neither = await clerk.post('/api/v1/risk-points', {
      regionCode: village,
      name: '无位置',
      kind: 'other',
      level: 'low',
    });
    expect(neither.statusCode).toBe(400);
  });

  it('lists overdue reviews (Beijing calendar) and never eliminated points', async () => {
    const overdue = await newPoint({ nextReviewOn: '2020-01-01' });
    await newPoint({ nextReviewOn: '2020-01-01', status: 'eliminated' });
    await newPoint({ nextReviewOn: '2099-01-01' });
    const listed = (await clerk.get('/api/v1/risk-points?reviewOverdue=true&limit=500')).json<{
      items: RiskPoint[];
    }>();
    expect(listed.items.map((point) => point.id)).toContain(overdue.id);
    expect(listed.items.every((point) => point.reviewOverdue && point.status === 'active')).toBe(
      true,
    );
  });

  it('checks references: the grid must be in the village, people and units in scope', async () => {
    const wrongGrid = await clerk.post('/api/v1/risk-points', {
      regionCode: community,
      name: '错网格',
      kind: 'other',
      level: 'low',
      location: { lon: 113.3, lat: 31.7 },
      gridId: grid.id,
    });
    expect(wrongGrid.json()).toMatchObject({ code: 'GRID_OUTSIDE_REGION' });
    const admin = await t.signIn('admin', 'admin-password-for-tests');
    const stranger = (
      await admin.post('/api/v1/org/people', {
        name: '外镇人',
        mobile: '13900002222',
        regionCode: otherVillage,
      })
    ).json<Person>();
    const foreignUnit = (
      await admin.post('/api/v1/units', {
        regionCode: otherVillage,
        name: '外镇单位',
        category: 'smallShop',
      })
    ).json<Unit>();
    const base = {
      regionCode: village,
      kind: 'other',
      level: 'low',
      location: { lon: 113.3, lat: 31.7 },
    };
    expect(
      (
        await clerk.post('/api/v1/risk-points', {
          ...base,
          name: 'a',
          villagePersonId: stranger.id,
        })
      ).json(),
    ).toMatchObject({
      code: 'PERSON_NOT_FOUND',
    });
    expect(
      (
        await clerk.post('/api/v1/risk-points', { ...base, name: 'b', unitId: foreignUnit.id })
      ).json(),
    ).toMatchObject({
      code: 'UNIT_NOT_FOUND',
    });
    await newPoint({ name: '同名' });
    expect(
      (await clerk.post('/api/v1/risk-points', { ...base, name: '同名' })).json(),
    ).toMatchObject({
      code: 'RISK_POINT_NAME_TAKEN',
    });
  });

  it('filters by comma-listed levels and refuses unknown ones', async () => {
    const red = (await clerk.get('/api/v1/risk-points?level=major,high&limit=500')).json<{
      items: RiskPoint[];
    }>();
    expect(red.items.length).toBeGreaterThan(0);
    expect(red.items.every((point) => ['major', 'high'].includes(point.level))).toBe(true);
    expect((await clerk.get('/api/v1/risk-points?level=purple')).statusCode).toBe(400);
  });
});

describe('the one-map', () => {
  it('answers a layer by bounding box, with only what is inside it and the scope', async () => {
    const inside = await newPoint({
      name: '框内',
      level: 'major',
      location: { lon: 113.31, lat: 31.71 },
    });
    const outside = await newPoint({
      name: '框外',
      level: 'major',
      location: { lon: 113.9, lat: 32.2 },
    });
    const layer = (
      await clerk.get(
        '/api/v1/map/layer?layer=riskPoints&bbox=113.25,31.65,113.35,31.75&level=major',
      )
    ).json<MapLayerResponse>();
    const ids = mapFeatures(layer).map((feature) => feature.id);
    expect(ids).toContain(inside.id);
    expect(ids).not.toContain(outside.id);
    expect(mapFeatures(layer).find((feature) => feature.id === inside.id)).toMatchObject({
      name: '框内',
      lon: 113.31,
      lat: 31.71,
      level: 'major',
      kind: 'lowLyingFlood',
      regionCode: village,
    });
    expect(layer.truncated).toBe(false);

    // A point of another township never reaches this township's map, bbox or not.
    const admin = await t.signIn('admin', 'admin-password-for-tests');
    const foreign = await admin.post('/api/v1/risk-points', {
      regionCode: otherVillage,
      name: '外镇风险点',
      kind: 'other',
      level: 'major',
      location: { lon: 113.31, lat: 31.71 },
    });
    const again = (await clerk.get('/api/v1/map/layer?layer=riskPoints')).json<MapLayerResponse>();
    expect(mapFeatures(again).map((feature) => feature.id)).not.toContain(
      foreign.json<RiskPoint>().id,
    );
    const county = (
      await admin.get('/api/v1/map/layer?layer=riskPoints&bbox=113.3,31.7,113.32,31.72')
    ).json<MapLayerResponse>();
    expect(mapFeatures(county).map((feature) => feature.id)).toContain(
      foreign.json<RiskPoint>().id,
    );
  });

  it('keeps the most severe when a layer is cut short', async () => {
    const scope = { regionCode: '421321101000', prefix: '421321101' };
    await newPoint({ name: '截断测试低风险', level: 'low' });
    const layer = JSON.parse(
      await layerJson(
        t.database.db,
        'riskPoints',
        riskPointFeatures(riskPointCondition(scope, {})),
        2,
      ),
    ) as MapLayerResponse;
    expect(layer.truncated).toBe(true);
    expect(layer.ids).toHaveLength(2);
    expect(layer.levels).toEqual(['major', 'major']);
    const whole = JSON.parse(
      await layerJson(
        t.database.db,
        'riskPoints',
        riskPointFeatures(riskPointCondition(scope, {})),
        10_000,
      ),
    ) as MapLayerResponse;
    expect(whole.truncated).toBe(false);
    expect(whole.levels).toContain('low');
    expect(new Set(whole.ids).size).toBe(whole.ids.length);
  });

  it('refuses malformed boxes and unknown layers with 400', async () => {
    for (const query of [
      'layer=riskPoints&bbox=1,2,3',
      'layer=riskPoints&bbox=114,31,113,32',
      'layer=riskPoints&bbox=a,b,c,d',
      'layer=riskPoints&bbox=0,0,181,0',
      'layer=warnings',
    ]) {
      expect((await clerk.get(`/api/v1/map/layer?${query}`)).statusCode, query).toBe(400);
    }
  });

  it('draws units, hazard sources, grids and village labels', async () => {
    const unit = (
      await clerk.post('/api/v1/units', {
        regionCode: village,
        name: '地图单位',
        category: 'warehouse',
        location: { lon: 113.29, lat: 31.69 },
      })
    ).json<Unit>();
    await clerk.post('/api/v1/hazard-sources', {
      unitId: unit.id,
      name: '仓库危化品',
      kind: 'chemicalStorage',
      major: true,
    });
    await clerk.patch(`/api/v1/org/grids/${grid.id}`, { centre: { lon: 113.3, lat: 31.7 } });
    await clerk.patch(`/api/v1/org/regions/${community}/profile`, {
      centre: { lon: 113.26, lat: 31.74 },
    });

    const layer = async (name: string) =>
      mapFeatures((await clerk.get(`/api/v1/map/layer?layer=${name}`)).json<MapLayerResponse>());
    expect((await layer('units')).find((feature) => feature.id === unit.id)).toMatchObject({
      kind: 'warehouse',
    });
    expect(
      (await layer('hazardSources')).find((feature) => feature.name === '仓库危化品'),
    ).toMatchObject({
      level: 'major',
      lon: 113.29,
    });
    expect((await layer('grids')).find((feature) => feature.id === grid.id)).toMatchObject({
      lon: 113.3,
    });
    const villages = await layer('villages');
    expect(villages.find((feature) => feature.id === community)).toMatchObject({
      lon: 113.26,
      lat: 31.74,
    });
    // A village without a centre is labelled where its located records are.
    expect(villages.find((feature) => feature.id === village)?.name).toBe('星亮村村民委员会');
  });

  it('gives the tile template and a centre to open on', async () => {
    const config = (await clerk.get('/api/v1/map/config')).json<MapConfig>();
    expect(config.tileUrl).toContain('tianditu.gov.cn');
    expect(config.attribution).toContain('审图号');
    expect(config.centre?.lon).toBeGreaterThan(113);
  });
});

describe('ledger counts', () => {
  it('counts risk points by area and level, and units by sector', async () => {
    const byArea = (
      await clerk.get('/api/v1/ledgers/summary?ledger=riskPoints&groupBy=area')
    ).json<LedgerSummary>();
    expect(byArea.groups.find((group) => group.key === village)).toMatchObject({
      name: '星亮村村民委员会',
    });
    expect(byArea.groups.reduce((sum, group) => sum + group.count, 0)).toBe(byArea.total);
    const total = (await clerk.get('/api/v1/risk-points?limit=1')).json<{ total: number }>().total;
    expect(byArea.total).toBe(total);
    const byLevel = (
      await clerk.get('/api/v1/ledgers/summary?ledger=riskPoints&groupBy=level')
    ).json<LedgerSummary>();
    expect(byLevel.groups.map((group) => group.key)).toContain('major');
    const bySector = await clerk.get('/api/v1/ledgers/summary?ledger=riskPoints&groupBy=sector');
    expect(bySector.statusCode).toBe(400);
  });
});

describe('hostile input', () => {
  it('answers bad input to every ledger and map route with a 4xx and a code, never a 5xx', async () => {
    const unclosed = {
      type: 'Polygon',
      coordinates: [
        [
          [113, 31],
          [114, 31],
          [114, 32],
          [113, 32],
        ],
      ],
    };
    const point = {
      regionCode: village,
      name: '坏',
      kind: 'other',
      level: 'low',
      location: { lon: 113.3, lat: 31.7 },
    };
    const requests: [string, string, unknown?][] = [
      ['GET', '/api/v1/units?sector=space'],
      ['GET', '/api/v1/units?smallVenue=maybe'],
      ['GET', '/api/v1/units?regionCode=4213211012'],
      ['GET', '/api/v1/units/not-a-uuid'],
      ['GET', '/api/v1/hazard-sources?major=1'],
      ['GET', '/api/v1/hazard-sources/stats?regionCode=999999'],
      ['GET', '/api/v1/risk-points?reviewOverdue=yes'],
      ['GET', '/api/v1/risk-points?level='],
      ['GET', '/api/v1/risk-points?level=major,,purple'],
      ['GET', '/api/v1/map/layer'],
      ['GET', '/api/v1/map/layer?layer=units&bbox=NaN,1,2,3'],
      ['GET', '/api/v1/map/layer?layer=units&bbox=1e400,1,2,3'],
      ['GET', '/api/v1/map/layer?layer=units&sector=%00'],
      ['GET', '/api/v1/ledgers/summary?ledger=risks&groupBy=area'],
      ['GET', '/api/v1/ledgers/summary?ledger=units&groupBy=color'],
      ['GET', '/api/v1/ledgers/export.xlsx'],
      ['GET', '/api/v1/ledgers/export.xlsx?ledger=units&status=gone'],
      ['GET', '/api/v1/ledgers/export.xlsx?ledger=../../etc/passwd'],
      ['POST', '/api/v1/units', { regionCode: village, name: '\u0000', category: 'smallShop' }],
      ['POST', '/api/v1/units', { regionCode: village, name: '类别', category: '../x' }],
      [
        'POST',
        '/api/v1/units',
        { regionCode: village, name: '人数', category: 'smallShop', employees: 1e20 },
      ],
      [
        'POST',
        '/api/v1/units',
        {
          regionCode: village,
          name: '坐标',
          category: 'smallShop',
          location: { lon: 'x', lat: 1 },
        },
      ],
      [
        'POST',
        '/api/v1/units',
        {
          regionCode: village,
          name: '代码',
          category: 'smallShop',
          creditCode: '\u0000'.repeat(18),
        },
      ],
      ['PATCH', '/api/v1/units/00000000-0000-0000-0000-000000000000', {}],
      ['PATCH', '/api/v1/units/00000000-0000-0000-0000-000000000000', { name: '无' }],
      [
        'POST',
        '/api/v1/hazard-sources',
        { regionCode: village, name: '级', kind: 'other', major: true, majorGrade: 5 },
      ],
      [
        'POST',
        '/api/v1/hazard-sources',
        { unitId: '00000000-0000-0000-0000-000000000000', name: '无单位', kind: 'other' },
      ],
      ['POST', '/api/v1/risk-points', { ...point, area: unclosed, location: null }],
      ['POST', '/api/v1/risk-points', { ...point, nextReviewOn: '2026-02-30' }],
      ['POST', '/api/v1/risk-points', { ...point, gridId: '00000000-0000-0000-0000-000000000000' }],
      [
        'POST',
        '/api/v1/risk-points',
        { ...point, townshipPersonId: '00000000-0000-0000-0000-000000000000' },
      ],
      ['POST', '/api/v1/risk-points', { ...point, regionCode: '421321' }],
      ['POST', '/api/v1/risk-points', [point]],
      ['PATCH', '/api/v1/risk-points/00000000-0000-0000-0000-000000000000', { level: 'major' }],
      ['PUT', '/api/v1/ledger-settings', { regionCode: '421321', override: { categories: [] } }],
    ];
    for (const [method, url, payload] of requests) {
      const response = await clerk.request({
        method: method,
        url,
        ...(payload === undefined ? {} : { payload: payload as object }),
      });
      const label = `${method} ${url} ${JSON.stringify(payload)}`;
      expect(response.statusCode, `${label}: ${response.body}`).toBeGreaterThanOrEqual(400);
      expect(response.statusCode, label).toBeLessThan(500);
      expect(response.json<{ code: string }>().code, label).toMatch(/^[A-Z_]+$/);
    }
  });

  it('searches for LIKE wildcards literally', async () => {
    for (const url of [
      '/api/v1/risk-points?q=%25',
      '/api/v1/hazard-sources?q=_',
      '/api/v1/units?q=%5C',
    ]) {
      expect((await clerk.get(url)).json<{ total: number }>().total, url).toBe(0);
    }
  });
});
