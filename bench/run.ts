/**
 * Runs the benchmarks: `npm run bench` (all) or `npm run bench -- <name> [--quick]
 * [--target=pglite-memory|pglite-disk|postgres]`. Each prints its figures with the floor measured
 * in the same run and writes bench/results/<name>.json (<name>.<target>.json with --target).
 * With DATABASE_URL set, PostgreSQL is measured too. `--junit=<file>`: CI's smoke run (below).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as regionImport from './region-import';
import * as coldStart from './cold-start';
import * as apiFloor from './api-floor';
import * as org from './org';
import * as map from './map';
import * as hazards from './hazards';
import * as warnings from './warnings';
import * as field from './field';
import * as dashboard from './dashboard';
import * as fieldLoad from './field-load';

const benchmarks: Record<
  string,
  (options: { quick?: boolean; target?: string | undefined }) => Promise<unknown>
> = {
  'region-import': (options) => regionImport.run(options),
  'cold-start': () => coldStart.run(),
  'api-floor': () => apiFloor.run(),
  org: (options) => org.run(options),
  map: (options) => map.run(options),
  hazards: (options) => hazards.run(options),
  warnings: (options) => warnings.run(options),
  field: (options) => field.run(options),
  dashboard: (options) => dashboard.run(options),
  'dashboard-province': (options) => dashboard.runProvince(options),
  'field-load': (options) => fieldLoad.run(options),
};

const args = process.argv.slice(2);
const quick = args.includes('--quick');
/** Only this database, for a benchmark too long to run on all three at once (hazards). */
const target = args.find((arg) => arg.startsWith('--target='))?.slice('--target='.length);
const names = args.filter((arg) => !arg.startsWith('--'));
const unknown = names.filter((name) => !benchmarks[name]);
if (unknown.length > 0) {
  console.error(
    `Unknown benchmark ${unknown.join(', ')}; choose from ${Object.keys(benchmarks).join(', ')}`,
  );
  process.exit(2);
}
const resultsDir = path.join(path.dirname(fileURLToPath(import.meta.url)), 'results');
fs.mkdirSync(resultsDir, { recursive: true });
const machine = {
  node: process.version,
  cpus: os.cpus().length,
  cpuModel: os.cpus()[0]?.model,
  memoryGb: Math.round(os.totalmem() / 2 ** 30),
};

/**
 * With `--junit=<file>` (CI), a benchmark that throws is recorded and the next one runs; the
 * file gets one test case per benchmark: it ran to the end, or what stopped it. Figures are
 * printed, not judged (benchmarks are not timed tests).
 */
const junit = args.find((arg) => arg.startsWith('--junit='))?.slice('--junit='.length);
const outcomes: { name: string; seconds: number; error?: string }[] = [];
for (const name of names.length > 0 ? names : Object.keys(benchmarks)) {
  console.log(`\n${name}`);
  const started = performance.now();
  try {
    const results = await benchmarks[name]!({ quick, target });
    fs.writeFileSync(
      path.join(resultsDir, target ? `${name}.${target}.json` : `${name}.json`),
      `${JSON.stringify({ benchmark: name, measuredAt: new Date().toISOString(), machine, quick, target, results }, null, 2)}\n`,
    );
    outcomes.push({ name, seconds: (performance.now() - started) / 1000 });
  } catch (error) {
    if (!junit) {
      throw error;
    }
    console.error(error);
    outcomes.push({
      name,
      seconds: (performance.now() - started) / 1000,
      error: error instanceof Error ? (error.stack ?? error.message) : String(error),
    });
  }
}
if (junit) {
  const escape = (text: string) =>
    text.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`).replace(/\n/g, '&#xA;');
  const failures = outcomes.filter((outcome) => outcome.error !== undefined).length;
  const cases = outcomes.map(
    (outcome) =>
      `  <testcase classname="benchmarks" name="${escape(outcome.name)}${quick ? ' --quick' : ''}" time="${outcome.seconds.toFixed(1)}">` +
      (outcome.error === undefined
        ? ''
        : `<failure message="${escape(outcome.error.split('\n')[0]!)}">${escape(outcome.error)}</failure>`) +
      '</testcase>',
  );
  fs.writeFileSync(
    junit,
    `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites tests="${outcomes.length}" failures="${failures}" errors="0">\n` +
      `<testsuite name="benchmarks" tests="${outcomes.length}" failures="${failures}" errors="0" skipped="0">\n${cases.join('\n')}\n</testsuite>\n</testsuites>\n`,
  );
  process.exitCode = failures > 0 ? 1 : 0;
}
