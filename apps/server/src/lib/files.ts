import type { FastifyInstance, FastifyReply } from 'fastify';
import { xlsxMediaType } from '@lastmile/shared';
import type { Readable } from 'node:stream';
import { z } from 'zod';

/** Files are answered as bytes (or a stream); the schema only documents that. */
export const fileResponse = z.custom<Buffer>((value) => Buffer.isBuffer(value), 'a file');

export const maxUploadBytes = 10 * 1024 * 1024;

/** A download, with an RFC 6266 filename* so Chinese names survive every browser. */
export function sendFile(
  reply: FastifyReply,
  body: Buffer | Readable,
  type: string,
  filename: string,
) {
  return reply
    .header('content-type', type)
    .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(filename)}`)
    .header('cache-control', 'no-store')
    .send(body);
}

/** A stored file shown in place (a photo): cached privately for good, never sniffed. */
export function sendStored(reply: FastifyReply, body: Readable, type: string) {
  return reply
    .header('content-type', type)
    .header('cache-control', 'private, max-age=31536000, immutable')
    .header('x-content-type-options', 'nosniff')
    .send(body);
}

/** Lets a plugin's routes take an .xlsx upload as the raw body (at most 10 MB). */
export function acceptXlsxUploads(app: FastifyInstance): void {
  app.addContentTypeParser(
    [xlsxMediaType, 'application/octet-stream'],
    { parseAs: 'buffer', bodyLimit: maxUploadBytes },
    (_request, body, done) => {
      done(null, body);
    },
  );
}
