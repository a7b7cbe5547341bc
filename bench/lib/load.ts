import http from 'node:http';
import { percentile } from './stats';

export interface LoadOptions {
  url: string;
  headers?: Record<string, string>;
  /** Requests in flight at once. */
  concurrency?: number;
  durationMs?: number;
  /** Untimed requests first, so JIT and caches are warm. */
  warmupMs?: number;
}

export interface LoadResult {
  requests: number;
  errors: number;
  rps: number;
  p50Ms: number;
  p99Ms: number;
}

function once(agent: http.Agent, url: URL, headers: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    const request = http.get(url, { agent, headers }, (response) => {
      response.resume();
      response.on('end', () => resolve(response.statusCode ?? 0));
    });
    request.on('error', reject);
  });
}

async function drive(options: LoadOptions, durationMs: number, record: boolean): Promise<LoadResult> {
  const url = new URL(options.url);
  const agent = new http.Agent({ keepAlive: true, maxSockets: options.concurrency ?? 32 });
  const latencies: number[] = [];
  let errors = 0;
  const started = performance.now();
  const deadline = started + durationMs;
  const worker = async () => {
    while (performance.now() < deadline) {
      const begin = performance.now();
      const status = await once(agent, url, options.headers ?? {}).catch(() => 0);
      if (status !== 200) {
        errors += 1;
      }
      if (record) {
        latencies.push(performance.now() - begin);
      }
    }
  };
  await Promise.all(Array.from({ length: options.concurrency ?? 32 }, worker));
  const elapsed = performance.now() - started;
  agent.destroy();
  latencies.sort((a, b) => a - b);
  return {
    requests: latencies.length,
    errors,
    rps: (latencies.length / elapsed) * 1000,
    p50Ms: percentile(latencies, 50),
    p99Ms: percentile(latencies, 99),
  };
}

/**
 * A closed-loop HTTP load: `concurrency` clients on keep-alive connections, each sending its
 * next GET as soon as the last one answers, for a fixed time. Bounded: it always stops.
 */
export async function runLoad(options: LoadOptions): Promise<LoadResult> {
  await drive(options, options.warmupMs ?? 1000, false);
  return drive(options, options.durationMs ?? 5000, true);
}
