import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type { Role } from '@lastmile/shared';
import type { Db } from '../db/client';
import { AppError, forbidden, unauthenticated } from '../errors';
import { findSessionActor, hashToken, type SessionActorRow } from '../modules/users';
import type { Scope } from './scope';

/** The signed-in user a request acts for. */
export interface Actor {
  id: string;
  username: string;
  displayName: string;
  role: Role;
  scope: Scope;
  scopeRegionName: string;
  countyCode: string;
  /** A department user's county department (三管三必须 table name). */
  department: string | null;
  /** The person (organisation) this user is, if linked. */
  personId: string | null;
  csrfToken: string;
}

/** What every service call gets: the database, who is asking, and the request for the audit log. */
export interface ServiceContext {
  db: Db;
  actor: Actor;
  requestId?: string;
}

export const sessionCookie = 'lm_session';
export const csrfHeader = 'x-csrf-token';

declare module 'fastify' {
  interface FastifyRequest {
    actor: Actor | null;
    sessionTokenHash: string | null;
  }
  interface FastifyContextConfig {
    /** Reachable without signing in (login, health, docs). */
    isPublic?: boolean;
    /** Only these roles may call the route (403 FORBIDDEN otherwise). */
    roles?: readonly Role[];
  }
}

const safeMethods = new Set(['GET', 'HEAD', 'OPTIONS']);

/** The actor of a route that requires sign-in (guaranteed by the hook below). */
export function actorOf(request: FastifyRequest): Actor {
  if (!request.actor) {
    throw unauthenticated();
  }
  return request.actor;
}

/** The actor of a live session's row. */
export function sessionActor(row: SessionActorRow): Actor {
  return {
    id: row.id,
    username: row.username,
    displayName: row.displayName,
    role: row.role,
    scope: { regionCode: row.scopeRegionCode, prefix: row.scopePrefix },
    scopeRegionName: row.scopeRegionName,
    countyCode: row.countyCode,
    department: row.department,
    personId: row.personId,
    csrfToken: row.csrfToken,
  };
}

/** What a route hands its service: the database, the signed-in actor, the request id. */
export function serviceContext(db: Db) {
  return (request: FastifyRequest): ServiceContext => ({
    db,
    actor: actorOf(request),
    requestId: request.id,
  });
}

/**
 * Resolves the session cookie to an actor on every API request, then enforces, before the
 * body is even parsed: sign-in unless the route is public, the route's roles, and the CSRF
 * header on every write (the token is bound to the session and returned by login and getMe).
 * Login itself only accepts `application/json`, which a cross-site form cannot send.
 */
export const authPlugin = fp(async (app: FastifyInstance, options: { db: Db }) => {
  app.decorateRequest('actor', null);
  app.decorateRequest('sessionTokenHash', null);

  app.addHook('onRequest', async (request: FastifyRequest, _reply: FastifyReply) => {
    if (!request.url.startsWith('/api/v1/')) {
      return;
    }
    const token = request.cookies[sessionCookie];
    if (token && token.length <= 128) {
      const tokenHash = hashToken(token);
      const row = await findSessionActor(options.db, tokenHash);
      if (row) {
        request.sessionTokenHash = tokenHash;
        request.actor = sessionActor(row);
      }
    }
    const config = request.routeOptions.config;
    if (config.isPublic || !request.routeOptions.url) {
      return;
    }
    if (!request.actor) {
      throw unauthenticated();
    }
    if (
      !safeMethods.has(request.method) &&
      request.headers[csrfHeader] !== request.actor.csrfToken
    ) {
      throw new AppError('CSRF_FAILED', 403);
    }
    if (config.roles && !config.roles.includes(request.actor.role)) {
      throw forbidden();
    }
  });
});
