import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { errorResponse, healthResponse, readyResponse } from '@lastmile/shared';
import type { Database } from '../../db/client';
import { AppError } from '../../errors';
import { appliedMigrationCount, shippedMigrationCount } from '../../db/migrate';
import { sql } from 'drizzle-orm';

/** Liveness (the process answers) and readiness (database reachable, schema current). */
export const healthRoutes: FastifyPluginAsyncZod<{ database: Database }> = async (
  app,
  { database },
) => {
  const expected = shippedMigrationCount();

  app.get(
    '/healthz',
    {
      config: { isPublic: true },
      schema: { operationId: 'getHealth', tags: ['health'], response: { 200: healthResponse } },
    },
    () => ({ status: 'ok' as const }),
  );

  app.get(
    '/readyz',
    {
      config: { isPublic: true },
      schema: {
        operationId: 'getReadiness',
        tags: ['health'],
        response: { 200: readyResponse, 503: errorResponse },
      },
    },
    async () => {
      try {
        await database.db.execute(sql`select 1`);
      } catch {
        throw new AppError('NOT_READY', 503, { database: 'unreachable' });
      }
      const applied = await appliedMigrationCount(database);
      if (applied < expected) {
        throw new AppError('NOT_READY', 503, { migrations: { applied, expected } });
      }
      return { status: 'ready' as const, database: database.kind, migrations: applied };
    },
  );
};
