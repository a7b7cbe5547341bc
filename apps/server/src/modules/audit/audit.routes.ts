import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { adminRoles, auditList, auditVerifyResult, errorResponses, listAuditQuery } from '@lastmile/shared';
import type { Db } from '../../db/client';
import { actorOf } from '../../plugins/auth';
import { listAudit, verifyAuditChain } from './audit.service';

const errors = errorResponses(400, 401, 403);

export const auditRoutes: FastifyPluginAsyncZod<{ db: Db }> = async (app, { db }) => {
  app.get(
    '/audit/verify',
    {
      config: { roles: adminRoles },
      schema: {
        operationId: 'verifyAuditChain',
        tags: ['audit'],
        summary: 'Recompute the audit hash chain and report the first broken link',
        response: { 200: auditVerifyResult, ...errors },
      },
    },
    () => verifyAuditChain(db),
  );

  app.get(
    '/audit',
    {
      config: { roles: adminRoles },
      schema: {
        operationId: 'listAuditEntries',
        tags: ['audit'],
        summary: 'Recent audit entries about the caller’s scope',
        querystring: listAuditQuery,
        response: { 200: auditList, ...errors },
      },
    },
    (request) => listAudit(db, actorOf(request), request.query),
  );
};
