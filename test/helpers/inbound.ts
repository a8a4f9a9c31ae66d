import type { InboundMessage } from '../../src/core/inbound';
import type { Db } from '../../src/db/client';

/** A normalised group message for the bot, as handleEvent receives it; `id` is the message_id. */
export function inboundMessage(id: string, text = '/help', chatId = 'oc_test_group'): InboundMessage {
  return {
    type: 'message',
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

/** The same database, counting the queries started through it with the given methods. */
export function countingDb(db: Db, methods: string[] = ['select', 'insert', 'update', 'delete', 'execute', 'transaction']): { db: Db; count: () => number } {
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
