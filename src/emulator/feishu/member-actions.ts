/**
 * What a member does in the (emulated) Feishu client — type a message, press a card button — and
 * what Feishu then sends to the bot. Mistakes by the caller (unknown chat, a button that is not on
 * the card) throw EmulatorUsageError: they are bugs in a test or console, not platform behaviour.
 */
import { issueCallbackToken } from './card-callback-tokens';
import { assertCardAcceptable, buttonsOf } from './card-rules';
import { cardActionEnvelope, messageReceiveEnvelope } from './event-envelopes';
import { FeishuApiError } from './feishu-error';
import { newEventId, newMessageId } from './ids';
import { encodeMentions } from './mentions';
import { replaceCard } from './messages';
import { storeFile } from './files';
import { appendLog, storeMessage } from './retention';
import type { Chat, Delivery, EmulatorContext, EventMention, StoredMessage, User } from './model';
import { deliverToWebhook, type WebhookTarget } from './webhook-delivery';

export class EmulatorUsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'EmulatorUsageError';
  }
}

const EVENT_BUDGET_MS = 3000;

export interface EmittedMessage {
  message: StoredMessage;
  /** The event body before encryption. */
  event: ReturnType<typeof messageReceiveEnvelope>;
  delivered: boolean;
  /** Why it was not delivered (bot not in the chat, scope, no webhook). */
  reason?: string;
  delivery?: Delivery;
  /** The bot's HTTP status, when delivered. */
  status?: number;
}

export async function emitMessage(
  ctx: EmulatorContext,
  webhook: WebhookTarget | undefined,
  o: { chatId: string; senderOpenId: string; text: string; parentId?: string },
): Promise<EmittedMessage> {
  const { state } = ctx;
  const { chat, sender } = speaker(ctx, o);
  const people = [
    ...state.users.values(),
    { openId: state.bot.openId, unionId: state.bot.unionId, userId: '', name: state.bot.name },
  ];
  const { text, mentions } = encodeMentions(o.text, people, state.tenantKey);
  const message = say(ctx, chat, sender, { msgType: 'text', content: { text } }, o.parentId, mentions);
  return deliverMessage(ctx, webhook, chat, sender, message, mentions);
}

/**
 * A member sends a file into a chat (optionally as a reply): Feishu stores it under a new
 * file_key and delivers a file message (message_type "file", content {file_key, file_name}).
 * A file cannot @ the bot: in a group it reaches the bot only with the all-group-messages scope.
 */
export async function emitFile(
  ctx: EmulatorContext,
  webhook: WebhookTarget | undefined,
  o: { chatId: string; senderOpenId: string; fileName: string; bytes: Uint8Array; parentId?: string },
): Promise<EmittedMessage> {
  const { chat, sender } = speaker(ctx, o);
  if (!o.fileName) throw new EmulatorUsageError('a file needs a name');
  if (o.bytes.length === 0) throw new EmulatorUsageError('Feishu does not send empty files');
  if (o.bytes.length > MAX_MEMBER_FILE_BYTES)
    throw new EmulatorUsageError('the file is larger than the emulator keeps');
  const file = storeFile(ctx, { fileName: o.fileName, bytes: o.bytes });
  const content = { file_key: file.fileKey, file_name: file.fileName };
  const message = say(ctx, chat, sender, { msgType: 'file', content }, o.parentId, []);
  return deliverMessage(ctx, webhook, chat, sender, message, []);
}

/** Members send files of up to 100 MB in Feishu; the emulator keeps them in memory, so less. */
const MAX_MEMBER_FILE_BYTES = 50 * 1024 * 1024;

function speaker(ctx: EmulatorContext, o: { chatId: string; senderOpenId: string }): { chat: Chat; sender: User } {
  const chat = ctx.state.chats.get(o.chatId);
  if (!chat) throw new EmulatorUsageError(`no chat ${o.chatId}`);
  const sender = ctx.state.users.get(o.senderOpenId);
  if (!sender) throw new EmulatorUsageError(`no user ${o.senderOpenId}; add them with addUser first`);
  if (!chat.memberOpenIds.includes(sender.openId))
    throw new EmulatorUsageError(`${sender.name} is not a member of ${chat.name}`);
  return { chat, sender };
}

/** The member's message, stored and shown; a reply names its parent and the thread's root. */
function say(
  ctx: EmulatorContext,
  chat: Chat,
  sender: User,
  body: { msgType: string; content: Record<string, unknown> },
  parentId: string | undefined,
  mentions: EventMention[],
): StoredMessage {
  let parent: StoredMessage | undefined;
  if (parentId) {
    parent = ctx.state.messages.get(parentId);
    if (!parent || parent.chatId !== chat.chatId)
      throw new EmulatorUsageError(`no message ${parentId} in ${chat.name} to reply to`);
  }
  const now = ctx.now();
  const message: StoredMessage = {
    messageId: newMessageId(),
    chatId: chat.chatId,
    sender: { type: 'user', openId: sender.openId },
    msgType: body.msgType,
    content: body.content,
    createTime: now,
    updateTime: now,
    ...(parent ? { parentId: parent.messageId, rootId: parent.rootId ?? parent.messageId } : {}),
    ...(mentions.length ? { mentions } : {}),
  };
  storeMessage(ctx, message);
  ctx.notify({ type: 'message.added', message });
  return message;
}

async function deliverMessage(
  ctx: EmulatorContext,
  webhook: WebhookTarget | undefined,
  chat: Chat,
  sender: User,
  message: StoredMessage,
  mentions: EventMention[],
): Promise<EmittedMessage> {
  const { state } = ctx;
  const eventId = newEventId();
  const event = messageReceiveEnvelope(state, {
    eventId,
    now: ctx.now(),
    sender,
    message,
    chatType: chat.type,
    mentions,
  });
  const botMentioned = mentions.some((m) => m.id.open_id === state.bot.openId);
  const reason = !chat.botIsMember
    ? 'the bot is not in this chat'
    : chat.type === 'group' && !state.deliverAllGroupMessages && !botMentioned
      ? 'the app only receives group messages that @ the bot (scope im:message.group_at_msg)'
      : !webhook
        ? 'no webhook configured'
        : undefined;
  if (reason) return { message, event, delivered: false, reason };

  const r = await deliverToWebhook(ctx, webhook!, event, {
    eventType: 'im.message.receive_v1',
    eventId,
    sign: true,
    budgetMs: EVENT_BUDGET_MS,
  });
  return { message, event, delivered: true, delivery: r.delivery, status: r.status };
}

export interface ButtonClick {
  messageId: string;
  operatorOpenId: string;
  /** The callback value of the button pressed; must be on the card. */
  value?: Record<string, unknown>;
  /** Or the button's label, as a member sees it. */
  buttonText?: string;
  formValue?: Record<string, unknown>;
}

export interface ButtonClickResult {
  /** The bot's HTTP status. */
  status: number;
  toast?: { type: string; content: string };
  /** The card now shown, when the answer replaced it. */
  card?: Record<string, unknown>;
  /** The raw answer body. */
  answer: unknown;
  event: ReturnType<typeof cardActionEnvelope>;
  delivery: Delivery;
}

const sameJson = (a: unknown, b: unknown) => JSON.stringify(sortKeys(a)) === JSON.stringify(sortKeys(b));
function sortKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (v && typeof v === 'object')
    return Object.fromEntries(
      Object.entries(v)
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([k, x]) => [k, sortKeys(x)]),
    );
  return v;
}

export async function clickButton(
  ctx: EmulatorContext,
  webhook: WebhookTarget | undefined,
  o: ButtonClick,
): Promise<ButtonClickResult> {
  const { state } = ctx;
  const message = state.messages.get(o.messageId);
  if (!message || message.msgType !== 'interactive') throw new EmulatorUsageError(`no card message ${o.messageId}`);
  const operator = state.users.get(o.operatorOpenId);
  if (!operator) throw new EmulatorUsageError(`no user ${o.operatorOpenId}`);
  const buttons = buttonsOf(message.content);
  const button = buttons.find((b) => (o.value ? sameJson(b.value, o.value) : b.text === o.buttonText));
  if (!button) {
    const offered = buttons.map((b) => `"${b.text}" ${JSON.stringify(b.value)}`).join(', ') || 'none';
    throw new EmulatorUsageError(`no such button on ${o.messageId} (buttons: ${offered})`);
  }
  if (button.disabled) throw new EmulatorUsageError(`button "${button.text}" is disabled`);
  if (!webhook) throw new EmulatorUsageError('no webhook configured');

  const eventId = newEventId();
  const callbackToken = issueCallbackToken(ctx, message.messageId, operator.openId);
  const event = cardActionEnvelope(state, {
    eventId,
    now: ctx.now(),
    operator,
    callbackToken,
    messageId: message.messageId,
    chatId: message.chatId,
    value: button.value,
    ...(button.name ? { name: button.name } : {}),
    ...(o.formValue ? { formValue: o.formValue } : {}),
    ...(button.checked === undefined ? {} : { checked: !button.checked }),
  });
  const r = await deliverToWebhook(ctx, webhook, event, {
    eventType: 'card.action.trigger',
    eventId,
    sign: true,
    budgetMs: EVENT_BUDGET_MS,
  });

  const answer = r.answer as { toast?: { type: string; content: string }; card?: unknown } | undefined;
  const result: ButtonClickResult = { status: r.status, answer: r.answer, event, delivery: r.delivery };
  if (r.status !== 200 || !answer || typeof answer !== 'object') return result;
  if (answer.toast) result.toast = answer.toast;
  const card = cardOf(answer.card);
  if (card) {
    try {
      assertCardAcceptable(card);
      replaceCard(ctx, message, card);
      result.card = card;
    } catch (err) {
      if (!(err instanceof FeishuApiError)) throw err;
      const violation = {
        time: ctx.now(),
        rule: 'callback_card_invalid',
        status: 200,
        code: err.code,
        method: 'POST',
        path: '(webhook) card.action.trigger',
        detail: err.msg,
      };
      appendLog(state.violations, violation, state.retain.log);
      ctx.notify({ type: 'violation', violation });
    }
  }
  return result;
}

/** `{type:'raw', data}` or a bare card; templates are not rendered by the emulator. */
function cardOf(c: unknown): Record<string, unknown> | undefined {
  if (!c || typeof c !== 'object') return undefined;
  const o = c as Record<string, unknown>;
  if (o.type === 'raw') return o.data && typeof o.data === 'object' ? (o.data as Record<string, unknown>) : undefined;
  if (o.type === 'template') return undefined;
  return o;
}
