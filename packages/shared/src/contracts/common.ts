import { z } from 'zod';
import { errorCodes } from '../error-codes';
import { regionPrefixLength, type RegionLevel } from '../enums';

/** The one error shape every route answers with. */
export const errorResponse = z.object({
  code: z.enum(errorCodes),
  message: z.string(),
  details: z.unknown().optional(),
});
export type ErrorResponse = z.infer<typeof errorResponse>;

/** Documents the error answers a route may give: `{ ...errorResponses(400, 404) }`. */
export function errorResponses<S extends number>(
  ...statuses: S[]
): Record<S, typeof errorResponse> {
  return Object.fromEntries(statuses.map((status) => [status, errorResponse])) as Record<
    S,
    typeof errorResponse
  >;
}

export const okResponse = z.object({ ok: z.literal(true) });

/** An instant as the API writes it: ISO 8601 with an offset. */
export const timestamp = z.iso.datetime({ offset: true });
/** Optional free text, trimmed, at most `max` characters; `null` clears it. */
export const optionalText = (max: number) => z.string().trim().max(max).nullable().optional();
/** A count of households, people…: a whole number, 0 or more. */
export const wholeCount = z.number().int().min(0).max(10_000_000);
/** A yes/no filter in a query string: `true` or `false`. */
export const booleanQuery = z.enum(['true', 'false']).transform((value) => value === 'true');

/** A comma list in a query string: `level=major,high`. */
export const commaList = <T extends readonly [string, ...string[]]>(values: T) =>
  z
    .string()
    .transform((text) => text.split(',').filter(Boolean))
    .pipe(z.array(z.enum(values)).min(1).max(values.length));

/** A region code as users type or link it: 2, 4, 6, 9 or 12 digits. */
export const regionCodeInput = z
  .string()
  .regex(/^(\d{2}|\d{4}|\d{6}|\d{9}|\d{12})$/, 'a 2-, 4-, 6-, 9- or 12-digit region code');

/** A stored region code: always 12 digits, zero-padded. */
export const regionCode = z.string().regex(/^\d{12}$/, 'a 12-digit region code');

export const pagination = z.object({
  limit: z.coerce.number().int().min(1).max(500).default(50),
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
});

/** List responses are always `{ items, total }`. */
export function listResponse<T extends z.ZodType>(item: T) {
  return z.object({ items: z.array(item), total: z.number().int() });
}

export const idParam = z.object({ id: z.uuid() });

/** Expands a 2/4/6/9/12-digit code to the stored 12-digit form. */
export function padRegionCode(code: string): string {
  return code.padEnd(12, '0');
}

/** The 12-digit code of a region's ancestor at `level` (a village's township, county…). */
export function ancestorCode(code: string, level: RegionLevel): string {
  return padRegionCode(code.slice(0, regionPrefixLength[level]));
}

/**
 * The level of a region read from its code: a village's last three digits are not 000, a
 * township's are but its 7th–9th are not, and so on up.
 */
export function regionLevelOf(code: string): RegionLevel {
  const padded = padRegionCode(code);
  if (!padded.endsWith('000')) {
    return 'village';
  }
  if (padded.slice(6, 9) !== '000') {
    return 'township';
  }
  if (padded.slice(4, 6) !== '00') {
    return 'county';
  }
  return padded.slice(2, 4) !== '00' ? 'city' : 'province';
}
