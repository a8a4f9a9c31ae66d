/**
 * The real SDK (through createFeishuPlatform) against the emulator: every PlatformApi method
 * reaches the right endpoint and changes the emulated tenant the way Feishu would.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { button, card, interactive, markdown, mention } from '../../src/cards/card';
import { feishuCard } from '../../src/platforms/feishu/card-json';
import { decryptEvent, type Chat, type User } from '../../src/emulator/feishu';
import { seedGroup, startFakeFeishu, type FakeFeishu } from '../helpers/fake-feishu';

let feishu: FakeFeishu;
let chat: Chat;
let boss: User;
let agent: User;

beforeEach(async () => {
  feishu = await startFakeFeishu();
  ({
    chat,
    users: [boss, agent],
  } = seedGroup(feishu.emulator, { name: '天猫客服一组', members: ['王主管', '李客服'] }));
});
afterEach(() => feishu.close());

const text = (t: string) => ({ msgType: 'text' as const, content: { text: t } });

describe('createFeishuPlatform against the emulator', () => {
  it('botInfo reads bot/v3/info after fetching a tenant token, and never records the secret', async () => {
    const bot = await feishu.platform.botInfo();
    expect(bot).toEqual({ openId: feishu.emulator.bot.openId, name: 'floorwalker' });
    expect(bot.openId).toMatch(/^ou_[0-9a-f]{32}$/);

    const calls = feishu.emulator.calls();
    expect(calls.map((c) => `${c.method} ${c.path} ${c.status}`)).toEqual([
      'POST /open-apis/auth/v3/tenant_access_token/internal 200',
      'GET /open-apis/bot/v3/info 200',
    ]);
    expect(calls[0]!.body).toEqual({ app_id: feishu.emulator.app.appId, app_secret: '[redacted]' });
  });

  it('fetches the token once and reuses it for later calls', async () => {
    await feishu.platform.botInfo();
    await feishu.platform.chatInfo(chat.chatId);
    await feishu.platform.send({ chatId: chat.chatId }, text('早'), 'u-1');
    expect(feishu.emulator.calls({ path: 'tenant_access_token' })).toHaveLength(1);
    expect(feishu.emulator.calls()).toHaveLength(4);
  });

  it('chatInfo returns the group name and its owner', async () => {
    expect(await feishu.platform.chatInfo(chat.chatId)).toEqual({ name: '天猫客服一组', ownerOpenId: boss.openId });
  });

  it('send posts a text message into the group as the bot, carrying the uuid', async () => {
    const { messageId } = await feishu.platform.send({ chatId: chat.chatId }, text('巡店开始'), 'inspect-2024-05-01');
    const [m, ...rest] = feishu.emulator.messages(chat.chatId);
    expect(rest).toEqual([]);
    expect(m).toMatchObject({
      messageId,
      chatId: chat.chatId,
      msgType: 'text',
      content: { text: '巡店开始' },
      uuid: 'inspect-2024-05-01',
      sender: { type: 'bot', openId: feishu.emulator.bot.openId },
    });
    expect(feishu.emulator.calls({ method: 'POST', path: '/im/v1/messages' })[0]!.query).toEqual({
      receive_id_type: 'chat_id',
    });
  });

  it('send to an open_id posts a card into the p2p chat with that user', async () => {
    const c = card({ title: '情绪打卡', elements: [markdown('今天感觉如何？')] });
    const { messageId } = await feishu.platform.send({ openId: agent.openId }, interactive(c), 'mood-1');
    const m = feishu.emulator.message(messageId)!;
    const p2p = feishu.emulator.chat(m.chatId)!;
    expect(p2p).toMatchObject({ type: 'p2p', memberOpenIds: [agent.openId] });
    expect(m.msgType).toBe('interactive');
    // Feishu receives its own JSON 2.0, rendered from the neutral card.
    expect(m.content).toEqual(feishuCard(c));
    expect(m.content).toMatchObject({ schema: '2.0', header: { title: { tag: 'plain_text', content: '情绪打卡' } } });
  });

  it('renders mention tokens into Feishu markup: <at user_id> in text, <at id> in cards, nothing raw left', async () => {
    const who = `${mention(agent.openId, agent.name)} 请处理`;
    const { messageId: textId } = await feishu.platform.send({ chatId: chat.chatId }, text(who), 'mention-text');
    const { messageId: cardId } = await feishu.platform.send(
      { chatId: chat.chatId },
      interactive(card({ title: '异常', elements: [markdown(who)] })),
      'mention-card',
    );
    const sentText = feishu.emulator.message(textId)!;
    const sentCard = feishu.emulator.message(cardId)!;
    expect(sentText.content).toEqual({ text: `<at user_id="${agent.openId}">${agent.name}</at> 请处理` });
    expect(sentCard.content).toMatchObject({
      body: { elements: [{ tag: 'markdown', content: `<at id=${agent.openId}></at> 请处理` }] },
    });
    for (const m of [sentText, sentCard]) expect(JSON.stringify(m.content)).not.toMatch(/[\u27e6\u27e7]/);
  });

  it('reply threads under the original message', async () => {
    const { messageId: parent } = await feishu.platform.send({ chatId: chat.chatId }, text('异常 #42'), 'a-42');
    const { messageId } = await feishu.platform.reply(parent, text('已升级到电话'), 'a-42-phone');
    expect(messageId).not.toBe(parent);
    expect(feishu.emulator.message(messageId)).toMatchObject({
      parentId: parent,
      rootId: parent,
      chatId: chat.chatId,
      uuid: 'a-42-phone',
    });
  });

  it('patchCard replaces the card in place', async () => {
    const before = card({ title: '异常 #42', color: 'red', elements: [markdown('待认领')] });
    const after = card({ title: '异常 #42', color: 'green', elements: [markdown('李客服 已认领')] });
    const { messageId } = await feishu.platform.send({ chatId: chat.chatId }, interactive(before), 'a-42');
    await feishu.platform.patchCard(messageId, after);
    const m = feishu.emulator.message(messageId)!;
    expect(m.content).toEqual(feishuCard(after));
    expect(feishu.emulator.messages(chat.chatId)).toHaveLength(1);
    expect(feishu.emulator.calls({ method: 'PATCH' }).map((c) => c.status)).toEqual([200]);
  });

  it.each(['app', 'sms', 'phone'] as const)('urgent %s buzzes known users and reports unknown ones', async (kind) => {
    const { messageId } = await feishu.platform.send({ chatId: chat.chatId }, text('店铺异常，请处理'), `buzz-${kind}`);
    const quotaBefore = feishu.emulator.quota();
    const stranger = 'ou_00000000000000000000000000000000';
    const r = await feishu.platform.urgent(messageId, kind, [agent.openId, stranger]);
    expect(r).toEqual({ invalidOpenIds: [stranger] });

    const [logged, ...more] = feishu.emulator.urgentCalls();
    expect(more).toEqual([]);
    expect(logged).toMatchObject({ kind, messageId, callees: [agent.openId], invalid: [stranger], result: 'ok' });
    const call = feishu.emulator.calls({ path: `urgent_${kind}` })[0]!;
    expect(call).toMatchObject({ method: 'PATCH', query: { user_id_type: 'open_id' }, status: 200 });
    const spent = kind === 'app' ? 0 : 1;
    expect(feishu.emulator.quota()[kind === 'app' ? 'phone' : kind]).toBe(
      quotaBefore[kind === 'app' ? 'phone' : kind] - spent,
    );
  });

  it('updateCardByToken replaces the card a member pressed, using the callback token', async () => {
    const claim = card({
      title: '异常 #42',
      elements: [button({ text: '认领', value: { action: 'claim', anomaly: '42' } })],
    });
    const { messageId } = await feishu.platform.send({ chatId: chat.chatId }, interactive(claim), 'a-42');
    let callbackToken = '';
    feishu.emulator.setWebhook(async (req) => {
      const { encrypt } = (await req.json()) as { encrypt: string };
      callbackToken = (
        JSON.parse(decryptEvent(feishu.emulator.app.encryptKey, encrypt)) as { event: { token: string } }
      ).event.token;
      return Response.json({});
    });
    await feishu.emulator.clickButton({ messageId, operatorOpenId: agent.openId, buttonText: '认领' });
    expect(callbackToken).toMatch(/^c-/);

    const done = card({ title: '异常 #42', color: 'green', elements: [markdown('已认领')] });
    await feishu.platform.updateCardByToken(callbackToken, done);
    expect(feishu.emulator.message(messageId)!.content).toEqual(feishuCard(done));
    expect(feishu.emulator.calls({ path: '/interactive/v1/card/update' })[0]).toMatchObject({
      method: 'POST',
      status: 200,
      code: 0,
    });
  });

  it('gets a new token and retries once when Feishu rejects the cached one', async () => {
    await feishu.platform.botInfo();
    feishu.emulator.expireTokens();
    const { messageId } = await feishu.platform.send({ chatId: chat.chatId }, text('still here'), 'after-rotation');
    expect(feishu.emulator.message(messageId)).toBeDefined();
    expect(feishu.emulator.calls().map((c) => `${c.path.split('/').pop()} ${c.code}`)).toEqual([
      'internal 0',
      'info 0',
      'messages 99991663',
      'internal 0',
      'messages 0',
    ]);
  });
});
