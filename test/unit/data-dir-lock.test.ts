import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { lockDataDir } from '../../src/db/data-dir-lock';

describe('one process per PGlite data dir', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'fw-lock-'));
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('refuses a second owner while the first is alive, naming it and the way to run replicas', async () => {
    const child = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 30000)']);
    try {
      await writeFile(path.join(dir, 'floorwalker.lock'), String(child.pid));
      expect(() => lockDataDir(dir)).toThrow(
        new RegExp(`in use by another floorwalker \\(pid ${child.pid}\\).*DATABASE_URL`),
      );
    } finally {
      child.kill();
    }
  });

  it('takes over a stale lock and releases its own', async () => {
    await writeFile(path.join(dir, 'floorwalker.lock'), '999999999');
    const unlock = lockDataDir(dir);
    expect(await readFile(path.join(dir, 'floorwalker.lock'), 'utf8')).toBe(String(process.pid));
    unlock();
    const again = lockDataDir(dir);
    again();
  });
});
