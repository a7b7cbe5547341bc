import { and, eq, ilike, or, sql, type SQL } from 'drizzle-orm';
import { containsPattern } from '../../db/sql-helpers';
import type { Role } from '@lastmile/shared';
import { queryRows, type Executor } from '../../db/client';
import { region, session, user } from '../../db/schema';
import { withinScope, type Scope } from '../../plugins/scope';

export type UserRow = typeof user.$inferSelect;
export type UserWithRegion = UserRow & { scopeRegionName: string };

const withRegionName = {
  id: user.id,
  username: user.username,
  passwordHash: user.passwordHash,
  displayName: user.displayName,
  role: user.role,
  scopeRegionCode: user.scopeRegionCode,
  scopePrefix: user.scopePrefix,
  countyCode: user.countyCode,
  department: user.department,
  disabled: user.disabled,
  failedLoginCount: user.failedLoginCount,
  lockedUntil: user.lockedUntil,
  lastLoginAt: user.lastLoginAt,
  createdAt: user.createdAt,
  updatedAt: user.updatedAt,
  scopeRegionName: region.name,
};

export async function findUserByUsername(
  db: Executor,
  username: string,
): Promise<UserWithRegion | undefined> {
  const [row] = await db
    .select(withRegionName)
    .from(user)
    .innerJoin(region, eq(region.code, user.scopeRegionCode))
    .where(sql`lower(${user.username}) = lower(${username})`);
  return row;
}

/** A user by id, but only if their own scope lies inside `scope`. */
export async function findUserInScope(
  db: Executor,
  id: string,
  scope: Scope,
): Promise<UserWithRegion | undefined> {
  const [row] = await db
    .select(withRegionName)
    .from(user)
    .innerJoin(region, eq(region.code, user.scopeRegionCode))
    .where(and(eq(user.id, id), withinScope(user.scopeRegionCode, scope)));
  return row;
}

export async function listUsersInScope(
  db: Executor,
  scope: Scope,
  query: { q?: string | undefined; role?: Role | undefined; limit: number; offset: number },
): Promise<{ rows: UserWithRegion[]; total: number }> {
  const conditions: SQL[] = [withinScope(user.scopeRegionCode, scope)];
  if (query.q) {
    const pattern = containsPattern(query.q);
    conditions.push(or(ilike(user.username, pattern), ilike(user.displayName, pattern))!);
  }
  if (query.role) {
    conditions.push(eq(user.role, query.role));
  }
  const where = and(...conditions);
  const rows = await db
    .select(withRegionName)
    .from(user)
    .innerJoin(region, eq(region.code, user.scopeRegionCode))
    .where(where)
    .orderBy(user.createdAt, user.id)
    .limit(query.limit)
    .offset(query.offset);
  const [count] = await db.select({ total: sql<number>`count(*)::int` }).from(user).where(where);
  return { rows, total: count?.total ?? 0 };
}

export async function insertUser(
  db: Executor,
  values: typeof user.$inferInsert,
): Promise<UserRow> {
  const [row] = await db.insert(user).values(values).returning();
  return row!;
}

export async function updateUserRow(
  db: Executor,
  id: string,
  values: Partial<typeof user.$inferInsert>,
): Promise<UserRow> {
  const [row] = await db
    .update(user)
    .set({ ...values, updatedAt: sql`now()` })
    .where(eq(user.id, id))
    .returning();
  return row!;
}

/** Records a failed sign-in and returns the new failure count. */
export async function recordLoginFailure(
  db: Executor,
  id: string,
  lockFor: (failures: number) => number,
): Promise<number> {
  const [row] = await db
    .update(user)
    .set({ failedLoginCount: sql`${user.failedLoginCount} + 1` })
    .where(eq(user.id, id))
    .returning({ failures: user.failedLoginCount });
  const failures = row?.failures ?? 0;
  const ms = lockFor(failures);
  if (ms > 0) {
    await db
      .update(user)
      .set({ lockedUntil: sql`now() + make_interval(secs => ${ms / 1000})` })
      .where(eq(user.id, id));
  }
  return failures;
}

export async function insertSession(
  db: Executor,
  values: typeof session.$inferInsert,
): Promise<void> {
  await db.insert(session).values(values);
}

export async function deleteSession(db: Executor, tokenHash: string): Promise<void> {
  await db.delete(session).where(eq(session.tokenHash, tokenHash));
}

export async function deleteSessionsOfUser(db: Executor, userId: string): Promise<void> {
  await db.delete(session).where(eq(session.userId, userId));
}

export async function purgeExpiredSessions(db: Executor): Promise<number> {
  const rows = await db
    .delete(session)
    .where(sql`${session.expiresAt} <= now()`)
    .returning({ tokenHash: session.tokenHash });
  return rows.length;
}

export interface SessionActorRow {
  id: string;
  username: string;
  displayName: string;
  role: Role;
  scopeRegionCode: string;
  scopePrefix: string;
  scopeRegionName: string;
  countyCode: string;
  department: string | null;
  personId: string | null;
  csrfToken: string;
}

/** The live session's user, if the session exists, has not expired and the user is enabled. */
export async function findSessionActor(
  db: Executor,
  tokenHash: string,
): Promise<SessionActorRow | undefined> {
  const [row] = await queryRows<SessionActorRow>(
    db,
    sql`select u.id, u.username, u.display_name as "displayName", u.role,
          u.scope_region_code as "scopeRegionCode", u.scope_prefix as "scopePrefix",
          r.name as "scopeRegionName", u.county_code as "countyCode", u.department,
          (select p.id from person p where p.user_id = u.id) as "personId", s.csrf_token as "csrfToken"
        from session s
        join app_user u on u.id = s.user_id
        join region r on r.code = u.scope_region_code
        where s.token_hash = ${tokenHash} and s.expires_at > now() and not u.disabled`,
  );
  return row;
}

/**
 * The account of the person with this mobile number (for a text message from their phone), as a
 * session would give it but with no session: an SMS command acts as its sender's own account.
 * A number held by people in several counties picks none.
 */
export async function findActorByMobile(
  db: Executor,
  mobile: string,
): Promise<SessionActorRow | undefined> {
  const rows = await queryRows<SessionActorRow>(
    db,
    sql`select u.id, u.username, u.display_name as "displayName", u.role,
          u.scope_region_code as "scopeRegionCode", u.scope_prefix as "scopePrefix",
          r.name as "scopeRegionName", u.county_code as "countyCode", u.department,
          p.id as "personId", '' as "csrfToken"
        from person p
        join app_user u on u.id = p.user_id
        join region r on r.code = u.scope_region_code
        where p.mobile = ${mobile} and not u.disabled
        limit 2`,
  );
  return rows.length === 1 ? rows[0] : undefined;
}

export async function countUsers(db: Executor): Promise<number> {
  const [row] = await db.select({ total: sql<number>`count(*)::int` }).from(user);
  return row?.total ?? 0;
}
