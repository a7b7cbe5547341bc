/**
 * Demo ledgers for a county: units (with valid credit codes), hazard sources and risk points,
 * placed around invented township and village centres. The coordinates are synthetic — spread
 * over the county's rough extent for 随县, a small box elsewhere — and say nothing about real
 * places. Deterministic from the county code.
 */
import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import {
  creditCodeCheckCharacter,
  defaultUnitCategories,
  type HazardSourceKind,
  type RiskLevel,
  type RiskPointKind,
} from '@lastmile/shared';
import { queryRows, type Tx } from '../client';
import * as schema from '../schema';
import { insertChunks, pgArray } from '../sql-helpers';
import { recordAudit } from '../../modules/audit';
import { generator, personName, type Random } from './random';

/** Rough extents (lon/lat) of counties the demo knows; others get a box around 随县's centre. */
const extents: Record<string, [number, number, number, number]> = {
  '421321': [112.85, 31.45, 113.85, 32.25],
};
const fallbackExtent: [number, number, number, number] = [113.1, 31.7, 113.5, 32.0];

interface Place {
  code: string;
  name: string;
  parentCode: string;
  lon: number;
  lat: number;
}

const round = (value: number) => Math.round(value * 1e6) / 1e6;

/** Lays townships out on a jittered grid over the extent, villages around their township. */
function placeRegions(
  random: Random,
  extent: [number, number, number, number],
  townships: { code: string; name: string; parentCode: string }[],
  villages: { code: string; name: string; parentCode: string }[],
) {
  const [minLon, minLat, maxLon, maxLat] = extent;
  const columns = Math.max(1, Math.ceil(Math.sqrt(townships.length)));
  const rows = Math.max(1, Math.ceil(townships.length / columns));
  const cellLon = (maxLon - minLon) / columns;
  const cellLat = (maxLat - minLat) / rows;
  const placedTownships = townships.map((township, index) => ({
    ...township,
    lon: round(minLon + cellLon * ((index % columns) + 0.3 + random.next() * 0.4)),
    lat: round(maxLat - cellLat * (Math.floor(index / columns) + 0.3 + random.next() * 0.4)),
  }));
  const byCode = new Map(placedTownships.map((township) => [township.code, township]));
  const placedVillages = villages.map((village) => {
    const township = byCode.get(village.parentCode);
    const centreLon = township?.lon ?? (minLon + maxLon) / 2;
    const centreLat = township?.lat ?? (minLat + maxLat) / 2;
    return {
      ...village,
      lon: round(centreLon + (random.next() - 0.5) * cellLon * 0.8),
      lat: round(centreLat + (random.next() - 0.5) * cellLat * 0.8),
    };
  });
  return { townships: placedTownships, villages: placedVillages };
}

const near = (random: Random, place: { lon: number; lat: number }, spread = 0.012) => ({
  lon: round(place.lon + (random.next() - 0.5) * spread),
  lat: round(place.lat + (random.next() - 0.5) * spread),
});

/** A unified social credit code with a correct check character (GB 32100). */
function creditCode(random: Random, countyCode: string): string {
  const alphabet = '0123456789ABCDEFGHJKLMNPQRTUWXY';
  let organisation = '';
  for (let n = 0; n < 9; n += 1) {
    organisation += alphabet[random.int(0, n < 2 ? 30 : 9)];
  }
  const first17 = `${random.pick(['91', '92', '92'])}${countyCode}${organisation}`;
  return first17 + creditCodeCheckCharacter(first17)!;
}

const villageUnits: [string, string][] = [
  ['smallShop', '便民超市'],
  ['smallRestaurant', '农家饭庄'],
  ['smallClinic', '村卫生室'],
  ['smallSchool', '幼儿园'],
  ['smallHotel', '旅社'],
  ['smallInternetCafe', '网吧'],
  ['smallBathBeauty', '美发店'],
  ['smallWorkshop', '香菇加工厂'],
  ['smallEntertainment', 'KTV'],
  ['farmStay', '农家乐'],
  ['selfBuiltHouse', '自建房民宿'],
  ['warehouse', '农资仓库'],
  ['constructionSite', '安置房工地'],
];
const townshipUnits: [string, string][] = [
  ['fuelStation', '加油站'],
  ['gasSupplier', '液化气供应站'],
  ['factory', '机械制造有限公司'],
  ['factory', '建材有限公司'],
  ['hazardousChemicals', '化工有限公司'],
  ['fireworks', '烟花爆竹经营部'],
  ['mine', '石料厂'],
  ['crowdedPlace', '农贸市场'],
  ['school', '中心小学'],
  ['hospital', '卫生院'],
  ['tourismSite', '风景区'],
  ['transport', '客运站'],
];
const unitSources: Partial<Record<string, [HazardSourceKind, string, string][]>> = {
  fuelStation: [['fuelStation', '油罐区', '汽油、柴油']],
  gasSupplier: [['lpgStation', '液化石油气储罐', '液化石油气']],
  hazardousChemicals: [
    ['chemicalStorage', '危化品仓库', '甲醇、液碱'],
    ['chemicalProcess', '反应釜车间', '甲醛'],
  ],
  fireworks: [['fireworksStore', '烟花爆竹仓库', '烟花爆竹']],
  mine: [['explosivesStore', '民爆物品库', '乳化炸药']],
  factory: [
    ['dustExplosion', '抛光车间', '铝镁粉尘'],
    ['pressureEquipment', '锅炉房', '蒸汽'],
  ],
};
const riskKinds: [RiskPointKind, string, number][] = [
  ['lowLyingFlood', '低洼易涝点', 5],
  ['flashFlood', '山洪危险区', 3],
  ['landslide', '滑坡隐患点', 3],
  ['collapse', '崩塌隐患点', 2],
  ['debrisFlow', '泥石流沟', 1],
  ['reservoir', '山塘', 3],
  ['dyke', '河堤', 2],
  ['forestFire', '森林火险区', 3],
  ['selfBuiltHouse', '危旧房', 3],
  ['bridgeTunnel', '漫水桥', 2],
  ['gasPipeline', '燃气管道', 1],
  ['crowdedPlace', '集市', 1],
];
const weightedKinds = riskKinds.flatMap((entry) => Array.from({ length: entry[2] }, () => entry));
const levelOf = (random: Random): RiskLevel => {
  const roll = random.next();
  return roll < 0.07 ? 'major' : roll < 0.25 ? 'high' : roll < 0.6 ? 'general' : 'low';
};
const shortName = (name: string) => name.replace(/(村民委员会|居民委员会|委员会)$/, '');

export async function seedDemoLedgers(tx: Tx, countyCode: string) {
  const random = generator(Number(countyCode) + 4);
  const county = `${countyCode}000000`;
  const regions = await queryRows<{
    code: string;
    name: string;
    parentCode: string;
    level: string;
  }>(
    tx,
    sql`select code, name, parent_code as "parentCode", level from region
        where code like ${`${countyCode}%`} and level in ('township', 'village') order by code`,
  );
  const placed = placeRegions(
    random,
    extents[countyCode] ?? fallbackExtent,
    regions.filter((region) => region.level === 'township'),
    regions.filter((region) => region.level === 'village'),
  );
  const holders = await queryRows<{
    kind: string;
    regionCode: string;
    gridId: string | null;
    personId: string;
  }>(
    tx,
    sql`select kind, region_code as "regionCode", grid_id as "gridId", person_id as "personId" from post
        where county_code = ${countyCode} and kind in ('leaderInCharge', 'villageHead', 'gridWorker', 'gridHead')
        order by region_code, kind, person_id`,
  );
  const grids = await queryRows<{ id: string; regionCode: string }>(
    tx,
    sql`select id, region_code as "regionCode" from grid where county_code = ${countyCode} order by region_code, name`,
  );
  const holderOf = (kind: string, where: (holder: (typeof holders)[number]) => boolean) =>
    holders.find((holder) => holder.kind === kind && where(holder))?.personId ?? null;

  // Label points for the one-map, and grid centres around their village.
  const labelled = [...placed.townships, ...placed.villages];
  await tx.execute(sql`
    update region_profile p set centre_lon = v.lon, centre_lat = v.lat
    from unnest(${pgArray(labelled.map((place) => place.code))}::text[],
                ${pgArray(labelled.map((place) => place.lon))}::float8[],
                ${pgArray(labelled.map((place) => place.lat))}::float8[]) as v(code, lon, lat)
    where p.region_code = v.code`);
  const villageByCode = new Map(placed.villages.map((village) => [village.code, village]));
  const gridCentres = grids.map((grid) => ({
    id: grid.id,
    ...near(random, villageByCode.get(grid.regionCode)!, 0.01),
  }));
  await tx.execute(sql`
    update grid g set centre_lon = v.lon, centre_lat = v.lat
    from unnest(${pgArray(gridCentres.map((grid) => grid.id))}::uuid[],
                ${pgArray(gridCentres.map((grid) => grid.lon))}::float8[],
                ${pgArray(gridCentres.map((grid) => grid.lat))}::float8[]) as v(id, lon, lat)
    where g.id = v.id`);

  const sectorOf = new Map(
    defaultUnitCategories.map((category) => [category.code, category.sector]),
  );
  const units: (typeof schema.unit.$inferInsert)[] = [];
  const sources: (typeof schema.hazardSource.$inferInsert)[] = [];
  const points: (typeof schema.riskPoint.$inferInsert)[] = [];
  const usedCodes = new Set<string>();
  const addUnit = (place: Place, category: string, name: string) => {
    let code = creditCode(random, countyCode);
    while (usedCodes.has(code)) {
      code = creditCode(random, countyCode);
    }
    usedCodes.add(code);
    const id = randomUUID();
    const location = near(random, place);
    units.push({
      id,
      regionCode: place.code,
      countyCode,
      name,
      creditCode: random.chance(0.85) ? code : null,
      address: `${shortName(place.name)}${random.int(1, 120)}号`,
      lon: location.lon,
      lat: location.lat,
      sector: sectorOf.get(category) ?? 'other',
      category,
      legalRepresentative: personName(random),
      safetyContact: personName(random),
      safetyContactPhone: `1${random.pick(['35', '39', '58', '86'])}${String(random.int(0, 99_999_999)).padStart(8, '0')}`,
      employees: random.int(2, category === 'factory' ? 260 : 40),
      status: random.chance(0.92) ? 'operating' : 'suspended',
    });
    for (const [kind, label, substances] of unitSources[category] ?? []) {
      const major = random.chance(0.3);
      sources.push({
        regionCode: place.code,
        countyCode,
        unitId: id,
        name: label,
        kind,
        major,
        majorGrade: major ? random.int(3, 4) : null,
        substances,
        quantity: `${random.int(5, 120)} t`,
        controlMeasures: '定期巡检，设置可燃气体报警和视频监控',
        monitoring: random.chance(0.6) ? '在线监测' : '人工巡检',
      });
    }
  };

  for (const township of placed.townships) {
    const count = random.int(5, 9);
    const names = new Set<string>();
    for (let n = 0; n < count; n += 1) {
      const [category, suffix] = townshipUnits[(n * 2 + random.int(0, 3)) % townshipUnits.length]!;
      const name = `${township.name}${suffix}`;
      if (!names.has(name)) {
        names.add(name);
        addUnit(township, category, name);
      }
    }
    sources.push({
      regionCode: township.code,
      countyCode,
      name: `${township.name}小（一）型水库大坝`,
      kind: 'reservoirDam',
      major: false,
      controlMeasures: '汛期24小时值守，水位超限立即报告',
      monitoring: '水位雨量自动监测',
    });
  }

  const today = Date.parse(
    new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date()),
  );
  const villageGrids = new Map<string, string[]>();
  for (const grid of grids) {
    villageGrids.set(grid.regionCode, [...(villageGrids.get(grid.regionCode) ?? []), grid.id]);
  }
  for (const [index, village] of placed.villages.entries()) {
    const short = shortName(village.name);
    const unitCount = random.int(1, 5);
    const usedNames = new Set<string>();
    for (let n = 0; n < unitCount; n += 1) {
      const [category, suffix] = random.pick(villageUnits);
      const name = `${short}${suffix}`;
      if (!usedNames.has(name)) {
        usedNames.add(name);
        addUnit(village, category, name);
      }
    }
    const township = village.parentCode;
    const gridIds = villageGrids.get(village.code) ?? [];
    const pointCount = random.int(1, 4);
    for (let n = 0; n < pointCount; n += 1) {
      // The first village (the demo accounts' own) always has a major risk to look at.
      const [kind, label] = index === 0 && n === 0 ? riskKinds[0]! : random.pick(weightedKinds);
      const level = index === 0 && n === 0 ? 'major' : levelOf(random);
      const gridId = gridIds.length > 0 ? random.pick(gridIds) : null;
      const households = random.int(3, 60);
      const location = near(random, village, 0.02);
      points.push({
        regionCode: village.code,
        countyCode,
        gridId,
        name: `${short}${label}${n + 1}号`,
        kind,
        level,
        lon: location.lon,
        lat: location.lat,
        threatenedHouseholds: households,
        threatenedPeople: Math.round(households * 3.2),
        townshipPersonId: holderOf('leaderInCharge', (holder) => holder.regionCode === township),
        villagePersonId: holderOf('villageHead', (holder) => holder.regionCode === village.code),
        gridPersonId: gridId ? holderOf('gridWorker', (holder) => holder.gridId === gridId) : null,
        controlMeasures:
          '落实“网格员+村干部”巡查，汛期和恶劣天气加密巡查，设置警示标志，明确转移路线和安置点',
        monitoringMethod: random.pick(['人工巡查', '简易监测桩', '视频监控', '雨量报警器']),
        nextReviewOn: new Date(today + random.int(-45, 200) * 86_400_000)
          .toISOString()
          .slice(0, 10),
      });
    }
  }

  await insertChunks(tx, schema.unit, units);
  await insertChunks(tx, schema.hazardSource, sources);
  await insertChunks(tx, schema.riskPoint, points);
  await recordAudit(tx, 'system', {
    action: 'demo.seed',
    entity: 'ledgers',
    entityId: countyCode,
    regionCode: county,
    after: {
      units: units.length,
      hazardSources: sources.length,
      riskPoints: points.length,
      demo: true,
    },
  });
  return { units: units.length, hazardSources: sources.length, riskPoints: points.length };
}
