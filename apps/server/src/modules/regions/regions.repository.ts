import { sql } from 'drizzle-orm';
import type { RegionLevel } from '@lastmile/shared';
import { queryRows, type Executor } from '../../db/client';
import type { Scope } from '../../plugins/scope';
import { pgArray } from '../../db/sql-helpers';

export interface RegionRow {
  code: string;
  name: string;
  level: RegionLevel;
  parentCode: string | null;
  childCount: number;
}

const regionColumns = sql`r.code, r.name, r.level, r.parent_code as "parentCode",
  (select count(*)::int from region c where c.parent_code = r.code) as "childCount"`;

export async function findRegion(db: Executor, code: string): Promise<RegionRow | undefined> {
  const [row] = await queryRows<RegionRow>(
    db,
    sql`select ${regionColumns} from region r where r.code = ${code}`,
  );
  return row;
}

export async function listChildRegions(db: Executor, parentCode: string): Promise<RegionRow[]> {
  return queryRows<RegionRow>(
    db,
    sql`select ${regionColumns} from region r where r.parent_code = ${parentCode} order by r.code`,
  );
}

/** Ancestors of a region from the root down, the region itself last. */
export async function listRegionPath(
  db: Executor,
  code: string,
): Promise<Pick<RegionRow, 'code' | 'name' | 'level'>[]> {
  return queryRows(
    db,
    sql`with recursive up as (
          select code, name, level, parent_code, 0 as depth from region where code = ${code}
          union all
          select r.code, r.name, r.level, r.parent_code, up.depth + 1
          from region r join up on r.code = up.parent_code
        )
        select code, name, level from up order by depth desc`,
  );
}

export async function countVillagesIn(db: Executor, scope: Scope): Promise<number> {
  const [row] = await queryRows<{ count: number }>(
    db,
    sql`select count(*)::int as count from region
        where level = 'village' and code like ${`${scope.prefix}%`}`,
  );
  return row?.count ?? 0;
}

export async function countRegions(db: Executor): Promise<number> {
  const [row] = await queryRows<{ count: number }>(db, sql`select count(*)::int as count from region`);
  return row?.count ?? 0;
}

export interface RegionInput {
  code: string;
  name: string;
  level: RegionLevel;
  parentCode: string | null;
}

/**
 * Upserts a batch in one statement via arrays (fast on both drivers, no parameter limit).
 * Unchanged rows are left alone so a re-import writes nothing.
 */
export async function upsertRegions(db: Executor, rows: RegionInput[]): Promise<void> {
  if (rows.length === 0) {
    return;
  }
  await db.execute(sql`
    insert into region (code, name, level, parent_code)
    select * from unnest(
      ${pgArray(rows.map((r) => r.code))}::varchar[],
      ${pgArray(rows.map((r) => r.name))}::text[],
      ${pgArray(rows.map((r) => r.level))}::varchar[],
      ${pgArray(rows.map((r) => r.parentCode))}::varchar[]
    )
    on conflict (code) do update
      set name = excluded.name, level = excluded.level, parent_code = excluded.parent_code
      where (region.name, region.level, region.parent_code)
        is distinct from (excluded.name, excluded.level, excluded.parent_code)`);
}
