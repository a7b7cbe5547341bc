import type { ErrorCode } from '@lastmile/shared';

/**
 * An error the client is meant to see: a stable code, an HTTP status and optional details.
 * The error handler turns it into `{ code, message, details }` in the caller's language.
 */
export class AppError extends Error {
  override name = 'AppError';
  constructor(
    readonly code: ErrorCode,
    readonly statusCode: number,
    readonly details?: unknown,
    /** Values substituted into the translated message, e.g. `{ min: 10 }`. */
    readonly params?: Record<string, string | number>,
  ) {
    super(code);
  }
}

type NotFoundEntity = 'region' | 'user' | 'grid' | 'person' | 'post' | 'expert';
const notFoundCodes: Record<NotFoundEntity, ErrorCode> = {
  region: 'REGION_NOT_FOUND',
  user: 'USER_NOT_FOUND',
  grid: 'GRID_NOT_FOUND',
  person: 'PERSON_NOT_FOUND',
  post: 'POST_NOT_FOUND',
  expert: 'EXPERT_NOT_FOUND',
};

export const notFound = (entity: NotFoundEntity) => new AppError(notFoundCodes[entity], 404);
export const forbidden = () => new AppError('FORBIDDEN', 403);
export const outOfScope = () => new AppError('OUT_OF_SCOPE', 403);
export const unauthenticated = () => new AppError('UNAUTHENTICATED', 401);
