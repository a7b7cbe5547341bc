import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import {
  hasZodFastifySchemaValidationErrors,
  isResponseSerializationError,
} from 'fastify-type-provider-zod';
import type { ErrorCode, ErrorResponse } from '@lastmile/shared';
import { AppError } from '../errors';
import { pickLocale, translateError } from '../i18n';

/** Fastify's own client errors (bad JSON, wrong content type...) mapped to our stable codes. */
const fastifyCodes: Record<string, { code: ErrorCode; status: number }> = {
  FST_ERR_CTP_BODY_TOO_LARGE: { code: 'PAYLOAD_TOO_LARGE', status: 413 },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: { code: 'UNSUPPORTED_MEDIA_TYPE', status: 415 },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: { code: 'BAD_REQUEST', status: 400 },
  FST_ERR_CTP_EMPTY_JSON_BODY: { code: 'BAD_REQUEST', status: 400 },
  FST_ERR_CTP_INVALID_JSON_BODY: { code: 'BAD_REQUEST', status: 400 },
  FST_ERR_BAD_URL: { code: 'BAD_REQUEST', status: 400 },
  FST_ERR_ASYNC_CONSTRAINT: { code: 'BAD_REQUEST', status: 400 },
};

/** The SQLSTATE of a database error, looking through Drizzle's wrapping. */
function sqlState(error: unknown): string | undefined {
  for (let current = error, depth = 0; current && depth < 5; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code)) {
      return code;
    }
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

function statusCode(status: number): ErrorCode {
  if (status === 401) {
    return 'UNAUTHENTICATED';
  }
  if (status === 403) {
    return 'FORBIDDEN';
  }
  if (status === 404) {
    return 'ROUTE_NOT_FOUND';
  }
  if (status === 413) {
    return 'PAYLOAD_TOO_LARGE';
  }
  if (status === 415) {
    return 'UNSUPPORTED_MEDIA_TYPE';
  }
  if (status === 429) {
    return 'RATE_LIMITED';
  }
  return 'BAD_REQUEST';
}

export function sendError(
  request: FastifyRequest,
  reply: FastifyReply,
  status: number,
  code: ErrorCode,
  details?: unknown,
  params?: Record<string, string | number>,
) {
  const body: ErrorResponse = {
    code,
    message: translateError(code, pickLocale(request.headers['accept-language']), params),
  };
  if (details !== undefined) {
    body.details = details;
  }
  return reply.status(status).type('application/json; charset=utf-8').send(body);
}

/**
 * The one error handler. Clients get `{ code, message, details? }` with the message in their
 * language; anything unexpected is logged with the request id and answered 500 INTERNAL
 * without echoing the cause.
 */
export const errorHandlerPlugin = fp(async (app: FastifyInstance) => {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (error instanceof AppError) {
      return sendError(request, reply, error.statusCode, error.code, error.details, error.params);
    }
    if (hasZodFastifySchemaValidationErrors(error)) {
      const details = error.validation.map((issue) => ({
        in: error.validationContext,
        path: issue.instancePath.split('/').filter(Boolean),
        message: issue.message,
      }));
      return sendError(request, reply, 400, 'VALIDATION_FAILED', details);
    }
    if (isResponseSerializationError(error)) {
      request.log.error({ err: error, issues: error.cause.issues }, 'response does not match schema');
      return sendError(request, reply, 500, 'INTERNAL');
    }
    const known = error.code ? fastifyCodes[error.code] : undefined;
    if (known) {
      return sendError(request, reply, known.status, known.code);
    }
    // Class 22 is "data exception": a value the database cannot take (a NUL byte, an
    // out-of-range number) that slipped past validation. It is the client's input, not a fault.
    if (sqlState(error)?.startsWith('22')) {
      request.log.warn({ err: error }, 'database refused a value');
      return sendError(request, reply, 400, 'BAD_REQUEST');
    }
    const status = error.statusCode ?? 500;
    if (status >= 400 && status < 500) {
      return sendError(request, reply, status, statusCode(status));
    }
    request.log.error({ err: error }, 'unhandled error');
    return sendError(request, reply, 500, 'INTERNAL');
  });
});
