import { z } from 'zod';
import { listResponse, pagination } from './common';

export const auditVerifyResult = z.union([
  z.object({
    ok: z.literal(true),
    /** Rows sealed into the chain and checked. */
    checked: z.number().int(),
  }),
  z.object({
    ok: z.literal(false),
    checked: z.number().int(),
    /** The first link that does not hold. */
    brokenAt: z.object({
      chainIndex: z.number().int(),
      reason: z.enum(['hash_mismatch', 'missing_row', 'head_mismatch']),
    }),
  }),
]);
export type AuditVerifyResult = z.infer<typeof auditVerifyResult>;

export const auditEntry = z.object({
  id: z.string(),
  occurredAt: z.iso.datetime({ offset: true }),
  actorId: z.uuid().nullable(),
  actorName: z.string().nullable(),
  action: z.string(),
  entity: z.string(),
  entityId: z.string(),
  regionCode: z.string().nullable(),
  sealed: z.boolean(),
});
export type AuditEntry = z.infer<typeof auditEntry>;
export const listAuditQuery = pagination.extend({ entity: z.string().max(64).optional() });
export const auditList = listResponse(auditEntry);
