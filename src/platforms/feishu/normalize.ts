/**
 * Feishu envelopes → floorwalker's InboundEvent. Feishu's shapes stop here: a converter per
 * message type, a fallback that never throws, and the platform quirks written down where they bite.
 * Pure: the bot's own open_id is passed in (the caller asks deps.bot()).
 */
import type { FileRef, InboundCardAction, InboundEvent, InboundMessage, Mention } from '../../core/inbound';

export type NormalizeErrorCode = 'not_an_object' | 'unknown_envelope' | 'bad_message' | 'bad_card_action';

export interface NormalizeError {
  code: NormalizeErrorCode;
  message: string;
}

export type NormalizeResult =
  | { kind: 'event'; event: InboundEvent }
  /** A well-formed event floorwalker does not act on (another event type, a v1 envelope). */
  | { kind: 'ignored'; reason: string }
  | { kind: 'invalid'; error: NormalizeError };

export interface NormalizeOptions {
  /** The bot's own open_id (GET /open-apis/bot/v3/info); needed for messages only. */
  botOpenId: string | undefined;
}

export const MESSAGE_EVENT = 'im.message.receive_v1';
export const CARD_ACTION_EVENT = 'card.action.trigger';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
// A NUL character means nothing in a chat and Postgres cannot store it (text or jsonb): an event
// carrying one would fail its accept on every one of Feishu's retries.
const str = (v: unknown): string => (typeof v === 'string' ? v.replace(/\0/g, '') : '');
const invalid = (code: NormalizeErrorCode, message: string): NormalizeResult => ({
  kind: 'invalid',
  error: { code, message },
});

/** The v2 event type of a decrypted body, or undefined (v1, URL challenge, garbage). */
export function eventTypeOf(body: unknown): string | undefined {
  if (!isObj(body) || !isObj(body.header)) return undefined;
  const type = body.header.event_type;
  return typeof type === 'string' ? type : undefined;
}

export function normalize(body: unknown, opts: NormalizeOptions): NormalizeResult {
  if (!isObj(body)) return invalid('not_an_object', 'the event body is not a JSON object');
  // v1 envelopes ({uuid, token, ts, type: "event_callback", event: {type}}) predate the 2.0 schema;
  // floorwalker subscribes to 2.0 events only, so a v1 event is known but not acted on.
  if (body.type === 'event_callback' && isObj(body.event))
    return { kind: 'ignored', reason: `v1 event ${str(body.event.type)}` };
  if (body.schema !== '2.0' || !isObj(body.header) || !isObj(body.event)) {
    return invalid('unknown_envelope', 'expected {"schema":"2.0","header":{...},"event":{...}}');
  }
  const header = body.header;
  const type = str(header.event_type);
  const eventId = str(header.event_id);
  if (!type || !eventId) return invalid('unknown_envelope', 'header.event_type and header.event_id are required');
  switch (type) {
    case MESSAGE_EVENT:
      return messageEvent(header, body.event, opts);
    case CARD_ACTION_EVENT:
      return cardActionEvent(header, body.event);
    default:
      // Subscribed elsewhere in the console (reactions, bot added, …): answer 200, do nothing.
      return { kind: 'ignored', reason: `event type ${type}` };
  }
}

// ─── messages ────────────────────────────────────────────────────────────────────────────────

interface RawMention {
  key: string;
  openId: string;
  name: string;
}

/** What a converter returns: text with `@_user_N` placeholders left in, to resolve in one pass. */
interface Converted {
  /** Lines before the body that are never part of a command (a post's title). */
  preamble?: string;
  body: string;
  /** Only text and post can carry commands. */
  commandable: boolean;
  /** A file message's file (file_key, file_name). */
  file?: FileRef;
}

type Converter = (content: Obj | undefined, mentions: RawMention[]) => Converted;

const converters: Record<string, Converter> = {
  text: (content) => ({ body: str(content?.text), commandable: true }),
  post: convertPost,
  file: convertFile,
};

// A file message's content is {"file_key":"file_v2_…","file_name":"….xlsx"}. It never carries a
// command; in a p2p chat core may still run it as the command a feature claims files with.
function convertFile(content: Obj | undefined): Converted {
  const key = str(content?.file_key);
  const name = str(content?.file_name);
  if (!key) return fallback('file');
  return { body: `[file] ${name}`.trim(), commandable: false, file: { key, name } };
}

/** Anything else (image, file, sticker, interactive, …): a readable stand-in, never a command. */
const fallback = (messageType: string): Converted => ({ body: `[${messageType || 'message'}]`, commandable: false });

// A post's content arrives in one of two shapes: {title, content} as the event shows it, or wrapped
// per locale ({"zh_cn": {title, content}}) as the send API and older clients produce it.
function unwrapLocale(content: Obj): Obj | undefined {
  if ('content' in content || 'title' in content) return content;
  for (const loc of ['zh_cn', 'en_us', 'ja_jp', ...Object.keys(content)]) if (isObj(content[loc])) return content[loc];
  return undefined;
}

function convertPost(content: Obj | undefined, mentions: RawMention[]): Converted {
  const post = content && unwrapLocale(content);
  if (!post) return fallback('post');
  const paragraphs = Array.isArray(post.content) ? post.content : [];
  const lines = paragraphs.map((p) => (Array.isArray(p) ? p.map((el) => postElement(el, mentions)).join('') : ''));
  // Styles (bold, italic) are dropped: a command is read from the plain text.
  return { preamble: str(post.title) || undefined, body: lines.join('\n'), commandable: true };
}

function postElement(el: unknown, mentions: RawMention[]): string {
  if (!isObj(el)) return '';
  switch (el.tag) {
    case 'text':
    case 'a':
      return str(el.text) || str(el.href);
    case 'at': {
      // In events the at element's user_id is the placeholder ("@_user_1"), resolved through
      // mentions[] like text's; some clients put the open_id there instead, and @all is "all".
      const id = str(el.user_id);
      if (id === 'all' || id === 'all_members' || id === '@_all') return '@_all';
      if (id.startsWith('@_')) return id;
      const byOpenId = mentions.find((m) => m.openId === id);
      return byOpenId ? byOpenId.key : `@${str(el.user_name) || id}`;
    }
    case 'code_block':
      return str(el.text);
    case 'emotion':
      return `[${str(el.emoji_type)}]`;
    default:
      // img, media, hr: nothing a command could use.
      return str(el.text);
  }
}

// Placeholders are `@_user_N` (N passes 9: the greedy \d+ keeps @_user_1 from eating @_user_12)
// and `@_all` for @everyone.
const PLACEHOLDER = /@_user_\d+|@_all/g;

function resolveMentions(text: string, byKey: Map<string, RawMention>, botKeys: Set<string> | undefined): string {
  return text.replace(PLACEHOLDER, (key) => {
    if (botKeys?.has(key)) return '';
    // Feishu often leaves @_all out of mentions[] and only keeps the placeholder inline.
    if (key === '@_all') return `@${byKey.get(key)?.name || '所有人'}`;
    const m = byKey.get(key);
    return m ? `@${m.name || m.openId}` : key;
  });
}

function parseContent(content: unknown): Obj | undefined {
  if (typeof content !== 'string') return isObj(content) ? content : undefined;
  try {
    const parsed: unknown = JSON.parse(content);
    return isObj(parsed) ? parsed : undefined;
  } catch {
    return undefined;
  }
}

function toIso(ms: unknown): string {
  const n = Number(ms);
  return Number.isFinite(n) && n > 0 ? new Date(n).toISOString() : '';
}

function messageEvent(header: Obj, event: Obj, opts: NormalizeOptions): NormalizeResult {
  const message = event.message;
  const sender = isObj(event.sender) && isObj(event.sender.sender_id) ? event.sender.sender_id : undefined;
  if (!isObj(message) || !sender)
    return invalid('bad_message', 'event.message and event.sender.sender_id are required');
  const messageId = str(message.message_id);
  const chatId = str(message.chat_id);
  const senderOpenId = str(sender.open_id);
  if (!messageId || !chatId || !senderOpenId) {
    return invalid('bad_message', 'message.message_id, message.chat_id and sender.sender_id.open_id are required');
  }

  const raw: RawMention[] = (Array.isArray(message.mentions) ? message.mentions : []).filter(isObj).map((m) => ({
    key: str(m.key),
    openId: isObj(m.id) ? str(m.id.open_id) : '',
    name: str(m.name),
  }));
  const byKey = new Map(raw.map((m) => [m.key, m]));
  const isBot = (m: RawMention) => Boolean(opts.botOpenId) && m.openId === opts.botOpenId;
  const botKeys = new Set(raw.filter(isBot).map((m) => m.key));
  const mentions: Mention[] = raw
    .filter((m) => m.key !== '@_all' && m.openId && !isBot(m))
    .map((m) => ({ key: m.key, openId: m.openId, name: m.name, isBot: false }));

  const messageType = str(message.message_type);
  const converter = converters[messageType];
  const converted = converter ? converter(parseContent(message.content), raw) : fallback(messageType);
  const body = resolveMentions(converted.body, byKey, undefined);
  const text = (converted.preamble ? `${converted.preamble}\n${body}` : body).trim();

  // p2p chats have no group but may be any subtype; only "p2p" means one-to-one.
  const chatType = message.chat_type === 'p2p' ? 'p2p' : 'group';
  const botMentioned = botKeys.size > 0;
  const parentId = str(message.parent_id);
  const inbound: InboundMessage = {
    type: 'message',
    platform: 'feishu',
    id: `msg:${messageId}`,
    eventId: str(header.event_id),
    tenantKey: str(header.tenant_key) || str(isObj(event.sender) ? event.sender.tenant_key : ''),
    messageId,
    chatId,
    chatType,
    sender: { openId: senderOpenId },
    mentions,
    botMentioned,
    text,
    command: converted.commandable ? commandOf(converted.body, byKey, botKeys, chatType, botMentioned) : null,
    ...(converted.file ? { file: converted.file } : {}),
    // A reply names its parent (and the thread's root_id, which floorwalker does not need).
    ...(parentId ? { parentId } : {}),
    createdAt: toIso(message.create_time),
  };
  return { kind: 'event', event: inbound };
}

const SLASH = /^[/／]/;

/**
 * Feishu has no slash commands: a command is text that, without the bot's @mention, starts with "/".
 * In a group the bot takes a message that @-mentions it (with the at-only scope that is all it gets)
 * or that starts with "/" (delivered only with the all-group-messages scope). In a p2p chat every
 * message is for the bot; "/" is added when missing so "帮助" works like "/帮助".
 */
function commandOf(
  body: string,
  byKey: Map<string, RawMention>,
  botKeys: Set<string>,
  chatType: 'group' | 'p2p',
  botMentioned: boolean,
): string | null {
  const stripped = resolveMentions(body, byKey, botKeys)
    .replace(/[ \t\u00a0\u3000]{2,}/g, ' ')
    .trim();
  if (SLASH.test(stripped)) return stripped;
  if (chatType === 'p2p' || botMentioned) return `/${stripped}`;
  return null;
}

// ─── card callbacks ──────────────────────────────────────────────────────────────────────────

function cardActionEvent(header: Obj, event: Obj): NormalizeResult {
  const operator = isObj(event.operator) ? event.operator : undefined;
  const action = isObj(event.action) ? event.action : undefined;
  const context = isObj(event.context) ? event.context : {};
  const openId = str(operator?.open_id);
  if (!operator || !action || !openId)
    return invalid('bad_card_action', 'event.operator.open_id and event.action are required');
  const card: InboundCardAction = {
    type: 'card_action',
    platform: 'feishu',
    id: `evt:${str(header.event_id)}`,
    eventId: str(header.event_id),
    tenantKey: str(header.tenant_key) || str(operator.tenant_key),
    operator: { openId },
    chatId: str(context.open_chat_id),
    messageId: str(context.open_message_id),
    token: str(event.token),
    // A checker's new state comes beside its value (action.checked): the model reads it as value.checked.
    value:
      typeof action.checked === 'boolean'
        ? { ...actionValue(action.value), checked: action.checked }
        : actionValue(action.value),
    ...(isObj(action.form_value) ? { formValue: action.form_value } : {}),
  };
  return { kind: 'event', event: card };
}

// Card JSON 2.0 callbacks carry the button's value object as is; 1.0 cards could only carry a
// string, which floorwalker's own cards never send (kept readable rather than rejected).
function actionValue(value: unknown): Record<string, unknown> {
  if (isObj(value)) return value;
  if (typeof value === 'string') {
    const parsed = parseContent(value);
    return parsed ?? { value };
  }
  return {};
}
