/**
 * R8: a backup restores to the same data, from PGlite into PostgreSQL and back (the township's
 * move to the county), and a damaged backup is refused before anything is touched.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { gunzipSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { bootstrap } from '../bootstrap';
import { recordAudit, sealAuditChain, verifyAuditChain } from '../modules/audit';
import { testConfig } from '../test/build-test-app';
import { repositoryRoot } from '../test/server-process';
import { createScratchDatabase, createTestDatabase } from '../test/test-database';
import { openDatabase, queryRows, type Database } from './client';
import { appliedMigrationCount, shippedMigrationCount } from './migrate';
import { seedDemo } from './seed/demo';
import { importRegions } from '../modules/regions';
import { BackupError, backupDatabase, migrateTo, restoreDatabase } from './backup';

const postgresUrl = process.env.DATABASE_URL;
const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'lastmile-backup-'));
const cleanups: (() => Promise<void>)[] = [];

/** A new database with no schema: PostgreSQL (a scratch database) or in-memory PGlite. */
async function emptyDatabase(kind: 'pglite' | 'postgres'): Promise<Database> {
  if (kind === 'pglite') {
    const database = await openDatabase({ kind: 'pglite' });
    cleanups.push(() => database.close());
    return database;
  }
  const scratch = await createScratchDatabase(postgresUrl!);
  const database = await openDatabase({ kind: 'postgres', url: scratch.url, poolSize: 2 });
  cleanups.push(async () => {
    await database.close();
    await scratch.drop();
  });
  return database;
}

type Fingerprint = Record<string, { rows: number; md5: string }>;

/**
 * Per table: its row count and an md5 over the md5 of every row's text, sorted, so the order rows
 * were stored in does not matter. Plus the sequences' positions.
 */
async function fingerprint(database: Database): Promise<Fingerprint> {
  return database.db.transaction(async (tx) => {
    await tx.execute(sql`set local timezone = 'UTC'`);
    await tx.execute(sql`set local extra_float_digits = 1`);
    const tables = await queryRows<{ name: string }>(
      tx,
      sql`select tablename as name from pg_tables where schemaname = 'public' order by tablename`,
    );
    const result: Fingerprint = {};
    for (const { name } of tables) {
      const [row] = await queryRows<{ rows: number; md5: string }>(
        tx,
        sql`select count(*)::int as rows,
              md5(coalesce(string_agg(h, '' order by h), '')) as md5
            from (select md5(t::text) as h from ${sql.identifier(name)} t) as hashed`,
      );
      result[name] = row!;
    }
    for (const name of ['audit_log_id_seq', 'hazard_number_seq']) {
      const [row] = await queryRows<{ rows: number; md5: string }>(
        tx,
        sql`select last_value::int as rows, is_called::text as md5 from ${sql.identifier(name)}`,
      );
      result[`sequence ${name}`] = row!;
    }
    return result;
  });
}

let source: Database;
let sourcePrint: Fingerprint;
let sealed: number;
let backupFile: string;
/** The first restore's database, with one more audit row written after it. */
let restoredTarget: Database;
/** A database without a schema, which the damaged backups must leave so. */
let fresh: Database;

beforeAll(async () => {
  source = await createTestDatabase();
  cleanups.push(() => source.close());
  const config = testConfig();
  await bootstrap(config, source);
  await seedDemo(source.db, config.region, config.dutyHandoverTime);
  sealed = await sealAuditChain(source.db);
  sourcePrint = await fingerprint(source);
  backupFile = path.join(folder, 'source.jsonl.gz');
}, 120_000);

afterAll(async () => {
  for (const cleanup of cleanups.reverse()) {
    await cleanup();
  }
  fs.rmSync(folder, { recursive: true, force: true });
});

describe('backup and restore', () => {
  it('restores identical data into a database of the other kind, with an intact audit chain', async () => {
    expect(sealed).toBeGreaterThan(1000);
    expect(sourcePrint['hazard']!.rows).toBeGreaterThan(0);
    const backup = await backupDatabase(source, backupFile);
    expect(backup.migrations).toBe(shippedMigrationCount());
    expect(backup.rows).toBe(
      Object.entries(sourcePrint)
        .filter(([name]) => !name.startsWith('sequence '))
        .reduce((sum, [, table]) => sum + table.rows, 0),
    );
    expect(fs.existsSync(`${backupFile}.partial`)).toBe(false);

    // With DATABASE_URL the source is PostgreSQL: PostgreSQL → PGlite here, and back below.
    // Without, PGlite → PGlite.
    const target = await emptyDatabase('pglite');
    const restored = await restoreDatabase(target, backupFile);
    expect(restored).toMatchObject({ rows: backup.rows, migrationsNow: shippedMigrationCount() });
    expect(await fingerprint(target)).toEqual(sourcePrint);
    expect(await verifyAuditChain(target.db)).toEqual({ ok: true, checked: sealed });
    restoredTarget = target;
  });

  it.runIf(postgresUrl)('restores the other way as well', async () => {
    // The first restore went PostgreSQL → PGlite; its backup goes back into PostgreSQL.
    const again = path.join(folder, 'again.jsonl.gz');
    await backupDatabase(restoredTarget, again);
    const back = await emptyDatabase(source.kind);
    await restoreDatabase(back, again);
    expect(await fingerprint(back)).toEqual(sourcePrint);
    expect(await verifyAuditChain(back.db)).toEqual({ ok: true, checked: sealed });
  });

  it('continues the sequences, and replaces data only when forced', async () => {
    const target = restoredTarget;
    // Sequences continue after the restored rows: a new audit row seals onto the chain.
    await recordAudit(target.db, 'system', {
      action: 'test.after_restore',
      entity: 'test',
      entityId: '1',
      regionCode: null,
    });
    expect(await sealAuditChain(target.db)).toBe(1);
    expect(await verifyAuditChain(target.db)).toEqual({ ok: true, checked: sealed + 1 });

    await expect(restoreDatabase(target, backupFile)).rejects.toThrow(/not empty .*--force/s);
    await restoreDatabase(target, backupFile, { force: true });
    expect(await fingerprint(target)).toEqual(sourcePrint);
  });

  describe('refuses a damaged backup and leaves the target as it was', () => {
    beforeAll(async () => {
      fresh = await emptyDatabase(source.kind);
    });
    const damaged = (name: string, bytes: Buffer) => {
      const file = path.join(folder, name);
      fs.writeFileSync(file, bytes);
      return file;
    };
    const original = () => fs.readFileSync(backupFile);
    const text = () => gunzipSync(original()).toString('utf8');

    it.each([
      [
        'cut short',
        () => damaged('cut.gz', original().subarray(0, Math.floor(original().length / 2))),
        /damaged or incomplete/,
      ],
      [
        'with a flipped byte',
        () => {
          const bytes = Buffer.from(original());
          bytes[Math.floor(bytes.length / 2)]! ^= 0xff;
          return damaged('flipped.gz', bytes);
        },
        /damaged or incomplete/,
      ],
      [
        'missing its last rows (valid gzip)',
        () => {
          const lines = text().split('\n');
          return damaged('rows.gz', gzipSync(lines.slice(0, lines.length - 100).join('\n')));
        },
        /damaged or incomplete: it ends/,
      ],
      [
        'not a backup',
        () => damaged('other.gz', gzipSync('{"hello":"world"}\n')),
        /damaged or incomplete: it has no valid Lastmile backup header/,
      ],
      [
        'not gzip',
        () => damaged('plain.txt', Buffer.from(text().slice(0, 1000))),
        /damaged or incomplete/,
      ],
      [
        'from a newer schema',
        () => {
          const [header, ...rest] = text().split('\n');
          const parsed = JSON.parse(header!) as { schema: { migrations: number } };
          parsed.schema.migrations = shippedMigrationCount() + 1;
          return damaged('newer.gz', gzipSync([JSON.stringify(parsed), ...rest].join('\n')));
        },
        /newer version of Lastmile/,
      ],
    ])('%s', async (_name, make, message) => {
      const file = make();
      // A new database stays without a schema; a full one keeps its data even when forced.
      const error: unknown = await restoreDatabase(fresh, file).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(BackupError);
      expect((error as Error).message).toMatch(message);
      expect(await appliedMigrationCount(fresh)).toBe(0);
      const [tables] = await queryRows<{ n: number }>(
        fresh.db,
        sql`select count(*)::int as n from pg_tables where schemaname = 'public'`,
      );
      expect(tables!.n).toBe(0);

      const forced = await restoreDatabase(source, file, { force: true }).catch(
        (caught: unknown) => caught,
      );
      expect(forced).toBeInstanceOf(BackupError);
      expect(await fingerprint(source)).toEqual(sourcePrint);
    });
  });

  it('loads a backup from an older schema into that schema, then migrates it', async () => {
    const shipped = shippedMigrationCount();
    const old = await emptyDatabase('pglite');
    await migrateTo(old, shipped - 1);
    await importRegions(old.db, '421321');
    const [regions] = await queryRows<{ n: number }>(
      old.db,
      sql`select count(*)::int as n from region`,
    );
    const file = path.join(folder, 'older.jsonl.gz');
    expect(await backupDatabase(old, file)).toMatchObject({
      migrations: shipped - 1,
      rows: regions!.n,
    });

    // The database the damaged backups left without a schema.
    const target = fresh;
    expect(await restoreDatabase(target, file)).toMatchObject({
      rows: regions!.n,
      migrationsInBackup: shipped - 1,
      migrationsNow: shipped,
    });
    expect(await appliedMigrationCount(target)).toBe(shipped);
    const [restored] = await queryRows<{ n: number }>(
      target.db,
      sql`select count(*)::int as n from region`,
    );
    expect(restored!.n).toBe(regions!.n);
    // A target already on a newer schema than the backup cannot take it.
    await expect(restoreDatabase(source, file, { force: true })).rejects.toThrow(
      /is newer than the backup's/,
    );
  });

  it('tells the operator to stop the server when the embedded database is in use', () => {
    const dataDir = path.join(folder, 'locked');
    fs.mkdirSync(dataDir);
    // The lock file names a live process (this one), as a running server's would.
    fs.writeFileSync(path.join(dataDir, 'lastmile.lock'), String(process.pid));
    const run = spawnSync(
      process.execPath,
      ['--import', 'tsx', 'apps/server/src/main.ts', 'backup', path.join(folder, 'cli.jsonl.gz')],
      {
        cwd: repositoryRoot,
        env: { ...process.env, DATA_DIR: dataDir, DATABASE_URL: '', LASTMILE_LOG_LEVEL: 'warn' },
        encoding: 'utf8',
        timeout: 30_000,
      },
    );
    expect(run.status, run.stderr).toBe(2);
    expect(run.stderr).toMatch(/in use by another Lastmile process/);
    expect(run.stderr).toMatch(/Stop the server before backing up/);
    expect(fs.existsSync(path.join(folder, 'cli.jsonl.gz'))).toBe(false);
  });
});
