/**
 * Builders for Feishu card JSON 2.0. Commands compose these; the emulator renders the same JSON.
 * Limits to respect (feishu.md): ≤ 200 elements, ≤ 30 KB; `update_multi` so updates reach everyone.
 */
export type CardColor = 'blue' | 'wathet' | 'turquoise' | 'green' | 'yellow' | 'orange' | 'red' | 'carmine' | 'violet' | 'purple' | 'indigo' | 'grey';
export type CardElement = Record<string, unknown>;
export type Card = Record<string, unknown>;

export function card(opts: { title: string; subtitle?: string; color?: CardColor; elements: CardElement[] }): Card {
  return {
    schema: '2.0',
    config: { update_multi: true },
    header: {
      title: { tag: 'plain_text', content: opts.title },
      ...(opts.subtitle ? { subtitle: { tag: 'plain_text', content: opts.subtitle } } : {}),
      template: opts.color ?? 'blue',
    },
    body: { elements: opts.elements },
  };
}

export const markdown = (content: string): CardElement => ({ tag: 'markdown', content });
export const divider = (): CardElement => ({ tag: 'hr' });
export const note = (content: string): CardElement => ({ tag: 'markdown', content, text_size: 'notation' });

export function button(opts: {
  text: string;
  value: Record<string, unknown>;
  type?: 'default' | 'primary' | 'danger' | 'primary_filled' | 'danger_filled' | 'laser';
  disabled?: boolean;
}): CardElement {
  return {
    tag: 'button',
    text: { tag: 'plain_text', content: opts.text },
    type: opts.type ?? 'default',
    ...(opts.disabled ? { disabled: true } : {}),
    behaviors: [{ type: 'callback', value: opts.value }],
  };
}

/** Side-by-side columns; each column is a list of elements. */
export function columns(cols: CardElement[][], opts: { weights?: number[] } = {}): CardElement {
  return {
    tag: 'column_set',
    flex_mode: 'none',
    horizontal_spacing: 'default',
    columns: cols.map((elements, i) => ({ tag: 'column', width: 'weighted', weight: opts.weights?.[i] ?? 1, elements })),
  };
}

/** Label/value pairs, two per row. */
export function fields(pairs: [string, string][]): CardElement[] {
  const rows: CardElement[] = [];
  for (let i = 0; i < pairs.length; i += 2) {
    const row = pairs.slice(i, i + 2).map(([k, v]) => [markdown(`**${k}**\n${v}`)]);
    rows.push(columns(row));
  }
  return rows;
}

export const buttons = (items: CardElement[]): CardElement => columns(items.map((b) => [b]));

export function chart(spec: Record<string, unknown>, aspectRatio: '16:9' | '4:3' | '2:1' | '1:1' = '16:9'): CardElement {
  return { tag: 'chart', aspect_ratio: aspectRatio, chart_spec: spec };
}

export const interactive = (c: Card) => ({ msgType: 'interactive' as const, content: c });

export function cardSize(c: Card): { bytes: number; elements: number } {
  let elements = 0;
  const walk = (v: unknown): void => {
    if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object') {
      if ('tag' in v) elements++;
      Object.values(v).forEach(walk);
    }
  };
  walk((c as { body?: unknown }).body);
  return { bytes: new TextEncoder().encode(JSON.stringify(c)).length, elements };
}
