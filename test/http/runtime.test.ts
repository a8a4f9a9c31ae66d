import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config';
import { choosePlatform } from '../../src/platforms/choose';
import { app } from '../../src/app';
import { startNode, type NodeRuntime } from '../../src/runtime/node';
import { sql } from 'drizzle-orm';
import { openPglite, openPostgres, query } from '../../src/db/client';
import { openTestDatabase, type TestDatabase } from '../helpers/db';
import { seedGroup, startFakeFeishu, type FakeFeishu } from '../helpers/fake-feishu';
import { silentLogger } from '../../src/log';

async function waitFor<T>(fn: () => T | undefined, ms = 8_000): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const v = fn();
    if (v !== undefined) return v;
    if (Date.now() > until) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** The Node service as `npm start` runs it, against the fake Feishu server and a real database. */
describe('the Node runtime', () => {
  let feishu: FakeFeishu;
  let dataDir: string;
  let pg: TestDatabase | undefined;
  let env: Record<string, string>;

  beforeAll(async () => {
    feishu = await startFakeFeishu();
    dataDir = await mkdtemp(path.join(tmpdir(), 'fw-runtime-'));
    if (process.env.TEST_DATABASE_URL) pg = await openTestDatabase();
    const app = feishu.emulator.app;
    env = {
      PORT: '0',
      LOG_LEVEL: 'silent',
      FEISHU_APP_ID: app.appId,
      FEISHU_APP_SECRET: app.appSecret,
      FEISHU_VERIFICATION_TOKEN: app.verificationToken,
      FEISHU_ENCRYPT_KEY: app.encryptKey,
      FEISHU_DOMAIN: feishu.url,
      ...(pg ? { DATABASE_URL: pg.url! } : { FLOORWALKER_DATA_DIR: dataDir }),
    };
  });
  afterAll(async () => {
    await feishu.close();
    await pg?.destroy();
    await rm(dataDir, { recursive: true, force: true });
  });

  const start = (runnerId: string): Promise<NodeRuntime> =>
    startNode(loadConfig(env), { app, platform: choosePlatform(() => {}), log: silentLogger, runnerId });

  /** The outbox rows of the runtime's database (open only while no runtime runs: PGlite's dir is exclusive). */
  async function outboxAfterStop(): Promise<{ status: string; kind: string; result_message_id: string | null }[]> {
    const database = pg ? await openPostgres(pg.url!, { max: 1 }) : await openPglite(dataDir);
    try {
      return await query(database.db, sql`select status, kind, result_message_id from outbox order by id`);
    } finally {
      await database.close();
    }
  }

  it('answers /healthz, takes a signed event, replies, and on stop finishes what is in flight', async () => {
    const { chat, users } = seedGroup(feishu.emulator, { name: '客服一组', members: ['王主管', '小王'] });
    const runtime = await start('r1');
    feishu.emulator.setWebhook(`${runtime.url}/feishu/events`);

    const health = await fetch(`${runtime.url}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ ok: true, db: pg ? 'postgres' : 'pglite', platform: 'feishu' });

    await feishu.emulator.emitMessage({
      chatId: chat.chatId,
      senderOpenId: users[0].openId,
      text: '@floorwalker /help',
    });
    await waitFor(() => feishu.emulator.messages(chat.chatId).find((m) => m.sender.type === 'bot'));

    // A slow Feishu: the reply is in flight when SIGTERM comes. Stopping must wait for it.
    let release!: () => void;
    const hang = feishu.emulator.failNext({ path: '/reply', until: new Promise<void>((r) => (release = r)) });
    const before = feishu.emulator.messages(chat.chatId).filter((m) => m.sender.type === 'bot').length;
    const emitted = await feishu.emulator.emitMessage({
      chatId: chat.chatId,
      senderOpenId: users[1].openId,
      text: '@floorwalker /store',
    });
    expect(emitted.delivered).toBe(true);
    await waitFor(() => (hang.remaining === 0 ? true : undefined)); // the reply has reached Feishu and hangs there
    const stopping = runtime.stop();
    await waitFor(() =>
      fetch(`${runtime.url}/healthz`).then(
        () => undefined,
        () => true,
      ),
    ); // stop() is under way: the port is closed
    release();
    await stopping;
    const replies = feishu.emulator.messages(chat.chatId).filter((m) => m.sender.type === 'bot');
    expect(replies.length).toBe(before + 1);
    // The send in flight was recorded before the database closed: nothing is left claimed or pending.
    const rows = await outboxAfterStop();
    expect(rows.filter((r) => r.status !== 'sent')).toEqual([]);
    expect(rows.at(-1)).toMatchObject({ status: 'sent', result_message_id: replies.at(-1)!.messageId });
  });

  it('restarts on the same data and ignores a re-delivered event', async () => {
    const { chat, users } = seedGroup(feishu.emulator, { name: '客服二组', members: ['张主管'] });
    const first = await start('r2');
    feishu.emulator.setWebhook(`${first.url}/feishu/events`);
    const sent = await feishu.emulator.emitMessage({
      chatId: chat.chatId,
      senderOpenId: users[0].openId,
      text: '@floorwalker /help',
    });
    await waitFor(() => feishu.emulator.messages(chat.chatId).find((m) => m.sender.type === 'bot'));
    await first.stop();

    const second = await start('r3');
    feishu.emulator.setWebhook(`${second.url}/feishu/events`);
    // Feishu re-sends after a timeout it thought happened: same message id → nothing new.
    const again = await feishu.emulator.deliverEvent(sent.event);
    expect(again.status).toBe(200);
    // stop() finishes the work of every event it answered and sends what that queued (see the test
    // above), so anything the re-delivery would have caused has happened by the time it returns.
    await second.stop();
    expect(feishu.emulator.messages(chat.chatId).filter((m) => m.sender.type === 'bot')).toHaveLength(1);
    const rows = await outboxAfterStop();
    expect(rows.filter((r) => r.status !== 'sent')).toEqual([]);
  });
});
