/**
 * Feishu card markdown, as far as a supervisor needs to judge a card: bold, italic, strike-through,
 * inline code and code blocks, links, lists, headings, quotes, `<at id=…></at>` mentions and
 * `<font color=…>` / `<text_tag color=…>`. Everything else is shown as the text it is.
 */
import { atHtml, esc, safeUrl, type PeopleLookup } from './escape';

const COLORS = new Set([
  'red',
  'green',
  'blue',
  'grey',
  'gray',
  'orange',
  'yellow',
  'purple',
  'violet',
  'indigo',
  'wathet',
  'turquoise',
  'carmine',
  'neutral',
]);
const colorClass = (c: string) => {
  const k = c
    .toLowerCase()
    .replace(/^default$/, 'neutral')
    .replace('gray', 'grey');
  return COLORS.has(k) ? `fc-${k}` : 'fc-neutral';
};

/** One line of inline markdown → HTML. Tags are lifted out before escaping and put back after. */
export function renderInline(raw: string, people: PeopleLookup): string {
  const kept: string[] = [];
  const keep = (html: string) => `\u0000${kept.push(html) - 1}\u0000`;
  let open = 0;
  let s = raw
    .replace(/`([^`\n]+)`/g, (_, code: string) => keep(`<code>${esc(code)}</code>`))
    .replace(
      /<at\s+(?:id|user_id|open_id)\s*=\s*["']?([\w@-]+)["']?\s*>([^<]*)<\/at>/gi,
      (_, id: string, name: string) => keep(atHtml(id, name, people)),
    )
    .replace(/<(font|text_tag)\s+color\s*=\s*["']?([\w-]+)["']?\s*>/gi, (_, tag: string, color: string) => {
      open++;
      return keep(`<span class="${tag.toLowerCase() === 'text_tag' ? 'tag ' : ''}${colorClass(color)}">`);
    })
    .replace(/<\/(font|text_tag)>/gi, () => {
      if (open === 0) return '';
      open--;
      return keep('</span>');
    })
    .replace(/!\[([^\]]*)\]\(([^)\s]+)\)/g, (_, alt: string) =>
      keep(`<span class="img-ph">[图片${alt ? ' ' + esc(alt) : ''}]</span>`),
    )
    .replace(/\[([^\]\n]+)\]\(([^)\s]+)\)/g, (whole: string, text: string, url: string) => {
      const href = safeUrl(url);
      return href
        ? keep(`<a href="${esc(href)}" target="_blank" rel="noopener noreferrer">`) + text + keep('</a>')
        : whole;
    });
  s = esc(s)
    .replace(/\*\*(.+?)\*\*/g, '<strong>$1</strong>')
    .replace(/~~(.+?)~~/g, '<del>$1</del>')
    .replace(/(^|[^*\w])\*(?!\s)([^*\n]+?)\*(?!\w)/g, '$1<em>$2</em>');
  s = s.replace(/\u0000(\d+)\u0000/g, (_, i: string) => kept[Number(i)]!);
  return s + '</span>'.repeat(open);
}

type Block = { kind: 'ul' | 'ol'; items: string[] } | { kind: 'html'; html: string };

/** A markdown element's content → HTML blocks. Single newlines are line breaks, as in Feishu. */
export function renderMarkdown(src: string, people: PeopleLookup): string {
  const parts = String(src ?? '').split(/```[^\n]*\n?([\s\S]*?)```/);
  let html = '';
  parts.forEach((part, i) => {
    html += i % 2 === 1 ? `<pre class="md-code">${esc(part.replace(/\n$/, ''))}</pre>` : renderLines(part, people);
  });
  return html;
}

function renderLines(text: string, people: PeopleLookup): string {
  const blocks: Block[] = [];
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  // Leading/trailing empty lines around code blocks add nothing.
  while (lines.length && lines[0] === '') lines.shift();
  while (lines.length && lines.at(-1) === '') lines.pop();
  for (const line of lines) {
    const li = /^\s*[-*•]\s+(.*)$/.exec(line);
    const oi = /^\s*\d+[.)]\s+(.*)$/.exec(line);
    const h = /^(#{1,6})\s+(.*)$/.exec(line);
    const q = /^>\s?(.*)$/.exec(line);
    const last = blocks.at(-1);
    if (li || oi) {
      const kind = li ? 'ul' : 'ol';
      const item = renderInline((li ?? oi)![1]!, people);
      if (last && last.kind === kind) last.items.push(item);
      else blocks.push({ kind, items: [item] });
    } else if (h)
      blocks.push({ kind: 'html', html: `<div class="md-h md-h${h[1]!.length}">${renderInline(h[2]!, people)}</div>` });
    else if (/^\s*(-{3,}|\*{3,})\s*$/.test(line)) blocks.push({ kind: 'html', html: '<hr class="md-hr">' });
    else if (q) blocks.push({ kind: 'html', html: `<blockquote>${renderInline(q[1]!, people)}</blockquote>` });
    else if (line.trim() === '') blocks.push({ kind: 'html', html: '<div class="md-gap"></div>' });
    else blocks.push({ kind: 'html', html: `<div class="md-line">${renderInline(line, people)}</div>` });
  }
  return blocks
    .map((b) =>
      b.kind === 'html'
        ? b.html
        : `<${b.kind} class="md-list">${b.items.map((i) => `<li>${i}</li>`).join('')}</${b.kind}>`,
    )
    .join('');
}
