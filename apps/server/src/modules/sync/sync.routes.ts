import { timingSafeEqual } from 'node:crypto';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  attachment,
  createHouseholdBody,
  errorResponses,
  gatewayInboundBody,
  gatewayInboundResponse,
  household,
  householdList,
  idParam,
  listHouseholdsQuery,
  listPatrolsQuery,
  patrolList,
  syncPullQuery,
  syncPullResponse,
  syncPushBody,
  syncPushResponse,
  updateHouseholdBody,
  uploadAttachmentQuery,
} from '@lastmile/shared';
import type { Config } from '../../config';
import type { Db } from '../../db/client';
import { AppError } from '../../errors';
import { pickLocale } from '../../i18n';
import { fileResponse, sendStored } from '../../lib/files';
import { actorOf, serviceContext } from '../../plugins/auth';
import { imageMediaTypes, maxImageBytes, openAttachment, saveImage } from './attachments.service';
import { createHousehold, listHouseholds, updateHousehold } from './households.service';
import { listPatrols } from './patrols.service';
import { pullFieldData } from './pull';
import { handleGatewayInbound } from '../warnings';
import { handleInboundText } from './sms';
import { pushCommands } from './sync.service';

const errors = errorResponses(400, 401, 403, 404, 413, 415, 422);

function sameSecret(given: unknown, expected: string | null): boolean {
  if (!expected || typeof given !== 'string') {
    return false;
  }
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

export const syncRoutes: FastifyPluginAsyncZod<{ db: Db; config: Config }> = async (
  app,
  { db, config },
) => {
  const tags = ['sync'];
  const ctx = serviceContext(db);
  app.addContentTypeParser(
    [...imageMediaTypes],
    { parseAs: 'buffer', bodyLimit: maxImageBytes },
    (_request, body, done) => {
      done(null, body);
    },
  );

  app.post(
    '/sync/push',
    {
      // 200 commands with their reports fit well inside this.
      bodyLimit: 4 * 1024 * 1024,
      schema: {
        operationId: 'syncPush',
        summary:
          'The field app’s outbox: each command applied once, in its own transaction, and answered applied / duplicate / conflict / rejected',
        tags,
        body: syncPushBody,
        response: { 200: syncPushResponse, ...errors },
      },
    },
    (request) =>
      pushCommands(
        ctx(request),
        request.body,
        pickLocale(request.headers['accept-language']),
        (error) => request.log.error({ err: error }, 'sync push stopped part way'),
      ),
  );

  app.get(
    '/sync/pull',
    {
      schema: {
        operationId: 'syncPull',
        summary:
          'What the field app keeps offline for the caller’s grids: whole on a first pull, the changes since the cursor afterwards',
        tags,
        querystring: syncPullQuery,
        response: { 200: syncPullResponse, ...errors },
      },
    },
    (request) => pullFieldData(ctx(request), request.query.cursor, config.fieldOfflineDays),
  );

  app.get(
    '/patrols',
    {
      schema: {
        operationId: 'listPatrols',
        summary:
          'Patrol records (巡查记录) in the caller’s jurisdiction, newest first, with check-ins and hazards found',
        tags,
        querystring: listPatrolsQuery,
        response: { 200: patrolList, ...errors },
      },
    },
    (request) => listPatrols(ctx(request), request.query),
  );

  app.get(
    '/households',
    {
      schema: {
        operationId: 'listHouseholds',
        summary: 'The households (户) of a grid, for door-to-door visits',
        tags,
        querystring: listHouseholdsQuery,
        response: { 200: householdList, ...errors },
      },
    },
    (request) => listHouseholds(ctx(request), request.query.gridId),
  );

  app.post(
    '/households',
    {
      schema: {
        operationId: 'createHousehold',
        summary: 'Add a household to a grid',
        tags,
        body: createHouseholdBody,
        response: { 201: household, ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await createHousehold(ctx(request), request.body)),
  );

  app.patch(
    '/households/:id',
    {
      schema: {
        operationId: 'updateHousehold',
        summary: 'Change a household’s details (label, head, phone, members, 重点人群)',
        tags,
        params: idParam,
        body: updateHouseholdBody,
        response: { 200: household, ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    (request) => updateHousehold(ctx(request), request.params.id, request.body),
  );

  app.post(
    '/attachments',
    {
      schema: {
        operationId: 'uploadAttachment',
        summary:
          'Upload a photo (JPEG, PNG or WebP body, at most 10 MB); it is re-encoded without metadata. With the client’s id, a retried upload answers the stored photo',
        tags,
        consumes: [...imageMediaTypes],
        querystring: uploadAttachmentQuery,
        body: fileResponse,
        response: { 200: attachment, 201: attachment, ...errors },
      },
    },
    async (request, reply) => {
      const actor = actorOf(request);
      if (!Buffer.isBuffer(request.body)) {
        throw new AppError('UNSUPPORTED_MEDIA_TYPE', 415);
      }
      const result = await saveImage(db, config.filesDir, request.body, {
        id: request.query.id,
        uploadedBy: actor.id,
      });
      return reply.code(result.created ? 201 : 200).send(result.attachment);
    },
  );

  app.get(
    '/attachments/:id',
    {
      schema: {
        operationId: 'getAttachment',
        summary: 'The bytes of a photo',
        tags,
        params: idParam,
        response: { 200: fileResponse, ...errors },
      },
    },
    async (request, reply) => {
      const file = await openAttachment(db, config.filesDir, request.params.id);
      return sendStored(reply, file.stream, file.mediaType);
    },
  );

  app.post(
    '/gateway/inbound',
    {
      config: { isPublic: true },
      schema: {
        operationId: 'gatewayInbound',
        summary:
          'The SMS/voice gateway’s webhook: replies (叫应 "1" or a short code; 短信兜底 "YH …" hazards and "XC" patrols) and delivery receipts',
        tags,
        body: gatewayInboundBody,
        response: { 200: gatewayInboundResponse, ...errorResponses(400, 401) },
      },
    },
    async (request) => {
      if (!sameSecret(request.headers['x-gateway-token'], config.gateway.inboundToken)) {
        throw new AppError('GATEWAY_TOKEN_INVALID', 401);
      }
      const body = request.body;
      const reply =
        body.kind === 'reply'
          ? await handleInboundText(db, body)
          : await handleGatewayInbound(db, body);
      return { ok: true as const, reply };
    },
  );
};
