// Bundles the server into apps/server/dist/main.js (workspace code inlined, npm dependencies
// left as imports) and copies the SQL migrations beside it.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const server = path.join(root, 'apps/server');
const pkg = JSON.parse(fs.readFileSync(path.join(server, 'package.json'), 'utf8'));
const external = Object.keys(pkg.dependencies ?? {}).flatMap((name) => [name, `${name}/*`]);
external.push('zod', 'zod/*');

await build({
  entryPoints: [path.join(server, 'src/main.ts')],
  outfile: path.join(server, 'dist/main.js'),
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  sourcemap: true,
  external,
  logLevel: 'warning',
});
fs.rmSync(path.join(server, 'dist/migrations'), { recursive: true, force: true });
fs.cpSync(path.join(server, 'src/db/migrations'), path.join(server, 'dist/migrations'), {
  recursive: true,
});
console.log('server built: apps/server/dist/main.js');
