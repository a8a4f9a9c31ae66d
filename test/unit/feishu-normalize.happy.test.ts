import { describe, expect, it } from 'vitest';
import type { InboundCardAction, InboundMessage } from '../../src/core/inbound';
import { normalize } from '../../src/platforms/feishu/normalize';
import { fileMessageEvent, fixture, messageEvent, TEXT_FIXTURE_BOT } from '../helpers/feishu';

const BOT = 'ou_bot';

function message(body: unknown, botOpenId = BOT): InboundMessage {
  const r = normalize(body, { botOpenId });
  if (r.kind !== 'event' || r.event.type !== 'message') throw new Error(`expected a message, got ${JSON.stringify(r)}`);
  return r.event;
}

describe('normalize: text messages', () => {
  it('reads the documented group text message that @-mentions the bot', () => {
    const m = message(fixture('im.message.receive_v1.text'), TEXT_FIXTURE_BOT);
    expect(m).toEqual({
      type: 'message',
      platform: 'feishu',
      id: 'msg:om_5ce6d572455d361153b7cb51da133945',
      eventId: '5e3702a84e847582be8db7fb73283c02',
      tenantKey: '2ca1d211f64f6438',
      messageId: 'om_5ce6d572455d361153b7cb51da133945',
      chatId: 'oc_5ce6d572455d361153b7xx51da133945',
      chatType: 'group',
      sender: { openId: 'ou_84aad35d084aa403a838cf73ee18467' },
      mentions: [],
      botMentioned: true,
      text: '@floorwalker /help',
      command: '/help',
      parentId: 'om_5ce6d572455d361153b7cb5xxfsdfsdfdsf',
      createdAt: new Date(1609073151345).toISOString(),
    });
  });

  it('keeps other mentions, in order, with their names, and writes them as @name', () => {
    const m = message(
      messageEvent({
        text: '@_user_1 /role @_user_2 leader @_user_3',
        mentions: [
          { openId: BOT, name: 'floorwalker' },
          { openId: 'ou_li', name: '李雷' },
          { openId: 'ou_han', name: '韩梅梅' },
        ],
      }),
    );
    expect(m.mentions).toEqual([
      { key: '@_user_2', openId: 'ou_li', name: '李雷', isBot: false },
      { key: '@_user_3', openId: 'ou_han', name: '韩梅梅', isBot: false },
    ]);
    expect(m.text).toBe('@floorwalker /role @李雷 leader @韩梅梅');
    expect(m.command).toBe('/role @李雷 leader @韩梅梅');
  });

  it('does not confuse @_user_1 with @_user_10', () => {
    const mentions = Array.from({ length: 10 }, (_, i) => ({
      openId: i === 0 ? BOT : `ou_${i + 1}`,
      name: `n${i + 1}`,
    }));
    const m = message(messageEvent({ text: '@_user_1 /duty set @_user_10 @_user_2', mentions }));
    expect(m.command).toBe('/duty set @n10 @n2');
  });

  it('takes a bot-mentioned group message without "/" as a command', () => {
    const m = message(messageEvent({ text: '@_user_1 帮助', mentions: [{ openId: BOT, name: 'fw' }] }));
    expect(m.command).toBe('/帮助');
  });

  it('takes "@bot" alone as the empty command (help)', () => {
    expect(message(messageEvent({ text: '@_user_1', mentions: [{ openId: BOT, name: 'fw' }] })).command).toBe('/');
  });

  it('takes a group message that starts with "/" without a mention (all-messages scope)', () => {
    const m = message(messageEvent({ text: '  /inspect  ' }));
    expect(m.botMentioned).toBe(false);
    expect(m.command).toBe('/inspect');
  });

  it('accepts the full-width slash', () => {
    expect(message(messageEvent({ text: '／巡店' })).command).toBe('／巡店');
  });

  it('leaves group chatter that is not for the bot alone', () => {
    const m = message(messageEvent({ text: '@_user_1 午饭吃什么', mentions: [{ openId: 'ou_li', name: '李雷' }] }));
    expect(m.command).toBeNull();
    expect(m.text).toBe('@李雷 午饭吃什么');
  });

  it('takes every p2p message, adding "/" when missing', () => {
    expect(message(messageEvent({ text: 'help', chatType: 'p2p' }))).toMatchObject({
      chatType: 'p2p',
      command: '/help',
    });
    expect(message(messageEvent({ text: '/store list', chatType: 'p2p' })).command).toBe('/store list');
  });

  it('writes @_all as @所有人 even when mentions[] leaves it out, and never as a person', () => {
    const m = message(
      messageEvent({ text: '@_all 注意 @_user_1 /incident outage', mentions: [{ openId: BOT, name: 'fw' }] }),
    );
    expect(m.text).toBe('@所有人 注意 @fw /incident outage');
    expect(m.mentions).toEqual([]);
    const body = messageEvent({ text: '@_all hi' });
    (body.event as { message: { mentions: unknown[] } }).message.mentions = [
      { key: '@_all', name: 'all', tenant_key: 't' },
    ];
    expect(message(body)).toMatchObject({ text: '@all hi', mentions: [], command: null });
  });
});

describe('normalize: file messages and replies', () => {
  const xlsx = { fileKey: 'file_v2_0b6b4d1b-7c0f-4f2a-8f0e-1a2b3c4d5e6g', fileName: '客服绩效_20261130.xlsx' };

  it('reads a p2p file message: its file, no command (the platform knows no commands)', () => {
    const m = message(fileMessageEvent({ ...xlsx, chatType: 'p2p' }));
    expect(m).toMatchObject({
      chatType: 'p2p',
      file: { key: xlsx.fileKey, name: xlsx.fileName },
      command: null,
      text: '[file] 客服绩效_20261130.xlsx',
    });
    expect(m.parentId).toBeUndefined();
  });

  it('reads a group file message the same way, never as a command', () => {
    const m = message(fileMessageEvent({ ...xlsx, chatType: 'group' }));
    expect(m).toMatchObject({ chatType: 'group', file: { key: xlsx.fileKey, name: xlsx.fileName }, command: null });
  });

  it('takes a file message without a file_key as an ordinary message without a file', () => {
    const body = fileMessageEvent({ ...xlsx, chatType: 'p2p' });
    (body.event as { message: { content: string } }).message.content = '{"file_name":"x.xlsx"}';
    const m = message(body);
    expect(m.file).toBeUndefined();
    expect(m.text).toBe('[file]');
  });

  it('names the parent of a reply, for any message type', () => {
    const reply = message(
      messageEvent({ text: '@_user_1 /kpi import', parentId: 'om_file', mentions: [{ openId: BOT, name: 'fw' }] }),
    );
    expect(reply).toMatchObject({ command: '/kpi import', parentId: 'om_file' });
    expect(message(fileMessageEvent({ ...xlsx, parentId: 'om_question' })).parentId).toBe('om_question');
    expect(message(messageEvent({ text: 'hi' })).parentId).toBeUndefined();
  });
});

describe('normalize: rich text (post)', () => {
  it('reads the documented post with the bot mention and a bold run', () => {
    const m = message(fixture('im.message.receive_v1.post'));
    expect(m).toMatchObject({
      id: 'msg:om_post_example_1',
      chatId: 'oc_group_1',
      botMentioned: true,
      mentions: [],
      text: '@floorwalker /anomaly 天猫旗舰店 优惠券叠加后价格错误',
      command: '/anomaly 天猫旗舰店 优惠券叠加后价格错误',
    });
  });

  it('keeps the title out of the command, unwraps a locale, and resolves at by open_id', () => {
    const body = fixture('im.message.receive_v1.post');
    body.event.message.content = JSON.stringify({
      zh_cn: {
        title: '今日异常',
        content: [
          [
            { tag: 'at', user_id: BOT, user_name: 'floorwalker' },
            { tag: 'text', text: ' /anomaly 京东店 ' },
          ],
          [
            { tag: 'text', text: '物流停滞 ' },
            { tag: 'a', text: '截图', href: 'https://example.com' },
            { tag: 'img', image_key: 'img_1' },
          ],
        ],
      },
    });
    body.event.message.mentions[0]!.id.open_id = BOT;
    const m = message(body);
    expect(m.text).toBe('今日异常\n@floorwalker /anomaly 京东店 \n物流停滞 截图');
    expect(m.command).toBe('/anomaly 京东店 \n物流停滞 截图');
  });
});

describe('normalize: card.action.trigger', () => {
  it('reads the documented button callback', () => {
    const r = normalize(fixture('card.action.trigger'), { botOpenId: undefined });
    expect(r.kind).toBe('event');
    const a = (r as { event: InboundCardAction }).event;
    expect(a).toEqual({
      type: 'card_action',
      platform: 'feishu',
      id: 'evt:f7984f25108f8137722bb63cee927e66',
      eventId: 'f7984f25108f8137722bb63cee927e66',
      tenantKey: '2ca1d211f64f6438',
      operator: { openId: 'ou_3c14f3a59eaf2825dbe25359f15ab6dd' },
      chatId: 'oc_3ad3d4e1c2d8e14c8e6a1f4e0cb8a5cd',
      messageId: 'om_3a3b09e8ec7eb3a3c4d8ba9e1d6bbe0f',
      token: 'c-295ee57216a5dc9de90fefd0aadb4b1d7d******',
      value: { action: 'claim', anomaly: '42' },
    });
  });

  it('carries form values', () => {
    const body = fixture('card.action.trigger');
    (body.event.action as Record<string, unknown>).form_value = { note: '已处理' };
    const r = normalize(body, { botOpenId: undefined });
    expect(r).toMatchObject({ kind: 'event', event: { formValue: { note: '已处理' } } });
  });

  it('reads a checker’s new state as value.checked', () => {
    const body = fixture('card.action.trigger');
    Object.assign(body.event.action as Record<string, unknown>, {
      tag: 'checker',
      checked: false,
      value: { action: 'duty.tick', id: 3 },
    });
    expect(normalize(body, { botOpenId: undefined })).toMatchObject({
      kind: 'event',
      event: { value: { action: 'duty.tick', id: 3, checked: false } },
    });
  });
});
