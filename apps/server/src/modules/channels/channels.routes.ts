import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  errorResponses,
  idParam,
  listNotificationsQuery,
  notificationList,
  okResponse,
} from '@lastmile/shared';
import type { Db } from '../../db/client';
import { actorOf } from '../../plugins/auth';
import { listNotifications, markNotificationRead } from './notifications.service';

const errors = errorResponses(400, 401, 403, 404);

export const channelsRoutes: FastifyPluginAsyncZod<{ db: Db }> = async (app, { db }) => {
  const tags = ['channels'];

  app.get(
    '/notifications',
    {
      schema: {
        operationId: 'listNotifications',
        summary: "The caller's in-app notices: their own, their office's, their department's",
        tags,
        querystring: listNotificationsQuery,
        response: { 200: notificationList, ...errors },
      },
    },
    (request) => listNotifications(db, actorOf(request), request.query),
  );

  app.post(
    '/notifications/:id/read',
    {
      schema: {
        operationId: 'markNotificationRead',
        summary: 'Mark a notice as read',
        tags,
        params: idParam,
        response: { 200: okResponse, ...errors },
      },
    },
    async (request) => {
      await markNotificationRead(db, actorOf(request), request.params.id);
      return { ok: true as const };
    },
  );
};
