/**
 * The card as the shipped DingTalk template takes it (templates/floorwalker-card.json, which
 * templates/generate.ts writes from the names below): a few header params and `blocks`, a list
 * the template loops over, each block showing the components of its `type`. DingTalk wants every
 * param a string, and the template compares strings, so every value inside a block is one too.
 *
 * Presses come back (cardPrivateData.params) as:
 * - `value`: the button's (or tick box's) value, JSON-encoded; a tick box's holds its new state;
 * - `form`: on a form's submit button, which slot is which input (FormSlots), JSON-encoded;
 * - `f1`…`f8`: what the person typed or ticked in each slot (the template's local variables),
 *   absent for a slot left untouched (decoded as the value it was sent with).
 */
import type { ButtonStyle, CardColor } from '../../cards/card';
import type { Locale } from '../../config';
import { t } from '../../i18n';
import { MAX_FORM_SLOTS, MAX_ROW_BUTTONS, type Flat, type FormSlots } from './card-flat';
import { tableLines } from './card-table';
import { DX } from './card-texts';

/** The block types the template draws (a block of another type shows nothing). */
export const BLOCK_TYPES = ['markdown', 'note', 'divider', 'fields', 'table', 'buttons', 'checker', 'input'] as const;
export type BlockType = (typeof BLOCK_TYPES)[number];
export type Block = { type: BlockType } & Record<string, string>;

/** The template's top-level params. */
export const TEMPLATE_PARAMS = ['title', 'subtitle', 'color', 'blocks'] as const;
/** The local variables the template's inputs and named tick boxes keep their values in. */
export const SLOT_NAMES = Array.from({ length: MAX_FORM_SLOTS }, (_, i) => `f${i + 1}`);
/** Button places in a row: b1_…, b2_…; each has these fields. */
export const BUTTON_FIELDS = ['show', 'text', 'value', 'color', 'status', 'confirm', 'form'] as const;
export const BUTTON_PLACES = Array.from({ length: MAX_ROW_BUTTONS }, (_, i) => `b${i + 1}`);
/** The fields each block type carries besides `type` (what the template binds, `${loop.<field>}`). */
export const BLOCK_FIELDS: Record<BlockType, readonly string[]> = {
  markdown: ['text', 'align'],
  note: ['text'],
  divider: [],
  fields: ['l1', 'v1', 'l2', 'v2'],
  table: ['text'],
  buttons: [...BUTTON_PLACES.flatMap((b) => BUTTON_FIELDS.map((f) => `${b}_${f}`))],
  checker: ['text', 'checked', 'value', 'status', 'slot'],
  input: ['slot', 'mark', 'label', 'placeholder', 'initial'],
};

/** DingTalk's palette is smaller than Feishu's: the nearest of its header colours. */
const HEADER_COLORS: Record<CardColor, string> = {
  blue: 'blue',
  wathet: 'blue',
  indigo: 'blue',
  turquoise: 'green',
  green: 'green',
  yellow: 'orange',
  orange: 'orange',
  red: 'red',
  carmine: 'red',
  violet: 'purple',
  purple: 'purple',
  grey: 'gray',
};
export const headerColor = (c: CardColor): string => HEADER_COLORS[c] ?? 'blue';

/** Button colours the template has: blue (primary), red (danger), gray (the rest). */
const BUTTON_COLORS: Record<ButtonStyle, string> = {
  default: 'gray',
  primary: 'blue',
  primary_filled: 'blue',
  danger: 'red',
  danger_filled: 'red',
};

const bool = (b: boolean | undefined) => (b ? 'true' : 'false');

export function templateBlock(f: Flat, md: (text: string) => string, locale: Locale): Block {
  switch (f.kind) {
    case 'markdown':
      return { type: 'markdown', text: md(f.text), ...(f.align ? { align: f.align } : {}) };
    case 'note':
      return { type: 'note', text: md(f.text) };
    case 'divider':
      return { type: 'divider' };
    case 'fields': {
      const b: Block = { type: 'fields' };
      f.pairs.forEach((p, i) => {
        b[`l${i + 1}`] = md(p.label);
        b[`v${i + 1}`] = md(p.value);
      });
      return b;
    }
    case 'table':
      return { type: 'table', text: tableLines(f, md, locale).join('\n') };
    case 'buttons': {
      const b: Block = { type: 'buttons' };
      f.buttons.forEach(({ button, form }, i) => {
        const at = `b${i + 1}_`;
        // Which of the place's two template buttons shows: the plain one, or the one asking first.
        b[`${at}show`] = button.confirm ? 'confirm' : 'plain';
        b[`${at}text`] = md(button.text);
        b[`${at}value`] = JSON.stringify(button.value);
        b[`${at}color`] = BUTTON_COLORS[button.style] ?? 'gray';
        b[`${at}status`] = button.disabled ? 'disabled' : 'normal';
        if (button.confirm) b[`${at}confirm`] = md(button.confirm);
        if (form) b[`${at}form`] = JSON.stringify(form);
      });
      return b;
    }
    case 'checker':
      return {
        type: 'checker',
        text: md(f.text),
        checked: bool(f.checked),
        // What a press reports: the tick box's new state, as Feishu reports it (value.checked).
        value: JSON.stringify({ ...f.value, checked: !f.checked }),
        status: f.disabled ? 'disabled' : 'normal',
        // '' for a tick box that calls back: the template shows its calling twin for that.
        slot: f.slot ?? '',
      };
    case 'input':
      if (!f.slot)
        return { type: 'note', text: t(locale, DX.inputTooMany, { label: md(f.label ?? t(locale, DX.inputUnnamed)) }) };
      return {
        type: 'input',
        slot: f.slot,
        // DingTalk's Input has neither a required flag nor a multi-line form: a required one is
        // marked (the feature checks what arrives, as on Feishu), and text of any length fits.
        mark: f.required ? '* ' : '',
        label: md(f.label ?? ''),
        placeholder: md(f.placeholder ?? ''),
        initial: f.initial ?? '',
      };
  }
}

/**
 * The key of the card's version inside each button's (and tick box's) value. DingTalk's callback
 * names no press, only the card, the person and the button's params: the version is what tells the
 * same press again (a double press, a re-push: applied once) from a press on the card as it has
 * become since (after someone else changed it: applied again).
 */
export const CARD_VERSION_KEY = '~v';

/** Stamps every pressable of `blocks` with `version` (the card's content without it, hashed by the caller). */
export function stampVersion(blocks: Block[], version: string): Block[] {
  const stamp = (raw: string) => {
    const v = parseObject(raw);
    return v ? JSON.stringify({ ...v, [CARD_VERSION_KEY]: version }) : raw;
  };
  return blocks.map((b) => {
    if (b.type === 'checker' && b.value) return { ...b, value: stamp(b.value) };
    if (b.type !== 'buttons') return b;
    const out: Block = { ...b };
    for (const place of BUTTON_PLACES) {
      const key = `${place}_value`;
      if (typeof out[key] === 'string') out[key] = stamp(out[key]);
    }
    return out;
  });
}

/** A press back into what a Feishu press gives floorwalker: the value, and the form's inputs (and the card's version). */
export function decodeTemplatePress(
  params: Record<string, unknown>,
): { value: Record<string, unknown>; formValue?: Record<string, unknown>; version?: string } | undefined {
  const stamped = parseObject(params.value);
  if (!stamped) return undefined;
  const { [CARD_VERSION_KEY]: v, ...value } = stamped;
  const version = typeof v === 'string' && v ? { version: v } : {};
  const slots = parseObject(params.form) as FormSlots | undefined;
  if (!slots) return { value, ...version };
  const formValue: Record<string, unknown> = {};
  for (const [slot, s] of Object.entries(slots)) {
    if (!s || typeof s !== 'object' || typeof s.name !== 'string' || !SLOT_NAMES.includes(slot)) continue;
    const raw = params[slot];
    if (s.kind === 'check') formValue[s.name] = raw === undefined ? s.initial === true : raw === true || raw === 'true';
    else formValue[s.name] = typeof raw === 'string' ? raw : typeof s.initial === 'string' ? s.initial : '';
  }
  return { value, formValue, ...version };
}

function parseObject(raw: unknown): Record<string, unknown> | undefined {
  if (raw && typeof raw === 'object' && !Array.isArray(raw)) return raw as Record<string, unknown>;
  if (typeof raw !== 'string') return undefined;
  try {
    const v = JSON.parse(raw) as unknown;
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
