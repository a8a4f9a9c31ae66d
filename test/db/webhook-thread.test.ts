/**
 * FEISHU_WEBHOOK_PORT: Feishu's webhook on a thread of its own, which only accepts (src/webhook-thread.ts).
 * Postgres only: PGlite is opened by one thread. The emulator delivers to the thread's port; the
 * main thread's Deps do the work, as in a replica.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { ManualClock } from '../../src/clock';
import { button, card, interactive, markdown } from '../../src/cards/card';
import { query } from '../../src/db/client';
import { createApp } from '../../src/http/app';
import { startWebhookThread, type WebhookThread } from '../../src/platforms/feishu/webhook-thread-host';
import { workOnce } from '../../src/runtime/work-loop';
import { openTestDatabase, usingPostgres, type TestDatabase } from '../helpers/db';
import { createTestDeps } from '../helpers/deps';
import { seedGroup, startFakeFeishu, type FakeFeishu } from '../helpers/fake-feishu';
import { waitFor } from '../helpers/wait';

describe.skipIf(!usingPostgres())('the Feishu webhook on a thread of its own (FEISHU_WEBHOOK_PORT)', () => {
  let database: TestDatabase;
  let feishu: FakeFeishu;
  let deps: ReturnType<typeof createTestDeps>;
  let thread: WebhookThread;
  let group: ReturnType<typeof seedGroup>;

  beforeAll(async () => {
    database = await openTestDatabase();
    feishu = await startFakeFeishu();
    group = seedGroup(feishu.emulator, { name: '客服一组', members: ['王主管', '李客服'] });
    // The thread stamps accepts with real time; the work's clock must agree about the lease.
    deps = createTestDeps({ database, platform: feishu.platform, clock: new ManualClock(new Date()) });
    thread = await startWebhookThread(deps, { databaseUrl: database.url!, host: '127.0.0.1', port: 0 });
    feishu.emulator.setWebhook(thread.url);
  }, 60_000);
  afterAll(async () => {
    await thread?.stop();
    await feishu?.close();
    await database?.destroy();
  });

  /** The main thread's deferred work and its outbox, until nothing moves. */
  const settle = async () => {
    for (let i = 0; i < 20; i++) {
      await deps.settle();
      if ((await workOnce(deps, 'test')).sent === 0) return;
    }
  };
  const botTexts = () =>
    feishu.emulator
      .messages(group.chat.chatId)
      .filter((m) => m.sender.type === 'bot')
      .map((m) => JSON.stringify(m.content));
  const say = (text: string) =>
    feishu.emulator.emitMessage({ chatId: group.chat.chatId, senderOpenId: group.users[1]!.openId, text });
  const stored = async (id: string) =>
    (
      await query<{ processed: boolean }>(
        deps.db,
        sql`select processed_at is not null as processed from inbound_events where id = ${id}`,
      )
    )[0];

  it('accepts a command on its port and the main thread answers it in the group', async () => {
    const before = botTexts().length;
    const sent = await say('@floorwalker /help');
    expect(sent).toMatchObject({ delivered: true, status: 200 });
    await waitFor('the answer in the group', async () => {
      await settle();
      return botTexts().length > before;
    });
    expect(botTexts().slice(before).join('\n')).toContain('/help');
    expect(await stored(`msg:${sent.message.messageId}`)).toEqual({ processed: true });
  });

  it('a delivery repeated (at least once) is acted on once', async () => {
    const sent = await say('@floorwalker /help');
    await waitFor('the first delivery worked on', async () => {
      await settle();
      return (await stored(`msg:${sent.message.messageId}`))?.processed === true;
    });
    const after = botTexts().length;
    const again = await feishu.emulator.deliverEvent(sent.event);
    expect(again.delivery.status).toBe(200);
    await settle();
    expect(botTexts().length).toBe(after);
  });

  it("answers a card press with the main thread's answer, as the main port does", async () => {
    const pressable = card({
      title: '测试',
      elements: [markdown('x'), button({ text: '不存在的按钮', value: { action: 'no.such.action' } })],
    });
    const { messageId } = await feishu.platform.send({ chatId: group.chat.chatId }, interactive(pressable), 'wt-card');
    const press = () =>
      feishu.emulator.clickButton({ messageId, operatorOpenId: group.users[1]!.openId, buttonText: '不存在的按钮' });
    const viaThread = await press();
    feishu.emulator.setWebhook((req) => createApp(deps).fetch(req));
    const viaMain = await press().finally(() => feishu.emulator.setWebhook(thread.url));
    expect(viaThread.status).toBe(200);
    expect(viaThread.toast?.content).toBeTruthy();
    expect(viaThread.toast).toEqual(viaMain.toast);
  });

  it('a thread that dies is started again on the same port, and what it accepted is still worked on', async () => {
    const first = await say('@floorwalker /help');
    expect(first.status).toBe(200);
    await thread.kill();
    // Down: the delivery fails (Feishu tries again later), and nothing is stored for it.
    const during = await say('@floorwalker /help');
    expect(during.status).toBe(0);
    const health = thread.url.replace('/feishu/events', '/healthz');
    await waitFor('the thread back on its port', async () => (await fetch(health).catch(() => undefined))?.ok === true);
    expect((await feishu.emulator.deliverEvent(during.event)).delivery.status).toBe(200);
    await waitFor('both worked on', async () => {
      await settle();
      return (
        (await stored(`msg:${first.message.messageId}`))?.processed === true &&
        (await stored(`msg:${during.message.messageId}`))?.processed === true
      );
    });
  });

  it('stop: nothing more is accepted, and every event it accepted gets its work', async () => {
    const sent = await Promise.all([1, 2, 3].map(() => say('@floorwalker /help')));
    expect(sent.map((s) => s.status)).toEqual([200, 200, 200]);
    await thread.stop();
    await settle();
    for (const s of sent) expect(await stored(`msg:${s.message.messageId}`)).toEqual({ processed: true });
    await expect(fetch(thread.url, { method: 'POST', body: '{}' })).rejects.toThrow();
  });
});
