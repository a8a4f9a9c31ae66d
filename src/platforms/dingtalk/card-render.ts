/**
 * floorwalker's card model (src/cards/card.ts) → what DingTalk sends. The seam between the DingTalk
 * adapter (api, events, outbox calls) and the card rendering: the adapter only calls these functions.
 *
 * With a card template configured (DINGTALK_CARD_TEMPLATE_ID, the template shipped in ./templates/
 * that the team imports once into DingTalk's card platform): an interactive card through
 * `card/instances/createAndDeliver` + `PUT /v1.0/card/instances`, with callbacks (card-template.ts).
 * Without one: a markdown robot message whose buttons are lines naming the command that does the
 * same (card-markdown.ts). Both start from the card flattened into blocks (card-flat.ts).
 *
 * A card over DingTalk's size limit is made to fit rather than refused by DingTalk: its long texts
 * clipped first (card-clip.ts), blocks cut off the end, saying so, only if that is not enough.
 * measureDingTalkCard reports the size before either, so that cardSize() tells a feature its card
 * does not fit.
 */
import { createHash } from 'node:crypto';
import type { Card, CardLimits, CardMeasure, CardMeasurer } from '../../cards/card';
import { mentionedIds, plainMentions, renderMentions } from '../../cards/mention';
import type { Locale } from '../../config';
import { t } from '../../i18n';
import { clipFlat, longestText, MIN_CLIP } from './card-clip';
import { cardTexts, flattenCard, type Flat } from './card-flat';
import { hasPressables, markdownParagraph, titleLine } from './card-markdown';
import { decodeTemplatePress, headerColor, stampVersion, templateBlock } from './card-template';
import { cardLocale, DX } from './card-texts';

export type DingTalkCardMessage =
  | {
      kind: 'template';
      cardTemplateId: string;
      /** DingTalk wants every value as a string (objects JSON-encoded). */
      cardParamMap: Record<string, string>;
      /** `{ "<staffId>": "<nick>" }`: who is @-mentioned by the card. */
      atUserIds: Record<string, string>;
    }
  | {
      kind: 'markdown';
      /** A robot message: msgKey sampleMarkdown / sampleActionCard… and its msgParam (not yet JSON-encoded). */
      msgKey: string;
      msgParam: Record<string, string>;
      /** Staff ids mentioned ("@id" is written in the text). */
      atUserIds: string[];
    };

export interface DingTalkRenderOptions {
  /** The imported template's id; without it cards go out as markdown. */
  templateId?: string;
  /** The language of the words the renderer adds; by default read off the card (card-texts.ts). */
  locale?: Locale;
}

/**
 * What DingTalk takes: msgParam at most 15,000 bytes (dingtalk.md §3), and the template's params
 * held to the same (its own limit is not documented). DingTalk counts no elements; 100 blocks is
 * floorwalker's own bound, past which a card is a scroll on a phone.
 */
export const dingTalkCardLimits: CardLimits = { maxBytes: 15_000, maxElements: 100 };

/** `@staffId` in DingTalk text and markdown; the mentioned ids go into `at.atUserIds`. */
export const dingTalkMarkdown = (text: string): string => renderMentions(text, (p) => `@${p.id}`);

const bytes = (o: unknown) => new TextEncoder().encode(JSON.stringify(o)).length;

function render(c: Card, flat: readonly Flat[], opts: DingTalkRenderOptions, locale: Locale): DingTalkCardMessage {
  const title = plainMentions(c.header.title);
  if (opts.templateId) {
    // The card shows names; atUserIds is what makes DingTalk notify the person.
    const at: Record<string, string> = {};
    const md = (text: string) =>
      renderMentions(text, (p) => {
        at[p.id] = p.name ?? p.id;
        return `@${p.name ?? p.id}`;
      });
    const blocks = flat.map((f) => templateBlock(f, md, locale));
    const header = { title, subtitle: plainMentions(c.header.subtitle ?? ''), color: headerColor(c.header.color) };
    // The card's version rides in its buttons' values: a press is applied once per card as it was.
    const version = createHash('sha256')
      .update(JSON.stringify([header, blocks]))
      .digest('base64url')
      .slice(0, 10);
    return {
      kind: 'template',
      cardTemplateId: opts.templateId,
      cardParamMap: { ...header, blocks: JSON.stringify(stampVersion(blocks, version)) },
      atUserIds: at,
    };
  }
  const ids = new Set<string>();
  const md = (text: string) => {
    for (const id of mentionedIds(text)) ids.add(id);
    return dingTalkMarkdown(text);
  };
  const parts = [titleLine(title, c.header.color)];
  if (c.header.subtitle) parts.push(plainMentions(c.header.subtitle));
  for (const f of flat) parts.push(markdownParagraph(f, md, locale));
  if (hasPressables(flat)) parts.push(`> ${t(locale, DX.fallbackFooter)}`);
  return {
    kind: 'markdown',
    msgKey: 'sampleMarkdown',
    msgParam: { title, text: parts.join('\n\n') },
    atUserIds: [...ids],
  };
}

const paramsOf = (m: DingTalkCardMessage) => (m.kind === 'template' ? m.cardParamMap : m.msgParam);

function prepare(c: Card, opts: DingTalkRenderOptions) {
  const locale = opts.locale ?? cardLocale(cardTexts(c));
  return { locale, flat: flattenCard(c, locale) };
}

export function renderDingTalkCard(c: Card, opts: DingTalkRenderOptions): DingTalkCardMessage {
  const { locale, flat } = prepare(c, opts);
  const fits = (m: DingTalkCardMessage) => bytes(paramsOf(m)) <= dingTalkCardLimits.maxBytes;
  const whole = render(c, flat, opts, locale);
  if (fits(whole) && flat.length <= dingTalkCardLimits.maxElements) return whole;
  // First the long texts, shortened as little as need be (the longest clip that fits), so that
  // every button stays; a table's rows go with them.
  if (flat.length <= dingTalkCardLimits.maxElements) {
    const clipped = (chars: number) => render(c, clipFlat(flat, chars), opts, locale);
    if (fits(clipped(MIN_CLIP))) {
      let [lo, hi] = [MIN_CLIP, longestText(flat)];
      while (lo < hi) {
        const mid = Math.ceil((lo + hi) / 2);
        if (fits(clipped(mid))) lo = mid;
        else hi = mid - 1;
      }
      return clipped(lo);
    }
  }
  // Then blocks off the end: the most from the top that fit with the note saying the rest was cut.
  const short = clipFlat(flat, MIN_CLIP);
  const cut = (k: number): DingTalkCardMessage =>
    render(
      c,
      [...short.slice(0, k), { kind: 'note', text: t(locale, DX.clipped, { n: flat.length - k }) }],
      opts,
      locale,
    );
  let [lo, hi] = [0, Math.min(flat.length - 1, dingTalkCardLimits.maxElements - 1)];
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (fits(cut(mid))) lo = mid;
    else hi = mid - 1;
  }
  return cut(lo);
}

/**
 * A card press as DingTalk calls back (`JSON.parse(content).cardPrivateData`), back into what a Feishu
 * press gives floorwalker: the button's `value` and the form's inputs. Undefined when it is not ours.
 */
export function decodeDingTalkPress(cardPrivateData: {
  actionIds?: string[];
  params?: Record<string, unknown>;
}): { value: Record<string, unknown>; formValue?: Record<string, unknown>; version?: string } | undefined {
  const params = cardPrivateData?.params;
  if (!params || typeof params !== 'object') return undefined;
  return decodeTemplatePress(params);
}

/** How big the card is as DingTalk would take it (msgParam ≤ 15,000 bytes; template params likewise), before any cut. */
export function measureDingTalkCard(c: Card, opts: DingTalkRenderOptions): CardMeasure {
  const { locale, flat } = prepare(c, opts);
  return { bytes: bytes(paramsOf(render(c, flat, opts, locale))), elements: flat.length };
}

/** What a DingTalk PlatformApi states about its cards (cardLimits, measureCard) for one rendering mode. */
export const dingTalkCardMeasurer = (opts: DingTalkRenderOptions): CardMeasurer => ({
  cardLimits: dingTalkCardLimits,
  measureCard: (c) => measureDingTalkCard(c, opts),
});
