/**
 * The organisation (组织体系): grids under villages, people and the posts they hold, what the
 * office knows of each region, and the staffing report against the configured rules. Every
 * read is limited to the caller's scope; every write is checked, audited and transactional.
 */
import {
  mergeStaffingRules,
  orgEditorRoles,
  padRegionCode,
  postKindNames,
  postPlaces,
  regionPrefixLength,
  staffingRulesOverride,
  type AssignPostBody,
  type CreateGridBody,
  type CreatePersonBody,
  type Grid,
  type Person,
  type PostKind,
  type PostPlace,
  type RegionLevel,
  type RegionProfile,
  type Role,
  type StaffingReport,
  type StaffingRules,
  type StaffingRulesOverride,
  type UpdateGridBody,
  type UpdatePersonBody,
  type UpdateRegionProfileBody,
} from '@lastmile/shared';
import type { Executor } from '../../db/client';
import { onUniqueViolation, pickDefined } from '../../db/sql-helpers';
import { AppError, forbidden, notFound, outOfScope } from '../../errors';
import type { Actor, ServiceContext } from '../../plugins/auth';
import { countyCodeOf, isInScope, scopePrefix, type Scope } from '../../plugins/scope';
import { recordAudit } from '../audit';
import { findUserInScope } from '../users';
import {
  deleteGridRow,
  deletePostRow,
  findGridRow,
  findPersonByMobile,
  findPersonByUser,
  findPersonRow,
  findProfileRow,
  insertGrid,
  insertPerson,
  insertPost,
  listGridRows,
  listGridsForStaffing,
  listPersonRows,
  listPostsForStaffing,
  listProfileRows,
  listRuleOverrides,
  updateGridRow,
  updatePersonRow,
  upsertProfile,
  upsertRuleOverride,
  type GridRow,
  type GridValues,
  type PersonRow,
  type ProfileRow,
} from './org.repository';
import { computeStaffing } from './staffing';

export function assertRole(actor: Actor, allowed: readonly Role[]): void {
  if (!allowed.includes(actor.role)) {
    throw forbidden();
  }
}

export interface ResolvedRegion {
  code: string;
  name: string;
  level: RegionLevel;
  parentCode: string | null;
}

/**
 * A region the caller names: inside their scope (403 otherwise), existing (404) and, when
 * `levels` is given, of one of those levels (400).
 */
export async function resolveRegion(
  db: Executor,
  scope: Scope,
  codeInput: string,
  levels?: readonly RegionLevel[],
): Promise<ResolvedRegion> {
  const code = padRegionCode(codeInput);
  if (!isInScope(scope, code)) {
    throw outOfScope();
  }
  return checkRegion(code, await findProfileRow(db, code), levels);
}

/**
 * The rest of `resolveRegion`'s checks, on a region row the caller read itself (in a query that
 * fetches more at once); the code must already be padded and checked against the scope.
 */
export function checkRegion(
  code: string,
  found: { name: string; level: string; parentCode: string | null } | undefined,
  levels?: readonly RegionLevel[],
): ResolvedRegion {
  if (!found) {
    throw notFound('region');
  }
  const level = found.level as RegionLevel;
  if (levels && !levels.includes(level)) {
    throw new AppError('REGION_LEVEL_INVALID', 400, { level, allowed: levels });
  }
  return { code, name: found.name, level, parentCode: found.parentCode };
}

/** The prefix of a region's subtree, for list filters. */
export function subtreePrefix(region: ResolvedRegion): string {
  return scopePrefix(region.code, region.level);
}

// ---------------------------------------------------------------- grids

function toGrid(row: GridRow): Grid {
  return {
    id: row.id,
    regionCode: row.regionCode,
    regionName: row.regionName,
    townshipCode: row.townshipCode,
    townshipName: row.townshipName,
    name: row.name,
    kind: row.kind,
    households: row.households,
    residents: row.residents,
    boundary: row.boundary,
    centre:
      row.centreLon === null || row.centreLat === null
        ? null
        : { lon: row.centreLon, lat: row.centreLat },
    heads: row.heads,
    workers: row.workers,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

/** What the audit log keeps of a grid. */
function gridAuditView(grid: Grid) {
  return {
    regionCode: grid.regionCode,
    name: grid.name,
    kind: grid.kind,
    households: grid.households,
    residents: grid.residents,
    centre: grid.centre,
    hasBoundary: grid.boundary !== null,
  };
}

export async function loadGrid(db: Executor, id: string, scope: Scope): Promise<Grid> {
  const row = await findGridRow(db, id, scope);
  if (!row) {
    throw notFound('grid');
  }
  return toGrid(row);
}

export async function listGrids(
  ctx: ServiceContext,
  query: { regionCode?: string | undefined; q?: string | undefined; limit: number; offset: number },
): Promise<{ items: Grid[]; total: number }> {
  const prefix = query.regionCode
    ? subtreePrefix(await resolveRegion(ctx.db, ctx.actor.scope, query.regionCode))
    : undefined;
  const { rows, total } = await listGridRows(ctx.db, ctx.actor.scope, { ...query, prefix });
  return { items: rows.map(toGrid), total };
}

function gridValues(body: UpdateGridBody): Partial<GridValues> {
  const values: Partial<GridValues> = pickDefined(body, [
    'name',
    'kind',
    'households',
    'residents',
    'boundary',
  ]);
  if (body.centre !== undefined) {
    values.centreLon = body.centre?.lon ?? null;
    values.centreLat = body.centre?.lat ?? null;
  }
  return values;
}

const gridNameTaken = () => new AppError('GRID_NAME_TAKEN', 409);

export async function createGrid(ctx: ServiceContext, body: CreateGridBody): Promise<Grid> {
  assertRole(ctx.actor, orgEditorRoles);
  const village = await resolveRegion(ctx.db, ctx.actor.scope, body.regionCode, ['village']);
  return onUniqueViolation(
    () =>
      ctx.db.transaction(async (tx) => {
        const id = await insertGrid(tx, {
          regionCode: village.code,
          countyCode: countyCodeOf(village.code),
          name: body.name,
          kind: body.kind,
          ...gridValues(body),
        });
        const grid = await loadGrid(tx, id, ctx.actor.scope);
        await recordAudit(
          tx,
          ctx.actor,
          {
            action: 'grid.create',
            entity: 'grid',
            entityId: id,
            regionCode: village.code,
            after: gridAuditView(grid),
          },
          ctx.requestId,
        );
        return grid;
      }),
    gridNameTaken,
  );
}

export async function updateGrid(
  ctx: ServiceContext,
  id: string,
  body: UpdateGridBody,
): Promise<Grid> {
  assertRole(ctx.actor, orgEditorRoles);
  const before = await loadGrid(ctx.db, id, ctx.actor.scope);
  return onUniqueViolation(
    () =>
      ctx.db.transaction(async (tx) => {
        await updateGridRow(tx, id, gridValues(body));
        const grid = await loadGrid(tx, id, ctx.actor.scope);
        await recordAudit(
          tx,
          ctx.actor,
          {
            action: 'grid.update',
            entity: 'grid',
            entityId: id,
            regionCode: grid.regionCode,
            before: gridAuditView(before),
            after: gridAuditView(grid),
          },
          ctx.requestId,
        );
        return grid;
      }),
    gridNameTaken,
  );
}

/** Deletes a grid; the grid posts in it go with it (the people stay). */
export async function deleteGrid(ctx: ServiceContext, id: string): Promise<void> {
  assertRole(ctx.actor, orgEditorRoles);
  const before = await loadGrid(ctx.db, id, ctx.actor.scope);
  await ctx.db.transaction(async (tx) => {
    await deleteGridRow(tx, id);
    await recordAudit(
      tx,
      ctx.actor,
      {
        action: 'grid.delete',
        entity: 'grid',
        entityId: id,
        regionCode: before.regionCode,
        before: { ...gridAuditView(before), heads: before.heads, workers: before.workers },
      },
      ctx.requestId,
    );
  });
}

// ---------------------------------------------------------------- people

function toPerson(row: PersonRow): Person {
  return {
    id: row.id,
    name: row.name,
    mobile: row.mobile,
    landline: row.landline,
    notes: row.notes,
    regionCode: row.regionCode,
    regionName: row.regionName,
    userId: row.userId,
    username: row.username,
    posts: row.posts,
    createdAt: row.createdAt,
  };
}

function personAuditView(
  person: Pick<Person, 'name' | 'mobile' | 'landline' | 'regionCode' | 'userId'>,
) {
  return {
    name: person.name,
    mobile: person.mobile,
    landline: person.landline,
    regionCode: person.regionCode,
    userId: person.userId,
  };
}

export async function loadPerson(db: Executor, id: string, scope: Scope): Promise<Person> {
  const row = await findPersonRow(db, id, scope);
  if (!row) {
    throw notFound('person');
  }
  return toPerson(row);
}

export async function listPeople(
  ctx: ServiceContext,
  query: {
    regionCode?: string | undefined;
    q?: string | undefined;
    postKind?: PostKind | undefined;
    gridId?: string | undefined;
    limit: number;
    offset: number;
  },
): Promise<{ items: Person[]; total: number }> {
  const prefix = query.regionCode
    ? subtreePrefix(await resolveRegion(ctx.db, ctx.actor.scope, query.regionCode))
    : undefined;
  const { rows, total } = await listPersonRows(ctx.db, ctx.actor.scope, { ...query, prefix });
  return { items: rows.map(toPerson), total };
}

/** A mobile number identifies one person per county: a second person with it is a duplicate. */
async function assertMobileFree(db: Executor, countyCode: string, mobile: string, selfId?: string) {
  const holder = await findPersonByMobile(db, countyCode, mobile);
  if (holder && holder.id !== selfId) {
    throw new AppError('DUPLICATE_PERSON', 409);
  }
}

async function assertUserLinkable(ctx: ServiceContext, userId: string, selfId?: string) {
  if (!(await findUserInScope(ctx.db, userId, ctx.actor.scope))) {
    throw notFound('user');
  }
  const linked = await findPersonByUser(ctx.db, userId);
  if (linked && linked.id !== selfId) {
    throw new AppError('USER_ALREADY_LINKED', 409);
  }
}

const personKeyTaken = (constraint: string) =>
  new AppError(constraint === 'person_user_key' ? 'USER_ALREADY_LINKED' : 'DUPLICATE_PERSON', 409);

export async function createPerson(ctx: ServiceContext, body: CreatePersonBody): Promise<Person> {
  assertRole(ctx.actor, orgEditorRoles);
  const region = await resolveRegion(ctx.db, ctx.actor.scope, body.regionCode, [
    'county',
    'township',
    'village',
  ]);
  const countyCode = countyCodeOf(region.code);
  await assertMobileFree(ctx.db, countyCode, body.mobile);
  if (body.userId) {
    await assertUserLinkable(ctx, body.userId);
  }
  return onUniqueViolation(
    () =>
      ctx.db.transaction(async (tx) => {
        const id = await insertPerson(tx, {
          regionCode: region.code,
          countyCode,
          name: body.name,
          mobile: body.mobile,
          landline: body.landline ?? null,
          notes: body.notes ?? null,
          userId: body.userId ?? null,
        });
        const person = await loadPerson(tx, id, ctx.actor.scope);
        await recordAudit(
          tx,
          ctx.actor,
          {
            action: 'person.create',
            entity: 'person',
            entityId: id,
            regionCode: region.code,
            after: personAuditView(person),
          },
          ctx.requestId,
        );
        return person;
      }),
    personKeyTaken,
  );
}

export async function updatePerson(
  ctx: ServiceContext,
  id: string,
  body: UpdatePersonBody,
): Promise<Person> {
  assertRole(ctx.actor, orgEditorRoles);
  const before = await loadPerson(ctx.db, id, ctx.actor.scope);
  const changes: Parameters<typeof updatePersonRow>[2] = {};
  if (body.regionCode !== undefined) {
    const region = await resolveRegion(ctx.db, ctx.actor.scope, body.regionCode, [
      'county',
      'township',
      'village',
    ]);
    if (countyCodeOf(region.code) !== countyCodeOf(before.regionCode)) {
      throw new AppError('REGION_LEVEL_INVALID', 400, { reason: 'a person stays in their county' });
    }
    changes.regionCode = region.code;
  }
  if (body.mobile !== undefined && body.mobile !== before.mobile) {
    await assertMobileFree(ctx.db, countyCodeOf(before.regionCode), body.mobile, id);
    changes.mobile = body.mobile;
  }
  if (body.userId !== undefined) {
    if (body.userId !== null) {
      await assertUserLinkable(ctx, body.userId, id);
    }
    changes.userId = body.userId;
  }
  Object.assign(changes, pickDefined(body, ['name', 'landline', 'notes']));
  return onUniqueViolation(
    () =>
      ctx.db.transaction(async (tx) => {
        await updatePersonRow(tx, id, changes);
        const person = await loadPerson(tx, id, ctx.actor.scope);
        await recordAudit(
          tx,
          ctx.actor,
          {
            action: 'person.update',
            entity: 'person',
            entityId: id,
            regionCode: person.regionCode,
            before: personAuditView(before),
            after: personAuditView(person),
          },
          ctx.requestId,
        );
        return person;
      }),
    personKeyTaken,
  );
}

// ---------------------------------------------------------------- posts

export interface PostPlacement {
  regionCode: string;
  gridId: string | null;
}

/** Where a post goes: a grid for grid posts, otherwise a region of a level the post allows. */
export async function placePost(
  db: Executor,
  scope: Scope,
  kind: PostKind,
  target: { regionCode?: string | undefined; gridId?: string | undefined },
): Promise<PostPlacement> {
  const places = postPlaces[kind];
  const invalid = () =>
    new AppError('POST_PLACE_INVALID', 400, { kind, places }, { places: placeNames(places) });
  if (target.gridId !== undefined) {
    if (!places.includes('grid')) {
      throw invalid();
    }
    const grid = await findGridRow(db, target.gridId, scope);
    if (!grid) {
      throw notFound('grid');
    }
    return { regionCode: grid.regionCode, gridId: grid.id };
  }
  const region = await resolveRegion(db, scope, target.regionCode!);
  if (!places.includes(region.level as PostPlace)) {
    throw invalid();
  }
  return { regionCode: region.code, gridId: null };
}

const placeLabels: Record<PostPlace, string> = {
  county: '县',
  township: '乡镇',
  village: '村(社区)',
  grid: '网格',
};
function placeNames(places: readonly PostPlace[]): string {
  return places.map((place) => placeLabels[place]).join('/');
}

export async function assignPost(
  ctx: ServiceContext,
  personId: string,
  body: AssignPostBody,
): Promise<Person> {
  assertRole(ctx.actor, orgEditorRoles);
  await loadPerson(ctx.db, personId, ctx.actor.scope);
  const placement = await placePost(ctx.db, ctx.actor.scope, body.kind, body);
  return ctx.db.transaction(async (tx) => {
    const postId = await insertPost(tx, {
      personId,
      kind: body.kind,
      regionCode: placement.regionCode,
      countyCode: countyCodeOf(placement.regionCode),
      gridId: placement.gridId,
      title: body.title ?? null,
    });
    if (!postId) {
      throw new AppError('POST_ALREADY_HELD', 409);
    }
    await recordAudit(
      tx,
      ctx.actor,
      {
        action: 'post.assign',
        entity: 'post',
        entityId: postId,
        regionCode: placement.regionCode,
        after: {
          personId,
          kind: body.kind,
          post: postKindNames[body.kind],
          ...placement,
          title: body.title ?? null,
        },
      },
      ctx.requestId,
    );
    return loadPerson(tx, personId, ctx.actor.scope);
  });
}

export async function removePost(
  ctx: ServiceContext,
  personId: string,
  postId: string,
): Promise<Person> {
  assertRole(ctx.actor, orgEditorRoles);
  const person = await loadPerson(ctx.db, personId, ctx.actor.scope);
  const held = person.posts.find((post) => post.id === postId);
  if (!held) {
    throw notFound('post');
  }
  // A township clerk may see a person whose county post is outside their reach.
  if (!isInScope(ctx.actor.scope, held.regionCode)) {
    throw outOfScope();
  }
  return ctx.db.transaction(async (tx) => {
    await deletePostRow(tx, personId, postId);
    await recordAudit(
      tx,
      ctx.actor,
      {
        action: 'post.remove',
        entity: 'post',
        entityId: postId,
        regionCode: held.regionCode,
        before: { personId, ...held },
      },
      ctx.requestId,
    );
    return loadPerson(tx, personId, ctx.actor.scope);
  });
}

// ---------------------------------------------------------------- region profiles

const communityName = /社区|居委会|居民委员会/;

function toProfile(row: ProfileRow): RegionProfile {
  return {
    regionCode: row.regionCode,
    name: row.name,
    level: row.level,
    households: row.households,
    residents: row.residents,
    dutyPhone: row.dutyPhone,
    isCommunity: row.isCommunity ?? (row.level === 'village' && communityName.test(row.name)),
    centre:
      row.centreLon === null || row.centreLat === null ? null : { lon: row.centreLon, lat: row.centreLat },
  };
}

export async function getRegionProfile(ctx: ServiceContext, code: string): Promise<RegionProfile> {
  const region = await resolveRegion(ctx.db, ctx.actor.scope, code);
  return toProfile((await findProfileRow(ctx.db, region.code))!);
}

export async function updateRegionProfile(
  ctx: ServiceContext,
  code: string,
  body: UpdateRegionProfileBody,
): Promise<RegionProfile> {
  assertRole(ctx.actor, orgEditorRoles);
  const region = await resolveRegion(ctx.db, ctx.actor.scope, code, [
    'county',
    'township',
    'village',
  ]);
  const before = toProfile((await findProfileRow(ctx.db, region.code))!);
  return ctx.db.transaction(async (tx) => {
    const { centre, ...changes } = body;
    await upsertProfile(tx, region.code, countyCodeOf(region.code), {
      ...changes,
      ...(centre === undefined ? {} : { centreLon: centre?.lon ?? null, centreLat: centre?.lat ?? null }),
    });
    const after = toProfile((await findProfileRow(tx, region.code))!);
    await recordAudit(
      tx,
      ctx.actor,
      {
        action: 'regionProfile.update',
        entity: 'regionProfile',
        entityId: region.code,
        regionCode: region.code,
        before,
        after,
      },
      ctx.requestId,
    );
    return after;
  });
}

// ---------------------------------------------------------------- staffing

/** Region codes whose overrides apply to a region, widest first: province, city, county. */
function ruleSources(region: { code: string; level: RegionLevel }): string[] {
  const depth = regionPrefixLength[region.level];
  return (['province', 'city', 'county'] as const)
    .map((level) => regionPrefixLength[level])
    .filter((length) => length <= depth)
    .map((length) => padRegionCode(region.code.slice(0, length)));
}

export async function effectiveRules(
  db: Executor,
  region: { code: string; level: RegionLevel },
): Promise<StaffingRules> {
  const overrides = await listRuleOverrides(db, ruleSources(region));
  return mergeStaffingRules(...overrides.map((row) => staffingRulesOverride.parse(row.override)));
}

export async function getStaffingReport(
  ctx: ServiceContext,
  regionCode?: string,
): Promise<StaffingReport> {
  const region = await resolveRegion(
    ctx.db,
    ctx.actor.scope,
    regionCode ?? ctx.actor.scope.regionCode,
  );
  const prefix = subtreePrefix(region);
  const [profiles, grids, posts, rules] = await Promise.all([
    listProfileRows(ctx.db, prefix),
    listGridsForStaffing(ctx.db, prefix),
    listPostsForStaffing(ctx.db, prefix),
    effectiveRules(ctx.db, region),
  ]);
  const report = computeStaffing(
    {
      regions: profiles.map((row) => ({
        code: row.regionCode,
        name: row.name,
        level: row.level as 'township' | 'village',
        parentCode: row.parentCode!,
        households: row.households,
      })),
      grids,
      posts,
    },
    rules,
  );
  return { regionCode: region.code, rules, ...report };
}

export async function getStaffingRules(ctx: ServiceContext, regionCode?: string) {
  const region = await resolveRegion(
    ctx.db,
    ctx.actor.scope,
    regionCode ?? ctx.actor.scope.regionCode,
  );
  const [own] = await listRuleOverrides(ctx.db, [region.code]);
  return {
    regionCode: region.code,
    override: own ? staffingRulesOverride.parse(own.override) : {},
    rules: await effectiveRules(ctx.db, region),
  };
}

/** Stores a province's or county's override (e.g. the 句容 profile). County admins only. */
export async function updateStaffingRules(
  ctx: ServiceContext,
  body: { regionCode: string; override: StaffingRulesOverride },
) {
  assertRole(ctx.actor, ['county_admin']);
  const region = await resolveRegion(ctx.db, ctx.actor.scope, body.regionCode, [
    'province',
    'city',
    'county',
  ]);
  const before = await getStaffingRules(ctx, region.code);
  await ctx.db.transaction(async (tx) => {
    await upsertRuleOverride(tx, region.code, body.override);
    await recordAudit(
      tx,
      ctx.actor,
      {
        action: 'staffingRules.update',
        entity: 'staffingRules',
        entityId: region.code,
        regionCode: region.code,
        before: before.override,
        after: body.override,
      },
      ctx.requestId,
    );
  });
  return getStaffingRules(ctx, region.code);
}
