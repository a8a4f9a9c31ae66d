/**
 * A robot message cannot @ anyone on DingTalk (groupMessages/send has no `at`): a proactive text
 * that names people would show "@小王" and notify nobody. A card instance can (its delivery's
 * `atUserIds`, dingtalk.md §5: "the way to @ someone proactively"), so where the team has imported
 * the template such a text goes as a one-block note card: the head of its first line as the
 * header, the whole text below with the people in it. Replies keep the session webhook, whose `at` notifies.
 */
import { card, markdown, type Card } from '../../cards/card';
import { mentionedIds, renderMentions } from '../../cards/mention';

const TITLE_CHARS = 30;

/** The template param that marks a card as a note (a text sent as a card), for readers of the card. */
export const NOTE_PARAM = 'note';

/** The card a proactive text that mentions people becomes; undefined for a text that mentions nobody. */
export function mentionCard(text: string): Card | undefined {
  if (mentionedIds(text).length === 0) return undefined;
  const first = text.split('\n').find((l) => l.trim()) ?? '';
  return card({ title: headline(first), color: 'blue', elements: [markdown(text)] });
}

/** The header: the first line without its people, up to its first colon ("店铺异常 #3"), clipped. */
function headline(line: string): string {
  const plain = renderMentions(line, () => '')
    .replace(/\s+/g, ' ')
    .trim();
  const colon = plain.search(/[：:]/);
  const head = [...(colon > 0 ? plain.slice(0, colon) : plain)];
  return head.length > TITLE_CHARS ? `${head.slice(0, TITLE_CHARS - 1).join('')}…` : head.join('');
}
