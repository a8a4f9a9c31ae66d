/**
 * The chat platform as floorwalker needs it: the port every platform implements (Feishu in
 * src/platforms/feishu/, DingTalk later). Bodies and cards are floorwalker's own model
 * (src/cards/); each implementation renders them into its format, turns its failures into
 * PlatformError and states its rate limits, so that nothing above it knows which platform it is.
 */
import type { Card, CardMeasurer } from '../cards/card';
import type { FileRef } from '../core/inbound';
import type { Text } from '../i18n';

/** The platform a team lives on, as stored in teams.platform: 'feishu', 'dingtalk'. */
export type PlatformName = string;

/** Teams and events from before platforms were named are all on this one. */
export const LEGACY_PLATFORM: PlatformName = 'feishu';

/** Text may carry mention() tokens; the platform renders them. */
export type MessageBody = { msgType: 'text'; content: { text: string } } | { msgType: 'interactive'; content: Card };

export type UrgentKind = 'app' | 'sms' | 'phone';

/**
 * A file to send (an export), read on demand: the bytes come in order from wherever they are kept
 * (the outbox's chunk store), never all held by the caller. Each platform uploads it first
 * (Feishu: POST im/v1/files, then a msg_type "file" message; DingTalk: media upload, then a
 * sampleFile message) and may refuse one over its size limit (PlatformError 'file_too_large').
 */
export interface OutgoingFile {
  /** Shown to the person: "KPI 数据_2026-11-01_2026-11-30.xlsx". */
  name: string;
  size: number;
  /** The bytes, in order; each call reads them afresh (a retry uploads again). */
  chunks(): AsyncIterable<Uint8Array>;
}

export interface ChatInfo {
  name: string;
  ownerOpenId?: string;
}

/**
 * How many calls the platform allows, in the terms the outbox counts them: a sliding `windowMs`
 * counted in slices of `sliceMs`, with a per-slice budget chosen by the platform so that no window
 * exceeds its limit (src/outbox/rate-limit.ts).
 */
export interface PlatformLimits {
  windowMs: number;
  sliceMs: number;
  /** The largest file `sendFile` takes (Feishu: 30 MB; DingTalk's media upload: 20 MB). */
  maxFileBytes?: number;
  /** Calls of the whole app per slice. */
  appPerSlice: number;
  /**
   * Slots of the app budget kept free from normal and from bulk rows, so urgent rows find room;
   * `urgent`: kept from every row that is not urgent while urgent rows are due (as many as are due,
   * at most this many), so that a phone escalation never waits behind a backlog of other calls.
   */
  appReserve: { normal: number; bulk: number; urgent?: number };
  /** Calls per slice into one chat, to one person (p2p), or on one message (card updates). */
  lanePerSlice: number;
  /** How long a chat is closed after the platform said it is over that chat's limit. */
  lanePauseMs: number;
  /**
   * Every call that lands in one group, whatever it is: sends, replies and card patches into it.
   * Counted on top of the lane's slice budget, so that a group's own messages and the updates of
   * its cards together stay within what the platform allows the group.
   */
  perChat?: RateWindow;
  /**
   * Messages the bot sends into one group on its own (sends: not replies to a person, not card
   * updates), when the platform limits those (DingTalk: a robot's 20 a minute per group). On top of
   * `perChat`. Replies answer someone who just spoke, and DingTalk's go by the session webhook.
   */
  perChatMessages?: RateWindow;
  /** Every message to one person (p2p). */
  perUser?: RateWindow;
  /** Every buzz of one person, when the platform limits those (Feishu states no such limit). */
  perBuzzed?: RateWindow;
  /**
   * The platform's per-API budgets, by the call that uses the API. Calls that name the same `api`
   * share its budget; a call not listed has none beyond the app's.
   */
  perApi?: Partial<Record<OutboxCall, { api: string; windows: RateWindow[] }>>;
}

/**
 * "At most `limit` calls in any `windowMs`" (a sliding window, as platforms count), counted in cells
 * of `cellMs`: a call is let through when the cells a window ending now touches hold fewer than
 * `limit`, so no window — ending at any call — ever holds more. Finer cells waste less of the limit.
 */
export interface RateWindow {
  limit: number;
  windowMs: number;
  cellMs: number;
}

/** The calls the outbox makes, in its own terms: one per row kind, buzzes by channel. */
export type OutboxCall = 'send' | 'reply' | 'patch' | 'urgent_app' | 'urgent_sms' | 'urgent_phone' | 'card_update';

/** What explanations of failures say about the platform (outbox/explain.ts). */
export interface PlatformWords {
  /** "飞书" / "Feishu". */
  name: Text;
  /** Where the app's credentials are set: "FEISHU_APP_ID / FEISHU_APP_SECRET". */
  credentials: Text;
  /** Unread buzzes a person may have before more are refused. */
  unreadBuzzLimit?: number;
  /** How long a sent message can still be updated. */
  editableDays?: number;
  /** Said by /help: how messages reach the bot in a group (DingTalk: only @-messages arrive). */
  groupHint?: Text;
  /** Said by /setup: what the platform needs beyond the app (DingTalk: the edition for DING). */
  setupNotes?: Text[];
  /** API calls the org may make per month (DingTalk standard edition: 10,000); /setup shows the count. */
  monthlyCallLimit?: number;
  /**
   * The platform does not say who owns a group: the first person to run /setup in a new group
   * becomes its supervisor (besides FLOORWALKER_ADMINS), as the setup card says.
   */
  firstSetupIsSupervisor?: boolean;
  /**
   * Files reach the bot only when sent to it in the 1:1 chat, and it cannot read the file of a
   * message replied to (DingTalk: no group files for robots, no replies): what to tell a person
   * who asks to import without a file.
   */
  filesOnlyPrivately?: boolean;
}

export interface PlatformApi extends CardMeasurer {
  readonly name: PlatformName;
  readonly limits: PlatformLimits;
  readonly words: PlatformWords;
  /**
   * The platform shows a mention only as the name written in it (DingTalk: a card instance or a
   * robot message writes "@name"; it renders no name from an id). The outbox fills in names that
   * mention() tokens lack from the team's members before such a platform renders them. Feishu
   * renders `<at id>` as the person's name itself and leaves this unset.
   */
  readonly mentionsNeedNames?: boolean;
  botInfo(): Promise<{ openId: string; name: string }>;
  chatInfo(chatId: string): Promise<ChatInfo>;
  /** `uuid` makes a resend of the same message a no-op where the platform supports it. */
  send(to: { chatId: string } | { openId: string }, body: MessageBody, uuid: string): Promise<{ messageId: string }>;
  reply(messageId: string, body: MessageBody, uuid: string): Promise<{ messageId: string }>;
  /**
   * Upload `file` and send it as a file message; `uuid` makes a resend of the message a no-op
   * where the platform supports it (an upload repeated by a retry is only wasted, never shown).
   */
  sendFile(
    to: { chatId: string } | { openId: string },
    file: OutgoingFile,
    uuid: string,
  ): Promise<{ messageId: string }>;
  /** Replace a card the bot sent, for everyone who sees it. */
  patchCard(messageId: string, card: Card): Promise<void>;
  /** `invalidOpenIds`: people the platform does not know or cannot reach. */
  urgent(messageId: string, kind: UrgentKind, openIds: string[]): Promise<{ invalidOpenIds: string[] }>;
  /** Delayed update of a card through the token of a button press on it. */
  updateCardByToken(token: string, card: Card): Promise<void>;
  /** The file a message carries (a reply's parent, say); undefined when it carries none. */
  messageFile(messageId: string): Promise<FileRef | undefined>;
  /**
   * A message's file, read whole. Throws PlatformError 'file_too_large' as soon as it passes
   * `maxBytes` (reading stops there), 'file_not_found' when the message or file is gone.
   */
  downloadFile(messageId: string, file: FileRef, maxBytes: number): Promise<Uint8Array>;
}

/**
 * What may come of trying again, as the platform sees it:
 * - rate_limited: the platform said "later". For the whole app it is not a failure (the outbox
 *   pauses the app and waits); for one chat it usually means others are busy in it too, so the
 *   chat is paused and the row backs off like a transient error.
 * - transient: the call may well succeed later (network, server errors).
 * - permanent: no retry can fix it; `reason` says what a person has to do.
 */
export type RetryHint =
  | { kind: 'rate_limited'; scope: 'app' | 'chat'; retryAfterMs?: number }
  | { kind: 'transient' }
  | { kind: 'permanent' };

/**
 * A failed platform call, classified by the platform adapter. `reason` is a neutral name
 * ("bot_not_in_group", "missing_scope", "network" …, see outbox/explain.ts);
 * `code` and `httpStatus` are the platform's own numbers, kept for people reading the record.
 */
export class PlatformError extends Error {
  /** The platform's own numbers, for the record: never decide on them outside the adapter. */
  readonly code?: number;
  readonly httpStatus?: number;
  /** The platform's answer body, when there was one. */
  readonly body?: unknown;

  constructor(
    message: string,
    readonly reason: string,
    readonly retry: RetryHint,
    detail: { code?: number; httpStatus?: number; body?: unknown } = {},
  ) {
    super(message);
    this.name = 'PlatformError';
    if (detail.code !== undefined) this.code = detail.code;
    if (detail.httpStatus !== undefined) this.httpStatus = detail.httpStatus;
    if (detail.body !== undefined) this.body = detail.body;
  }
}
