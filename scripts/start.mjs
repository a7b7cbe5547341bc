// `npm start`: runs the built server. With no configuration it uses the embedded database in
// ./data and loads the demo data set into it on first start, so a newcomer can look around.
// Set LASTMILE_DEMO=0 (and DATABASE_URL for PostgreSQL) for a real installation. The demo also
// starts the fake SMS/voice gateway on loopback unless a real one is configured.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const demo = process.env.LASTMILE_DEMO ?? '1';
const fakeGateway = demo === '1' && !process.env.LASTMILE_GATEWAY_URL ? '1' : '0';
const env = {
  ...process.env,
  LASTMILE_DEMO: demo,
  LASTMILE_FAKE_GATEWAY: process.env.LASTMILE_FAKE_GATEWAY ?? fakeGateway,
};
const server = spawn(process.execPath, [path.join(root, 'apps/server/dist/main.js'), 'serve'], {
  env,
  stdio: 'inherit',
});
// Pass Ctrl-C and termination on so the embedded database closes cleanly.
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => server.kill(signal));
}
server.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
