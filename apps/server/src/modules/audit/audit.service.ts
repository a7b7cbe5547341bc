/**
 * The audit log (审计日志): every change leaves a row written in the same transaction as the
 * change, so nothing acknowledged goes unrecorded. A job then seals rows, in order, into a
 * SHA-256 hash chain in which each link covers the previous one, so a report that was altered,
 * back-dated or deleted afterwards is provable. Sealing is separate from writing because one
 * global chain computed inside every write would serialise all writes (see DESIGN.md).
 */
import { createHash } from 'node:crypto';
import { sql, type SQL } from 'drizzle-orm';
import type { AuditEntry, AuditVerifyResult } from '@lastmile/shared';
import type { Db, Executor } from '../../db/client';
import type { Actor } from '../../plugins/auth';
import {
  auditInsertSql,
  insertAuditRows,
  listAuditRows,
  listSealedAfter,
  listUnsealed,
  lockChainHead,
  readChainHead,
  writeSeals,
  type AuditHashRow,
  type AuditInsert,
} from './audit.repository';

export const genesisHash = '0'.repeat(64);

export interface AuditChange {
  action: string;
  entity: string;
  entityId: string;
  regionCode: string | null;
  before?: unknown;
  after?: unknown;
}

/** Who did it: a signed-in user, or the system itself (start-up, jobs, CLI). */
export type AuditActor = Pick<Actor, 'id' | 'displayName'> | 'system';

/** Appends an audit row; call it with the transaction that makes the change. */
export async function recordAudit(
  tx: Executor,
  actor: AuditActor,
  change: AuditChange,
  requestId?: string,
): Promise<void> {
  await recordAuditMany(tx, actor, [change], requestId);
}

/** Appends one audit row per change in a few statements: for bulk writes such as imports. */
export async function recordAuditMany(
  tx: Executor,
  actor: AuditActor,
  changes: AuditChange[],
  requestId?: string,
): Promise<void> {
  await insertAuditRows(
    tx,
    changes.map((change) => auditRow(actor, change, requestId)),
  );
}

/**
 * Audit rows from a query, for a set-based write done in one statement (a data-modifying WITH):
 * `rows` is a SELECT of actor_id, actor_name, action, entity, entity_id, region_code, after,
 * request_id — one row per change, e.g. selected from the rows an UPDATE returned.
 */
export function auditRowsStatement(rows: SQL): SQL {
  return sql`insert into audit_log (actor_id, actor_name, action, entity, entity_id, region_code, county_code,
               after, request_id)
             select r.actor_id, r.actor_name, r.action, r.entity, r.entity_id, r.region_code, left(r.region_code, 6),
               r.after, r.request_id
             from (${rows}) as r(actor_id, actor_name, action, entity, entity_id, region_code, after, request_id)`;
}

/**
 * The audit row of a change as an INSERT statement, for a write done in one statement (a
 * data-modifying WITH): the change and its row then commit together without a transaction.
 * `tail` ends the INSERT's SELECT, e.g. `from inserted` to write it only when CTE `inserted` has
 * a row.
 */
export function auditStatement(
  actor: AuditActor,
  change: AuditChange,
  requestId?: string,
  tail?: SQL,
): SQL {
  return auditInsertSql(auditRow(actor, change, requestId), tail);
}

function auditRow(actor: AuditActor, change: AuditChange, requestId?: string): AuditInsert {
  return {
    actorId: actor === 'system' ? null : actor.id,
    actorName: actor === 'system' ? 'system' : actor.displayName,
    action: change.action,
    entity: change.entity,
    entityId: change.entityId,
    regionCode: change.regionCode,
    before: change.before,
    after: change.after,
    requestId: requestId ?? null,
  };
}

/** The hash of one link: the previous hash and the row's content in a fixed text form. */
export function linkHash(previous: string, row: AuditHashRow): string {
  const content = JSON.stringify([
    row.id,
    row.occurredMicros,
    row.actorId,
    row.actorName,
    row.action,
    row.entity,
    row.entityId,
    row.regionCode,
    row.beforeText,
    row.afterText,
  ]);
  return createHash('sha256').update(previous).update('\n').update(content).digest('hex');
}

/**
 * Seals every committed unsealed row into the chain, oldest id first. The head row is locked
 * for the duration, so concurrent sealers (several instances) take turns. A row committed late
 * with a lower id simply gets the next chain index.
 */
export async function sealAuditChain(db: Db, batchSize = 2000): Promise<number> {
  let sealed = 0;
  for (;;) {
    const count = await db.transaction(async (tx) => {
      const head = (await lockChainHead(tx))!;
      const rows = await listUnsealed(tx, batchSize);
      if (rows.length === 0) {
        return 0;
      }
      let previous = head.hash;
      let index = head.chainIndex;
      const seals = rows.map((row) => {
        index += 1;
        previous = linkHash(previous, row);
        return { id: row.id, chainIndex: index, hash: previous };
      });
      await writeSeals(tx, seals);
      return rows.length;
    });
    sealed += count;
    if (count < batchSize) {
      return sealed;
    }
  }
}

/**
 * Recomputes the chain from the start and reports the first link that does not hold:
 * an altered row (hash_mismatch), a removed row (missing_row), or removed newest rows
 * (head_mismatch). Unsealed rows are not yet covered.
 */
export async function verifyAuditChain(db: Executor, batchSize = 5000): Promise<AuditVerifyResult> {
  const head = await readChainHead(db);
  let previous = genesisHash;
  let expectedIndex = 1;
  let checked = 0;
  for (;;) {
    const rows = await listSealedAfter(db, expectedIndex - 1, batchSize);
    for (const row of rows) {
      if (row.chainIndex !== expectedIndex) {
        return {
          ok: false,
          checked,
          brokenAt: { chainIndex: expectedIndex, reason: 'missing_row' },
        };
      }
      if (linkHash(previous, row) !== row.hash) {
        return {
          ok: false,
          checked,
          brokenAt: { chainIndex: expectedIndex, reason: 'hash_mismatch' },
        };
      }
      previous = row.hash;
      expectedIndex += 1;
      checked += 1;
    }
    if (rows.length < batchSize) {
      break;
    }
  }
  const headIndex = head?.chainIndex ?? 0;
  const headHash = head?.hash ?? genesisHash;
  if (headIndex !== checked || headHash !== previous) {
    return {
      ok: false,
      checked,
      brokenAt: {
        chainIndex: Math.min(headIndex, checked) + 1,
        reason: headIndex > checked ? 'missing_row' : 'head_mismatch',
      },
    };
  }
  return { ok: true, checked };
}

/** Recent audit entries about regions inside the caller's scope. */
export async function listAudit(
  db: Executor,
  actor: Actor,
  query: { limit: number; offset: number; entity?: string | undefined },
): Promise<{ items: AuditEntry[]; total: number }> {
  const { rows, total } = await listAuditRows(db, actor.scope, query);
  return {
    items: rows.map((row) => ({ ...row, id: String(row.id) })),
    total,
  };
}
