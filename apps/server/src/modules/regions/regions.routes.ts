import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  errorResponses,
  getRegionParams,
  listRegionChildrenQuery,
  regionDetail,
  regionList,
} from '@lastmile/shared';
import type { Db } from '../../db/client';
import { actorOf } from '../../plugins/auth';
import { getRegion, listRegionChildren } from './regions.service';

const errors = errorResponses(401, 403, 404);

export const regionsRoutes: FastifyPluginAsyncZod<{ db: Db }> = async (app, { db }) => {
  app.get(
    '/regions/:code',
    {
      schema: {
        operationId: 'getRegion',
        tags: ['regions'],
        summary: 'One region with its path and village count',
        params: getRegionParams,
        response: { 200: regionDetail, ...errors },
      },
    },
    (request) => getRegion(db, actorOf(request), request.params.code),
  );

  app.get(
    '/regions',
    {
      schema: {
        operationId: 'listRegionChildren',
        tags: ['regions'],
        summary: 'Children of a region (default: the caller’s scope region)',
        querystring: listRegionChildrenQuery,
        response: { 200: regionList, ...errors },
      },
    },
    (request) => listRegionChildren(db, actorOf(request), request.query.code),
  );
};
