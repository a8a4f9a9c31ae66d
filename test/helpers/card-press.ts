/**
 * Card buttons in a shared test, on either platform: the buttons a card shows (Feishu's card JSON,
 * DingTalk's template blocks) and a press as handleEvent receives it — for presses a test hands
 * to handleEvent itself (two at once, a stale copy of the card, a forged one).
 */
import { buttonsOf } from '../../src/emulator/feishu/card-rules';
import type { InboundCardAction } from '../../src/core/inbound';
import { normalizeDingTalk } from '../../src/platforms/dingtalk/normalize';
import type { AnyBot, Person } from './bot';
import { cardButtons } from './dingtalk-bot';
import { inboundCardAction } from './inbound';

/** The value of the button labelled `text` on the card `m` as it is now. */
export function buttonValue(bot: AnyBot, m: { messageId: string }, text: string): Record<string, unknown> {
  const now = bot.emulator.message(m.messageId);
  if (!now) throw new Error('no such message');
  const buttons =
    bot.platform === 'feishu' ? buttonsOf(now.content) : cardButtons(now as Parameters<typeof cardButtons>[0]);
  const b = buttons.find((x) => x.text === text);
  if (!b) throw new Error(`no button 「${text}」`);
  return b.value as Record<string, unknown>;
}

/**
 * `who` pressing a button worth `value` on the card `m`, normalised as the platform's adapter
 * would; `id` makes it a separate callback (DingTalk's own id is per card, person and value).
 */
export function pressEvent(
  bot: AnyBot,
  m: { messageId: string; chatId: string },
  who: Person,
  value: Record<string, unknown>,
  id: string,
  chatId = m.chatId,
): InboundCardAction {
  if (bot.platform === 'feishu')
    return inboundCardAction(`${id}-${m.messageId}`, {
      tenantKey: bot.emulator.tenantKey,
      operator: { openId: who.openId },
      chatId,
      messageId: m.messageId,
      value,
    });
  const card = bot.emulator.message(m.messageId);
  if (!card?.outTrackId) throw new Error('not an interactive card');
  const n = normalizeDingTalk(
    bot.emulator.callbackBody({ outTrackId: card.outTrackId, operatorOpenId: who.openId, value }),
    { robotCode: bot.emulator.app.robotCode },
  );
  if (n.kind !== 'event' || n.event.type !== 'card_action') throw new Error(`the press did not normalise: ${n.kind}`);
  return { ...n.event, id: `${id}-${n.event.id}`.slice(0, 500), eventId: `${id}-${n.event.eventId}` };
}
