import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  adminRoles,
  createUserBody,
  errorResponse,
  errorResponses,
  idParam,
  listUsersQuery,
  loginBody,
  me,
  okResponse,
  updateUserBody,
  user,
  userList,
  type Me,
} from '@lastmile/shared';
import type { Config } from '../../config';
import type { Db } from '../../db/client';
import {
  actorOf,
  serviceContext,
  sessionActor,
  sessionCookie,
  type Actor,
} from '../../plugins/auth';
import { AppError } from '../../errors';
import { LoginLimiter } from './login-limiter';
import { findSessionActor } from './users.repository';
import { createUser, hashToken, listUsers, login, logout, updateUser } from './users.service';

const errors = errorResponses(400, 401, 403, 404, 409);

function toMe(actor: Actor): Me {
  return {
    id: actor.id,
    username: actor.username,
    displayName: actor.displayName,
    role: actor.role,
    scopeRegionCode: actor.scope.regionCode,
    scopeRegionName: actor.scopeRegionName,
    department: actor.department,
    personId: actor.personId,
    csrfToken: actor.csrfToken,
  };
}

export const authRoutes: FastifyPluginAsyncZod<{ db: Db; config: Config }> = async (
  app,
  { db, config },
) => {
  const limiter = new LoginLimiter();
  app.post(
    '/auth/login',
    {
      config: { isPublic: true },
      schema: {
        operationId: 'login',
        tags: ['auth'],
        summary: 'Sign in; sets the session cookie',
        body: loginBody,
        response: { 200: me, ...errors, 423: errorResponse, 429: errorResponse },
      },
    },
    async (request, reply) => {
      // The field app's session lasts its offline period, so a worker back in signal can sync.
      const ttlMs =
        request.body.device === 'field'
          ? config.fieldOfflineDays * 86_400_000
          : config.sessionTtlMs;
      const waitMs = limiter.retryAfterMs(request.ip);
      if (waitMs > 0) {
        const retryAfterSeconds = Math.ceil(waitMs / 1000);
        reply.header('retry-after', retryAfterSeconds);
        throw new AppError('RATE_LIMITED', 429, { retryAfterSeconds });
      }
      const result = await login(db, request.body, ttlMs, request.id).catch((error: unknown) => {
        if (error instanceof AppError && error.code === 'INVALID_CREDENTIALS') {
          limiter.fail(request.ip);
        }
        throw error;
      });
      reply.setCookie(sessionCookie, result.token, {
        path: '/',
        httpOnly: true,
        sameSite: 'lax',
        secure: config.secureCookies,
        expires: result.expiresAt,
      });
      // The same view getMe gives, read through the new session.
      const actor = await findSessionActor(db, hashToken(result.token));
      return { ...toMe(sessionActor(actor!)), csrfToken: result.csrfToken };
    },
  );

  app.post(
    '/auth/logout',
    {
      schema: {
        operationId: 'logout',
        tags: ['auth'],
        summary: 'End the current session',
        response: { 200: okResponse, ...errors },
      },
    },
    async (request, reply) => {
      await logout(db, request.sessionTokenHash!);
      reply.clearCookie(sessionCookie, { path: '/' });
      return { ok: true as const };
    },
  );

  app.get(
    '/auth/me',
    {
      schema: {
        operationId: 'getMe',
        tags: ['auth'],
        summary: 'The signed-in user and their CSRF token',
        response: { 200: me, ...errors },
      },
    },
    (request) => toMe(actorOf(request)),
  );
};

export const usersRoutes: FastifyPluginAsyncZod<{ db: Db }> = async (app, { db }) => {
  const ctx = serviceContext(db);
  const config = { roles: adminRoles };

  app.get(
    '/users',
    {
      config,
      schema: {
        operationId: 'listUsers',
        tags: ['users'],
        summary: 'Users inside the caller’s scope',
        querystring: listUsersQuery,
        response: { 200: userList, ...errors },
      },
    },
    (request) => listUsers(ctx(request), request.query),
  );

  app.post(
    '/users',
    {
      config,
      schema: {
        operationId: 'createUser',
        tags: ['users'],
        summary: 'Create a user inside the caller’s scope',
        body: createUserBody,
        response: { 201: user, ...errors },
      },
    },
    async (request, reply) => {
      const created = await createUser(ctx(request), request.body);
      return reply.status(201).send(created);
    },
  );

  app.patch(
    '/users/:id',
    {
      config,
      schema: {
        operationId: 'updateUser',
        tags: ['users'],
        summary: 'Change a user inside the caller’s scope',
        params: idParam,
        body: updateUserBody,
        response: { 200: user, ...errors },
      },
    },
    (request) => updateUser(ctx(request), request.params.id, request.body),
  );
};
