import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql, type SQL } from 'drizzle-orm';
import type { AuditVerifyResult } from '@lastmile/shared';
import { queryRows } from '../../db/client';
import { adminPassword, buildTestApp, type TestApp, type TestClient } from '../../test/build-test-app';
import { recordAudit, sealAuditChain, verifyAuditChain } from './audit.service';

let t: TestApp;
let admin: TestClient;
let village: string;

class Rollback extends Error {}

/** Applies a tampering statement, verifies, and rolls everything back. */
async function verifyAfter(tamper: SQL): Promise<AuditVerifyResult> {
  let result: AuditVerifyResult | undefined;
  await t.database.db
    .transaction(async (tx) => {
      await tx.execute(tamper);
      result = await verifyAuditChain(tx);
      throw new Rollback();
    })
    .catch((error: unknown) => {
      if (!(error instanceof Rollback)) {
        throw error;
      }
    });
  return result!;
}

async function sealedCount(): Promise<number> {
  const [row] = await queryRows<{ n: number }>(t.database.db, sql`select count(*)::int as n from audit_log where chain_index is not null`);
  return row!.n;
}

beforeAll(async () => {
  t = await buildTestApp();
  admin = await t.signIn('admin', adminPassword);
  const township = (await admin.get('/api/v1/regions')).json<{ items: { code: string }[] }>().items[0]!.code;
  village = (await admin.get(`/api/v1/regions?code=${township.slice(0, 9)}`)).json<{ items: { code: string }[] }>().items[0]!.code;
  for (let i = 0; i < 6; i++) {
    const response = await admin.post('/api/v1/users', {
      username: `audit.user.${i}`,
      password: 'long-enough-password',
      displayName: `网格员${i}`,
      role: 'grid_worker',
      scopeRegionCode: village,
    });
    expect(response.statusCode).toBe(201);
  }
  await sealAuditChain(t.database.db);
});
afterAll(() => t.close());

describe('audit log', () => {
  it('records each write with actor, action and before/after in the same transaction', async () => {
    const [created] = await queryRows<{ actor_name: string; action: string; after: { username: string; passwordHash?: string } }>(
      t.database.db,
      sql`select actor_name, action, after from audit_log where entity = 'user' and action = 'user.create' and actor_name <> 'system' order by id limit 1`,
    );
    expect(created).toMatchObject({ action: 'user.create', after: { username: 'audit.user.0' } });
    // Secrets never reach the log.
    expect(JSON.stringify(created)).not.toMatch(/argon2|password-for/);

    // A write that fails leaves no audit row behind.
    const before = await queryRows<{ n: number }>(t.database.db, sql`select count(*)::int as n from audit_log`);
    const duplicate = await admin.post('/api/v1/users', { username: 'audit.user.0', password: 'long-enough-password', displayName: 'x', role: 'grid_worker', scopeRegionCode: village });
    expect(duplicate.statusCode).toBe(409);
    const after = await queryRows<{ n: number }>(t.database.db, sql`select count(*)::int as n from audit_log`);
    expect(after[0]!.n).toBe(before[0]!.n);
  });

  it('verifies an intact chain, through the API as well', async () => {
    const checked = await sealedCount();
    expect(checked).toBeGreaterThanOrEqual(6);
    expect(await verifyAuditChain(t.database.db)).toEqual({ ok: true, checked });
    const response = await admin.get('/api/v1/audit/verify');
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ ok: true, checked });
  });

  it('reports an altered row as a hash mismatch at its link', async () => {
    const result = await verifyAfter(sql`update audit_log set after = jsonb_set(after, '{displayName}', '"篡改"') where chain_index = 3`);
    expect(result).toEqual({ ok: false, checked: 2, brokenAt: { chainIndex: 3, reason: 'hash_mismatch' } });
  });

  it('reports a back-dated row', async () => {
    const result = await verifyAfter(sql`update audit_log set occurred_at = occurred_at - interval '1 day' where chain_index = 2`);
    expect(result).toMatchObject({ ok: false, brokenAt: { chainIndex: 2, reason: 'hash_mismatch' } });
  });

  it('reports a row that was re-hashed but not its successors', async () => {
    const result = await verifyAfter(sql`update audit_log set hash = repeat('a', 64) where chain_index = 4`);
    expect(result).toMatchObject({ ok: false, brokenAt: { chainIndex: 4, reason: 'hash_mismatch' } });
  });

  it('reports a deleted middle row as missing', async () => {
    const result = await verifyAfter(sql`delete from audit_log where chain_index = 3`);
    expect(result).toEqual({ ok: false, checked: 2, brokenAt: { chainIndex: 3, reason: 'missing_row' } });
  });

  it('reports deleted newest rows against the chain head', async () => {
    const total = await sealedCount();
    const result = await verifyAfter(sql`delete from audit_log where chain_index >= ${total - 1}`);
    expect(result).toEqual({ ok: false, checked: total - 2, brokenAt: { chainIndex: total - 1, reason: 'missing_row' } });
  });

  it('reports a row unsealed to hide it', async () => {
    const result = await verifyAfter(sql`update audit_log set chain_index = null, hash = null where chain_index = 5`);
    expect(result).toMatchObject({ ok: false, brokenAt: { chainIndex: 5, reason: 'missing_row' } });
  });

  it('seals rows written concurrently into one unbroken chain', async () => {
    const before = await sealedCount();
    await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        t.database.db.transaction((tx) =>
          recordAudit(tx, 'system', { action: 'test.write', entity: 'test', entityId: String(i), regionCode: village, after: { i } }),
        ),
      ),
    );
    // Two sealers at once take turns on the chain head.
    const sealed = await Promise.all([sealAuditChain(t.database.db, 7), sealAuditChain(t.database.db, 7)]);
    expect(sealed[0] + sealed[1]).toBe(40);
    expect(await verifyAuditChain(t.database.db, 9)).toEqual({ ok: true, checked: before + 40 });
  });

  it('answers the first broken link through the API once a row is really altered', async () => {
    await t.database.db.execute(sql`update audit_log set actor_name = '别人' where chain_index = 1`);
    const response = await admin.get('/api/v1/audit/verify');
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ ok: false, checked: 0, brokenAt: { chainIndex: 1, reason: 'hash_mismatch' } });
  });
});
