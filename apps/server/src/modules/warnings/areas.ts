/**
 * Area → places: which counties of this deployment a warning reaches, and there which regions and
 * grids. Division codes resolve to regions; polygons and circles resolve to the grids and risk
 * points whose points fall inside (a risk point outside any grid brings its whole village).
 */
import { sql } from 'drizzle-orm';
import {
  padRegionCode,
  regionLevelOf,
  regionPrefixLength,
  type WarningTargetsInput,
} from '@lastmile/shared';
import { queryRows, type Executor } from '../../db/client';
import { pgArray } from '../../db/sql-helpers';
import { countyCodeOf } from '../../plugins/scope';
import type { WarningArea } from './warning-format';

export interface CountyTargets extends WarningTargetsInput {
  countyCode: string;
}

/** The prefix a region code stands for: its digits down to its own level. */
export function codePrefix(code: string): string {
  return code.slice(0, regionPrefixLength[regionLevelOf(code)]);
}

/** Ray casting on a closed ring of [lat, lon] points. */
export function insidePolygon(lat: number, lon: number, ring: [number, number][]): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [latI, lonI] = ring[i]!;
    const [latJ, lonJ] = ring[j]!;
    if (latI > lat !== latJ > lat && lon < ((lonJ - lonI) * (lat - latI)) / (latJ - latI) + lonI) {
      inside = !inside;
    }
  }
  return inside;
}

const earthRadiusKm = 6371.0088;

export function distanceKm(lat1: number, lon1: number, lat2: number, lon2: number): number {
  const rad = Math.PI / 180;
  const dLat = (lat2 - lat1) * rad;
  const dLon = (lon2 - lon1) * rad;
  const a =
    Math.sin(dLat / 2) ** 2 + Math.cos(lat1 * rad) * Math.cos(lat2 * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * earthRadiusKm * Math.asin(Math.min(1, Math.sqrt(a)));
}

export function insideArea(lat: number, lon: number, area: WarningArea): boolean {
  return (
    area.polygons.some((ring) => insidePolygon(lat, lon, ring)) ||
    area.circles.some((circle) => distanceKm(lat, lon, circle.lat, circle.lon) <= circle.radiusKm)
  );
}

interface Box {
  minLat: number;
  maxLat: number;
  minLon: number;
  maxLon: number;
}

function boundingBox(areas: WarningArea[]): Box | null {
  const box = { minLat: Infinity, maxLat: -Infinity, minLon: Infinity, maxLon: -Infinity };
  const add = (lat: number, lon: number) => {
    box.minLat = Math.min(box.minLat, lat);
    box.maxLat = Math.max(box.maxLat, lat);
    box.minLon = Math.min(box.minLon, lon);
    box.maxLon = Math.max(box.maxLon, lon);
  };
  for (const area of areas) {
    area.polygons.flat().forEach(([lat, lon]) => add(lat, lon));
    for (const circle of area.circles) {
      const dLat = circle.radiusKm / 111.0;
      const dLon =
        circle.radiusKm / (111.0 * Math.max(0.01, Math.cos((circle.lat * Math.PI) / 180)));
      add(circle.lat - dLat, circle.lon - dLon);
      add(circle.lat + dLat, circle.lon + dLon);
    }
  }
  return Number.isFinite(box.minLat) ? box : null;
}

/** Drops codes inside a wider code of the list and grids inside a listed region. */
export function normaliseTargets(
  regionCodes: string[],
  grids: { id: string; regionCode: string }[],
): WarningTargetsInput {
  const unique = [...new Set(regionCodes)].sort(
    (a, b) => codePrefix(a).length - codePrefix(b).length,
  );
  const kept: string[] = [];
  for (const code of unique) {
    if (!kept.some((wider) => code.startsWith(codePrefix(wider)))) {
      kept.push(code);
    }
  }
  const gridIds = [
    ...new Set(
      grids
        .filter((g) => !kept.some((code) => g.regionCode.startsWith(codePrefix(code))))
        .map((g) => g.id),
    ),
  ];
  return { regionCodes: kept.sort(), gridIds };
}

/**
 * The counties of this deployment a warning's areas reach, each with its targets. Codes wider
 * than a county (a city, a province) bring each of our counties under them whole.
 */
export async function resolveWarningAreas(
  db: Executor,
  areas: WarningArea[],
): Promise<CountyTargets[]> {
  const byCounty = new Map<
    string,
    { codes: string[]; grids: { id: string; regionCode: string }[] }
  >();
  const entry = (county: string) => {
    let found = byCounty.get(county);
    if (!found) {
      found = { codes: [], grids: [] };
      byCounty.set(county, found);
    }
    return found;
  };

  const geocodes = [
    ...new Set(
      areas
        .flatMap((area) => area.geocodes.map((g) => g.value.trim()))
        .filter((value) => /^\d{12}$/.test(value)),
    ),
  ];
  if (geocodes.length > 0) {
    const prefixes = geocodes.map((code) => codePrefix(code));
    const known = await queryRows<{ code: string; level: string; prefix: string }>(
      db,
      sql`select r.code, r.level, p.prefix
          from unnest(${pgArray(prefixes)}::text[]) as p(prefix)
          join region r on (r.level = 'county' and r.code like p.prefix || '%' and length(p.prefix) <= 6)
                        or (r.code = rpad(p.prefix, 12, '0') and length(p.prefix) > 6)`,
    );
    for (const row of known) {
      entry(countyCodeOf(row.code)).codes.push(row.code);
    }
  }

  const shaped = areas.filter((area) => area.polygons.length > 0 || area.circles.length > 0);
  const box = boundingBox(shaped);
  if (box) {
    const points = await queryRows<{
      kind: 'grid' | 'risk';
      gridId: string | null;
      regionCode: string;
      lon: number;
      lat: number;
    }>(
      db,
      sql`select 'grid' as kind, g.id as "gridId", g.region_code as "regionCode", g.centre_lon as lon, g.centre_lat as lat
            from grid g
           where g.centre_lat between ${box.minLat} and ${box.maxLat} and g.centre_lon between ${box.minLon} and ${box.maxLon}
          union all
          select 'risk', rp.grid_id, rp.region_code, rp.lon, rp.lat
            from risk_point rp
           where rp.status = 'active' and rp.lat between ${box.minLat} and ${box.maxLat}
             and rp.lon between ${box.minLon} and ${box.maxLon}`,
    );
    for (const point of points) {
      if (!shaped.some((area) => insideArea(point.lat, point.lon, area))) {
        continue;
      }
      const target = entry(countyCodeOf(point.regionCode));
      if (point.gridId) {
        target.grids.push({ id: point.gridId, regionCode: point.regionCode });
      } else {
        target.codes.push(padRegionCode(point.regionCode));
      }
    }
  }

  return [...byCounty.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([countyCode, found]) => ({ countyCode, ...normaliseTargets(found.codes, found.grids) }));
}
