/**
 * A card (JSON 2.0, and the 1.0 shapes still in use) → HTML for the console. Buttons carry their
 * callback value in `data-value`; the page posts it back as a real card.action.trigger. An element
 * the renderer does not know is shown as such, never silently dropped.
 */
import { renderChartElement } from './chart';
import { esc, safeUrl, type PeopleLookup } from './escape';
import { renderInline, renderMarkdown } from './markdown';

type El = Record<string, unknown>;
const TEMPLATES = new Set([
  'blue',
  'wathet',
  'turquoise',
  'green',
  'yellow',
  'orange',
  'red',
  'carmine',
  'violet',
  'purple',
  'indigo',
  'grey',
  'default',
]);
const BUTTON_TYPES = new Set([
  'default',
  'primary',
  'danger',
  'text',
  'primary_text',
  'danger_text',
  'primary_filled',
  'danger_filled',
  'laser',
]);
const MAX_DEPTH = 8;

const isEl = (v: unknown): v is El => Boolean(v) && typeof v === 'object' && !Array.isArray(v);
const list = (v: unknown): El[] => (Array.isArray(v) ? v.filter(isEl) : []);
const textOf = (v: unknown): string =>
  isEl(v) && typeof v.content === 'string' ? v.content : typeof v === 'string' ? v : '';

/** A `{tag: plain_text | lark_md, content}` text object. */
function textObject(v: unknown, people: PeopleLookup): string {
  if (!isEl(v)) return esc(textOf(v));
  return v.tag === 'lark_md' ? renderMarkdown(textOf(v), people) : esc(textOf(v)).replace(/\n/g, '<br>');
}

export function renderCard(card: El, people: PeopleLookup): string {
  const header = isEl(card.header) ? card.header : undefined;
  const body = isEl(card.body) ? list(card.body.elements) : list(card.elements);
  let head = '';
  if (header) {
    const template = String(header.template ?? 'default');
    const tags = list(header.text_tag_list)
      .map((t) => `<span class="tag fc-${esc(String(t.color ?? 'neutral'))}">${esc(textOf(t.text))}</span>`)
      .join('');
    const subtitle = textOf(header.subtitle);
    head =
      `<div class="card-header tpl-${TEMPLATES.has(template) ? template : 'default'}">` +
      `<div class="card-title">${esc(textOf(header.title))}${tags}</div>` +
      (subtitle ? `<div class="card-subtitle">${esc(subtitle)}</div>` : '') +
      `</div>`;
  }
  return `<div class="card">${head}<div class="card-body">${renderElements(body, people, 0)}</div></div>`;
}

export function renderElements(els: El[], people: PeopleLookup, depth: number): string {
  return els.map((el) => renderElement(el, people, depth)).join('');
}

function renderElement(el: El, people: PeopleLookup, depth: number): string {
  if (depth > MAX_DEPTH) return '<div class="unsupported">[嵌套过深]</div>';
  const tag = String(el.tag ?? '');
  switch (tag) {
    case 'markdown':
    case 'lark_md': {
      const note = el.text_size === 'notation';
      const align =
        el.text_align === 'center' || el.text_align === 'right' ? ` style="text-align:${el.text_align}"` : '';
      return `<div class="el-md${note ? ' note' : ''}"${align}>${renderMarkdown(textOf(el), people)}</div>`;
    }
    case 'plain_text':
      return `<div class="el-md">${esc(textOf(el)).replace(/\n/g, '<br>')}</div>`;
    case 'div': {
      const text = el.text ? `<div class="el-md">${textObject(el.text, people)}</div>` : '';
      const fields = list(el.fields)
        .map((f) => `<div class="field${f.is_short ? ' short' : ''}">${textObject(f.text, people)}</div>`)
        .join('');
      return text + (fields ? `<div class="fields">${fields}</div>` : '');
    }
    case 'hr':
      return '<hr class="card-hr">';
    case 'note':
      return `<div class="el-md note">${list(el.elements)
        .map((e) => (e.tag === 'img' ? '🖼' : e.tag === 'lark_md' ? renderInline(textOf(e), people) : esc(textOf(e))))
        .join(' ')}</div>`;
    case 'column_set':
      return `<div class="columns">${list(el.columns)
        .map((col) => {
          const w =
            col.width === 'auto' ? 'flex:0 0 auto' : `flex:${Number(col.weight) > 0 ? Number(col.weight) : 1} 1 0`;
          return `<div class="column" style="${w}">${renderElements(list(col.elements), people, depth + 1)}</div>`;
        })
        .join('')}</div>`;
    case 'action':
      return `<div class="actions">${renderElements(list(el.actions), people, depth + 1)}</div>`;
    case 'button':
      return button(el);
    case 'checker':
      return checker(el);
    case 'chart':
      return renderChartElement(el.chart_spec, String(el.aspect_ratio ?? '16:9'));
    case 'img':
    case 'image':
      return `<div class="img-ph">[图片${textOf(el.alt) ? ' · ' + esc(textOf(el.alt)) : ''}]</div>`;
    case 'collapsible_panel': {
      const title = isEl(el.header) ? textOf(el.header.title) : '';
      return `<details class="panel"${el.expanded ? ' open' : ''}><summary>${renderInline(title, people)}</summary>${renderElements(list(el.elements), people, depth + 1)}</details>`;
    }
    case 'form':
      return `<div class="form">${renderElements(list(el.elements), people, depth + 1)}</div>`;
    case 'input': {
      // Typed into like Feishu's: a submit button of its form sends it as form_value[name].
      const value = typeof el.default_value === 'string' ? ` value="${esc(el.default_value)}"` : '';
      return `<input class="input" name="${esc(String(el.name ?? ''))}"${value} placeholder="${esc(textOf(el.placeholder) || textOf(el.label) || '输入框')}">`;
    }
    case 'table':
      return table(el, people);
    case 'person':
      return `<span class="at">@${esc(people(String(el.user_id ?? '')) ?? String(el.user_id ?? ''))}</span>`;
    default:
      return `<div class="unsupported">[${esc(tag || '无 tag')} 元素暂不能预览]</div>`;
  }
}

function button(el: El): string {
  const behaviors = list(el.behaviors);
  const value = behaviors.find((b) => b.type === 'callback')?.value ?? el.value;
  const url = behaviors.find((b) => b.type === 'open_url')?.default_url ?? el.url;
  const type = BUTTON_TYPES.has(String(el.type)) ? String(el.type) : 'default';
  const label = esc(textOf(el.text));
  const href = typeof url === 'string' ? safeUrl(url) : undefined;
  if (href && !isEl(value))
    return `<a class="btn btn-${type}" href="${esc(href)}" target="_blank" rel="noopener noreferrer">${label}</a>`;
  const confirm = isEl(el.confirm) ? textOf(el.confirm.title) || textOf(el.confirm.text) : '';
  const attrs = [
    `class="btn btn-${type}"`,
    isEl(value) ? `data-value="${esc(JSON.stringify(value))}"` : '',
    confirm ? `data-confirm="${esc(confirm)}"` : '',
    el.disabled === true || !isEl(value) ? 'disabled' : '',
  ].filter(Boolean);
  return `<button ${attrs.join(' ')}>${label}</button>`;
}

/** A tick box: pressing it posts its callback value like a button (Feishu adds the new state). */
function checker(el: El): string {
  const value = list(el.behaviors).find((b) => b.type === 'callback')?.value;
  const mark = el.checked === true ? '☑' : '☐';
  const attrs = [
    'class="btn btn-text checker"',
    isEl(value) ? `data-value="${esc(JSON.stringify(value))}"` : '',
    el.disabled === true || !isEl(value) ? 'disabled' : '',
  ].filter(Boolean);
  return `<button ${attrs.join(' ')}>${mark} ${esc(textOf(el.text))}</button>`;
}

function table(el: El, people: PeopleLookup): string {
  const cols = list(el.columns);
  const rows = list(el.rows);
  const head = cols
    .map((c) => `<th>${esc(textOf(c.display_name) || String(c.display_name ?? c.name ?? ''))}</th>`)
    .join('');
  const body = rows
    .map(
      (r) =>
        `<tr>${cols.map((c) => `<td>${renderInline(String(r[String(c.name)] ?? ''), people)}</td>`).join('')}</tr>`,
    )
    .join('');
  return `<table class="card-table"><tr>${head}</tr>${body}</table>`;
}
