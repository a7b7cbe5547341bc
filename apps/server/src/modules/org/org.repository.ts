import { and, eq, inArray, sql, type SQL } from 'drizzle-orm';
import type { GridKind, PersonRef, PostKind, Polygon, RiskLevel } from '@lastmile/shared';
import { queryRows, type Executor } from '../../db/client';
import * as schema from '../../db/schema';
import { containsPattern, isoTimestamp } from '../../db/sql-helpers';
import type { Scope } from '../../plugins/scope';

const like = (prefix: string) => `${prefix}%`;

// ---------------------------------------------------------------- grids

export interface GridRow {
  id: string;
  regionCode: string;
  regionName: string;
  townshipCode: string;
  townshipName: string;
  name: string;
  kind: GridKind;
  households: number | null;
  residents: number | null;
  boundary: Polygon | null;
  centreLon: number | null;
  centreLat: number | null;
  heads: PersonRef[];
  workers: PersonRef[];
  createdAt: string;
  updatedAt: string;
}

const holdersOf = (kind: PostKind) => sql`coalesce((
    select json_agg(json_build_object('personId', p.id, 'name', p.name, 'mobile', p.mobile) order by p.name, p.id)
    from post po join person p on p.id = po.person_id
    where po.grid_id = g.id and po.kind = ${kind}), '[]'::json)`;

const gridColumns = sql`g.id, g.region_code as "regionCode", v.name as "regionName",
  t.code as "townshipCode", t.name as "townshipName", g.name, g.kind, g.households, g.residents,
  g.boundary, g.centre_lon as "centreLon", g.centre_lat as "centreLat",
  ${holdersOf('gridHead')} as heads, ${holdersOf('gridWorker')} as workers,
  ${isoTimestamp(sql`g.created_at`)} as "createdAt", ${isoTimestamp(sql`g.updated_at`)} as "updatedAt"`;
const gridFrom = sql`grid g join region v on v.code = g.region_code join region t on t.code = v.parent_code`;

export async function listGridRows(
  db: Executor,
  scope: Scope,
  filter: { prefix?: string | undefined; q?: string | undefined; limit: number; offset: number },
): Promise<{ rows: GridRow[]; total: number }> {
  const where: SQL[] = [sql`g.region_code like ${like(scope.prefix)}`];
  if (filter.prefix) {
    where.push(sql`g.region_code like ${like(filter.prefix)}`);
  }
  if (filter.q) {
    where.push(
      sql`(g.name ilike ${containsPattern(filter.q)} or v.name ilike ${containsPattern(filter.q)})`,
    );
  }
  const condition = sql.join(where, sql` and `);
  const [rows, [count]] = await Promise.all([
    queryRows<GridRow>(
      db,
      sql`select ${gridColumns} from ${gridFrom} where ${condition}
          order by g.region_code, g.name limit ${filter.limit} offset ${filter.offset}`,
    ),
    queryRows<{ total: number }>(
      db,
      sql`select count(*)::int as total from ${gridFrom} where ${condition}`,
    ),
  ]);
  return { rows, total: count?.total ?? 0 };
}

export async function findGridRow(
  db: Executor,
  id: string,
  scope: Scope,
): Promise<GridRow | undefined> {
  const [row] = await queryRows<GridRow>(
    db,
    sql`select ${gridColumns} from ${gridFrom} where g.id = ${id} and g.region_code like ${like(scope.prefix)}`,
  );
  return row;
}

export async function findGridByName(db: Executor, regionCode: string, name: string) {
  const [row] = await db
    .select()
    .from(schema.grid)
    .where(and(eq(schema.grid.regionCode, regionCode), eq(schema.grid.name, name)));
  return row;
}

export type GridValues = typeof schema.grid.$inferInsert;

export async function insertGrid(db: Executor, values: GridValues): Promise<string> {
  const [row] = await db.insert(schema.grid).values(values).returning({ id: schema.grid.id });
  return row!.id;
}

/** Ids of every grid in a subtree by village and name: what an import matches against. */
export async function listGridKeys(db: Executor, prefix: string) {
  return queryRows<{ id: string; regionCode: string; name: string }>(
    db,
    sql`select id, region_code as "regionCode", name from grid where region_code like ${like(prefix)}`,
  );
}

export async function updateGridRow(
  db: Executor,
  id: string,
  values: Partial<GridValues>,
): Promise<void> {
  await db
    .update(schema.grid)
    .set({ ...values, updatedAt: sql`now()` })
    .where(eq(schema.grid.id, id));
}

export async function deleteGridRow(db: Executor, id: string): Promise<void> {
  await db.delete(schema.grid).where(eq(schema.grid.id, id));
}

// ---------------------------------------------------------------- people and posts

export interface PostRow {
  id: string;
  kind: PostKind;
  regionCode: string;
  regionName: string;
  gridId: string | null;
  gridName: string | null;
  title: string | null;
}

export interface PersonRow {
  id: string;
  name: string;
  mobile: string;
  landline: string | null;
  notes: string | null;
  regionCode: string;
  regionName: string;
  countyCode: string;
  userId: string | null;
  username: string | null;
  posts: PostRow[];
  createdAt: string;
}

const personColumns = sql`p.id, p.name, p.mobile, p.landline, p.notes, p.region_code as "regionCode",
  r.name as "regionName", p.county_code as "countyCode", p.user_id as "userId", u.username,
  coalesce((
    select json_agg(json_build_object('id', po.id, 'kind', po.kind, 'regionCode', po.region_code,
      'regionName', pr.name, 'gridId', po.grid_id, 'gridName', g.name, 'title', po.title)
      order by po.region_code, po.kind, g.name)
    from post po join region pr on pr.code = po.region_code left join grid g on g.id = po.grid_id
    where po.person_id = p.id), '[]'::json) as posts,
  ${isoTimestamp(sql`p.created_at`)} as "createdAt"`;
const personFrom = sql`person p join region r on r.code = p.region_code left join app_user u on u.id = p.user_id`;

export interface PeopleFilter {
  prefix?: string | undefined;
  q?: string | undefined;
  postKind?: PostKind | undefined;
  gridId?: string | undefined;
  limit: number;
  offset: number;
}

export async function listPersonRows(
  db: Executor,
  scope: Scope,
  filter: PeopleFilter,
): Promise<{ rows: PersonRow[]; total: number }> {
  const where: SQL[] = [sql`p.region_code like ${like(scope.prefix)}`];
  if (filter.prefix) {
    // Kept under the region, or holding a post there.
    where.push(sql`(p.region_code like ${like(filter.prefix)} or exists (
      select 1 from post po where po.person_id = p.id and po.region_code like ${like(filter.prefix)}))`);
  }
  if (filter.q) {
    where.push(
      sql`(p.name ilike ${containsPattern(filter.q)} or p.mobile like ${containsPattern(filter.q)})`,
    );
  }
  if (filter.postKind) {
    where.push(
      sql`exists (select 1 from post po where po.person_id = p.id and po.kind = ${filter.postKind})`,
    );
  }
  if (filter.gridId) {
    where.push(
      sql`exists (select 1 from post po where po.person_id = p.id and po.grid_id = ${filter.gridId})`,
    );
  }
  const condition = sql.join(where, sql` and `);
  const [rows, [count]] = await Promise.all([
    queryRows<PersonRow>(
      db,
      sql`select ${personColumns} from ${personFrom} where ${condition}
          order by p.region_code, p.name, p.id limit ${filter.limit} offset ${filter.offset}`,
    ),
    queryRows<{ total: number }>(
      db,
      sql`select count(*)::int as total from ${personFrom} where ${condition}`,
    ),
  ]);
  return { rows, total: count?.total ?? 0 };
}

export async function findPersonRow(
  db: Executor,
  id: string,
  scope: Scope,
): Promise<PersonRow | undefined> {
  const [row] = await queryRows<PersonRow>(
    db,
    sql`select ${personColumns} from ${personFrom} where p.id = ${id} and p.region_code like ${like(scope.prefix)}`,
  );
  return row;
}

export async function findPersonByMobile(db: Executor, countyCode: string, mobile: string) {
  const [row] = await db
    .select()
    .from(schema.person)
    .where(and(eq(schema.person.countyCode, countyCode), eq(schema.person.mobile, mobile)));
  return row;
}

export async function findPeopleByMobiles(db: Executor, mobiles: string[]) {
  if (mobiles.length === 0) {
    return [];
  }
  return db.select().from(schema.person).where(inArray(schema.person.mobile, mobiles));
}

export async function findPersonByUser(db: Executor, userId: string) {
  const [row] = await db.select().from(schema.person).where(eq(schema.person.userId, userId));
  return row;
}

export type PersonValues = typeof schema.person.$inferInsert;

export async function insertPerson(db: Executor, values: PersonValues): Promise<string> {
  const [row] = await db.insert(schema.person).values(values).returning({ id: schema.person.id });
  return row!.id;
}

export async function updatePersonRow(
  db: Executor,
  id: string,
  values: Partial<PersonValues>,
): Promise<void> {
  await db
    .update(schema.person)
    .set({ ...values, updatedAt: sql`now()` })
    .where(eq(schema.person.id, id));
}

export type PostValues = typeof schema.post.$inferInsert;

/** Inserts a post unless the person already holds it; returns the new id or null. */
export async function insertPost(db: Executor, values: PostValues): Promise<string | null> {
  const [row] = await db
    .insert(schema.post)
    .values(values)
    .onConflictDoNothing()
    .returning({ id: schema.post.id });
  return row?.id ?? null;
}

/** Inserts posts in bulk, skipping those already held; returns the new ones. */
export async function insertPosts(db: Executor, values: PostValues[]) {
  const created: (typeof schema.post.$inferSelect)[] = [];
  for (let start = 0; start < values.length; start += 500) {
    created.push(
      ...(await db
        .insert(schema.post)
        .values(values.slice(start, start + 500))
        .onConflictDoNothing()
        .returning()),
    );
  }
  return created;
}

export async function deletePostRow(db: Executor, personId: string, postId: string) {
  const [row] = await db
    .delete(schema.post)
    .where(and(eq(schema.post.id, postId), eq(schema.post.personId, personId)))
    .returning();
  return row;
}

/** People holding given posts in given regions (no grid posts): contacts and fallbacks. */
export async function listPostHolders(
  db: Executor,
  regionCodes: string[],
  kinds: readonly PostKind[],
): Promise<(PersonRef & { kind: PostKind; regionCode: string; landline: string | null })[]> {
  if (regionCodes.length === 0 || kinds.length === 0) {
    return [];
  }
  return queryRows(
    db,
    sql`select p.id as "personId", p.name, p.mobile, p.landline, po.kind, po.region_code as "regionCode"
        from post po join person p on p.id = po.person_id
        where po.grid_id is null
          and po.region_code in (${sql.join(
            regionCodes.map((code) => sql`${code}`),
            sql`, `,
          )})
          and po.kind in (${sql.join(
            kinds.map((kind) => sql`${kind}`),
            sql`, `,
          )})
        order by po.region_code, po.kind, p.name, p.id`,
  );
}

/** People by id, in the order asked; unknown ids are left out. */
export async function findPersonRefs(db: Executor, ids: string[]): Promise<PersonRef[]> {
  if (ids.length === 0) {
    return [];
  }
  const rows = await queryRows<PersonRef>(
    db,
    sql`select id as "personId", name, mobile from person
        where id in (${sql.join(
          ids.map((id) => sql`${id}`),
          sql`, `,
        )})`,
  );
  const byId = new Map(rows.map((row) => [row.personId, row]));
  return ids.flatMap((id) => byId.get(id) ?? []);
}

// ---------------------------------------------------------------- region profiles

export interface ProfileRow {
  regionCode: string;
  name: string;
  level: string;
  parentCode: string | null;
  households: number | null;
  residents: number | null;
  dutyPhone: string | null;
  isCommunity: boolean | null;
  centreLon: number | null;
  centreLat: number | null;
}

const profileColumns = sql`r.code as "regionCode", r.name, r.level, r.parent_code as "parentCode",
  rp.households, rp.residents, rp.duty_phone as "dutyPhone", rp.is_community as "isCommunity",
  rp.centre_lon as "centreLon", rp.centre_lat as "centreLat"`;

export async function findProfileRow(db: Executor, code: string): Promise<ProfileRow | undefined> {
  const [row] = await queryRows<ProfileRow>(
    db,
    sql`select ${profileColumns} from region r left join region_profile rp on rp.region_code = r.code
        where r.code = ${code}`,
  );
  return row;
}

/** Townships and villages of a subtree with what the profiles know of them. */
export async function listProfileRows(db: Executor, prefix: string): Promise<ProfileRow[]> {
  return queryRows<ProfileRow>(
    db,
    sql`select ${profileColumns} from region r left join region_profile rp on rp.region_code = r.code
        where r.code like ${like(prefix)} and r.level in ('township', 'village')
        order by r.code`,
  );
}

export type ProfileChanges = Partial<
  Pick<
    typeof schema.regionProfile.$inferInsert,
    'households' | 'residents' | 'dutyPhone' | 'isCommunity' | 'centreLon' | 'centreLat'
  >
>;

export async function upsertProfile(
  db: Executor,
  regionCode: string,
  countyCode: string,
  changes: ProfileChanges,
): Promise<void> {
  await db
    .insert(schema.regionProfile)
    .values({ regionCode, countyCode, ...changes })
    .onConflictDoUpdate({
      target: schema.regionProfile.regionCode,
      set: { ...changes, updatedAt: sql`now()` },
    });
}

// ---------------------------------------------------------------- staffing inputs

export async function listGridsForStaffing(db: Executor, prefix: string) {
  return queryRows<{
    id: string;
    regionCode: string;
    name: string;
    kind: GridKind;
    households: number | null;
  }>(
    db,
    sql`select id, region_code as "regionCode", name, kind, households from grid
        where region_code like ${like(prefix)} order by region_code, name`,
  );
}

export async function listPostsForStaffing(db: Executor, prefix: string) {
  return queryRows<{ kind: PostKind; regionCode: string; gridId: string | null; personId: string }>(
    db,
    sql`select kind, region_code as "regionCode", grid_id as "gridId", person_id as "personId" from post
        where region_code like ${like(prefix)}`,
  );
}

/** Stored rule overrides at any of the given regions, widest first. */
export async function listRuleOverrides(db: Executor, codes: string[]) {
  const rows = await db
    .select()
    .from(schema.staffingRules)
    .where(inArray(schema.staffingRules.regionCode, codes));
  return codes.flatMap((code) => rows.filter((row) => row.regionCode === code));
}

export async function upsertRuleOverride(
  db: Executor,
  regionCode: string,
  override: unknown,
): Promise<void> {
  await db
    .insert(schema.staffingRules)
    .values({ regionCode, override })
    .onConflictDoUpdate({
      target: schema.staffingRules.regionCode,
      set: { override, updatedAt: sql`now()` },
    });
}

/** Active risk points of grids, most severe first: what a duty card warns its holder about. */
export async function listGridRiskPoints(db: Executor, gridIds: string[]) {
  if (gridIds.length === 0) {
    return [];
  }
  return queryRows<{ gridId: string; name: string; level: RiskLevel }>(
    db,
    sql`select grid_id as "gridId", name, level from risk_point
        where status = 'active' and grid_id in (${sql.join(
          gridIds.map((id) => sql`${id}`),
          sql`, `,
        )})
        order by case level when 'major' then 0 when 'high' then 1 when 'general' then 2 else 3 end, name`,
  );
}
