/**
 * `npm start`'s own entry (src/start.mjs): it bundles the TypeScript with esbuild and runs the
 * bundle. The in-process tests start the runtime directly; this one proves the bundle itself runs
 * — the sandbox console's files found from .build/, a bad setting said in one line, and a clean
 * stop on SIGTERM.
 */
import { cp, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startProcess as start } from '../helpers/start-process';

describe('npm start (the bundled entry)', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'fw-npm-start-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('says what is wrong with a bad setting in one line and exits 1', async () => {
    const run = start({ PORT: 'abc', FLOORWALKER_DATA_DIR: dir });
    expect(await run.exited).toBe(1);
    expect(run.output().trim()).toBe('floorwalker: PORT expects a port number from 0 to 65535 (got "abc")');
  });

  it('runs the sources through tsx when .build/ cannot be written (a read-only checkout)', async () => {
    const copy = path.join(dir, 'checkout');
    for (const part of ['src', 'commands', 'jobs', 'package.json'])
      await cp(path.resolve(part), path.join(copy, part), { recursive: true });
    await symlink(path.resolve('node_modules'), path.join(copy, 'node_modules'));
    // A file where the directory should be: mkdir fails even for root, whom permissions do not stop.
    await writeFile(path.join(copy, '.build'), '');
    const run = start({ PORT: 'abc', FLOORWALKER_DATA_DIR: dir }, path.join(copy, 'src/start.mjs'));
    expect(await run.exited).toBe(1);
    expect(run.output()).toMatch(/cannot write .*\.build.*starting through tsx instead/);
    expect(run.output()).toContain('floorwalker: PORT expects a port number from 0 to 65535 (got "abc")');
  }, 60_000);

  it('starts the sandbox, serves the console page, and stops cleanly on SIGTERM', async () => {
    const run = start({ PORT: '0', FLOORWALKER_DATA_DIR: path.join(dir, 'data'), LOG_LEVEL: 'warn' });
    try {
      const url = await run.ready();
      const page = await (await fetch(`${url}/`)).text();
      expect(page).toContain('<title>现场管家 · 沙盒</title>');
      expect((await fetch(`${url}/healthz`)).status).toBe(200);
    } finally {
      run.child.kill('SIGTERM');
    }
    expect(await run.exited).toBe(0);
    expect(run.output()).toMatch(/SIGTERM: finishing work in flight/);
  }, 90_000);
});
