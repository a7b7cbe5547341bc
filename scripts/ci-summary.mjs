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
  const skipped = [...xml.matchAll(/<testsuite\b[^>]*\bskipped="(\d+)"/g)].reduce(
    (sum, m) => sum + Number(m[1]),
    0,
  );
  return { passed: tests - failed - skipped, failed, skipped };
}

const entities = { '&lt;': '<', '&gt;': '>', '&quot;': '"', '&apos;': "'", '&amp;': '&' };
const unescape = (text) => text.replace(/&(lt|gt|quot|apos|amp);/g, (entity) => entities[entity]);

/** Each failed test case as "suite > name: first line of the failure", so the tail of a CI log says what broke. */
function failuresOf(xml) {
  const failures = [];
  for (const match of xml.matchAll(/<testcase\b([^>]*?)(?:\/>|>([\s\S]*?)<\/testcase>)/g)) {
    const body = match[2] ?? '';
    const failure = /<(failure|error)\b([^>]*)>?/.exec(body);
    if (!failure) {
      continue;
    }
    const attr = (name) => new RegExp(`\\b${name}="([^"]*)"`).exec(match[1])?.[1] ?? '';
    const message = /\bmessage="([^"]*)"/.exec(failure[2])?.[1] ?? failure[1];
    failures.push(
      unescape(
        `${attr('classname')} > ${attr('name')}: ${message.split('&#xA;')[0].slice(0, 300)}`,
      ),
    );
  }
  return failures;
}

let passed = 0;
let failed = 0;
const failedCases = [];
for (const file of files) {
  const counts = fs.existsSync(file)
    ? countsOf(fs.readFileSync(file, 'utf8'))
    : { passed: 0, failed: 1, skipped: 0 };
  passed += counts.passed;
  failed += counts.failed;
  if (fs.existsSync(file)) {
    for (const failure of failuresOf(fs.readFileSync(file, 'utf8'))) {
      failedCases.push(`${path.basename(file)}: ${failure}`);
    }
  }
  if (!lineOnly) {
    console.log(
      `${path.basename(file).padEnd(24)} ${counts.passed} passed, ${counts.failed} failed, ${counts.skipped} skipped`,
    );
  }
}
if (!lineOnly && failedCases.length > 0) {
  console.log('failed tests:');
  for (const failure of failedCases) {
    console.log(`  ${failure}`);
  }
}
if (lineOnly) {
  console.log(`${passed} passed, ${failed} failed`);
}
process.exit(failed > 0 ? 1 : 0);
