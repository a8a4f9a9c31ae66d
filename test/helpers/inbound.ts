import type { InboundCardAction, InboundMessage } from '../../src/core/inbound';
import type { Db } from '../../src/db/client';

/** A normalised group message for the bot, as handleEvent receives it; `id` is the message_id. */
export function inboundMessage(id: string, text = '/help', chatId = 'oc_test_group'): InboundMessage {
  return {
    type: 'message',
    platform: 'feishu',
    id: `msg:${id}`,
    eventId: `evt_${id}`,
    tenantKey: 'tenant_test',
    messageId: id,
    chatId,
    chatType: 'group',
    sender: { openId: 'ou_agent' },
    mentions: [],
    botMentioned: true,
    text,
    command: text,
    createdAt: '2026-11-23T02:00:00.000Z',
  };
}

/** A card button press for the bot, as handleEvent receives it; `id` is the event_id. */
export function inboundCardAction(id: string, over: Partial<InboundCardAction> = {}): InboundCardAction {
  return {
    type: 'card_action',
    platform: 'feishu',
    id: `evt:${id}`,
    eventId: id,
    tenantKey: 'tenant_test',
    operator: { openId: 'ou_agent' },
    chatId: 'oc_test_group',
    messageId: 'om_card',
    token: 'c-token',
    value: { action: 'help' },
    ...over,
  };
}

/** The same database, counting the queries started through it with the given methods. */
export function countingDb(
  db: Db,
  methods: string[] = ['select', 'insert', 'update', 'delete', 'execute', 'transaction'],
): { db: Db; count: () => number } {
  let n = 0;
  const proxy = new Proxy(db, {
    get(target, key, receiver) {
      if (methods.includes(String(key))) n++;
      const v = Reflect.get(target, key, receiver) as unknown;
      return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v;
    },
  });
  return { db: proxy, count: () => n };
}
