/**
 * The in-memory DingTalk org: people (staff ids), conversations, what was said where, cards by
 * outTrackId, DINGs, and every call the bot made. Plain data; emulator.ts has the operations.
 * Messages have the Feishu emulator's StoredMessage shape, so tests read both platforms alike.
 */
import type { FaultSpec } from '../faults';

export interface DingTalkApp {
  clientId: string;
  clientSecret: string;
  robotCode: string;
}

export interface DtUser {
  /** The staff id (org userId): DingTalk's id for everything the bot does. Named openId like Feishu's for shared tests. */
  openId: string;
  name: string;
  /** The encrypted per-robot id DingTalk also sends. */
  dingtalkId: string;
  /** false: someone from another org in the group (no staff id reaches the bot). */
  internal: boolean;
}

export interface DtChat {
  /** openConversationId (cid…==). */
  chatId: string;
  name: string;
  type: 'group' | 'p2p';
  memberOpenIds: string[];
  botIsMember: boolean;
}

export interface DtMessage {
  messageId: string;
  chatId: string;
  sender: { type: 'bot' | 'user'; openId: string };
  /** text, markdown, actionCard, card (an interactive card instance), file … */
  msgType: string;
  /** `{text}` for text and markdown (markdown also `{title}`), `{cardTemplateId, cardParamMap, text}` for cards. */
  content: Record<string, unknown>;
  createTime: number;
  updateTime: number;
  /** How the bot sent it: the API or a session webhook. */
  via?: string;
  atUserIds?: string[];
  outTrackId?: string;
  processQueryKey?: string;
  recalled?: boolean;
}

export interface DtDing {
  time: number;
  remindType: 1 | 2 | 3;
  kind: 'app' | 'sms' | 'phone';
  /** The receivers reached (staff ids of this org). */
  receivers: string[];
  /** The receivers DingTalk refused (staffId.notExisted): not staff of this org. */
  invalid?: string[];
  content: string;
  openDingId: string;
  result: 'ok' | { code: string; message: string };
}

export interface DtCall {
  seq: number;
  time: number;
  method: string;
  path: string;
  /** The request body, secrets redacted. */
  body: unknown;
  status: number;
  code?: string;
  injected?: boolean;
  /** It took effect, but its answer came after the client had given up (an injected late answer). */
  answeredLate?: boolean;
}

/** A failure to inject (failNext): the shared fault spec with DingTalk's string codes (api-error.ts). */
export type DtFault = FaultSpec<string>;
