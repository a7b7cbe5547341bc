import { sql, type SQL } from 'drizzle-orm';
import { queryRows, type Executor } from '../../db/client';
import { insertValues, isoTimestamp, pgArray } from '../../db/sql-helpers';
import { auditLog } from '../../db/schema';
import type { Scope } from '../../plugins/scope';

export interface AuditInsert {
  actorId: string | null;
  actorName: string | null;
  action: string;
  entity: string;
  entityId: string;
  regionCode: string | null;
  before: unknown;
  after: unknown;
  requestId: string | null;
}

const auditValues = (row: AuditInsert) => ({
  ...row,
  countyCode: row.regionCode ? row.regionCode.slice(0, 6) : null,
  before: row.before ?? null,
  after: row.after ?? null,
});

/** Appends audit rows, a few hundred per statement. */
export async function insertAuditRows(db: Executor, rows: AuditInsert[]): Promise<void> {
  for (let start = 0; start < rows.length; start += 500) {
    await db.insert(auditLog).values(rows.slice(start, start + 500).map(auditValues));
  }
}

/**
 * The INSERT of one audit row as SQL, to run inside the statement that makes the change; `tail`
 * ends its SELECT (see `insertValues`), e.g. `from inserted`.
 */
export function auditInsertSql(row: AuditInsert, tail?: SQL): SQL {
  return insertValues(auditLog, auditValues(row), { tail });
}

/** The columns a link's hash covers, rendered as text by the database in a stable form. */
export interface AuditHashRow {
  id: number;
  chainIndex: number | null;
  hash: string | null;
  occurredMicros: string;
  actorId: string | null;
  actorName: string | null;
  action: string;
  entity: string;
  entityId: string;
  regionCode: string | null;
  beforeText: string | null;
  afterText: string | null;
}

const hashColumns = sql`id, chain_index as "chainIndex", hash,
  ((extract(epoch from occurred_at) * 1000000)::bigint)::text as "occurredMicros",
  actor_id as "actorId", actor_name as "actorName", action, entity, entity_id as "entityId",
  region_code as "regionCode", before::text as "beforeText", after::text as "afterText"`;

export async function listUnsealed(db: Executor, limit: number): Promise<AuditHashRow[]> {
  return queryRows<AuditHashRow>(
    db,
    sql`select ${hashColumns} from audit_log where chain_index is null order by id limit ${limit}`,
  );
}

export async function listSealedAfter(
  db: Executor,
  afterIndex: number,
  limit: number,
): Promise<AuditHashRow[]> {
  return queryRows<AuditHashRow>(
    db,
    sql`select ${hashColumns} from audit_log where chain_index > ${afterIndex}
        order by chain_index limit ${limit}`,
  );
}

export async function lockChainHead(
  db: Executor,
): Promise<{ chainIndex: number; hash: string } | undefined> {
  await db.execute(
    sql`insert into audit_chain_head (id, chain_index, hash) values (1, 0, ${'0'.repeat(64)})
        on conflict (id) do nothing`,
  );
  const [head] = await queryRows<{ chainIndex: number; hash: string }>(
    db,
    sql`select chain_index as "chainIndex", hash from audit_chain_head where id = 1 for update`,
  );
  return head;
}

export async function readChainHead(
  db: Executor,
): Promise<{ chainIndex: number; hash: string } | undefined> {
  const [head] = await queryRows<{ chainIndex: number; hash: string }>(
    db,
    sql`select chain_index as "chainIndex", hash from audit_chain_head where id = 1`,
  );
  return head;
}

export async function writeSeals(
  db: Executor,
  seals: { id: number; chainIndex: number; hash: string }[],
): Promise<void> {
  await db.execute(sql`
    update audit_log set chain_index = s.chain_index, hash = s.hash
    from unnest(${pgArray(seals.map((s) => s.id))}::bigint[],
                ${pgArray(seals.map((s) => s.chainIndex))}::bigint[],
                ${pgArray(seals.map((s) => s.hash))}::varchar[]) as s(id, chain_index, hash)
    where audit_log.id = s.id`);
  const last = seals.at(-1)!;
  await db.execute(
    sql`update audit_chain_head set chain_index = ${last.chainIndex}, hash = ${last.hash},
        updated_at = now() where id = 1`,
  );
}

export interface AuditListRow {
  id: number;
  occurredAt: string;
  actorId: string | null;
  actorName: string | null;
  action: string;
  entity: string;
  entityId: string;
  regionCode: string | null;
  sealed: boolean;
}

/** Entries about regions inside the scope (system entries without a region are not listed). */
export async function listAuditRows(
  db: Executor,
  scope: Scope,
  options: { limit: number; offset: number; entity?: string | undefined },
): Promise<{ rows: AuditListRow[]; total: number }> {
  const where = sql`(region_code like ${`${scope.prefix}%`})
    ${options.entity ? sql`and entity = ${options.entity}` : sql``}`;
  const rows = await queryRows<AuditListRow>(
    db,
    sql`select id, ${isoTimestamp(sql`occurred_at`)} as "occurredAt", actor_id as "actorId", actor_name as "actorName",
          action, entity, entity_id as "entityId", region_code as "regionCode",
          chain_index is not null as sealed
        from audit_log where ${where} order by id desc limit ${options.limit} offset ${options.offset}`,
  );
  const [count] = await queryRows<{ total: number }>(
    db,
    sql`select count(*)::int as total from audit_log where ${where}`,
  );
  return { rows, total: count?.total ?? 0 };
}
