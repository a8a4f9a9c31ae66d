/**
 * Events the emulator sends to the bot are what Feishu would send: encrypted and signed with the
 * documented algorithm (checked against the doc vectors and the SDK's own implementation), in the
 * shapes of the documented fixtures (test/fixtures/feishu), and card callbacks work end to end.
 */
import { createHash } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as lark from '@larksuiteoapi/node-sdk';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/clock';
import { button, card, checker, interactive, markdown } from '../../src/cards/card';
import { PlatformError } from '../../src/port/platform';
import {
  decryptEvent,
  encryptEvent,
  EmulatorUsageError,
  signEvent,
  type Chat,
  type User,
} from '../../src/emulator/feishu';
import { seedGroup, startFakeFeishu, type FakeFeishu } from '../helpers/fake-feishu';
import { feishuCard } from '../../src/platforms/feishu/card-json';
import { fixture } from '../helpers/feishu';

/** A real webhook on a socket, so signatures are checked over the bytes that crossed the wire. */
interface Received {
  raw: Buffer;
  headers: IncomingHttpHeaders;
}
let hook: Server;
let hookUrl: string;
let received: Received[];
let answerWith: (payload: Record<string, unknown>) => { status?: number; body: unknown };

let feishu: FakeFeishu;
let chat: Chat;
let boss: User;
let agent: User;
let clock: ManualClock;

beforeEach(async () => {
  received = [];
  answerWith = () => ({ body: {} });
  hook = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks);
      received.push({ raw, headers: req.headers });
      const { encrypt } = JSON.parse(raw.toString('utf8')) as { encrypt: string };
      const a = answerWith(
        JSON.parse(decryptEvent(feishu.emulator.app.encryptKey, encrypt)) as Record<string, unknown>,
      );
      res.writeHead(a.status ?? 200, { 'content-type': 'application/json' }).end(JSON.stringify(a.body));
    });
  });
  await new Promise<void>((r) => hook.listen(0, '127.0.0.1', r));
  hookUrl = `http://127.0.0.1:${(hook.address() as AddressInfo).port}/feishu/events`;

  clock = new ManualClock();
  feishu = await startFakeFeishu({ clock, webhook: hookUrl, bot: { name: '现场管家' } });
  ({
    chat,
    users: [boss, agent],
  } = seedGroup(feishu.emulator, { name: '天猫客服一组', members: ['王主管', '李客服'] }));
});
afterEach(async () => {
  await feishu.close();
  hook.closeAllConnections();
  await new Promise((r) => hook.close(r));
});

/** Every key path of a JSON value, e.g. "event.message.mentions[].id.open_id". */
function keyPaths(v: unknown, prefix = ''): string[] {
  if (Array.isArray(v)) return v.flatMap((x) => keyPaths(x, `${prefix}[]`));
  if (v && typeof v === 'object')
    return Object.entries(v).flatMap(([k, x]) => [
      `${prefix}${prefix ? '.' : ''}${k}`,
      ...keyPaths(x, `${prefix}${prefix ? '.' : ''}${k}`),
    ]);
  return [];
}

const decryptedBody = (r: Received) =>
  JSON.parse(
    new lark.AESCipher(feishu.emulator.app.encryptKey).decrypt(
      (JSON.parse(r.raw.toString('utf8')) as { encrypt: string }).encrypt,
    ),
  ) as {
    header: Record<string, string>;
    event: Record<string, any>;
  };

describe('the documented algorithm', () => {
  it('decrypts the doc vectors', () => {
    expect(decryptEvent('test key', 'P37w+VZImNgPEO1RBhJ6RtKl7n6zymIbEG1pReEzghk=')).toBe('hello world');
    expect(new lark.AESCipher('test key').decrypt('P37w+VZImNgPEO1RBhJ6RtKl7n6zymIbEG1pReEzghk=')).toBe('hello world');
    const second =
      'tT1xP+ovuc0T3b/rnZX3ax76exqAn0ANQ6/U45GcciC0mgNBc8JtvqOJGNAPMKpgRs2dVU1NYk9VDeqS8T4SYtU0hzNU54aS84WnxvZ3VFfDcy/RyABlNqlUiGyLDzFI0yxdCMT4KR/YEQXlt6nZi50KwRlZ+A75r645KesZuLMljezYyY8VeeXEVjPw35+e';
    expect(JSON.parse(decryptEvent('mazhe.nerd', second))).toEqual({
      challenge: '5634b122-c042-4634-bc7f-b07a3c3e77ad',
      token: 'iRdCP2WwXNBXRM3mGLqhrgch3cn0gbT6',
      type: 'url_verification',
    });
  });

  it('encrypts so that the SDK decrypts it, with a fresh IV each time', () => {
    const a = encryptEvent('sandbox-encrypt-key', '{"x":"你好"}');
    const b = encryptEvent('sandbox-encrypt-key', '{"x":"你好"}');
    expect(a).not.toBe(b);
    expect(new lark.AESCipher('sandbox-encrypt-key').decrypt(a)).toBe('{"x":"你好"}');
  });

  it('signs as sha256(timestamp + nonce + encryptKey + body) in hex', () => {
    const expected = createHash('sha256')
      .update('1700000000' + 'abc' + 'k' + '{"encrypt":"z"}')
      .digest('hex');
    expect(signEvent('1700000000', 'abc', 'k', '{"encrypt":"z"}')).toBe(expected);
  });
});

describe('emitMessage', () => {
  it('POSTs an encrypted, signed im.message.receive_v1 that verifies over the raw body', async () => {
    const r = await feishu.emulator.emitMessage({
      chatId: chat.chatId,
      senderOpenId: boss.openId,
      text: '@现场管家 /anomaly 天猫旗舰店 @李客服 看下价格',
    });
    expect(r).toMatchObject({ delivered: true, status: 200 });
    expect(received).toHaveLength(1);
    const [{ raw, headers }] = received as [Received];

    const ts = headers['x-lark-request-timestamp'] as string;
    const nonce = headers['x-lark-request-nonce'] as string;
    expect(Math.abs(Number(ts) - Date.now() / 1000)).toBeLessThan(5);
    expect(nonce).toMatch(/^\w{8,}$/);
    const expected = createHash('sha256')
      .update(ts + nonce + feishu.emulator.app.encryptKey)
      .update(raw)
      .digest('hex');
    expect(headers['x-lark-signature']).toBe(expected);
    expect(Object.keys(JSON.parse(raw.toString('utf8')) as object)).toEqual(['encrypt']);

    const body = decryptedBody(received[0]!);
    expect(body.header).toMatchObject({
      event_type: 'im.message.receive_v1',
      token: 'sandbox-verification-token',
      app_id: 'cli_a0000000000000sb',
      tenant_key: feishu.emulator.tenantKey,
    });
    const msg = body.event.message;
    expect(msg).toMatchObject({
      message_id: r.message.messageId,
      chat_id: chat.chatId,
      chat_type: 'group',
      message_type: 'text',
    });
    expect(JSON.parse(msg.content)).toEqual({ text: '@_user_1 /anomaly 天猫旗舰店 @_user_2 看下价格' });
    expect(msg.mentions).toEqual([
      {
        key: '@_user_1',
        id: { open_id: feishu.emulator.bot.openId, union_id: feishu.emulator.bot.unionId, user_id: '' },
        name: '现场管家',
        tenant_key: feishu.emulator.tenantKey,
      },
      {
        key: '@_user_2',
        id: { open_id: agent.openId, union_id: agent.unionId, user_id: agent.userId },
        name: '李客服',
        tenant_key: feishu.emulator.tenantKey,
      },
    ]);
    expect(body.event.sender).toEqual({
      sender_id: { open_id: boss.openId, union_id: boss.unionId, user_id: boss.userId },
      sender_type: 'user',
      tenant_key: feishu.emulator.tenantKey,
    });
    expect(feishu.emulator.messages(chat.chatId)).toEqual([r.message]);
  });

  it('has the shape of the shared fixture (no key the fixture lacks, none it has missing)', async () => {
    await feishu.emulator.emitMessage({ chatId: chat.chatId, senderOpenId: boss.openId, text: '@现场管家 /help' });
    const ours = new Set(keyPaths(decryptedBody(received[0]!)));
    const theirs = new Set(keyPaths(fixture('im.message.receive_v1.text')));
    const optional = [
      'event.message.root_id',
      'event.message.parent_id',
      'event.message.thread_id',
      'event.message.user_agent',
    ];
    expect([...ours].filter((k) => !theirs.has(k))).toEqual([]);
    expect([...theirs].filter((k) => !ours.has(k) && !optional.includes(k))).toEqual([]);
  });

  it('is accepted by the SDK’s own EventDispatcher (signature, decryption, parsing)', async () => {
    await feishu.emulator.emitMessage({ chatId: chat.chatId, senderOpenId: boss.openId, text: '@现场管家 /duty' });
    const { raw, headers } = received[0]!;
    let seen: { message?: { content?: string } } | undefined;
    const dispatcher = new lark.EventDispatcher({
      encryptKey: feishu.emulator.app.encryptKey,
      verificationToken: feishu.emulator.app.verificationToken,
      // Not loggerLevel: fatal (0) — the SDK reads `level || info`.
      logger: { error() {}, warn() {}, info() {}, debug() {}, trace() {} },
    }).register({ 'im.message.receive_v1': async (data) => void (seen = data as typeof seen) });
    // As the SDK's adapters do: headers on the prototype, so they are not part of the signed JSON.
    const asReceived = (h: IncomingHttpHeaders) =>
      Object.assign(Object.create({ headers: h }) as object, JSON.parse(raw.toString('utf8')));
    await dispatcher.invoke(asReceived(headers));
    expect(JSON.parse(seen?.message?.content ?? '{}')).toEqual({ text: '@_user_1 /duty' });

    const tampered = { ...headers, 'x-lark-signature': '0'.repeat(64) };
    seen = undefined;
    await dispatcher.invoke(asReceived(tampered));
    expect(seen).toBeUndefined();
  });

  it('is not delivered when the bot is not in the chat, or without an @ under the at-only scope', async () => {
    feishu.emulator.updateChat(chat.chatId, { botIsMember: false });
    const a = await feishu.emulator.emitMessage({ chatId: chat.chatId, senderOpenId: boss.openId, text: '/help' });
    expect(a).toMatchObject({ delivered: false, reason: expect.stringMatching(/not in this chat/) });

    feishu.emulator.updateChat(chat.chatId, { botIsMember: true });
    feishu.emulator.setDeliverAllGroupMessages(false);
    const b = await feishu.emulator.emitMessage({ chatId: chat.chatId, senderOpenId: boss.openId, text: '/help' });
    const c = await feishu.emulator.emitMessage({
      chatId: chat.chatId,
      senderOpenId: boss.openId,
      text: '@现场管家 /help',
    });
    expect([b.delivered, c.delivered]).toEqual([false, true]);
    expect(received).toHaveLength(1);
    expect(feishu.emulator.messages(chat.chatId)).toHaveLength(3);
  });

  it('@all becomes @_all; unknown names stay text', async () => {
    await feishu.emulator.emitMessage({
      chatId: chat.chatId,
      senderOpenId: boss.openId,
      text: '@所有人 注意 @张三 在吗',
    });
    const msg = decryptedBody(received[0]!).event.message;
    expect(JSON.parse(msg.content)).toEqual({ text: '@_all 注意 @张三 在吗' });
    expect(msg.mentions).toBeUndefined();
  });

  it('can be delivered again with the same event id (at-least-once)', async () => {
    const { event } = await feishu.emulator.emitMessage({
      chatId: chat.chatId,
      senderOpenId: boss.openId,
      text: '/help',
    });
    await feishu.emulator.deliverEvent(event);
    expect(received.map((r) => decryptedBody(r).header.event_id)).toEqual([
      event.header.event_id,
      event.header.event_id,
    ]);
  });

  it('records a non-200 answer as a violation', async () => {
    answerWith = () => ({ status: 500, body: { error: 'boom' } });
    const r = await feishu.emulator.emitMessage({ chatId: chat.chatId, senderOpenId: boss.openId, text: '/help' });
    expect(r.status).toBe(500);
    expect(feishu.emulator.violations('answer_not_200')).toHaveLength(1);
    expect(feishu.emulator.deliveries()[0]).toMatchObject({ eventType: 'im.message.receive_v1', status: 500 });
  });

  it('rejects members that are not in the tenant or not in the chat', async () => {
    await expect(
      feishu.emulator.emitMessage({ chatId: chat.chatId, senderOpenId: 'ou_ghost', text: 'x' }),
    ).rejects.toBeInstanceOf(EmulatorUsageError);
    const outsider = feishu.emulator.addUser({ name: '外人' });
    await expect(
      feishu.emulator.emitMessage({ chatId: chat.chatId, senderOpenId: outsider.openId, text: 'x' }),
    ).rejects.toThrow(/not a member/);
  });
});

describe('clickButton', () => {
  const claimCard = card({
    title: '异常 #42 天猫旗舰店',
    color: 'red',
    elements: [
      markdown('优惠券叠加后价格错误'),
      button({ text: '认领', value: { action: 'claim', anomaly: '42' }, type: 'primary_filled' }),
    ],
  });
  // A callback answer is Feishu JSON already (the bot's webhook renders it, see feishu-card-json.test.ts).
  const claimedCard = feishuCard(
    card({ title: '异常 #42 天猫旗舰店', color: 'green', elements: [markdown('李客服 已认领')] }),
  );

  it('sends a signed card.action.trigger and puts the answered card in place', async () => {
    const { messageId } = await feishu.platform.send({ chatId: chat.chatId }, interactive(claimCard), 'a-42');
    answerWith = () => ({
      body: { toast: { type: 'success', content: '已认领' }, card: { type: 'raw', data: claimedCard } },
    });

    const r = await feishu.emulator.clickButton({
      messageId,
      operatorOpenId: agent.openId,
      value: { anomaly: '42', action: 'claim' },
    });
    expect(r.toast).toEqual({ type: 'success', content: '已认领' });
    expect(r.card).toEqual(claimedCard);
    expect(feishu.emulator.message(messageId)!.content).toEqual(claimedCard);

    const { raw, headers } = received[0]!;
    const expected = createHash('sha256')
      .update(
        String(headers['x-lark-request-timestamp']) +
          String(headers['x-lark-request-nonce']) +
          feishu.emulator.app.encryptKey,
      )
      .update(raw)
      .digest('hex');
    expect(headers['x-lark-signature']).toBe(expected);
    const body = decryptedBody(received[0]!);
    expect(body.header).toMatchObject({
      event_type: 'card.action.trigger',
      token: 'sandbox-verification-token',
      app_id: 'cli_a0000000000000sb',
    });
    expect(body.header.create_time).toMatch(/^\d{16}$/); // µs, as Feishu sends it
    expect(body.event).toMatchObject({
      operator: { open_id: agent.openId },
      token: expect.stringMatching(/^c-/),
      action: { value: { action: 'claim', anomaly: '42' }, tag: 'button' },
      context: { open_message_id: messageId, open_chat_id: chat.chatId },
    });
    const theirs = new Set(keyPaths(fixture('card.action.trigger')));
    const ours = keyPaths(body).map((k) => k.replace(/^event\.action\.value\..*/, 'event.action.value.*'));
    expect(ours.filter((k) => !theirs.has(k) && k !== 'event.action.value.*')).toEqual([]);
  });

  it('a checker is pressed like a button and sends its new state beside the value (action.checked)', async () => {
    const tick = card({
      title: '突发 #7',
      elements: [checker({ text: '1. 报修', checked: false, value: { action: 'incident.step', id: 7, n: 1 } })],
    });
    const { messageId } = await feishu.platform.send({ chatId: chat.chatId }, interactive(tick), 'tick-7');
    answerWith = () => ({ body: { toast: { type: 'success', content: '第 1 步已完成。' } } });
    const before = received.length;
    const r = await feishu.emulator.clickButton({
      messageId,
      operatorOpenId: agent.openId,
      value: { action: 'incident.step', id: 7, n: 1 },
    });
    expect(r.toast?.content).toBe('第 1 步已完成。');
    expect(decryptedBody(received[before]!).event.action).toMatchObject({
      value: { action: 'incident.step', id: 7, n: 1 },
      tag: 'checker',
      checked: true,
    });
  });

  it('a bare card in the answer also replaces it; a toast-only answer leaves it', async () => {
    const { messageId } = await feishu.platform.send({ chatId: chat.chatId }, interactive(claimCard), 'a-42');
    answerWith = () => ({ body: { toast: { type: 'info', content: '处理中' } } });
    await feishu.emulator.clickButton({ messageId, operatorOpenId: agent.openId, buttonText: '认领' });
    expect(feishu.emulator.message(messageId)!.content).toEqual(feishuCard(claimCard));
    answerWith = () => ({ body: { card: claimedCard } });
    await feishu.emulator.clickButton({ messageId, operatorOpenId: agent.openId, buttonText: '认领' });
    expect(feishu.emulator.message(messageId)!.content).toEqual(claimedCard);
  });

  it('only presses buttons that are on the card', async () => {
    const { messageId } = await feishu.platform.send({ chatId: chat.chatId }, interactive(claimCard), 'a-42');
    await expect(
      feishu.emulator.clickButton({ messageId, operatorOpenId: agent.openId, value: { action: 'resolve' } }),
    ).rejects.toThrow(/no such button.*认领/);
    expect(received).toHaveLength(0);
  });

  it('the callback token updates the card twice within 30 minutes, then no more', async () => {
    const { messageId } = await feishu.platform.send({ chatId: chat.chatId }, interactive(claimCard), 'a-42');
    const { event } = await feishu.emulator.clickButton({
      messageId,
      operatorOpenId: agent.openId,
      buttonText: '认领',
    });
    const token = event.event.token;
    const v = (n: number) => card({ title: `v${n}`, elements: [] });
    await feishu.platform.updateCardByToken(token, v(1));
    await feishu.platform.updateCardByToken(token, v(2));
    const third = await feishu.platform.updateCardByToken(token, v(3)).catch((e: unknown) => e);
    expect(third).toBeInstanceOf(PlatformError);
    expect(third).toMatchObject({ httpStatus: 400, code: 230001 });
    expect(feishu.emulator.message(messageId)!.content).toEqual(feishuCard(v(2)));

    const { event: later } = await feishu.emulator.clickButton({
      messageId: (await feishu.platform.send({ chatId: chat.chatId }, interactive(claimCard), 'b')).messageId,
      operatorOpenId: agent.openId,
      buttonText: '认领',
    });
    clock.advance(31 * 60_000);
    await expect(feishu.platform.updateCardByToken(later.event.token, v(4))).rejects.toMatchObject({ code: 230001 });
    expect(feishu.emulator.violations().map((x) => x.rule)).toEqual(['card_token_used_up', 'card_token_expired']);
  });
});

describe('verifyUrl', () => {
  it('sends the encrypted challenge without a signature and checks the echo', async () => {
    answerWith = (p) => ({ body: { challenge: p.challenge } });
    const r = await feishu.emulator.verifyUrl();
    expect(r.ok).toBe(true);
    expect(received[0]!.headers['x-lark-signature']).toBeUndefined();
    expect(decryptedBody(received[0]!)).toMatchObject({
      type: 'url_verification',
      token: 'sandbox-verification-token',
      challenge: r.challenge,
    });

    answerWith = () => ({ body: { challenge: 'wrong' } });
    expect((await feishu.emulator.verifyUrl()).ok).toBe(false);
  });
});
