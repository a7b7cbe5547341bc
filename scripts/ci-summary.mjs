// Adds up the JUnit reports of a CI run. Prints a table per report, or with --line only the
// final "N passed, N failed". Exits 1 if anything failed.
import fs from 'node:fs';
import path from 'node:path';

const args = process.argv.slice(2);
const lineOnly = args[0] === '--line';
const files = lineOnly ? args.slice(1) : args;

/** The counts on the root element (<testsuites> or a lone <testsuite>). */
function countsOf(xml) {
  const root = /<testsuites?\b([^>]*)>/.exec(xml)?.[1] ?? '';
  const attr = (name) => Number(new RegExp(`\\b${name}="(\\d+)"`).exec(root)?.[1] ?? 0);
  const tests = attr('tests');
  const failed = attr('failures') + attr('errors');
  // Vitest's <testsuites> carries no skipped count: add up the suites' own.
  const skipped = [...xml.matchAll(/<testsuite\b[^>]*\bskipped="(\d+)"/g)].reduce((sum, m) => sum + Number(m[1]), 0);
  return { passed: tests - failed - skipped, failed, skipped };
}

let passed = 0;
let failed = 0;
for (const file of files) {
  const counts = fs.existsSync(file) ? countsOf(fs.readFileSync(file, 'utf8')) : { passed: 0, failed: 1, skipped: 0 };
  passed += counts.passed;
  failed += counts.failed;
  if (!lineOnly) {
    console.log(`${path.basename(file).padEnd(24)} ${counts.passed} passed, ${counts.failed} failed, ${counts.skipped} skipped`);
  }
}
if (lineOnly) {
  console.log(`${passed} passed, ${failed} failed`);
}
process.exit(failed > 0 ? 1 : 0);
