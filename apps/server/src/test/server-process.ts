/**
 * Runs processes that serve HTTP — the built server above all — for browser tests and
 * benchmarks, which must exercise what ships rather than an in-process app.
 */
import net from 'node:net';
import path from 'node:path';
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const repositoryRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');
export const builtServer = path.join(repositoryRoot, 'apps/server/dist/main.js');

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

export interface ServerProcess {
  child: ChildProcess;
  url: string;
  /** From spawn to the first 200 of the ready path. */
  readyMs: number;
  /** SIGTERM, then SIGKILL after 15 s. */
  stop(): Promise<void>;
}

/** Spawns `node <args>` serving on `port` and waits (at most 60 s) for `readyPath` to answer 200. */
export async function startProcess(
  args: string[],
  env: NodeJS.ProcessEnv,
  port: number,
  readyPath: string,
): Promise<ServerProcess> {
  const start = performance.now();
  const child = spawn(process.execPath, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = `http://127.0.0.1:${port}`;
  for (;;) {
    if (child.exitCode !== null) {
      throw new Error(`process exited with ${child.exitCode}:\n${output}`);
    }
    if (await fetch(`${url}${readyPath}`).then((r) => r.ok, () => false)) {
      break;
    }
    if (performance.now() - start > 60_000) {
      child.kill('SIGKILL');
      throw new Error(`not ready after 60 s:\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  return {
    child,
    url,
    readyMs: performance.now() - start,
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

/**
 * The built server (`npm run build`) on a free port: embedded in `dataDir`, or on PostgreSQL
 * when `databaseUrl` is given. `env` adds or overrides variables (LASTMILE_DEMO, passwords...).
 */
export async function startBuiltServer(options: {
  dataDir: string;
  databaseUrl?: string | undefined;
  env?: NodeJS.ProcessEnv;
}): Promise<ServerProcess> {
  const port = await freePort();
  return startProcess(
    [builtServer, 'serve'],
    {
      DATA_DIR: options.dataDir,
      DATABASE_URL: options.databaseUrl ?? '',
      PORT: String(port),
      HOST: '127.0.0.1',
      LASTMILE_LOG_LEVEL: 'warn',
      ...options.env,
    },
    port,
    '/readyz',
  );
}
