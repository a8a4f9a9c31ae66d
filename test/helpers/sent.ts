/**
 * What the bot sent, read alike on either platform's emulator: cards sent as new messages (not
 * the updates in place), card updates, and whom a message @-mentions.
 */
import type { AnyBot } from './bot';
import { sendsOf } from './fake-feishu';

type Msg = { messageId: string; chatId: string; content: Record<string, unknown> };

/** The cards sent into `chatId` as new messages whose content, as sent, includes `text`. */
export function sentCards(bot: AnyBot, chatId: string, text: string): Msg[] {
  if (bot.platform === 'feishu') {
    const sent = new Set(
      sendsOf(bot.emulator)
        .filter((s) => s.to === chatId && JSON.stringify(s.content).includes(text))
        .map((s) => s.uuid),
    );
    return bot.emulator.messages(chatId).filter((m) => m.uuid && sent.has(m.uuid));
  }
  const ids = bot.emulator
    .calls({ method: 'POST', path: '/v1.0/card/instances/createAndDeliver' })
    .map((c) => c.body as { outTrackId?: string; openSpaceId?: string; cardData?: unknown })
    .filter((b) => String(b.openSpaceId).endsWith(`.${chatId}`) && JSON.stringify(b.cardData).includes(text))
    .map((b) => String(b.outTrackId));
  return [...new Set(ids)].map((id) => bot.emulator.card(id)).filter((m): m is NonNullable<typeof m> => !!m);
}

/** Card updates in place so far: Feishu's PATCH of a message, DingTalk's PUT of a card instance. */
export const cardUpdates = (bot: AnyBot): number =>
  bot.platform === 'feishu'
    ? bot.emulator.calls({ method: 'PATCH', path: /^\/open-apis\/im\/v1\/messages\/[^/]+$/ }).length
    : bot.emulator.calls({ method: 'PUT', path: /^\/v1\.0\/card\/instances$/ }).length;

/** Whether the message @-mentions `openId`: Feishu's `<at>` in the content, DingTalk's atUserIds. */
export function mentions(bot: AnyBot, m: Msg, openId: string): boolean {
  if (bot.platform === 'feishu') return JSON.stringify(m.content).includes(openId);
  return (bot.emulator.message(m.messageId)?.atUserIds ?? []).includes(openId);
}
