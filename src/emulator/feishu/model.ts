/**
 * The in-memory Feishu tenant: who is in it, what was said where, and what the bot asked of the
 * Open API. Plain data; the operations live next to it (messages.ts, urgent.ts, …).
 */
import type { RateLimiter } from '../rate-limiter';
import type { RetentionLimits } from './retention';

export interface EmulatorApp {
  appId: string;
  appSecret: string;
  /** Empty string: events go out in plain JSON, unsigned (an app without an Encrypt Key). */
  encryptKey: string;
  verificationToken: string;
}

export interface Bot {
  openId: string;
  unionId: string;
  name: string;
}

export interface User {
  openId: string;
  unionId: string;
  userId: string;
  name: string;
}

export interface Chat {
  chatId: string;
  name: string;
  type: 'group' | 'p2p';
  ownerOpenId: string;
  memberOpenIds: string[];
  botIsMember: boolean;
  /** Group setting "all members may buzz"; when off the bot (not an admin here) gets 230052. */
  membersMayBuzz: boolean;
}

export interface Sender {
  type: 'bot' | 'user';
  openId: string;
}

export interface EventMention {
  key: string;
  id: { union_id: string; user_id: string; open_id: string };
  name: string;
  tenant_key: string;
}

export interface StoredMessage {
  messageId: string;
  chatId: string;
  sender: Sender;
  msgType: string;
  /**
   * The parsed content: `{text}` for text, the card JSON for interactive, `{title, content}` for
   * post, `{file_key, file_name}` for file.
   */
  content: Record<string, unknown>;
  createTime: number;
  updateTime: number;
  parentId?: string;
  rootId?: string;
  uuid?: string;
  mentions?: EventMention[];
}

/** A file uploaded (by the bot: POST /im/v1/files) or sent by a member (emitFile), by its file_key. */
export interface StoredFile {
  fileKey: string;
  fileName: string;
  /** Upload's file_type: opus, mp4, pdf, doc, xls, ppt, stream. */
  fileType: string;
  bytes: Uint8Array;
  createTime: number;
}

export type UrgentKindName = 'app' | 'sms' | 'phone';

export interface UrgentCall {
  time: number;
  kind: UrgentKindName;
  messageId: string;
  /** Valid callees that were buzzed (empty when the call was refused). */
  callees: string[];
  invalid: string[];
  result: 'ok' | { code: number; msg: string };
}

export interface ApiCall {
  seq: number;
  time: number;
  method: string;
  path: string;
  query: Record<string, string>;
  /** The request body, with app_secret redacted. */
  body: unknown;
  status: number;
  code: number | undefined;
  msg?: string;
  /** Answered by an injected fault, not by the model. */
  injected?: boolean;
  /** A send whose uuid was already used within the hour: answered with the first message. */
  dedup?: boolean;
  /** Took effect, but its answer was held back (answerLateMs): the caller may have timed out. */
  answeredLate?: boolean;
}

/** A platform rule the bot ran into (or broke), kept so a test or the console can show it. */
export interface Violation {
  time: number;
  rule: string;
  status: number;
  code: number | undefined;
  method: string;
  path: string;
  detail: string;
}

/** One event or callback POSTed to the bot's webhook. */
export interface Delivery {
  time: number;
  eventType: string;
  eventId: string;
  status: number;
  elapsedMs: number;
  /** The bot's answer body (first 2,000 characters). */
  answer: string;
  error?: string;
}

export interface CallbackToken {
  messageId: string;
  operatorOpenId: string;
  issuedAt: number;
  uses: number;
}

export interface Quota {
  sms: number;
  phone: number;
}

export interface EmulatorState {
  app: EmulatorApp;
  tenantKey: string;
  bot: Bot;
  users: Map<string, User>;
  chats: Map<string, Chat>;
  messages: Map<string, StoredMessage>;
  files: Map<string, StoredFile>;
  sentByUuid: Map<string, { messageId: string; at: number }>;
  tenantTokens: Map<string, number>;
  callbackTokens: Map<string, CallbackToken>;
  urgentCalls: UrgentCall[];
  unreadBuzzes: Map<string, number>;
  quota: Quota;
  calls: ApiCall[];
  violations: Violation[];
  deliveries: Delivery[];
  /** Scope im:message.group_msg (every group message) rather than only messages that @ the bot. */
  deliverAllGroupMessages: boolean;
  /** How much of the messages and logs is kept (EmulatorOptions.retain). */
  retain: RetentionLimits;
}

export type EmulatorChange =
  | { type: 'message.added'; message: StoredMessage }
  | { type: 'message.updated'; message: StoredMessage }
  | { type: 'urgent'; call: UrgentCall }
  | { type: 'api.call'; call: ApiCall }
  | { type: 'violation'; violation: Violation }
  | { type: 'delivery'; delivery: Delivery }
  | { type: 'user.added'; user: User }
  | { type: 'chat.changed'; chat: Chat }
  | { type: 'reset' };

/** What every operation gets: the state, the time, and a way to tell observers. */
export interface EmulatorContext {
  state: EmulatorState;
  limiter: RateLimiter;
  now(): number;
  notify(change: EmulatorChange): void;
  /**
   * The stopwatch for Feishu's answer budget (3 s for events, 1 s for the URL check), in ms; null:
   * the "answered too slowly" rule is off (see EmulatorOptions.answerBudget).
   */
  answerStopwatch: (() => number) | null;
}
