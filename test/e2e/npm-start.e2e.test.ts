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
import { postgresAdminUrl, throwawayPostgres, usingPostgres } from '../helpers/db';
import { seedGroup, startFakeFeishu } from '../helpers/fake-feishu';
import { startProcess as start } from '../helpers/start-process';
import { waitFor } from '../helpers/wait';

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

  // The thread's module is a second entry of the bundle (.build/webhook-thread.mjs), found beside main.mjs.
  it.skipIf(!usingPostgres())(
    'FEISHU_WEBHOOK_PORT: the webhook thread starts beside the bundle, takes a command, and the bot answers it',
    async () => {
      const feishu = await startFakeFeishu();
      const database = await throwawayPostgres(postgresAdminUrl());
      const { chat, users } = seedGroup(feishu.emulator, { name: '客服一组', members: ['王主管', '李客服'] });
      const { appId, appSecret, encryptKey, verificationToken } = feishu.emulator.app;
      const run = start({
        PORT: '0',
        FEISHU_APP_ID: appId,
        FEISHU_APP_SECRET: appSecret,
        FEISHU_ENCRYPT_KEY: encryptKey,
        FEISHU_VERIFICATION_TOKEN: verificationToken,
        FEISHU_DOMAIN: feishu.url,
        DATABASE_URL: database.url,
        FEISHU_WEBHOOK_PORT: '0',
        LOG_LEVEL: 'warn',
      });
      try {
        await run.ready();
        const url = /webhook on a thread of its own: (http:\/\/\S+)/.exec(run.output())?.[1];
        expect(url).toMatch(/\/feishu\/events$/);
        feishu.emulator.setWebhook(url);
        const sent = await feishu.emulator.emitMessage({
          chatId: chat.chatId,
          senderOpenId: users[1].openId,
          text: '@floorwalker /help',
        });
        expect(sent.status).toBe(200);
        await waitFor(
          'the bot’s answer',
          () => feishu.emulator.messages(chat.chatId).some((m) => m.sender.type === 'bot'),
          { timeoutMs: 20_000, detail: run.output },
        );
      } finally {
        run.child.kill('SIGTERM');
        expect(await run.exited).toBe(0);
        await feishu.close();
        await database.destroy();
      }
    },
    90_000,
  );
});
