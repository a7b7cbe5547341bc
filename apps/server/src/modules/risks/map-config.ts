import type { LonLat, MapConfig } from '@lastmile/shared';
import { sql } from 'drizzle-orm';
import { queryRows } from '../../db/client';
import type { Config } from '../../config';
import type { ServiceContext } from '../../plugins/auth';

/**
 * The deployment's base tiles and where the caller's map opens: the mean of the located village
 * centres and risk points in their scope, or null when nothing is located yet.
 */
export async function getMapConfig(ctx: ServiceContext, map: Config['map']): Promise<MapConfig> {
  const prefix = `${ctx.actor.scope.prefix}%`;
  const [centre] = await queryRows<{ lon: number | null; lat: number | null }>(
    ctx.db,
    sql`select avg(lon) as lon, avg(lat) as lat from (
          select centre_lon as lon, centre_lat as lat from region_profile
            where region_code like ${prefix} and centre_lon is not null
          union all select lon, lat from risk_point where region_code like ${prefix}) located`,
  );
  const point: LonLat | null =
    !centre || centre.lon === null || centre.lat === null
      ? null
      : { lon: Number(centre.lon), lat: Number(centre.lat) };
  return { ...map, centre: point };
}
