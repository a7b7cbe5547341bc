import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { builtServer, repositoryRoot, startBuiltServer, type ServerProcess } from '../../apps/server/src/test/server-process';
import { createScratchDatabase } from '../../apps/server/src/test/test-database';

export { freePort, repositoryRoot as root, startProcess } from '../../apps/server/src/test/server-process';
export const benchAdminPassword = 'bench-admin-password';

/** Builds the server bundle if it is missing (the web app is not needed for benchmarks). */
export function ensureServerBuilt(): void {
  if (!fs.existsSync(builtServer)) {
    execFileSync('npm', ['run', 'build', '-w', 'apps/server'], { cwd: repositoryRoot, stdio: 'inherit' });
  }
}

export function tempDir(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), `lastmile-bench-${prefix}-`));
}

/** The built server with an admin and no demo data. */
export function startLastmile(options: { dataDir: string; databaseUrl?: string | undefined }): Promise<ServerProcess> {
  return startBuiltServer({ ...options, env: { LASTMILE_ADMIN_PASSWORD: benchAdminPassword, LASTMILE_DEMO: '0' } });
}

/** Where the server benchmarks run it: its embedded database, and PostgreSQL when DATABASE_URL is set. */
export async function serverDatabases(): Promise<{ name: string; url?: string; drop?: () => Promise<void> }[]> {
  const databases: { name: string; url?: string; drop?: () => Promise<void> }[] = [{ name: 'pglite-disk' }];
  if (process.env.DATABASE_URL) {
    const scratch = await createScratchDatabase(process.env.DATABASE_URL);
    databases.push({ name: 'postgres', url: scratch.url, drop: () => scratch.drop() });
  } else {
    console.log('  (PostgreSQL skipped: set DATABASE_URL=postgres://… to include it)');
  }
  return databases;
}

/** Resident set size of a process in MB, from /proc (Linux). */
export function rssMb(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? Number.NaN);
  return kb / 1024;
}
