/**
 * floorwalker's card model (src/cards/card.ts) → Feishu card JSON 2.0, and mention tokens →
 * Feishu's mention markup. Pure. The Feishu PlatformApi renders every card it sends, patches or
 * updates through here; the webhook renders callback answers; the emulator and the console get
 * the result, as Feishu would.
 */
import type { Button, Card, CardElement, CardMeasure } from '../../cards/card';
import { plainMentions, renderMentions } from '../../cards/mention';
import type { MessageBody } from '../../port/platform';

export type FeishuJson = Record<string, unknown>;

/** Feishu reads `<`/`>` in a mention's name as markup; a name never needs them. */
const safeName = (name: string) => name.replace(/[<>]/g, '');

/** Card markdown: `<at id=…></at>`, which Feishu shows as the person's current name. */
export const cardMarkdown = (text: string): string => renderMentions(text, (p) => `<at id=${p.id}></at>`);

/** A text message: `<at user_id="…">name</at>`; the name is what shows if Feishu cannot resolve the id. */
export const textMarkup = (text: string): string =>
  renderMentions(text, (p) => `<at user_id="${p.id}">${safeName(p.name ?? '')}</at>`);

const plain = (content: string) => ({ tag: 'plain_text', content: plainMentions(content) });

function renderButton(b: Button): FeishuJson {
  return {
    tag: 'button',
    text: plain(b.text),
    type: b.style,
    ...(b.disabled ? { disabled: true } : {}),
    ...(b.confirm ? { confirm: { title: plain(b.text), text: plain(b.confirm) } } : {}),
    // A form's submit button carries its value as a callback too; Feishu adds the inputs as form_value.
    ...(b.submit ? { form_action_type: 'submit', name: `submit_${String(b.value.action ?? 'form')}` } : {}),
    behaviors: [{ type: 'callback', value: b.value }],
  };
}

const columnSet = (cols: { weight: number; elements: FeishuJson[] }[]): FeishuJson => ({
  tag: 'column_set',
  flex_mode: 'none',
  horizontal_spacing: 'default',
  columns: cols.map((c) => ({ tag: 'column', width: 'weighted', weight: c.weight, elements: c.elements })),
});

/** One neutral element → one or more Feishu elements (fields become a column set per row). */
function renderElement(el: CardElement): FeishuJson[] {
  switch (el.kind) {
    case 'markdown':
      return [{ tag: 'markdown', content: cardMarkdown(el.text), ...(el.align ? { text_align: el.align } : {}) }];
    case 'note':
      return [{ tag: 'markdown', content: cardMarkdown(el.text), text_size: 'notation' }];
    case 'divider':
      return [{ tag: 'hr' }];
    case 'fields': {
      const rows: FeishuJson[] = [];
      for (let i = 0; i < el.pairs.length; i += 2) {
        const cells = el.pairs.slice(i, i + 2).map((p) => ({
          weight: 1,
          elements: [{ tag: 'markdown', content: cardMarkdown(`**${p.label}**\n${p.value}`) }],
        }));
        rows.push(columnSet(cells));
      }
      return rows;
    }
    case 'table':
      return [
        {
          tag: 'table',
          page_size: Math.min(10, Math.max(1, el.rows.length)),
          row_height: 'low',
          header_style: { bold: true, background_style: 'grey' },
          columns: el.columns.map((c) => ({ name: c.key, display_name: plainMentions(c.title), data_type: 'lark_md' })),
          rows: el.rows.map((r) => Object.fromEntries(el.columns.map((c) => [c.key, cardMarkdown(r[c.key] ?? '')]))),
        },
      ];
    case 'chart':
      return [{ tag: 'chart', aspect_ratio: el.aspectRatio, chart_spec: el.spec }];
    case 'button':
      return [renderButton(el)];
    case 'buttons':
      return [columnSet(el.buttons.map((b) => ({ weight: 1, elements: [renderButton(b)] })))];
    case 'checker':
      return [
        {
          tag: 'checker',
          ...(el.name ? { name: el.name } : {}),
          checked: el.checked,
          text: plain(el.text),
          ...(el.disabled ? { disabled: true } : {}),
          behaviors: [{ type: 'callback', value: el.value }],
        },
      ];
    case 'input':
      return [
        {
          tag: 'input',
          name: el.name,
          input_type: el.multiline ? 'multiline_text' : 'text',
          ...(el.label ? { label: plain(el.label) } : {}),
          ...(el.placeholder ? { placeholder: plain(el.placeholder) } : {}),
          ...(el.initial ? { default_value: el.initial } : {}),
          ...(el.required ? { required: true } : {}),
        },
      ];
    case 'form':
      return [{ tag: 'form', name: el.name, elements: el.elements.flatMap(renderElement) }];
    case 'columns':
      return [columnSet(el.columns.map((c) => ({ weight: c.weight, elements: c.elements.flatMap(renderElement) })))];
  }
}

/**
 * Feishu JSON written into the outbox before cards were neutral (rows pending across the deploy
 * that made them so): it has a schema, a body, or tagged elements — the model has none of these.
 */
export function isFeishuJson(c: unknown): c is FeishuJson {
  if (!c || typeof c !== 'object') return false;
  const o = c as Record<string, unknown>;
  return (
    'schema' in o ||
    'body' in o ||
    (Array.isArray(o.elements) && o.elements.some((e) => e && typeof e === 'object' && 'tag' in e))
  );
}

/** The card as Feishu takes it: `update_multi` so that a patch reaches everyone who sees the card. */
export function feishuCard(c: Card): FeishuJson {
  if (isFeishuJson(c)) return c;
  const h = c.header;
  return {
    schema: '2.0',
    config: { update_multi: true },
    header: {
      title: plain(h.title),
      ...(h.subtitle ? { subtitle: plain(h.subtitle) } : {}),
      template: h.color,
    },
    body: { elements: c.elements.flatMap(renderElement) },
  };
}

/** A message body as Feishu's msg_type and content string. */
export function feishuMessage(body: MessageBody): { msgType: 'text' | 'interactive'; content: string } {
  if (body.msgType === 'text')
    return { msgType: 'text', content: JSON.stringify({ text: textMarkup(body.content.text) }) };
  return { msgType: 'interactive', content: JSON.stringify(feishuCard(body.content)) };
}

/** Size as Feishu counts it: bytes of the JSON, and tagged objects under the body (the header is not counted). */
export function measureFeishuCard(c: Card): CardMeasure {
  const json = feishuCard(c);
  let elements = 0;
  const walk = (v: unknown): void => {
    if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object') {
      if ('tag' in v) elements++;
      Object.values(v).forEach(walk);
    }
  };
  walk(json.body ?? json.elements);
  return { bytes: new TextEncoder().encode(JSON.stringify(json)).length, elements };
}
