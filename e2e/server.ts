import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { createScratchDatabase } from '../apps/server/src/test/test-database';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const adminPassword = 'e2e-admin-password';
export const demoPassword = 'lastmile-demo';

export interface RunningServer {
  url: string;
  stop(): Promise<void>;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

/**
 * Starts the built server (`npm run build` first) as a newcomer would run it, with demo data, on
 * a fresh data directory — or a fresh PostgreSQL database when DATABASE_URL is set.
 */
export async function startServer(): Promise<RunningServer> {
  const main = path.join(root, 'apps/server/dist/main.js');
  if (!fs.existsSync(main)) {
    throw new Error('apps/server/dist/main.js is missing: run `npm run build` (npm run e2e does)');
  }
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lastmile-e2e-'));
  const scratch = process.env.DATABASE_URL ? await createScratchDatabase(process.env.DATABASE_URL) : undefined;
  const port = await freePort();
  const child: ChildProcess = spawn(process.execPath, [main, 'serve'], {
    env: {
      ...process.env,
      DATA_DIR: dataDir,
      DATABASE_URL: scratch?.url ?? '',
      PORT: String(port),
      HOST: '127.0.0.1',
      LASTMILE_DEMO: '1',
      LASTMILE_REGION: '421321',
      LASTMILE_ADMIN_PASSWORD: adminPassword,
      LASTMILE_LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));

  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) {
      throw new Error(`server exited with ${child.exitCode}:\n${output}`);
    }
    const ready = await fetch(`${url}/readyz`).then((r) => r.ok, () => false);
    if (ready) {
      break;
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`server not ready after 60 s:\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return {
    url,
    async stop() {
      child.kill('SIGTERM');
      await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 10_000))]);
      if (child.exitCode === null) {
        child.kill('SIGKILL');
      }
      fs.rmSync(dataDir, { recursive: true, force: true });
      await scratch?.drop();
    },
  };
}
