/**
 * A draw anyone can re-check (双随机 公开): the seed is hashed (SHA-256) into the state of a
 * small PRNG (sfc32), and `count` items are taken from the pool, sorted by id, with a partial
 * Fisher–Yates shuffle. The same seed and pool always give the same items in the same order.
 */
import { createHash } from 'node:crypto';

function sfc32(seed: string): () => number {
  const digest = createHash('sha256').update(seed, 'utf8').digest();
  let a = digest.readUInt32LE(0);
  let b = digest.readUInt32LE(4);
  let c = digest.readUInt32LE(8);
  let d = digest.readUInt32LE(12);
  return () => {
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return (t >>> 0) / 4_294_967_296;
  };
}

/** `count` distinct items of `pool` chosen by `seed` (the pool is sorted first). */
export function seededDraw(pool: readonly string[], count: number, seed: string): string[] {
  const items = [...new Set(pool)].sort();
  const random = sfc32(seed);
  const take = Math.min(count, items.length);
  for (let i = 0; i < take; i++) {
    const j = i + Math.floor(random() * (items.length - i));
    [items[i], items[j]] = [items[j]!, items[i]!];
  }
  return items.slice(0, take);
}
