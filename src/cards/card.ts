/**
 * Cards as floorwalker means them, not as any platform spells them: a header, then elements. Every
 * platform renders this model into its own format when it sends (Feishu: card JSON 2.0, see
 * src/platforms/feishu/card-json.ts), and measures it against its own limits (cardSize).
 * Features compose these builders and never write platform JSON or mention markup: people go into
 * text as mention() tokens (./mention.ts).
 */
import type { MessageBody } from '../port/platform';

export { mention, mentionAll, nameOrMention } from './mention';

export type CardColor =
  | 'blue'
  | 'wathet'
  | 'turquoise'
  | 'green'
  | 'yellow'
  | 'orange'
  | 'red'
  | 'carmine'
  | 'violet'
  | 'purple'
  | 'indigo'
  | 'grey';
export type ButtonStyle = 'default' | 'primary' | 'danger' | 'primary_filled' | 'danger_filled';
export type AspectRatio = '16:9' | '4:3' | '2:1' | '1:1';

export interface CardHeader {
  title: string;
  subtitle?: string;
  color: CardColor;
}

export interface Button {
  kind: 'button';
  text: string;
  /** What the press sends back to the bot (value.action names the handler). */
  value: Record<string, unknown>;
  style: ButtonStyle;
  disabled?: boolean;
  /** Inside a form: submits the form's inputs with the value. */
  submit?: boolean;
  /** Asks "are you sure?" with this text first. */
  confirm?: string;
  /**
   * The command that does the same ("/ack 7"), for cards that cannot call back (DingTalk's markdown
   * fallback says it in place of the button). Unset when no command does what the button does.
   */
  command?: string;
}

export type CardElement =
  /** Markdown: bold, italics, links, lists; people as mention() tokens. */
  | { kind: 'markdown'; text: string; align?: 'left' | 'center' | 'right' }
  /** Small grey text under the content. */
  | { kind: 'note'; text: string }
  | { kind: 'divider' }
  /** Label/value pairs, shown two per row. Values are markdown. */
  | { kind: 'fields'; pairs: { label: string; value: string }[] }
  /** Rows of cells by column key; cells are markdown. */
  | { kind: 'table'; columns: { key: string; title: string }[]; rows: Record<string, string>[] }
  /** A chart as a VChart spec (data included), which both Feishu and the console draw. */
  | { kind: 'chart'; spec: Record<string, unknown>; aspectRatio: AspectRatio }
  | Button
  /** A row of buttons. */
  | { kind: 'buttons'; buttons: Button[] }
  /** A tick box that reports its new state (value.checked) when pressed; in a form, formValue[name]. */
  | {
      kind: 'checker';
      text: string;
      checked: boolean;
      value: Record<string, unknown>;
      name?: string;
      disabled?: boolean;
    }
  /** A text input; only inside a form, whose submit button sends it as formValue[name]. */
  | {
      kind: 'input';
      name: string;
      label?: string;
      placeholder?: string;
      initial?: string;
      required?: boolean;
      multiline?: boolean;
    }
  | { kind: 'form'; name: string; elements: CardElement[] }
  /** Side by side; weights (1–5) share the width. Platforms keep forms and tables out of columns. */
  | { kind: 'columns'; columns: { weight: number; elements: CardElement[] }[] };

export interface Card {
  header: CardHeader;
  elements: CardElement[];
}

export function card(opts: { title: string; subtitle?: string; color?: CardColor; elements: CardElement[] }): Card {
  return {
    header: { title: opts.title, ...(opts.subtitle ? { subtitle: opts.subtitle } : {}), color: opts.color ?? 'blue' },
    elements: opts.elements,
  };
}

export const markdown = (text: string, align?: 'left' | 'center' | 'right'): CardElement => ({
  kind: 'markdown',
  text,
  ...(align ? { align } : {}),
});
export const divider = (): CardElement => ({ kind: 'divider' });
export const note = (text: string): CardElement => ({ kind: 'note', text });

export function button(opts: {
  text: string;
  value: Record<string, unknown>;
  type?: ButtonStyle;
  disabled?: boolean;
  submit?: boolean;
  confirm?: string;
  command?: string;
}): Button {
  return {
    kind: 'button',
    text: opts.text,
    value: opts.value,
    style: opts.type ?? 'default',
    ...(opts.disabled ? { disabled: true } : {}),
    ...(opts.submit ? { submit: true } : {}),
    ...(opts.confirm ? { confirm: opts.confirm } : {}),
    ...(opts.command ? { command: opts.command } : {}),
  };
}

/** Side-by-side columns; each column is a list of elements. */
export function columns(cols: CardElement[][], opts: { weights?: number[] } = {}): CardElement {
  return { kind: 'columns', columns: cols.map((elements, i) => ({ weight: opts.weights?.[i] ?? 1, elements })) };
}

/** Label/value pairs, two per row. A list, so that call sites spread it among other elements. */
export const fields = (pairs: [string, string][]): CardElement[] => [
  { kind: 'fields', pairs: pairs.map(([label, value]) => ({ label, value })) },
];

export const buttons = (items: Button[]): CardElement => ({ kind: 'buttons', buttons: items });

export const table = (cols: { key: string; title: string }[], rows: Record<string, string>[]): CardElement => ({
  kind: 'table',
  columns: cols,
  rows,
});

export const checker = (opts: {
  text: string;
  checked: boolean;
  value: Record<string, unknown>;
  name?: string;
  disabled?: boolean;
}): CardElement => ({
  kind: 'checker',
  text: opts.text,
  checked: opts.checked,
  value: opts.value,
  ...(opts.name ? { name: opts.name } : {}),
  ...(opts.disabled ? { disabled: true } : {}),
});

export const input = (opts: {
  name: string;
  label?: string;
  placeholder?: string;
  initial?: string;
  required?: boolean;
  multiline?: boolean;
}): CardElement => ({
  kind: 'input',
  ...opts,
});

export const form = (name: string, elements: CardElement[]): CardElement => ({ kind: 'form', name, elements });

export function chart(spec: Record<string, unknown>, aspectRatio: AspectRatio = '16:9'): CardElement {
  return { kind: 'chart', spec, aspectRatio };
}

export const interactive = (c: Card): MessageBody => ({ msgType: 'interactive', content: c });

export interface CardMeasure {
  bytes: number;
  elements: number;
}

export interface CardLimits {
  maxBytes: number;
  maxElements: number;
}

/** What a platform knows about the cards it sends: their size once rendered, and its limits. */
export interface CardMeasurer {
  readonly cardLimits: CardLimits;
  measureCard(c: Card): CardMeasure;
}

/** How big `c` is as `platform` would send it, and whether that platform accepts it. */
export function cardSize(c: Card, platform: CardMeasurer): CardMeasure & { fits: boolean } {
  const m = platform.measureCard(c);
  return { ...m, fits: m.bytes <= platform.cardLimits.maxBytes && m.elements <= platform.cardLimits.maxElements };
}
