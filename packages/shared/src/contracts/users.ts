import { z } from 'zod';
import { roles } from '../enums';
import { listResponse, pagination, regionCode, regionCodeInput } from './common';

/** Minimum password length; the server also rejects passwords equal to the username. */
export const minPasswordLength = 10;

export const user = z.object({
  id: z.uuid(),
  username: z.string(),
  displayName: z.string(),
  role: z.enum(roles),
  scopeRegionCode: regionCode,
  scopeRegionName: z.string(),
  /** A department user's county department, from the sector → department table. */
  department: z.string().nullable(),
  disabled: z.boolean(),
  createdAt: z.iso.datetime({ offset: true }),
  lastLoginAt: z.iso.datetime({ offset: true }).nullable(),
});
export type User = z.infer<typeof user>;

const username = z
  .string()
  .trim()
  .regex(/^[a-zA-Z0-9_.-]{3,64}$/, '3–64 letters, digits, dot, dash or underscore');
const displayName = z.string().trim().min(1).max(64);
const password = z.string().max(256);
const department = z.string().trim().min(1).max(64);

export const createUserBody = z.object({
  username,
  password,
  displayName,
  role: z.enum(roles),
  scopeRegionCode: regionCodeInput,
  department: department.nullable().optional(),
});
export type CreateUserBody = z.infer<typeof createUserBody>;

export const updateUserBody = z
  .object({
    displayName: displayName.optional(),
    password: password.optional(),
    role: z.enum(roles).optional(),
    scopeRegionCode: regionCodeInput.optional(),
    department: department.nullable().optional(),
    disabled: z.boolean().optional(),
  })
  .refine((body) => Object.keys(body).length > 0, 'nothing to update');
export type UpdateUserBody = z.infer<typeof updateUserBody>;

export const listUsersQuery = pagination.extend({
  q: z.string().trim().max(64).optional(),
  role: z.enum(roles).optional(),
});
export const userList = listResponse(user);
