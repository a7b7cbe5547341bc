/**
 * R4 through the shipped command: `lastmile audit-verify`, run as the operator would, exits 0 on
 * an intact chain and 3 with the first broken link in its JSON once any one sealed row is altered
 * or deleted. The chain's own cases are covered in-process by modules/audit/audit.test.ts.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql, type SQL } from 'drizzle-orm';
import type { AuditVerifyResult } from '@lastmile/shared';
import { openDatabase, queryRows, type Database } from '../db/client';
import { runMigrations } from '../db/migrate';
import { recordAudit, sealAuditChain, verifyAuditChain } from '../modules/audit';
import { repositoryRoot } from './server-process';
import { createScratchDatabase } from './test-database';

const postgresUrl = process.env.DATABASE_URL;
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lastmile-audit-cli-'));
let databaseUrl = '';
let dropDatabase: (() => Promise<void>) | undefined;
const rowCount = 30;

/** The database the CLI sees; PGlite's must be closed again before the CLI can open it. */
function open(): Promise<Database> {
  return databaseUrl
    ? openDatabase({ kind: 'postgres', url: databaseUrl, poolSize: 2 })
    : openDatabase({ kind: 'pglite', dataDir });
}

async function withDatabase<T>(work: (database: Database) => Promise<T>): Promise<T> {
  const database = await open();
  try {
    return await work(database);
  } finally {
    await database.close();
  }
}

/** Runs `lastmile audit-verify` from the repository root, as shipped (no build needed). */
function auditVerify(): Promise<{ code: number; result: AuditVerifyResult; stderr: string }> {
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', 'apps/server/src/main.ts', 'audit-verify'],
      {
        cwd: repositoryRoot,
        env: {
          ...process.env,
          DATA_DIR: dataDir,
          DATABASE_URL: databaseUrl,
          LASTMILE_LOG_LEVEL: 'warn',
        },
        timeout: 60_000,
      },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
        const last = stdout.trim().split('\n').at(-1) ?? '';
        try {
          resolve({ code, result: JSON.parse(last) as AuditVerifyResult, stderr });
        } catch {
          reject(new Error(`audit-verify exited ${code} without JSON:\n${stdout}\n${stderr}`));
        }
      },
    );
  });
}

/** Ways to alter one column that the link's hash covers; each yields a different value. */
const alterations: Record<string, SQL> = {
  occurred_at: sql`occurred_at = occurred_at - interval '1 second'`,
  actor_id: sql`actor_id = gen_random_uuid()`,
  actor_name: sql`actor_name = coalesce(actor_name, '') || '改'`,
  action: sql`action = action || '.x'`,
  entity: sql`entity = entity || 'x'`,
  entity_id: sql`entity_id = entity_id || '0'`,
  region_code: sql`region_code = case when region_code = '421321000000' then '421321100000' else '421321000000' end`,
  before: sql`before = coalesce(before, '{}'::jsonb) || '{"tampered": true}'::jsonb`,
  after: sql`after = case when after is null then '{}'::jsonb else null end`,
};

beforeAll(async () => {
  if (postgresUrl) {
    const scratch = await createScratchDatabase(postgresUrl);
    databaseUrl = scratch.url;
    dropDatabase = () => scratch.drop();
  }
  await withDatabase(async (database) => {
    await runMigrations(database);
    const clerk = { id: randomUUID(), displayName: '乡镇应急办 李干事' };
    for (let i = 0; i < rowCount; i++) {
      await recordAudit(database.db, i % 3 === 0 ? 'system' : clerk, {
        action: i % 2 === 0 ? 'hazard.create' : 'hazard.assign',
        entity: 'hazard',
        entityId: randomUUID(),
        regionCode: i % 4 === 0 ? null : '421321100201',
        ...(i % 2 === 0 ? {} : { before: { state: 'reported' } }),
        after: { state: i % 2 === 0 ? 'reported' : 'assigned', title: `隐患 ${i}` },
      });
    }
    expect(await sealAuditChain(database.db)).toBe(rowCount);
  });
});

afterAll(async () => {
  await dropDatabase?.();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe('lastmile audit-verify', () => {
  it('exits 0 on an intact chain', async () => {
    const run = await auditVerify();
    expect(run.code, run.stderr).toBe(0);
    expect(run.result).toEqual({ ok: true, checked: rowCount });
  });

  it('exits 3 and names the broken link after any one row is altered or deleted', async () => {
    const tampering = fc.record({
      chainIndex: fc.integer({ min: 1, max: rowCount }),
      change: fc.oneof(
        fc
          .constantFrom(...Object.keys(alterations))
          .map((column) => ({ kind: 'alter' as const, column })),
        fc.constant({ kind: 'delete' as const, column: null }),
      ),
    });
    // The row last tampered with, as it was: put back at the start of the next run, in the same
    // opening of the database as the next tampering (PGlite takes seconds to open on disk).
    let saved: { chainIndex: number; row: string } | null = null;
    const kindsSeen = new Set<string>();
    const putBack = async (database: Database) => {
      if (saved) {
        const { chainIndex, row } = saved;
        await database.db.transaction(async (tx) => {
          await tx.execute(sql`delete from audit_log where chain_index = ${chainIndex}`);
          await tx.execute(
            sql`insert into audit_log select * from json_populate_record(null::audit_log, ${row}::json)`,
          );
        });
        saved = null;
      }
      expect(await verifyAuditChain(database.db)).toEqual({ ok: true, checked: rowCount });
    };

    await fc.assert(
      fc.asyncProperty(tampering, async ({ chainIndex, change }) => {
        await withDatabase(async (database) => {
          await putBack(database);
          const [row] = await queryRows<{ row: string }>(
            database.db,
            sql`select row_to_json(a)::text as row from audit_log a where chain_index = ${chainIndex}`,
          );
          saved = { chainIndex, row: row!.row };
          await database.db.execute(
            change.kind === 'delete'
              ? sql`delete from audit_log where chain_index = ${chainIndex}`
              : sql`update audit_log set ${alterations[change.column]!} where chain_index = ${chainIndex}`,
          );
        });

        kindsSeen.add(change.kind);
        const run = await auditVerify();
        expect(run.code, run.stderr).toBe(3);
        expect(run.result).toEqual({
          ok: false,
          checked: chainIndex - 1,
          brokenAt: {
            chainIndex,
            reason: change.kind === 'delete' ? 'missing_row' : 'hash_mismatch',
          },
        });
      }),
      { numRuns: 4, seed: 20261203 },
    );
    // The CLI changed nothing else: with the last row put back the chain holds again.
    await withDatabase(putBack);
    // The fixed seed draws both kinds of tampering.
    expect([...kindsSeen].sort()).toEqual(['alter', 'delete']);
  }, 120_000);
});
