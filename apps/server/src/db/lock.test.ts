import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawn, spawnSync } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from './client';
import { acquireDataDirLock, DataDirLockedError } from './lock';

const dirs: string[] = [];
function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lastmile-lock-'));
  dirs.push(dir);
  return dir;
}
afterEach(() => {
  for (const dir of dirs.splice(0)) {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

describe('data directory lock', () => {
  it('refuses a second opening of the embedded database with a clear error, and frees it on close', async () => {
    const dataDir = tempDir();
    const first = await openDatabase({ kind: 'pglite', dataDir });
    await expect(openDatabase({ kind: 'pglite', dataDir })).rejects.toThrow(DataDirLockedError);
    await first.close();
    expect(fs.existsSync(path.join(dataDir, 'lastmile.lock'))).toBe(false);
    const again = await openDatabase({ kind: 'pglite', dataDir });
    await again.close();
  });

  it('refuses a directory held by another live process and names it', async () => {
    const dataDir = tempDir();
    const other = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 30000)']);
    try {
      fs.writeFileSync(path.join(dataDir, 'lastmile.lock'), String(other.pid));
      expect(() => acquireDataDirLock(dataDir)).toThrow(new RegExp(`in use by another Lastmile process \\(pid ${other.pid}\\)`));
    } finally {
      other.kill();
    }
  });

  it('takes over a lock left by a process that died (kill -9, power loss)', () => {
    const dataDir = tempDir();
    const dead = spawnSync(process.execPath, ['-e', 'process.exit(0)']);
    fs.writeFileSync(path.join(dataDir, 'lastmile.lock'), String(dead.pid));
    const lock = acquireDataDirLock(dataDir);
    expect(fs.readFileSync(path.join(dataDir, 'lastmile.lock'), 'utf8')).toBe(String(process.pid));
    lock.release();
    expect(fs.existsSync(path.join(dataDir, 'lastmile.lock'))).toBe(false);
  });
});
