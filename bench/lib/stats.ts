/** Small timing helpers shared by the benchmarks. */

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) {
    return Number.NaN;
  }
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index]!;
}

export function median(values: number[]): number {
  return percentile(
    [...values].sort((a, b) => a - b),
    50,
  );
}

/** Milliseconds since `start` (from performance.now()). */
export function since(start: number): number {
  return performance.now() - start;
}

export async function timed<T>(work: () => Promise<T>): Promise<{ ms: number; result: T }> {
  const start = performance.now();
  const result = await work();
  return { ms: since(start), result };
}

export const round = (value: number, digits = 1) => Number(value.toFixed(digits));

/** p50 and p95 of `times` timed runs of `work`, one after another, after `warmups` untimed runs. */
export async function timedRuns(
  times: number,
  work: () => Promise<unknown>,
  warmups = 0,
): Promise<{ p50: number; p95: number }> {
  for (let n = 0; n < warmups; n += 1) {
    await work();
  }
  const samples: number[] = [];
  for (let n = 0; n < times; n += 1) {
    const start = performance.now();
    await work();
    samples.push(since(start));
  }
  samples.sort((a, b) => a - b);
  return { p50: percentile(samples, 50), p95: percentile(samples, 95) };
}
