/**
 * Sending, replying and patching, with the rules Feishu applies: the bot must be in the chat,
 * content is a JSON string of the right shape, a uuid posts at most once per hour, 5 QPS per
 * chat / user / message, cards within 30 KB and 200 elements, patches within 14 days.
 */
import { assertCardAcceptable } from './card-rules';
import { Codes, FeishuApiError, invalidParam } from './feishu-error';
import { newChatId, newMessageId } from './ids';
import type { Chat, EmulatorContext, StoredMessage, User } from './model';
import { storeMessage } from './retention';

const UUID_WINDOW_MS = 60 * 60_000;
const PATCH_WINDOW_MS = 14 * 24 * 60 * 60_000;
const QPS = 5;

export interface ApiAnswer {
  status?: number;
  body: Record<string, unknown>;
  headers?: Record<string, string>;
  /** The uuid was seen within the hour: nothing was posted. */
  dedup?: boolean;
  /** A binary answer (a file's bytes) instead of the JSON body. */
  raw?: Uint8Array;
}

export const ok = (data: Record<string, unknown>): ApiAnswer => ({ body: { code: 0, msg: 'success', data } });

export function toApiMessage(ctx: EmulatorContext, m: StoredMessage): Record<string, unknown> {
  const { app, tenantKey } = ctx.state;
  return {
    message_id: m.messageId,
    ...(m.rootId ? { root_id: m.rootId } : {}),
    ...(m.parentId ? { parent_id: m.parentId } : {}),
    msg_type: m.msgType,
    create_time: String(m.createTime),
    update_time: String(m.updateTime),
    deleted: false,
    updated: m.updateTime !== m.createTime,
    chat_id: m.chatId,
    sender:
      m.sender.type === 'bot'
        ? { id: app.appId, id_type: 'app_id', sender_type: 'app', tenant_key: tenantKey }
        : { id: m.sender.openId, id_type: 'open_id', sender_type: 'user', tenant_key: tenantKey },
    body: { content: JSON.stringify(m.content) },
  };
}

export function parseContent(
  msgType: unknown,
  content: unknown,
): { msgType: string; content: Record<string, unknown> } {
  if (msgType !== 'text' && msgType !== 'post' && msgType !== 'interactive' && msgType !== 'file') {
    throw invalidParam(
      `invalid msg_type (the emulator takes text, post, interactive, file; got ${JSON.stringify(msgType)})`,
    );
  }
  if (typeof content !== 'string') throw invalidParam('content must be a JSON string');
  let parsed: unknown;
  try {
    parsed = JSON.parse(content);
  } catch {
    throw invalidParam('content is not valid JSON');
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed))
    throw invalidParam('content must be a JSON object');
  if (msgType === 'text' && typeof (parsed as { text?: unknown }).text !== 'string')
    throw invalidParam('text content needs a "text" string');
  if (msgType === 'interactive') assertCardAcceptable(parsed);
  if (msgType === 'file' && typeof (parsed as { file_key?: unknown }).file_key !== 'string')
    throw invalidParam('file content needs a "file_key" string');
  return { msgType, content: parsed as Record<string, unknown> };
}

/** The stored file a file message's content names, for sending one (file_key of an upload). */
export function fileToSend(ctx: EmulatorContext, content: Record<string, unknown>): Record<string, unknown> {
  const file = typeof content.file_key === 'string' ? ctx.state.files.get(content.file_key) : undefined;
  if (!file) throw invalidParam('invalid file_key (upload it with POST /open-apis/im/v1/files first)');
  return { file_key: file.fileKey, file_name: file.fileName };
}

function checkUuid(uuid: unknown): string | undefined {
  if (uuid === undefined || uuid === null || uuid === '') return undefined;
  if (typeof uuid !== 'string' || uuid.length > 50)
    throw invalidParam('uuid must be a string of at most 50 characters');
  return uuid;
}

/**
 * A uuid de-duplicates for an hour; older ones are dropped as new ones come (insertion order is
 * time order), so a long run's bot sends do not pile up here.
 */
function rememberUuid(ctx: EmulatorContext, uuid: string, messageId: string, now: number): void {
  const seen = ctx.state.sentByUuid;
  seen.delete(uuid); // re-inserted last: a reused uuid is the newest
  seen.set(uuid, { messageId, at: now });
  for (const [key, entry] of seen) {
    if (now - entry.at < UUID_WINDOW_MS) break;
    seen.delete(key);
  }
}

/** The message an earlier call with this uuid posted, if it was within the hour. */
function earlierSend(ctx: EmulatorContext, uuid: string | undefined): StoredMessage | undefined {
  if (!uuid) return undefined;
  const seen = ctx.state.sentByUuid.get(uuid);
  if (!seen || ctx.now() - seen.at >= UUID_WINDOW_MS) return undefined;
  return ctx.state.messages.get(seen.messageId);
}

/** Feishu's message-level limit: 5 QPS per group and per user (p2p), 5 QPS per message for updates. */
function takeMessageRate(ctx: EmulatorContext, key: string, rule: string): void {
  if (ctx.limiter.take(key, QPS, 1000, ctx.now()) > 0) {
    throw new FeishuApiError(400, Codes.messageRateLimited, 'This operation triggers the frequency limit.', { rule });
  }
}

const chatRateKey = (chat: Chat) =>
  chat.type === 'p2p' ? `user:${chat.memberOpenIds[0] ?? chat.chatId}` : `chat:${chat.chatId}`;

function p2pChatWith(ctx: EmulatorContext, user: User): Chat {
  for (const chat of ctx.state.chats.values()) {
    if (chat.type === 'p2p' && chat.memberOpenIds.includes(user.openId)) return chat;
  }
  const chat: Chat = {
    chatId: newChatId(),
    name: user.name,
    type: 'p2p',
    ownerOpenId: user.openId,
    memberOpenIds: [user.openId],
    botIsMember: true,
    membersMayBuzz: true,
  };
  ctx.state.chats.set(chat.chatId, chat);
  ctx.notify({ type: 'chat.changed', chat });
  return chat;
}

export function assertBotIn(chat: Chat): void {
  if (!chat.botIsMember)
    throw new FeishuApiError(400, Codes.botNotInChat, 'The bot can not be outside the group.', {
      rule: 'bot_not_in_chat',
    });
}

function post(
  ctx: EmulatorContext,
  chat: Chat,
  parsed: { msgType: string; content: Record<string, unknown> },
  uuid: string | undefined,
  parent?: StoredMessage,
): StoredMessage {
  const now = ctx.now();
  const message: StoredMessage = {
    messageId: newMessageId(),
    chatId: chat.chatId,
    sender: { type: 'bot', openId: ctx.state.bot.openId },
    msgType: parsed.msgType,
    // A file message shows its file's name, as Feishu's GET of it does.
    content: parsed.msgType === 'file' ? fileToSend(ctx, parsed.content) : parsed.content,
    createTime: now,
    updateTime: now,
    ...(parent ? { parentId: parent.messageId, rootId: parent.rootId ?? parent.messageId } : {}),
    ...(uuid ? { uuid } : {}),
  };
  storeMessage(ctx, message);
  if (uuid) rememberUuid(ctx, uuid, message.messageId, now);
  ctx.notify({ type: 'message.added', message });
  return message;
}

/** POST /open-apis/im/v1/messages?receive_id_type=chat_id|open_id */
export function sendMessage(ctx: EmulatorContext, query: Record<string, string>, body: unknown): ApiAnswer {
  const b = (body ?? {}) as Record<string, unknown>;
  const idType = query.receive_id_type;
  if (idType !== 'chat_id' && idType !== 'open_id')
    throw invalidParam('invalid receive_id_type (the emulator takes chat_id or open_id)');
  if (typeof b.receive_id !== 'string' || !b.receive_id) throw invalidParam('invalid receive_id');
  let chat: Chat;
  if (idType === 'chat_id') {
    const found = ctx.state.chats.get(b.receive_id);
    if (!found) throw invalidParam('invalid receive_id');
    chat = found;
  } else {
    const user = ctx.state.users.get(b.receive_id);
    if (!user) throw invalidParam('invalid receive_id');
    chat = p2pChatWith(ctx, user);
  }
  assertBotIn(chat);
  const uuid = checkUuid(b.uuid);
  const earlier = earlierSend(ctx, uuid);
  if (earlier) return { ...ok(toApiMessage(ctx, earlier)), dedup: true };
  const parsed = parseContent(b.msg_type, b.content);
  takeMessageRate(ctx, chatRateKey(chat), chat.type === 'p2p' ? 'rate_5qps_user' : 'rate_5qps_chat');
  return ok(toApiMessage(ctx, post(ctx, chat, parsed, uuid)));
}

export function existing(ctx: EmulatorContext, messageId: string): StoredMessage {
  const m = ctx.state.messages.get(messageId);
  if (!m) throw invalidParam('invalid message_id');
  return m;
}

/** POST /open-apis/im/v1/messages/:message_id/reply */
export function replyMessage(ctx: EmulatorContext, messageId: string, body: unknown): ApiAnswer {
  const b = (body ?? {}) as Record<string, unknown>;
  const parent = existing(ctx, messageId);
  const chat = ctx.state.chats.get(parent.chatId);
  if (!chat) throw invalidParam('invalid message_id');
  assertBotIn(chat);
  const uuid = checkUuid(b.uuid);
  const earlier = earlierSend(ctx, uuid);
  if (earlier) return { ...ok(toApiMessage(ctx, earlier)), dedup: true };
  const parsed = parseContent(b.msg_type, b.content);
  takeMessageRate(ctx, chatRateKey(chat), chat.type === 'p2p' ? 'rate_5qps_user' : 'rate_5qps_chat');
  return ok(toApiMessage(ctx, post(ctx, chat, parsed, uuid, parent)));
}

/** Replace a card the bot sent; shared by PATCH /im/v1/messages/:id and the callback-token update. */
export function replaceCard(ctx: EmulatorContext, message: StoredMessage, card: Record<string, unknown>): void {
  message.content = card;
  message.updateTime = ctx.now();
  ctx.notify({ type: 'message.updated', message });
}

/** PATCH /open-apis/im/v1/messages/:message_id {content} — cards only. */
export function patchMessage(ctx: EmulatorContext, messageId: string, body: unknown): ApiAnswer {
  const m = existing(ctx, messageId);
  if (m.sender.type !== 'bot')
    throw new FeishuApiError(
      400,
      Codes.invalidParam,
      'Your request contains an invalid request parameter, ext=only messages the bot sent can be updated.',
      { rule: 'patch_not_own_message' },
    );
  if (m.msgType !== 'interactive')
    throw new FeishuApiError(
      400,
      Codes.invalidParam,
      'Your request contains an invalid request parameter, ext=only cards can be updated with PATCH.',
      { rule: 'patch_not_card' },
    );
  if (ctx.now() - m.createTime > PATCH_WINDOW_MS) {
    throw new FeishuApiError(400, Codes.messageTooOld, 'Message can only be modified within 14 days after sending.', {
      rule: 'patch_too_old',
    });
  }
  const parsed = parseContent('interactive', ((body ?? {}) as { content?: unknown }).content);
  takeMessageRate(ctx, `message:${m.messageId}`, 'rate_5qps_message');
  replaceCard(ctx, m, parsed.content);
  return ok({});
}
