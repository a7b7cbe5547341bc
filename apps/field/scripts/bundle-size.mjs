// Prints the gzipped size of the JavaScript the field app loads on first load: the entry chunk
// and every chunk it imports statically (not those loaded later with import()), as JSON.
// Run after `npm run build -w apps/field`: `node apps/field/scripts/bundle-size.mjs`.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import zlib from 'node:zlib';

const dist = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../dist');
const manifestFile = path.join(dist, '.vite/manifest.json');
if (!fs.existsSync(manifestFile)) {
  console.error(`${manifestFile} is missing: run \`npm run build -w apps/field\` first`);
  process.exit(1);
}
const manifest = JSON.parse(fs.readFileSync(manifestFile, 'utf8'));
const gzipBytes = (file) =>
  zlib.gzipSync(fs.readFileSync(path.join(dist, file)), { level: 9 }).length;
const rawBytes = (file) => fs.statSync(path.join(dist, file)).size;

const entries = Object.entries(manifest).filter(([, chunk]) => chunk.isEntry);
const seen = new Set();
const files = [];
const css = new Set();
function visit(key) {
  if (seen.has(key)) {
    return;
  }
  seen.add(key);
  const chunk = manifest[key];
  files.push({ file: chunk.file, bytes: rawBytes(chunk.file), gzipBytes: gzipBytes(chunk.file) });
  for (const sheet of chunk.css ?? []) {
    css.add(sheet);
  }
  for (const imported of chunk.imports ?? []) {
    visit(imported);
  }
}
for (const [key] of entries) {
  visit(key);
}
const lazy = Object.values(manifest)
  .filter((chunk) => chunk.isDynamicEntry)
  .map((chunk) => ({ file: chunk.file, gzipBytes: gzipBytes(chunk.file) }));
const firstLoadGzipBytes = files.reduce((sum, file) => sum + file.gzipBytes, 0);
const cssFiles = [...css].map((file) => ({ file, gzipBytes: gzipBytes(file) }));
const firstLoadJs = files
  .map((file) => fs.readFileSync(path.join(dist, file.file), 'utf8'))
  .join('\n');

console.log(
  JSON.stringify(
    {
      firstLoadGzipBytes,
      firstLoadKiB: Number((firstLoadGzipBytes / 1024).toFixed(1)),
      limitGzipBytes: 300 * 1024,
      withinLimit: firstLoadGzipBytes <= 300 * 1024,
      files,
      css: cssFiles,
      cssGzipBytes: cssFiles.reduce((sum, file) => sum + file.gzipBytes, 0),
      lazy,
      // Zod must not reach the phone: its schemas stay on the server (and the office web app).
      containsZod: /ZodError|\$ZodType/.test(firstLoadJs),
    },
    null,
    2,
  ),
);
