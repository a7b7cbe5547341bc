/**
 * API throughput floor (issue 2): a raw Fastify 5 route beside the real server's `getMe`
 * (session lookup in the database, scope, CSRF token) under the same closed-loop load, both as
 * separate processes on loopback. Later issues report their routes as a ratio of this floor.
 */
import fs from 'node:fs';
import path from 'node:path';
import { runLoad, type LoadResult } from './lib/load';
import { round } from './lib/stats';
import { benchAdminPassword, ensureServerBuilt, freePort, root, startLastmile, startProcess, tempDir, serverDatabases } from './lib/server-process';

const load = { concurrency: 32, durationMs: 5000, warmupMs: 1000 };

function summary(result: LoadResult) {
  return { rps: round(result.rps, 0), p50Ms: round(result.p50Ms, 2), p99Ms: round(result.p99Ms, 2), requests: result.requests, errors: result.errors };
}

export async function run() {
  ensureServerBuilt();
  const port = await freePort();
  const floorServer = await startProcess([path.join(root, 'bench/floor-server.mjs'), 'fastify', String(port)], {}, port, '/floor');
  const floor = await runLoad({ url: `${floorServer.url}/floor`, ...load });
  await floorServer.stop();
  console.log(`  raw Fastify floor      ${round(floor.rps, 0)} req/s, p50 ${round(floor.p50Ms, 2)} ms, p99 ${round(floor.p99Ms, 2)} ms`);

  const results = [{ route: 'raw Fastify GET /floor', database: '—', ...summary(floor), ratio: 1 }];
  const databases = await serverDatabases();
  for (const target of databases) {
    const dataDir = tempDir('api');
    const server = await startLastmile({ dataDir, databaseUrl: target.url });
    try {
      const login = await fetch(`${server.url}/api/v1/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: 'admin', password: benchAdminPassword }),
      });
      const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
      const me = await runLoad({ url: `${server.url}/api/v1/auth/me`, headers: { cookie }, ...load });
      const health = await runLoad({ url: `${server.url}/healthz`, ...load });
      for (const [route, result] of [['GET /api/v1/auth/me (getMe)', me], ['GET /healthz', health]] as const) {
        const row = { route, database: target.name, ...summary(result), ratio: round(result.rps / floor.rps, 2) };
        console.log(`  ${target.name.padEnd(12)} ${route.padEnd(28)} ${row.rps} req/s (×${row.ratio} of floor), p50 ${row.p50Ms} ms, p99 ${row.p99Ms} ms, errors ${row.errors}`);
        results.push(row);
      }
    } finally {
      await server.stop();
      fs.rmSync(dataDir, { recursive: true, force: true });
      await target.drop?.();
    }
  }
  return results;
}
