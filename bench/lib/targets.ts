import fs from 'node:fs';
import { openDatabase, type Database } from '../../apps/server/src/db/client';
import { runMigrations } from '../../apps/server/src/db/migrate';
import { createScratchDatabase } from '../../apps/server/src/test/test-database';
import { tempDir } from './server-process';

/** A database to measure on: embedded in memory, embedded on disk, or a PostgreSQL server. */
export interface Target {
  name: 'pglite-memory' | 'pglite-disk' | 'postgres';
  open(): Promise<{ database: Database; dispose(): Promise<void> }>;
}

export const pgliteMemory: Target = {
  name: 'pglite-memory',
  async open() {
    const database = await openDatabase({ kind: 'pglite' });
    await runMigrations(database);
    return { database, dispose: () => database.close() };
  },
};

export const pgliteDisk: Target = {
  name: 'pglite-disk',
  async open() {
    const dir = tempDir('pglite');
    const database = await openDatabase({ kind: 'pglite', dataDir: dir });
    await runMigrations(database);
    return {
      database,
      async dispose() {
        await database.close();
        fs.rmSync(dir, { recursive: true, force: true });
      },
    };
  },
};

export const postgres: Target = {
  name: 'postgres',
  async open() {
    const scratch = await createScratchDatabase(process.env.DATABASE_URL!);
    const database = await openDatabase({ kind: 'postgres', url: scratch.url, poolSize: 4 });
    await runMigrations(database);
    return {
      database,
      async dispose() {
        await database.close();
        await scratch.drop();
      },
    };
  },
};

/** PostgreSQL runs only when DATABASE_URL says where it is. */
export function availableTargets(all: Target[]): Target[] {
  const chosen = all.filter((target) => target.name !== 'postgres' || process.env.DATABASE_URL);
  if (!process.env.DATABASE_URL && all.includes(postgres)) {
    console.log('  (PostgreSQL skipped: set DATABASE_URL=postgres://… to include it)');
  }
  return chosen;
}
