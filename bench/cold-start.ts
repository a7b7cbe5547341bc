/**
 * Cold start (issue 2): the built server started on an existing data directory (regions
 * imported, admin created), from spawn to the first 200 of /readyz, and its resident memory
 * then. Floor: spawning Node with a bare http server to its first 200.
 */
import fs from 'node:fs';
import path from 'node:path';
import { median, round } from './lib/stats';
import { ensureServerBuilt, freePort, root, rssMb, startLastmile, startProcess, tempDir, serverDatabases } from './lib/server-process';

const runs = 5;

async function floorMs(): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const port = await freePort();
    const started = await startProcess([path.join(root, 'bench/floor-server.mjs'), 'http', String(port)], {}, port, '/');
    times.push(started.readyMs);
    await started.stop();
  }
  return median(times);
}

export async function run() {
  ensureServerBuilt();
  const floor = await floorMs();
  const results = [];
  const databases = await serverDatabases();
  for (const target of databases) {
    const dataDir = tempDir('cold');
    try {
      // First start: migrations, region import, admin. Not measured.
      const first = await startLastmile({ dataDir, databaseUrl: target.url });
      const firstMs = first.readyMs;
      await first.stop();
      const times: number[] = [];
      const rss: number[] = [];
      for (let i = 0; i < runs; i++) {
        const started = await startLastmile({ dataDir, databaseUrl: target.url });
        times.push(started.readyMs);
        rss.push(rssMb(started.child.pid!));
        await started.stop();
      }
      const result = {
        database: target.name,
        firstStartMs: round(firstMs),
        coldStartMs: round(median(times)),
        floorMs: round(floor),
        ratio: round(median(times) / floor, 1),
        rssMb: round(median(rss)),
        goalStartMs: 5000,
        goalRssMb: 600,
        meetsGoal: median(times) < 5000 && median(rss) < 600,
      };
      console.log(`  ${target.name.padEnd(12)} cold start ${result.coldStartMs} ms (floor ${result.floorMs} ms, ×${result.ratio}), RSS ${result.rssMb} MB; first start ${result.firstStartMs} ms; goals < 5000 ms, < 600 MB: ${result.meetsGoal ? 'met' : 'MISSED'}`);
      results.push(result);
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true });
      await target.drop?.();
    }
  }
  return results;
}
