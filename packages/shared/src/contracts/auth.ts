import { z } from 'zod';
import { roles, locales } from '../enums';
import { regionCode } from './common';

export const loginBody = z.object({
  username: z.string().trim().min(1).max(64),
  password: z.string().min(1).max(256),
});
export type LoginBody = z.infer<typeof loginBody>;

export const me = z.object({
  id: z.uuid(),
  username: z.string(),
  displayName: z.string(),
  role: z.enum(roles),
  scopeRegionCode: regionCode,
  scopeRegionName: z.string(),
  /** Send back as the `x-csrf-token` header on every write. */
  csrfToken: z.string(),
});
export type Me = z.infer<typeof me>;

export const locale = z.enum(locales);
