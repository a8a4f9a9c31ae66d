/**
 * Every way a Feishu call fails reaches the caller as a PlatformError with the HTTP status, the
 * business code and (for rate limits) retryAfterMs — the facts the outbox classifies on.
 */
import { createServer } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/clock';
import { card, interactive, markdown } from '../../src/cards/card';
import { PlatformError, type PlatformApi } from '../../src/port/platform';
import type { Chat, User } from '../../src/emulator/feishu';
import { createFeishuPlatform } from '../../src/platforms/feishu/api';
import { createLogger } from '../../src/log';
import { seedGroup, startFakeFeishu, type FakeFeishu } from '../helpers/fake-feishu';

let feishu: FakeFeishu;
let chat: Chat;
let agent: User;
let clock: ManualClock;

beforeEach(async () => {
  clock = new ManualClock(new Date('2024-05-01T09:00:00+08:00'));
  clock.freeze();
  feishu = await startFakeFeishu({ clock });
  ({
    chat,
    users: [, agent],
  } = seedGroup(feishu.emulator, { name: '客服一组', members: ['王主管', '李客服'] }));
});
afterEach(() => feishu.close());

const text = (t: string) => ({ msgType: 'text' as const, content: { text: t } });

async function failure(p: Promise<unknown>): Promise<PlatformError> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(PlatformError);
  return err as PlatformError;
}

const botMessage = async () =>
  (await feishu.platform.send({ chatId: chat.chatId }, text('店铺异常'), `m-${Math.random()}`)).messageId;

describe('rate limits', () => {
  it('the 51st call in one second gets HTTP 429, code 99991400: the app rate-limited, retry-after from x-ogw-ratelimit-reset', async () => {
    await feishu.platform.botInfo(); // token fetched; token calls do not count
    const results = await Promise.allSettled(Array.from({ length: 54 }, () => feishu.platform.botInfo()));
    const refused = results
      .filter((r): r is PromiseRejectedResult => r.status === 'rejected')
      .map((r) => r.reason as PlatformError);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(49);
    expect(refused).toHaveLength(5);
    for (const e of refused) {
      expect(e).toBeInstanceOf(PlatformError);
      expect(e).toMatchObject({
        httpStatus: 429,
        code: 99991400,
        reason: 'rate_limited',
        retry: { kind: 'rate_limited', scope: 'app', retryAfterMs: 1000 },
      });
    }
    expect(feishu.emulator.violations('rate_50qps_app')).toHaveLength(5);

    clock.advance(1000);
    await expect(feishu.platform.botInfo()).resolves.toBeDefined();
  });

  it('an injected 429 carries its reset header through as the retry-after', async () => {
    feishu.emulator.failNext({
      method: 'POST',
      path: '/im/v1/messages',
      status: 429,
      headers: { 'x-ogw-ratelimit-reset': '7' },
    });
    const e = await failure(feishu.platform.send({ chatId: chat.chatId }, text('x'), 'u1'));
    expect(e).toMatchObject({
      httpStatus: 429,
      code: 99991400,
      retry: { kind: 'rate_limited', scope: 'app', retryAfterMs: 7000 },
    });
    expect(feishu.emulator.calls({ path: '/im/v1/messages' }).at(-1)).toMatchObject({ injected: true, status: 429 });
    expect(feishu.emulator.messages()).toHaveLength(0);
  });

  it('the 6th message to one group within a second gets HTTP 400 code 230020, other groups are unaffected', async () => {
    for (let i = 0; i < 5; i++) await feishu.platform.send({ chatId: chat.chatId }, text(`#${i}`), `burst-${i}`);
    const e = await failure(feishu.platform.send({ chatId: chat.chatId }, text('#5'), 'burst-5'));
    expect(e).toMatchObject({ httpStatus: 400, code: 230020, reason: 'chat_rate_limited' });
    expect(e.retry).toEqual({ kind: 'rate_limited', scope: 'chat' });
    expect(feishu.emulator.messages(chat.chatId)).toHaveLength(5);
    expect(feishu.emulator.violations('rate_5qps_chat')).toHaveLength(1);

    const other = feishu.emulator.addChat({ name: '二组', memberOpenIds: [agent.openId] });
    await expect(feishu.platform.send({ chatId: other.chatId }, text('hi'), 'other-0')).resolves.toBeDefined();
    clock.advance(1000);
    await expect(feishu.platform.send({ chatId: chat.chatId }, text('#5'), 'burst-5')).resolves.toBeDefined();
  });

  it('an injected 230020 is a 400 with that code', async () => {
    feishu.emulator.failNext({ path: '/im/v1/messages', code: 230020 });
    const e = await failure(feishu.platform.send({ chatId: chat.chatId }, text('x'), 'u1'));
    expect(e).toMatchObject({ httpStatus: 400, code: 230020 });
  });
});

describe('buzz refusals', () => {
  it('230012 when the message was not sent by the bot', async () => {
    const { message } = await feishu.emulator.emitMessage({
      chatId: chat.chatId,
      senderOpenId: agent.openId,
      text: '我来处理',
    });
    const e = await failure(feishu.platform.urgent(message.messageId, 'phone', [agent.openId]));
    expect(e).toMatchObject({ httpStatus: 400, code: 230012 });
  });

  it('230052 when the group does not let members buzz', async () => {
    const id = await botMessage();
    feishu.emulator.updateChat(chat.chatId, { membersMayBuzz: false });
    const e = await failure(feishu.platform.urgent(id, 'app', [agent.openId]));
    expect(e).toMatchObject({ httpStatus: 400, code: 230052 });
    expect(e.message).toMatch(/buzz/);
  });

  it('230024 when the phone quota is used up (real and injected)', async () => {
    const id = await botMessage();
    feishu.emulator.setQuota({ phone: 1 });
    await feishu.platform.urgent(id, 'phone', [agent.openId]);
    const e = await failure(feishu.platform.urgent(id, 'phone', [agent.openId]));
    expect(e).toMatchObject({ httpStatus: 400, code: 230024 });
    await expect(feishu.platform.urgent(id, 'app', [agent.openId])).resolves.toEqual({ invalidOpenIds: [] });

    feishu.emulator.setQuota({ phone: 100 });
    feishu.emulator.failNext({ method: 'PATCH', path: 'urgent_phone', code: 230024 });
    expect(await failure(feishu.platform.urgent(id, 'phone', [agent.openId]))).toMatchObject({
      httpStatus: 400,
      code: 230024,
    });
  });

  it('injected 230012 / 230052 on urgent_app surface with their codes', async () => {
    const id = await botMessage();
    feishu.emulator.failNext({ path: 'urgent_app', code: 230012 });
    feishu.emulator.failNext({ path: 'urgent_app', code: 230052 });
    expect(await failure(feishu.platform.urgent(id, 'app', [agent.openId]))).toMatchObject({ code: 230012 });
    expect(await failure(feishu.platform.urgent(id, 'app', [agent.openId]))).toMatchObject({ code: 230052 });
    await expect(feishu.platform.urgent(id, 'app', [agent.openId])).resolves.toEqual({ invalidOpenIds: [] });
  });
});

describe('refusals of the model', () => {
  it('230002 when the bot is not in the group; 232011 for its info', async () => {
    feishu.emulator.updateChat(chat.chatId, { botIsMember: false });
    expect(await failure(feishu.platform.send({ chatId: chat.chatId }, text('x'), 'u1'))).toMatchObject({
      httpStatus: 400,
      code: 230002,
    });
    expect(await failure(feishu.platform.chatInfo(chat.chatId))).toMatchObject({ httpStatus: 400, code: 232011 });
  });

  it('232006 for a chat that does not exist', async () => {
    expect(await failure(feishu.platform.chatInfo('oc_nope'))).toMatchObject({ httpStatus: 400, code: 232006 });
  });

  it('230001 for a message that does not exist', async () => {
    expect(await failure(feishu.platform.reply('om_nope', text('x'), 'u1'))).toMatchObject({
      httpStatus: 400,
      code: 230001,
    });
    expect(await failure(feishu.platform.patchCard('om_nope', card({ title: 't', elements: [] })))).toMatchObject({
      httpStatus: 400,
      code: 230001,
    });
    expect(await failure(feishu.platform.urgent('om_nope', 'app', [agent.openId]))).toMatchObject({
      httpStatus: 400,
      code: 230001,
    });
  });

  it('230099 for a card over 30 KB or over 200 elements', async () => {
    const big = card({ title: 'big', elements: [markdown('字'.repeat(11_000))] });
    const many = card({ title: 'many', elements: Array.from({ length: 201 }, (_, i) => markdown(`#${i}`)) });
    const ok = card({ title: 'ok', elements: Array.from({ length: 200 }, (_, i) => markdown(`#${i}`)) });
    expect(await failure(feishu.platform.send({ chatId: chat.chatId }, interactive(big), 'big'))).toMatchObject({
      httpStatus: 400,
      code: 230099,
    });
    expect(await failure(feishu.platform.send({ chatId: chat.chatId }, interactive(many), 'many'))).toMatchObject({
      httpStatus: 400,
      code: 230099,
    });
    const { messageId } = await feishu.platform.send({ chatId: chat.chatId }, interactive(ok), 'ok');
    expect(await failure(feishu.platform.patchCard(messageId, many))).toMatchObject({ code: 230099 });
    expect(feishu.emulator.violations().map((v) => v.rule)).toEqual([
      'card_too_large',
      'card_too_many_elements',
      'card_too_many_elements',
    ]);
  });

  it('230031 when patching a card older than 14 days', async () => {
    const { messageId } = await feishu.platform.send(
      { chatId: chat.chatId },
      interactive(card({ title: 'old', elements: [] })),
      'old',
    );
    clock.advance(15 * 24 * 3600_000);
    expect(await failure(feishu.platform.patchCard(messageId, card({ title: 'new', elements: [] })))).toMatchObject({
      code: 230031,
    });
  });
});

describe('tokens and credentials', () => {
  it('a wrong app secret fails with code 10014, and neither the secret nor a token reaches the log', async () => {
    const lines: string[] = [];
    const platform = createFeishuPlatform({
      appId: feishu.emulator.app.appId,
      appSecret: 'not-the-secret',
      domain: feishu.url,
      log: createLogger('debug', (l) => lines.push(l)),
    });
    const e = await failure(platform.botInfo());
    expect(e).toMatchObject({ httpStatus: 400, code: 10014 });
    expect(e.message).toMatch(/FEISHU_APP_SECRET/);
    expect(lines.length).toBeGreaterThan(0);
    expect(lines.join('\n')).not.toMatch(/not-the-secret/);
    expect(JSON.stringify(e.body)).not.toMatch(/not-the-secret/);
  });

  it('nothing logged at debug carries the bearer token', async () => {
    const lines: string[] = [];
    const platform = createFeishuPlatform({
      ...feishu.emulator.app,
      domain: feishu.url,
      log: createLogger('debug', (l) => lines.push(l)),
    });
    feishu.emulator.failNext({ path: '/im/v1/messages', status: 500 });
    await failure(platform.send({ chatId: chat.chatId }, text('x'), 'u1'));
    expect(feishu.emulator.calls({ path: 'tenant_access_token' })).toHaveLength(1);
    expect(lines.join('\n')).toMatch(/call failed/);
    expect(lines.join('\n')).not.toMatch(/t-[0-9a-f]{40}/);
    expect(lines.join('\n')).not.toMatch(new RegExp(feishu.emulator.app.appSecret));
  });

  it('99991663 twice in a row (retry included) is a PlatformError', async () => {
    feishu.emulator.failNext({ path: '/bot/v3/info', code: 99991663, times: 2 });
    expect(await failure(feishu.platform.botInfo())).toMatchObject({ httpStatus: 400, code: 99991663 });
    expect(feishu.emulator.calls({ path: '/bot/v3/info' })).toHaveLength(2);
  });

  it('a real wrong bearer token is refused with 99991663', async () => {
    const res = await fetch(`${feishu.url}/open-apis/bot/v3/info`, { headers: { authorization: 'Bearer t-forged' } });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ code: 99991663 });
    const missing = await fetch(`${feishu.url}/open-apis/bot/v3/info`);
    expect(await missing.json()).toMatchObject({ code: 99991661 });
  });
});

describe('transport failures', () => {
  it('a 500 without a Feishu body is status 500, no code', async () => {
    feishu.emulator.failNext({ path: '/im/v1/messages', status: 500 });
    expect(await failure(feishu.platform.send({ chatId: chat.chatId }, text('x'), 'u1'))).toMatchObject({
      httpStatus: 500,
      code: undefined,
    });
  });

  it('an HTTP 200 whose code is not 0 is still a failure', async () => {
    feishu.emulator.failNext({ path: '/im/v1/chats/', status: 200, code: 232009, msg: 'chat dissolved' });
    const e = await failure(feishu.platform.chatInfo(chat.chatId));
    expect(e).toMatchObject({ httpStatus: 200, code: 232009 });
    expect(e.message).toMatch(/dissolved/);
  });

  it('a slow answer within the timeout succeeds', async () => {
    await feishu.platform.botInfo();
    let release!: () => void;
    const slow = feishu.emulator.failNext({ path: '/bot/v3/info', until: new Promise<void>((r) => (release = r)) });
    const call = feishu.platform.botInfo();
    await expect.poll(() => slow.remaining).toBe(0); // the call is at Feishu, unanswered
    release();
    await expect(call).resolves.toMatchObject({ openId: feishu.emulator.bot.openId });
  });

  it('a call that hangs past the client timeout fails as status 0 (no answer), not as a Feishu refusal', async () => {
    let release!: () => void;
    // Everything this client asks hangs (its token call included) until the test is over.
    const hang = feishu.emulator.failNext({
      path: /^\/open-apis\//,
      times: Infinity,
      until: new Promise<void>((r) => (release = r)),
    });
    try {
      const impatient: PlatformApi = createFeishuPlatform({
        ...feishu.emulator.app,
        domain: feishu.url,
        timeoutMs: 100,
      });
      const e = await failure(impatient.botInfo());
      expect(e).toMatchObject({ httpStatus: 0, code: undefined });
      expect(e.message).toMatch(/timeout|timed out|aborted/i);
    } finally {
      hang.cancel();
      release();
    }
  });

  it('an unreachable domain is status 0', async () => {
    const port = await new Promise<number>((resolve) => {
      const s = createServer().listen(0, '127.0.0.1', () => {
        const p = (s.address() as { port: number }).port;
        s.close(() => resolve(p));
      });
    });
    const nowhere = createFeishuPlatform({ ...feishu.emulator.app, domain: `http://127.0.0.1:${port}` });
    expect(await failure(nowhere.botInfo())).toMatchObject({ httpStatus: 0, code: undefined });
  });

  it('faults fire exactly `times` times, then calls pass again', async () => {
    const handle = feishu.emulator.failNext({ method: 'GET', path: '/bot/v3/info', status: 503, times: 2 });
    await failure(feishu.platform.botInfo());
    expect(handle.remaining).toBe(1);
    await failure(feishu.platform.botInfo());
    expect(handle.remaining).toBe(0);
    await expect(feishu.platform.botInfo()).resolves.toBeDefined();
    expect(feishu.emulator.calls({ path: '/bot/v3/info' }).map((c) => c.status)).toEqual([503, 503, 200]);
  });
});
