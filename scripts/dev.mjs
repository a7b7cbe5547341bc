// `npm run dev`: the server from source (tsx watch, demo data on) and the Vite dev servers of the
// web app and of the field app (http://localhost:5174/field/), which proxy /api to it. Open the
// addresses Vite prints.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const bin = (name) => path.join(root, 'node_modules/.bin', name);
const env = { ...process.env, LASTMILE_DEMO: process.env.LASTMILE_DEMO ?? '1' };

const children = [
  spawn(bin('tsx'), ['watch', 'apps/server/src/main.ts', 'serve'], { cwd: root, env, stdio: 'inherit' }),
  spawn(bin('vite'), [], { cwd: path.join(root, 'apps/web'), env, stdio: 'inherit' }),
  spawn(bin('vite'), [], { cwd: path.join(root, 'apps/field'), env, stdio: 'inherit' }),
];
const stop = (signal) => {
  for (const child of children) {
    child.kill(signal);
  }
};
process.on('SIGINT', () => stop('SIGINT'));
process.on('SIGTERM', () => stop('SIGTERM'));
for (const child of children) {
  child.on('exit', (code) => {
    stop('SIGTERM');
    process.exitCode = code ?? 0;
  });
}
