import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { builtServer, startBuiltServer } from '../apps/server/src/test/server-process';
import { createScratchDatabase } from '../apps/server/src/test/test-database';

export const adminPassword = 'e2e-admin-password';
export const demoPassword = 'lastmile-demo';

export interface RunningServer {
  url: string;
  stop(): Promise<void>;
}

/**
 * Starts the built server (`npm run e2e` builds it) as a newcomer would run it, with demo data,
 * on a fresh data directory — or a fresh PostgreSQL database when DATABASE_URL is set.
 */
export async function startServer(): Promise<RunningServer> {
  if (!fs.existsSync(builtServer)) {
    throw new Error('apps/server/dist/main.js is missing: run `npm run build` (npm run e2e does)');
  }
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lastmile-e2e-'));
  const scratch = process.env.DATABASE_URL ? await createScratchDatabase(process.env.DATABASE_URL) : undefined;
  const server = await startBuiltServer({
    dataDir,
    databaseUrl: scratch?.url,
    env: { LASTMILE_DEMO: '1', LASTMILE_REGION: '421321', LASTMILE_ADMIN_PASSWORD: adminPassword },
  });
  return {
    url: server.url,
    async stop() {
      await server.stop();
      fs.rmSync(dataDir, { recursive: true, force: true });
      await scratch?.drop();
    },
  };
}
