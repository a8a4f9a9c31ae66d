/**
 * What Feishu checks on a card before it accepts it, and where the buttons are in one.
 * Limits (feishu.md): ≤ 30 KB of JSON, ≤ 200 elements.
 */
import { Codes, FeishuApiError } from './feishu-error';

export const CARD_MAX_BYTES = 30 * 1024;
export const CARD_MAX_ELEMENTS = 200;

/** Elements are the tagged objects under body (JSON 2.0) or elements (1.0); the header is not counted. */
function countElements(card: Record<string, unknown>): number {
  let n = 0;
  const walk = (v: unknown): void => {
    if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object') {
      if ('tag' in v) n++;
      Object.values(v).forEach(walk);
    }
  };
  walk(card.body ?? card.elements);
  return n;
}

export function assertCardAcceptable(card: unknown): asserts card is Record<string, unknown> {
  if (!card || typeof card !== 'object' || Array.isArray(card)) {
    throw new FeishuApiError(400, Codes.cardInvalid, 'Failed to create card content, ext=card is not a JSON object', {
      rule: 'card_invalid',
    });
  }
  const bytes = Buffer.byteLength(JSON.stringify(card));
  if (bytes > CARD_MAX_BYTES) {
    throw new FeishuApiError(
      400,
      Codes.cardInvalid,
      `Failed to create card content, ext=card is ${bytes} bytes, over 30 KB`,
      { rule: 'card_too_large' },
    );
  }
  const elements = countElements(card as Record<string, unknown>);
  if (elements > CARD_MAX_ELEMENTS) {
    throw new FeishuApiError(
      400,
      Codes.cardInvalid,
      `Failed to create card content, ext=card has ${elements} elements, over 200`,
      { rule: 'card_too_many_elements' },
    );
  }
}

export interface CardButton {
  text: string;
  value: Record<string, unknown>;
  name?: string;
  disabled: boolean;
  /** A checker (tick box): its state now; pressing it sends the opposite as action.checked. */
  checked?: boolean;
}

/** Every callback button (and checker) in a card: JSON 2.0 `behaviors[{type:'callback', value}]` or 1.0 `value`. */
export function buttonsOf(card: Record<string, unknown>): CardButton[] {
  const found: CardButton[] = [];
  const walk = (v: unknown): void => {
    if (Array.isArray(v)) return v.forEach(walk);
    if (!v || typeof v !== 'object') return;
    const el = v as Record<string, unknown>;
    if (el.tag === 'button' || el.tag === 'checker') {
      const behaviors = Array.isArray(el.behaviors) ? (el.behaviors as Record<string, unknown>[]) : [];
      const value = behaviors.find((b) => b.type === 'callback')?.value ?? el.value;
      if (value && typeof value === 'object') {
        const text = (el.text as { content?: unknown } | undefined)?.content;
        found.push({
          text: typeof text === 'string' ? text : '',
          value: value as Record<string, unknown>,
          ...(typeof el.name === 'string' ? { name: el.name } : {}),
          disabled: el.disabled === true,
          ...(el.tag === 'checker' ? { checked: el.checked === true } : {}),
        });
      }
    }
    Object.values(el).forEach(walk);
  };
  walk(card);
  return found;
}
