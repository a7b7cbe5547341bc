import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const serverMain = path.join(root, 'apps/server/dist/main.js');
export const benchAdminPassword = 'bench-admin-password';

/** Builds the server bundle if it is missing (the web app is not needed for benchmarks). */
export function ensureServerBuilt(): void {
  if (!fs.existsSync(serverMain)) {
    execFileSync('npm', ['run', 'build', '-w', 'apps/server'], { cwd: root, stdio: 'inherit' });
  }
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

export function tempDir(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), `lastmile-bench-${prefix}-`));
}

export interface Started {
  child: ChildProcess;
  url: string;
  /** From spawn to the first 200 of `readyPath`. */
  readyMs: number;
  stop(): Promise<void>;
}

/** Spawns a process serving HTTP on `port` and waits for `readyPath` to answer 200. */
export async function startProcess(
  args: string[],
  env: NodeJS.ProcessEnv,
  port: number,
  readyPath: string,
): Promise<Started> {
  const start = performance.now();
  const child = spawn(process.execPath, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = `http://127.0.0.1:${port}`;
  for (;;) {
    if (child.exitCode !== null) {
      throw new Error(`process exited (${child.exitCode}): ${stderr}`);
    }
    const ok = await fetch(`${url}${readyPath}`).then((r) => r.ok, () => false);
    if (ok) {
      break;
    }
    if (performance.now() - start > 60_000) {
      child.kill('SIGKILL');
      throw new Error(`not ready after 60 s: ${stderr}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  const readyMs = performance.now() - start;
  return {
    child,
    url,
    readyMs,
    async stop() {
      child.kill('SIGTERM');
      await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 15_000))]);
      if (child.exitCode === null) {
        child.kill('SIGKILL');
        await exited;
      }
    },
  };
}

/** Starts the built Lastmile server on an embedded data directory or a PostgreSQL URL. */
export async function startLastmile(options: { dataDir: string; databaseUrl?: string }): Promise<Started> {
  const port = await freePort();
  return startProcess(
    [serverMain, 'serve'],
    {
      DATA_DIR: options.dataDir,
      DATABASE_URL: options.databaseUrl ?? '',
      PORT: String(port),
      HOST: '127.0.0.1',
      LASTMILE_ADMIN_PASSWORD: benchAdminPassword,
      LASTMILE_DEMO: '0',
      LASTMILE_LOG_LEVEL: 'warn',
    },
    port,
    '/readyz',
  );
}

/** Resident set size of a process in MB, from /proc (Linux). */
export function rssMb(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? Number.NaN);
  return kb / 1024;
}
