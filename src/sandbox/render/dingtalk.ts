/**
 * A DingTalk message → what the console shows, as a DingTalk client would: text with its @names,
 * markdown, the markdown ActionCard (its buttons are links, not callbacks), a member's file, and an
 * interactive card of floorwalker's template drawn from its params (title, colour, the `blocks`
 * the template loops over; card-template.ts is the contract). Template buttons carry their `value`
 * in `data-value` like Feishu's, so the page presses them the same way. Pure, like message.ts.
 */
import type { DtMessage } from '../../emulator/dingtalk';
import { BUTTON_PLACES } from '../../platforms/dingtalk/card-template';
import { atHtml, esc, safeUrl, type PeopleLookup } from './escape';
import { renderMarkdown } from './markdown';
import { renderFile, type ShownMessage } from './message';

type Params = Record<string, string>;
type Block = Record<string, string>;

/** DingTalk's header colours → the console's header classes. */
const HEADER = { blue: 'blue', green: 'green', orange: 'orange', red: 'red', purple: 'purple', gray: 'grey' } as const;
const BUTTON = { blue: 'primary', red: 'danger', gray: 'default' } as const;

/** `@staffId` (what the bot writes) or `@name` (what a member types) → a mention chip. */
function withMentions(text: string, people: PeopleLookup, names: Set<string>, render: (s: string) => string): string {
  return text
    .split(/(@[^\s@，。,:：]+)/)
    .map((part, i) => {
      if (i % 2 === 0) return render(part);
      const id = part.slice(1);
      if (people(id)) return atHtml(id, '', people);
      if (names.has(id)) return `<span class="at">@${esc(id)}</span>`;
      return render(part);
    })
    .join('');
}

/** Markdown with `@staffId` written as the person's name first (the markdown renderer escapes it). */
function md(text: string, people: PeopleLookup): string {
  return renderMarkdown(
    text.replace(/@([\w$:-]+)/g, (all, id: string) => (people(id) ? `@${people(id)}` : all)),
    people,
  );
}

function parseBlocks(raw: string | undefined): Block[] {
  try {
    const v = JSON.parse(raw ?? '[]') as unknown;
    return Array.isArray(v) ? v.filter((b): b is Block => Boolean(b) && typeof b === 'object') : [];
  } catch {
    return [];
  }
}

function buttons(b: Block, people: PeopleLookup): string {
  const shown = BUTTON_PLACES.filter((p) => b[`${p}_text`] !== undefined).map((p) => {
    const color = b[`${p}_color`] as keyof typeof BUTTON;
    const attrs = [
      `class="btn btn-${BUTTON[color] ?? 'default'}"`,
      `data-value="${esc(b[`${p}_value`] ?? '{}')}"`,
      b[`${p}_show`] === 'confirm' && b[`${p}_confirm`] ? `data-confirm="${esc(b[`${p}_confirm`])}"` : '',
      b[`${p}_status`] === 'disabled' ? 'disabled' : '',
    ].filter(Boolean);
    return `<button ${attrs.join(' ')}>${md(b[`${p}_text`] ?? '', people).replace(/^<p>|<\/p>$/g, '')}</button>`;
  });
  return `<div class="actions">${shown.join('')}</div>`;
}

function block(b: Block, people: PeopleLookup): string {
  switch (b.type) {
    case 'markdown': {
      const align = b.align === 'center' || b.align === 'right' ? ` style="text-align:${b.align}"` : '';
      return `<div class="el-md"${align}>${md(b.text ?? '', people)}</div>`;
    }
    case 'note':
      return `<div class="el-md note">${md(b.text ?? '', people)}</div>`;
    case 'table':
      return `<div class="el-md">${md(b.text ?? '', people)}</div>`;
    case 'divider':
      return '<hr class="card-hr">';
    case 'fields': {
      const pairs = [1, 2]
        .filter((i) => b[`l${i}`] !== undefined || b[`v${i}`] !== undefined)
        .map((i) => `<div class="field short">${md(`**${b[`l${i}`] ?? ''}**\n${b[`v${i}`] ?? ''}`, people)}</div>`);
      return `<div class="fields">${pairs.join('')}</div>`;
    }
    case 'buttons':
      return buttons(b, people);
    case 'checker': {
      const mark = b.checked === 'true' ? '☑' : '☐';
      // In a form the tick box keeps its state in its slot until the submit button; else it calls back.
      if (b.slot)
        return `<label class="el-md dt-check"><input type="checkbox" name="${esc(b.slot)}"${b.checked === 'true' ? ' checked' : ''}> ${md(b.text ?? '', people)}</label>`;
      return `<button class="btn btn-text checker" data-value="${esc(b.value ?? '{}')}"${b.status === 'disabled' ? ' disabled' : ''}>${mark} ${esc(b.text ?? '')}</button>`;
    }
    case 'input':
      return (
        `<div class="el-md note">${esc(b.mark ?? '')}${esc(b.label ?? '')}</div>` +
        `<input class="input" name="${esc(b.slot ?? '')}" value="${esc(b.initial ?? '')}" placeholder="${esc(b.placeholder || b.label || '输入框')}">`
      );
    default:
      return `<div class="unsupported">[${esc(b.type ?? '无 type')} 块：模板里没有这种块]</div>`;
  }
}

/**
 * The `form` param of the template button whose value was pressed (DingTalk sends it with the
 * press, and it tells the bot which slot fN holds which input); undefined for a button outside a form.
 */
export function pressedButtonForm(params: Params, value: Record<string, unknown>): string | undefined {
  const wanted = JSON.stringify(unversioned(value));
  for (const b of parseBlocks(params.blocks))
    for (const place of BUTTON_PLACES) {
      const raw = b[`${place}_value`];
      if (raw === undefined) continue;
      try {
        if (JSON.stringify(unversioned(JSON.parse(raw) as Record<string, unknown>)) === wanted)
          return b[`${place}_form`];
      } catch {
        // not a button value
      }
    }
  return undefined;
}

/** A button's value without the card version it carries (`~v`): a card's buttons differ by value, not version. */
function unversioned(value: Record<string, unknown>): Record<string, unknown> {
  const { ['~v']: _version, ...rest } = value;
  return rest;
}

/** An interactive card instance of floorwalker's template, from its cardParamMap. */
export function renderTemplateCard(params: Params, templateId: string, people: PeopleLookup): string {
  const blocks = parseBlocks(params.blocks);
  const color = HEADER[params.color as keyof typeof HEADER] ?? 'blue';
  const head =
    `<div class="card-header tpl-${color}"><div class="card-title">${esc(params.title ?? '')}</div>` +
    (params.subtitle ? `<div class="card-subtitle">${esc(params.subtitle)}</div>` : '') +
    '</div>';
  const body = blocks.map((b) => block(b, people)).join('');
  // Inputs and form tick boxes go back with the press of a button, as the template's slots do.
  const form = blocks.some((b) => b.type === 'input' || (b.type === 'checker' && b.slot));
  const raw = `<details class="panel dt-params"><summary>钉钉互动卡片 · 模板 ${esc(templateId)} · cardParamMap</summary><pre class="md-code">${esc(JSON.stringify({ ...params, blocks }, null, 2))}</pre></details>`;
  return `<div class="card dt-card">${head}<div class="card-body">${form ? `<div class="form">${body}</div>` : body}${raw}</div></div>`;
}

/** A robot ActionCard: markdown and link buttons (DingTalk cannot call a robot back from these). */
export function renderActionCard(c: Record<string, unknown>, people: PeopleLookup): string {
  const btns = Array.isArray(c.btns) ? (c.btns as { title?: string; actionURL?: string }[]) : [];
  if (typeof c.singleTitle === 'string') btns.push({ title: c.singleTitle, actionURL: String(c.singleURL ?? '') });
  const links = btns
    .map((b) => {
      const href = safeUrl(String(b.actionURL ?? ''));
      return href
        ? `<a class="btn btn-default" href="${esc(href)}" target="_blank" rel="noopener noreferrer">${esc(b.title)}</a>`
        : `<button class="btn btn-default" disabled title="${esc(b.actionURL)}">${esc(b.title)}</button>`;
    })
    .join('');
  const title =
    typeof c.title === 'string' && c.title
      ? `<div class="card-header tpl-default"><div class="card-title">${esc(c.title)}</div></div>`
      : '';
  return `<div class="card dt-actioncard">${title}<div class="card-body"><div class="el-md">${md(String(c.text ?? ''), people)}</div>${links ? `<div class="actions">${links}</div>` : ''}<div class="el-md note">钉钉 ActionCard（机器人消息：不能原地更新，按钮不能回调）</div></div></div>`;
}

export interface DtFileLookup {
  size(m: DtMessage): number | undefined;
  href(messageId: string): string;
}

function body(m: DtMessage, people: PeopleLookup, names: Set<string>, files: DtFileLookup): string {
  const c = m.content;
  if (m.recalled) return '<div class="unsupported">[机器人撤回了这条消息]</div>';
  switch (m.msgType) {
    case 'text':
      return `<div class="text">${withMentions(String(c.text ?? ''), people, names, (s) => esc(s).replace(/\n/g, '<br>'))}</div>`;
    case 'markdown':
      return `<div class="text">${md(String(c.text ?? ''), people)}</div>`;
    case 'actionCard':
      return renderActionCard(c, people);
    case 'card':
      return renderTemplateCard((c.cardParamMap ?? {}) as Params, String(c.cardTemplateId ?? ''), people);
    case 'file': {
      const size = files.size(m);
      return renderFile({ file_name: c.fileName }, size, size !== undefined ? files.href(m.messageId) : undefined);
    }
    default:
      return `<div class="unsupported">[${esc(m.msgType)} 消息]</div>`;
  }
}

export function showDingTalkMessage(
  m: DtMessage,
  people: PeopleLookup,
  names: Set<string>,
  files: DtFileLookup,
): ShownMessage {
  let html: string;
  try {
    html = body(m, people, names, files);
  } catch (err) {
    html = `<div class="unsupported">[无法预览：${esc(err instanceof Error ? err.message : String(err))}]</div><pre class="md-code">${esc(JSON.stringify(m.content, null, 2))}</pre>`;
  }
  return {
    messageId: m.messageId,
    chatId: m.chatId,
    senderOpenId: m.sender.openId,
    senderName: people(m.sender.openId) ?? m.sender.openId,
    fromBot: m.sender.type === 'bot',
    msgType: m.msgType,
    createTime: m.createTime,
    updateTime: m.updateTime,
    html,
  };
}
