import { handleEvent } from '../../core/handle-event';
import type { Deps } from '../../core/deps';
import type { CardActionAnswer, InboundEvent } from '../../core/inbound';
import { plainMentions } from '../../cards/mention';
import { feishuCard, type FeishuJson } from './card-json';

/** Feishu wants a callback answer within 3 s; leave room for the network on both sides. */
export const CARD_ANSWER_BUDGET_MS = 2_500;

/** A callback answer as Feishu reads it: `{toast, card: {type: "raw", data}}`, or `{}`. */
export interface FeishuCallbackAnswer {
  toast?: CardActionAnswer['toast'];
  card?: { type: 'raw'; data: FeishuJson };
}

/**
 * What the webhook and the long connection share once an event is normalised: hand it to
 * handleEvent (which stores it — the de-duplication), then answer. A message's work continues
 * deferred; a card action's work is awaited up to the budget because its answer carries the toast
 * and the new card. Past the budget the work still finishes, deferred, and the answer is empty.
 */
export async function deliver(
  event: InboundEvent,
  deps: Deps,
  budgetMs = CARD_ANSWER_BUDGET_MS,
): Promise<FeishuCallbackAnswer> {
  const handling = await handleEvent(event, deps);
  if (handling.duplicate) return {};
  if (event.type === 'message') {
    deps.defer(handling.done);
    return {};
  }
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<undefined>((resolve) => {
    timer = setTimeout(() => resolve(undefined), budgetMs);
  });
  const handled = await Promise.race([handling.done, late]);
  clearTimeout(timer);
  if (!handled) {
    deps.log.warn('card action answered late', { id: event.id, budgetMs });
    deps.defer(handling.done);
    return {};
  }
  return callbackAnswer(handled.answer);
}

/** The neutral answer in Feishu's shape: the card rendered to JSON 2.0, the toast as plain text (it shows no mentions). */
export function callbackAnswer(answer: CardActionAnswer | undefined): FeishuCallbackAnswer {
  const out: FeishuCallbackAnswer = {};
  if (answer?.toast) out.toast = { ...answer.toast, content: plainMentions(answer.toast.content) };
  if (answer?.card) out.card = { type: 'raw', data: feishuCard(answer.card) };
  return out;
}
