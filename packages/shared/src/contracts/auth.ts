import { z } from 'zod';
import { locales } from '../enums';
import { user } from './users';

export const loginBody = z.object({
  username: z.string().trim().min(1).max(64),
  password: z.string().min(1).max(256),
  /**
   * `field`: the grid workers' offline app, whose session lasts as long as the phone may work
   * offline (default 14 days) so a worker back in signal can sync without signing in again.
   */
  device: z.enum(['web', 'field']).optional(),
});
export type LoginBody = z.infer<typeof loginBody>;

export const me = user
  .pick({ id: true, username: true, displayName: true, role: true, scopeRegionCode: true, scopeRegionName: true, department: true })
  .extend({ personId: z.uuid().nullable() })
  .extend({
    /** Send back as the `x-csrf-token` header on every write. */
    csrfToken: z.string(),
  });
export type Me = z.infer<typeof me>;

export const locale = z.enum(locales);
