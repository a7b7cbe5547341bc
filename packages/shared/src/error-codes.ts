/**
 * Every error code the API may answer with. Codes are stable: clients translate them through
 * i18n (`errors.<CODE>`), tests assert on them. Add, never rename.
 */
export const errorCodes = [
  'VALIDATION_FAILED',
  'BAD_REQUEST',
  'PAYLOAD_TOO_LARGE',
  'UNSUPPORTED_MEDIA_TYPE',
  'UNAUTHENTICATED',
  'INVALID_CREDENTIALS',
  'ACCOUNT_LOCKED',
  'ACCOUNT_DISABLED',
  'CSRF_FAILED',
  'FORBIDDEN',
  'OUT_OF_SCOPE',
  'ROLE_NOT_GRANTABLE',
  'SCOPE_LEVEL_INVALID',
  'PASSWORD_TOO_SHORT',
  'USERNAME_TAKEN',
  'ROUTE_NOT_FOUND',
  'REGION_NOT_FOUND',
  'USER_NOT_FOUND',
  'CANNOT_DISABLE_SELF',
  'RATE_LIMITED',
  'NOT_READY',
  'INTERNAL',
] as const;
export type ErrorCode = (typeof errorCodes)[number];
