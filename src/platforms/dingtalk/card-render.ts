/**
 * floorwalker's card model (src/cards/card.ts) → what DingTalk sends. The seam between the DingTalk
 * adapter (api, events, outbox calls) and the card rendering: the adapter only calls these functions.
 *
 * With a card template configured (DINGTALK_CARD_TEMPLATE_ID, the template shipped in this folder that
 * the team imports once into DingTalk's card platform): an interactive card through
 * `card/instances/createAndDeliver` + `PUT /v1.0/card/instances`, with callbacks. Without one: a markdown
 * ActionCard (buttons open nothing, so the card says which command does the same).
 *
 * THIS FILE IS A PLACEHOLDER with the agreed signatures and the simplest fallback; the card-rendering
 * work replaces its bodies (it may split it into several files behind these exports).
 */
import type { Card, CardMeasure } from '../../cards/card';
import { mentionedIds, renderMentions } from '../../cards/mention';

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
}

/** `@staffId` in DingTalk text and markdown; the mentioned ids go into `at.atUserIds`. */
export const dingTalkMarkdown = (text: string): string => renderMentions(text, (p) => `@${p.id}`);

export function renderDingTalkCard(c: Card, opts: DingTalkRenderOptions): DingTalkCardMessage {
  const lines: string[] = [`### ${c.header.title}`];
  if (c.header.subtitle) lines.push(c.header.subtitle);
  for (const e of c.elements) if (e.kind === 'markdown' || e.kind === 'note') lines.push(e.text);
  const text = lines.join('\n\n');
  void opts;
  return {
    kind: 'markdown',
    msgKey: 'sampleMarkdown',
    msgParam: { title: c.header.title, text: dingTalkMarkdown(text) },
    atUserIds: mentionedIds(text),
  };
}

/**
 * A card press as DingTalk calls back (`JSON.parse(content).cardPrivateData`), back into what a Feishu
 * press gives floorwalker: the button's `value` and the form's inputs. Undefined when it is not ours.
 */
export function decodeDingTalkPress(cardPrivateData: {
  actionIds?: string[];
  params?: Record<string, unknown>;
}): { value: Record<string, unknown>; formValue?: Record<string, unknown> } | undefined {
  const raw = cardPrivateData.params?.value;
  if (typeof raw !== 'string') return undefined;
  try {
    const value = JSON.parse(raw) as unknown;
    return value && typeof value === 'object' ? { value: value as Record<string, unknown> } : undefined;
  } catch {
    return undefined;
  }
}

/** How big the card is as DingTalk would take it (msgParam ≤ 15,000 bytes; template params likewise). */
export function measureDingTalkCard(c: Card, opts: DingTalkRenderOptions): CardMeasure {
  const out = renderDingTalkCard(c, opts);
  const body = out.kind === 'template' ? out.cardParamMap : out.msgParam;
  return { bytes: new TextEncoder().encode(JSON.stringify(body)).length, elements: c.elements.length };
}
