/**
 * Accounts, roles and jurisdiction (管辖范围). Every user has one role and one scope region; an
 * administrator manages accounts only inside their own scope and hands out only the roles
 * their own role may grant. Sign-in is slowed by a lock after repeated failures.
 */
import { createHash, randomBytes } from 'node:crypto';
import {
  adminRoles,
  grantableRoles,
  padRegionCode,
  regionLevels,
  roleMinScopeLevel,
  type CreateUserBody,
  type LoginBody,
  type Role,
  type UpdateUserBody,
  type User,
} from '@lastmile/shared';
import type { Db, Executor } from '../../db/client';
import { AppError, forbidden, notFound, outOfScope } from '../../errors';
import type { Actor, ServiceContext } from '../../plugins/auth';
import { onUniqueViolation } from '../../db/sql-helpers';
import { effectiveLedgerSettings } from '../../lib/region-settings';
import { countyCodeOf, isInScope, scopePrefix } from '../../plugins/scope';
import { recordAudit } from '../audit';
import { findRegion } from '../regions';
import {
  assertPasswordAcceptable,
  decoyPasswordHash,
  hashPassword,
  verifyPassword,
} from './password';
import {
  deleteSession,
  deleteSessionsOfUser,
  findUserByUsername,
  findUserInScope,
  insertSession,
  insertUser,
  listUsersInScope,
  recordLoginFailure,
  updateUserRow,
  type UserRow,
  type UserWithRegion,
} from './users.repository';

export type { ServiceContext } from '../../plugins/auth';

/** Failures allowed before the account locks; each further failure doubles the lock. */
export const loginFailuresBeforeLock = 5;
const maxLockMs = 60 * 60_000;

export function lockDurationMs(failures: number): number {
  if (failures < loginFailuresBeforeLock) {
    return 0;
  }
  return Math.min(60_000 * 2 ** (failures - loginFailuresBeforeLock), maxLockMs);
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export function toUserDto(row: UserWithRegion): User {
  return {
    id: row.id,
    username: row.username,
    displayName: row.displayName,
    role: row.role as Role,
    scopeRegionCode: row.scopeRegionCode,
    scopeRegionName: row.scopeRegionName,
    department: row.department,
    disabled: row.disabled,
    createdAt: row.createdAt.toISOString(),
    lastLoginAt: row.lastLoginAt?.toISOString() ?? null,
  };
}

/** What the audit log keeps of a user: never the password hash. */
function auditView(row: UserRow) {
  return {
    username: row.username,
    displayName: row.displayName,
    role: row.role,
    scopeRegionCode: row.scopeRegionCode,
    department: row.department,
    disabled: row.disabled,
  };
}

export interface LoginResult {
  token: string;
  csrfToken: string;
  expiresAt: Date;
  user: UserWithRegion;
}

/**
 * Checks a password and opens a session. The same error answers an unknown user and a wrong
 * password, and an unknown user still costs one hash, so names cannot be probed.
 */
export async function login(
  db: Db,
  body: LoginBody,
  sessionTtlMs: number,
  requestId?: string,
): Promise<LoginResult> {
  const found = await findUserByUsername(db, body.username);
  if (!found) {
    await verifyPassword(await decoyPasswordHash(), body.password);
    throw new AppError('INVALID_CREDENTIALS', 401);
  }
  if (found.lockedUntil && found.lockedUntil.getTime() > Date.now()) {
    throw new AppError('ACCOUNT_LOCKED', 423, {
      lockedUntil: found.lockedUntil.toISOString(),
    });
  }
  if (!(await verifyPassword(found.passwordHash, body.password))) {
    const failures = await recordLoginFailure(db, found.id, lockDurationMs);
    if (failures === loginFailuresBeforeLock) {
      await db.transaction((tx) =>
        recordAudit(
          tx,
          'system',
          {
            action: 'user.lock',
            entity: 'user',
            entityId: found.id,
            regionCode: found.scopeRegionCode,
            after: { failures },
          },
          requestId,
        ),
      );
    }
    throw new AppError('INVALID_CREDENTIALS', 401);
  }
  if (found.disabled) {
    throw new AppError('ACCOUNT_DISABLED', 403);
  }
  const token = randomBytes(32).toString('base64url');
  const csrfToken = randomBytes(24).toString('base64url');
  const expiresAt = new Date(Date.now() + sessionTtlMs);
  await db.transaction(async (tx) => {
    await updateUserRow(tx, found.id, {
      failedLoginCount: 0,
      lockedUntil: null,
      lastLoginAt: new Date(),
    });
    await insertSession(tx, {
      tokenHash: hashToken(token),
      userId: found.id,
      csrfToken,
      expiresAt,
    });
    await recordAudit(
      tx,
      { id: found.id, displayName: found.displayName },
      {
        action: 'user.login',
        entity: 'user',
        entityId: found.id,
        regionCode: found.scopeRegionCode,
      },
      requestId,
    );
  });
  return { token, csrfToken, expiresAt, user: found };
}

export async function logout(db: Db, tokenHash: string): Promise<void> {
  await deleteSession(db, tokenHash);
}

function assertAdmin(actor: Actor): void {
  if (!adminRoles.includes(actor.role)) {
    throw forbidden();
  }
}

/**
 * Checks that `actor` may give `role` at `code` and returns the region's scope columns.
 * The region must exist, lie inside the actor's scope and be deep enough for the role.
 */
async function resolveGrant(db: Executor, actor: Actor, role: Role, code: string) {
  if (!grantableRoles[actor.role].includes(role)) {
    throw new AppError('ROLE_NOT_GRANTABLE', 403);
  }
  const regionCode = padRegionCode(code);
  if (!isInScope(actor.scope, regionCode)) {
    throw outOfScope();
  }
  const found = await findRegion(db, regionCode);
  if (!found) {
    throw notFound('region');
  }
  if (regionLevels.indexOf(found.level) < regionLevels.indexOf(roleMinScopeLevel[role])) {
    throw new AppError('SCOPE_LEVEL_INVALID', 400);
  }
  return {
    scopeRegionCode: regionCode,
    scopePrefix: scopePrefix(regionCode, found.level),
    countyCode: countyCodeOf(regionCode),
    scopeRegionName: found.name,
  };
}

/**
 * A department user's department, checked against the county's sector → department table (the
 * name summons are routed by); other roles have none.
 */
async function departmentFor(
  db: Executor,
  role: Role,
  scopeRegionCode: string,
  department: string | null | undefined,
): Promise<string | null> {
  if (role !== 'department') {
    return null;
  }
  if (!department) {
    throw new AppError('VALIDATION_FAILED', 400, [
      { path: ['department'], message: 'a department user names their department' },
    ]);
  }
  const { sectorDepartments } = await effectiveLedgerSettings(db, scopeRegionCode);
  if (!Object.values(sectorDepartments).includes(department)) {
    throw new AppError('DEPARTMENT_UNKNOWN', 422, { department });
  }
  return department;
}

/** Creates an account inside the administrator's scope. */
export async function createUser(ctx: ServiceContext, body: CreateUserBody): Promise<User> {
  assertAdmin(ctx.actor);
  assertPasswordAcceptable(body.password, body.username);
  const grant = await resolveGrant(ctx.db, ctx.actor, body.role, body.scopeRegionCode);
  if (await findUserByUsername(ctx.db, body.username)) {
    throw new AppError('USERNAME_TAKEN', 409);
  }
  const department = await departmentFor(ctx.db, body.role, grant.scopeRegionCode, body.department);
  const passwordHash = await hashPassword(body.password);
  const row = await onUniqueViolation(
    () =>
      ctx.db.transaction(async (tx) => {
        const created = await insertUser(tx, {
          username: body.username,
          passwordHash,
          displayName: body.displayName,
          role: body.role,
          scopeRegionCode: grant.scopeRegionCode,
          scopePrefix: grant.scopePrefix,
          countyCode: grant.countyCode,
          department,
        });
        await recordAudit(
          tx,
          ctx.actor,
          {
            action: 'user.create',
            entity: 'user',
            entityId: created.id,
            regionCode: created.scopeRegionCode,
            after: auditView(created),
          },
          ctx.requestId,
        );
        return created;
      }),
    () => new AppError('USERNAME_TAKEN', 409),
  );
  return toUserDto({ ...row, scopeRegionName: grant.scopeRegionName });
}

/** Changes an account inside the administrator's scope; a new password or a disable ends its sessions. */
export async function updateUser(
  ctx: ServiceContext,
  id: string,
  body: UpdateUserBody,
): Promise<User> {
  assertAdmin(ctx.actor);
  const existing = await findUserInScope(ctx.db, id, ctx.actor.scope);
  if (!existing) {
    throw notFound('user');
  }
  const isSelf = existing.id === ctx.actor.id;
  if (
    isSelf &&
    (body.disabled === true ||
      (body.role !== undefined && body.role !== existing.role) ||
      (body.scopeRegionCode !== undefined &&
        padRegionCode(body.scopeRegionCode) !== existing.scopeRegionCode))
  ) {
    throw new AppError('CANNOT_DISABLE_SELF', 400);
  }
  // An admin may edit only accounts whose current role they could have granted.
  if (!isSelf && !grantableRoles[ctx.actor.role].includes(existing.role as Role)) {
    throw new AppError('ROLE_NOT_GRANTABLE', 403);
  }
  const changes: Partial<UserRow> = {};
  let scopeRegionName = existing.scopeRegionName;
  if (body.role !== undefined || body.scopeRegionCode !== undefined) {
    const grant = await resolveGrant(
      ctx.db,
      ctx.actor,
      body.role ?? (existing.role as Role),
      body.scopeRegionCode ?? existing.scopeRegionCode,
    );
    Object.assign(changes, {
      role: body.role ?? existing.role,
      scopeRegionCode: grant.scopeRegionCode,
      scopePrefix: grant.scopePrefix,
      countyCode: grant.countyCode,
    });
    scopeRegionName = grant.scopeRegionName;
  }
  if (body.department !== undefined || changes.role !== undefined) {
    changes.department = await departmentFor(
      ctx.db,
      (changes.role ?? existing.role) as Role,
      changes.scopeRegionCode ?? existing.scopeRegionCode,
      body.department === undefined ? existing.department : body.department,
    );
  }
  if (body.displayName !== undefined) {
    changes.displayName = body.displayName;
  }
  if (body.disabled !== undefined) {
    changes.disabled = body.disabled;
  }
  if (body.password !== undefined) {
    assertPasswordAcceptable(body.password, existing.username);
    changes.passwordHash = await hashPassword(body.password);
    changes.failedLoginCount = 0;
    changes.lockedUntil = null;
  }
  const row = await ctx.db.transaction(async (tx) => {
    const updated = await updateUserRow(tx, id, changes);
    if (body.password !== undefined || body.disabled === true) {
      await deleteSessionsOfUser(tx, id);
    }
    await recordAudit(
      tx,
      ctx.actor,
      {
        action: 'user.update',
        entity: 'user',
        entityId: id,
        regionCode: updated.scopeRegionCode,
        before: auditView(existing),
        after: { ...auditView(updated), passwordChanged: body.password !== undefined },
      },
      ctx.requestId,
    );
    return updated;
  });
  return toUserDto({ ...row, scopeRegionName });
}

export async function listUsers(
  ctx: ServiceContext,
  query: { q?: string | undefined; role?: Role | undefined; limit: number; offset: number },
): Promise<{ items: User[]; total: number }> {
  assertAdmin(ctx.actor);
  const { rows, total } = await listUsersInScope(ctx.db, ctx.actor.scope, query);
  return { items: rows.map(toUserDto), total };
}

/**
 * Creates the first administrator, `admin`, scoped to the deployment's region, if no such
 * user exists. Returns the password when it was generated, so the caller can print it once.
 */
export async function ensureAdminUser(
  db: Db,
  regionCode: string,
  configuredPassword: string | undefined,
): Promise<{ created: boolean; generatedPassword?: string }> {
  if (await findUserByUsername(db, 'admin')) {
    return { created: false };
  }
  const code = padRegionCode(regionCode);
  const found = await findRegion(db, code);
  if (!found) {
    throw new Error(`Region ${regionCode} is not imported; run import-regions first`);
  }
  const generatedPassword = configuredPassword ? undefined : randomBytes(12).toString('base64url');
  const passwordHash = await hashPassword(configuredPassword ?? generatedPassword!);
  await db.transaction(async (tx) => {
    const created = await insertUser(tx, {
      username: 'admin',
      passwordHash,
      displayName: '系统管理员',
      role: 'county_admin',
      scopeRegionCode: code,
      scopePrefix: scopePrefix(code, found.level),
      countyCode: countyCodeOf(code),
    });
    await recordAudit(tx, 'system', {
      action: 'user.create',
      entity: 'user',
      entityId: created.id,
      regionCode: code,
      after: auditView(created),
    });
  });
  return generatedPassword ? { created: true, generatedPassword } : { created: true };
}
