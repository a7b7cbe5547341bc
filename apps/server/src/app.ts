import fs from 'node:fs';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import Fastify, { type FastifyInstance } from 'fastify';
import cookie from '@fastify/cookie';
import staticFiles from '@fastify/static';
import { serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import type { Config } from './config';
import type { Database } from './db/client';
import { errorHandlerPlugin, sendError } from './plugins/error-handler';
import { openapiPlugin } from './plugins/openapi';
import { authPlugin } from './plugins/auth';
import { JobRunner } from './jobs/runner';
import { registerJobs } from './jobs/handlers';
import { linkLiveEvents, type LiveEventsLink } from './lib/live-events';
import { gatewayFromConfig, logGateway } from './modules/channels';
import { healthRoutes } from './modules/health/health.routes';
import { regionsRoutes } from './modules/regions';
import { authRoutes, usersRoutes } from './modules/users';
import { auditRoutes } from './modules/audit';
import { orgRoutes } from './modules/org';
import { risksRoutes } from './modules/risks';
import { hazardsRoutes, publicRoutes } from './modules/hazards';
import { syncRoutes } from './modules/sync';
import { channelsRoutes } from './modules/channels';
import { unitsRoutes } from './modules/units';
import { warningsRoutes } from './modules/warnings';
import { securityHeaders } from './lib/security-headers';

export interface BuildAppOptions {
  config: Config;
  database: Database;
  /** Start the job runner (default true). Tests that drive jobs by hand turn it off. */
  runJobs?: boolean;
  jobPollMs?: number;
}

declare module 'fastify' {
  interface FastifyInstance {
    database: Database;
    jobs: JobRunner;
  }
}

/** The built web app: `apps/web/dist`, found from this file in source and in the bundle alike. */
function defaultWebDir(): string {
  return fileURLToPath(new URL('../../web/dist', import.meta.url));
}

/** The built field app (`apps/field/dist`), served under `/field/`. */
function defaultFieldDir(): string {
  return fileURLToPath(new URL('../../field/dist', import.meta.url));
}

/** Builds the whole server without listening: tests use `inject()`, `main.ts` listens. */
export async function buildApp(options: BuildAppOptions): Promise<FastifyInstance> {
  const { config, database } = options;
  const app = Fastify({
    logger: { level: config.logLevel },
    genReqId: () => randomUUID(),
    bodyLimit: 1024 * 1024,
    trustProxy: config.trustProxy,
    routerOptions: { maxParamLength: 200 },
    // Errors raised before routing (a malformed URL, an overlong parameter) get our error shape too.
    frameworkErrors: (_error, request, reply) => {
      void sendError(request, reply, 400, 'BAD_REQUEST');
    },
  });
  // The API speaks JSON only: a text/plain body is refused as 415, not parsed into a string.
  app.removeContentTypeParser('text/plain');
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.decorate('database', database);

  await app.register(errorHandlerPlugin);
  await app.register(cookie);
  await app.register(openapiPlugin);
  await app.register(authPlugin, { db: database.db });

  const headers = securityHeaders(config.map);
  app.addHook('onSend', async (_request, reply) => {
    reply.headers(headers);
  });

  await app.register(healthRoutes, { database });
  await app.register(
    async (api) => {
      await api.register(authRoutes, { db: database.db, config });
      await api.register(usersRoutes, { db: database.db });
      await api.register(regionsRoutes, { db: database.db });
      await api.register(auditRoutes, { db: database.db });
      await api.register(orgRoutes, { db: database.db, config });
      await api.register(unitsRoutes, { db: database.db });
      await api.register(risksRoutes, { db: database.db, config });
      await api.register(hazardsRoutes, { db: database.db });
      await api.register(publicRoutes, { db: database.db, config });
      await api.register(syncRoutes, { db: database.db, config });
      await api.register(channelsRoutes, { db: database.db });
      await api.register(warningsRoutes, { db: database.db });
    },
    { prefix: '/api/v1' },
  );

  const webDir = config.webDir ? path.resolve(config.webDir) : defaultWebDir();
  const hasWeb = fs.existsSync(path.join(webDir, 'index.html'));
  if (hasWeb) {
    await app.register(staticFiles, { root: webDir, wildcard: false, index: 'index.html' });
  }
  // Beside a configured web app (…/apps/web/dist → …/apps/field/dist).
  const fieldDir = config.webDir
    ? path.resolve(config.webDir, '../../field/dist')
    : defaultFieldDir();
  const hasField = fs.existsSync(path.join(fieldDir, 'index.html'));
  if (hasField) {
    // The grid workers' PWA: its own scope, so its service worker caches only its shell.
    await app.register(staticFiles, {
      root: fieldDir,
      prefix: '/field/',
      // `reply.sendFile` comes from whichever registration decorates first.
      decorateReply: !hasWeb,
      wildcard: false,
      index: 'index.html',
    });
    app.get('/field', (_request, reply) => reply.redirect('/field/'));
  }
  app.setNotFoundHandler((request, reply) => {
    const isPage = request.method === 'GET' && !request.url.startsWith('/api');
    if (isPage && hasField && request.url.startsWith('/field/')) {
      // A page address gets the app's shell; a missing file (an old build's script) is a 404,
      // never the shell served as JavaScript.
      const file = request.url.split('?')[0]!;
      if (/\.[a-z0-9]+$/i.test(file)) {
        return sendError(request, reply, 404, 'ROUTE_NOT_FOUND');
      }
      return reply.sendFile('index.html', fieldDir);
    }
    if (isPage && hasWeb) {
      // The web app routes in the browser: every page address gets its shell.
      return reply.sendFile('index.html');
    }
    return sendError(request, reply, 404, 'ROUTE_NOT_FOUND');
  });

  const jobs = new JobRunner(database.db, app.log, { pollMs: options.jobPollMs ?? 1000 });
  app.decorate('jobs', jobs);
  await registerJobs(
    jobs,
    database,
    gatewayFromConfig(config, app.log),
    logGateway(app.log),
    config.warningFeed && { ...config.warningFeed, region: config.region },
  );
  if (options.runJobs ?? true) {
    app.addHook('onReady', async () => jobs.start());
  }
  app.addHook('onClose', async () => jobs.stop());
  // Live board signals to and from the other instances on the same PostgreSQL database.
  let liveLink: LiveEventsLink | undefined;
  app.addHook('onReady', async () => {
    liveLink = await linkLiveEvents(database, app.log);
  });
  app.addHook('onClose', async () => liveLink?.stop());
  return app;
}
