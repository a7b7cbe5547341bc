import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { attachment, errorResponses, idParam, uploadAttachmentQuery } from '@lastmile/shared';
import type { Config } from '../../config';
import type { Db } from '../../db/client';
import { AppError } from '../../errors';
import { fileResponse, sendStored } from '../../lib/files';
import { actorOf } from '../../plugins/auth';
import { imageMediaTypes, maxImageBytes, openAttachment, saveImage } from './attachments.service';

const errors = errorResponses(400, 401, 403, 404, 413, 415, 422);

export const syncRoutes: FastifyPluginAsyncZod<{ db: Db; config: Config }> = async (
  app,
  { db, config },
) => {
  const tags = ['sync'];
  app.addContentTypeParser(
    [...imageMediaTypes],
    { parseAs: 'buffer', bodyLimit: maxImageBytes },
    (_request, body, done) => {
      done(null, body);
    },
  );

  app.post(
    '/attachments',
    {
      schema: {
        operationId: 'uploadAttachment',
        summary:
          'Upload a photo (JPEG, PNG or WebP body, at most 10 MB); it is re-encoded without metadata',
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
};
