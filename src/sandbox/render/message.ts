/**
 * A stored message → what the console shows: who, when, and the body as HTML (text with its
 * mentions, rich-text posts, cards). Pure: the page only places the HTML.
 */
import type { StoredMessage } from '../../emulator/feishu';
import { renderCard } from './card';
import { atHtml, esc, safeUrl, type PeopleLookup } from './escape';
import { renderMarkdown } from './markdown';

export interface ShownMessage {
  messageId: string;
  chatId: string;
  senderOpenId: string;
  senderName: string;
  fromBot: boolean;
  msgType: string;
  createTime: number;
  updateTime: number;
  parentId?: string;
  /** "王主管：/help" — what a reply quotes. */
  quote?: string;
  html: string;
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => Boolean(v) && typeof v === 'object' && !Array.isArray(v);

const autolink = (escaped: string) =>
  escaped.replace(/https?:\/\/[^\s<>"']+/g, (u) =>
    safeUrl(u) ? `<a href="${u}" target="_blank" rel="noopener noreferrer">${u}</a>` : u,
  );

/** Text content: `@_user_N` placeholders (member messages) and `<at user_id="…">name</at>` (bot messages). */
export function renderText(m: Pick<StoredMessage, 'content' | 'mentions'>, people: PeopleLookup): string {
  const text = typeof m.content.text === 'string' ? m.content.text : '';
  const byKey = new Map((m.mentions ?? []).map((x) => [x.key, x]));
  const parts = text.split(/(@_user_\d+|@_all|<at\s+(?:user_id|id|open_id)\s*=\s*["']?[\w-]+["']?\s*>[^<]*<\/at>)/);
  return parts
    .map((p, i) => {
      if (i % 2 === 0) return autolink(esc(p)).replace(/\n/g, '<br>');
      if (p === '@_all') return atHtml('all', '', people);
      const mention = byKey.get(p);
      if (mention) return atHtml(mention.id.open_id, mention.name, people);
      const at = /=\s*["']?([\w-]+)["']?\s*>([^<]*)</.exec(p);
      return at ? atHtml(at[1]!, at[2]!, people) : esc(p);
    })
    .join('');
}

/** Rich text: `{title, content: [[{tag: text|a|at|md|img|emotion|code_block}]]}`, possibly under a locale key. */
export function renderPost(content: Obj, people: PeopleLookup): string {
  const post = Array.isArray(content.content)
    ? content
    : (Object.values(content).find((v) => isObj(v) && Array.isArray(v.content)) as Obj | undefined);
  if (!post) return '<div class="unsupported">[富文本为空]</div>';
  const title = typeof post.title === 'string' && post.title ? `<div class="post-title">${esc(post.title)}</div>` : '';
  const paragraphs = (post.content as unknown[]).map((para) =>
    (Array.isArray(para) ? para : [])
      .filter(isObj)
      .map((n) => {
        switch (n.tag) {
          case 'text':
            return esc(n.text).replace(/\n/g, '<br>');
          case 'a': {
            const href = safeUrl(String(n.href ?? ''));
            return href
              ? `<a href="${esc(href)}" target="_blank" rel="noopener noreferrer">${esc(n.text)}</a>`
              : esc(n.text);
          }
          case 'at':
            return atHtml(String(n.user_id ?? ''), String(n.user_name ?? ''), people);
          case 'md':
            return renderMarkdown(String(n.text ?? ''), people);
          case 'code_block':
            return `<pre class="md-code">${esc(n.text)}</pre>`;
          case 'emotion':
            return `[${esc(n.emoji_type)}]`;
          case 'img':
          case 'media':
            return '<span class="img-ph">[图片]</span>';
          default:
            return `<span class="unsupported">[${esc(n.tag)}]</span>`;
        }
      })
      .join(''),
  );
  return title + paragraphs.map((p) => `<div class="post-p">${p}</div>`).join('');
}

/** "7.1 KB", "3.0 MB": a file's size as a chat shows it. */
export function fileSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/** A file message as a chip: its kind, name and size (unknown once the sandbox restarted). */
export function renderFile(content: Obj, size: number | undefined, href?: string): string {
  const name = typeof content.file_name === 'string' && content.file_name ? content.file_name : '未命名文件';
  const ext = (/\.([a-z0-9]{1,4})$/i.exec(name)?.[1] ?? 'file').toUpperCase();
  const kind = /^(XLSX?|CSV)$/.test(ext) ? 'sheet' : 'other';
  const sizeText = size === undefined ? '文件已不在沙盒内存中' : fileSize(size);
  const title = href
    ? `<a class="file-name" href="${esc(href)}" download="${esc(name)}">${esc(name)}</a>`
    : `<span class="file-name">${esc(name)}</span>`;
  return `<div class="file-chip file-${kind}"><span class="file-icon">${esc(ext)}</span><span class="file-main">${title}<span class="file-size">${esc(sizeText)}</span></span></div>`;
}

/** What a message's body needs besides itself: a file's size and where to download it. */
export interface FileLookup {
  size(fileKey: string): number | undefined;
  href?(messageId: string): string;
}

function renderBody(m: StoredMessage, people: PeopleLookup, files?: FileLookup): string {
  if (m.msgType === 'text') return `<div class="text">${renderText(m, people)}</div>`;
  if (m.msgType === 'file') {
    const key = typeof m.content.file_key === 'string' ? m.content.file_key : '';
    const size = files?.size(key);
    return renderFile(m.content, size, size !== undefined ? files?.href?.(m.messageId) : undefined);
  }
  if (m.msgType === 'post') return `<div class="text">${renderPost(m.content, people)}</div>`;
  if (m.msgType === 'interactive') return renderCard(m.content, people);
  return `<div class="unsupported">[${esc(m.msgType)} 消息]</div>`;
}

/** One line of plain text that says what a message is (for quotes and the call log). */
export function summary(m: StoredMessage, people: PeopleLookup): string {
  if (m.msgType === 'interactive') {
    const header = isObj(m.content.header) ? m.content.header : undefined;
    const title = header && isObj(header.title) ? String(header.title.content ?? '') : '';
    return `[卡片] ${title}`.trim();
  }
  if (m.msgType === 'file')
    return `[文件] ${typeof m.content.file_name === 'string' ? m.content.file_name : ''}`.trim();
  if (m.msgType === 'text') {
    const text = typeof m.content.text === 'string' ? m.content.text : '';
    const byKey = new Map((m.mentions ?? []).map((x) => [x.key, x.name]));
    return text
      .replace(/@_user_\d+/g, (k) => `@${byKey.get(k) ?? ''}`)
      .replace(
        /<at\s+(?:user_id|id)\s*=\s*["']?([\w-]+)["']?\s*>([^<]*)<\/at>/g,
        (_, id: string, name: string) => `@${people(id) ?? name}`,
      )
      .slice(0, 80);
  }
  return `[${m.msgType}]`;
}

export function showMessage(
  m: StoredMessage,
  people: PeopleLookup,
  parent?: StoredMessage,
  files?: FileLookup,
): ShownMessage {
  let html: string;
  try {
    html = renderBody(m, people, files);
  } catch (err) {
    // A renderer bug must not hide the message: show the raw content instead.
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
    ...(m.parentId ? { parentId: m.parentId } : {}),
    ...(parent ? { quote: `${people(parent.sender.openId) ?? ''}：${summary(parent, people)}` } : {}),
    html,
  };
}
