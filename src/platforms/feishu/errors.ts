/**
 * Feishu's answers in floorwalker's words: which business codes mean what, and what may come of
 * retrying. Pure. The adapter (api-errors.ts) reads status, code and reset header off whatever the
 * SDK threw and hands them here; the outbox sees only the neutral PlatformError.
 */
import { PlatformError, type RetryHint } from '../../port/platform';

/** 429 / 99991400: the app is over its rate limit; `x-ogw-ratelimit-reset` says for how long. */
export const APP_RATE_LIMITED = 99991400;
/** One group is over its 5 per second. */
export const CHAT_RATE_LIMITED = 230020;
/** The cached tenant token was rejected (invalid / expired): fetch a new one and try once more. */
export const TOKEN_INVALID_CODES: ReadonlySet<number> = new Set([99991663, 99991664, 99991661]);

/** Business codes that no retry can fix, by the neutral reason they stand for. */
export const PERMANENT_CODES: Readonly<Record<number, string>> = {
  10003: 'app_credentials',
  10014: 'app_credentials',
  99991661: 'token_invalid',
  99991663: 'token_invalid',
  99991664: 'token_invalid',
  99991672: 'missing_scope',
  230001: 'invalid_request',
  230002: 'bot_not_in_group',
  230006: 'bot_ability_off',
  230011: 'message_recalled',
  230012: 'not_own_message',
  230023: 'too_many_unread',
  230024: 'quota_exhausted',
  230031: 'message_too_old',
  230035: 'no_permission',
  230052: 'not_allowed',
  230099: 'card_invalid',
  // Message resources (GET …/messages/:id/resources/:key): the key is not this message's, the
  // message was deleted, the file is over what Feishu lets an app download (100 MB).
  230110: 'message_deleted',
  234003: 'file_not_found',
  234037: 'file_too_large',
  232006: 'chat_not_found',
  232009: 'chat_dissolved',
  232011: 'bot_not_in_group',
};

/** What an operator should do about the codes that need a person, not a retry (goes into the message). */
const HINTS: Readonly<Record<number, string>> = {
  10003: 'check FEISHU_APP_ID',
  10014: 'check FEISHU_APP_SECRET',
  99991672: 'grant the scopes named above in the app console, then publish a new version',
  230002: 'add the bot to this group',
  230006: 'enable the bot ability of the app and publish it',
  230012: 'only messages the bot sent can be buzzed',
  230024: "the tenant's SMS/phone buzz quota is used up: fall back to in-app buzz",
  230052: 'let all members buzz in the group settings, or make the bot a group admin',
  232009: 'the group was dissolved',
  234003: 'the file_key must come from the same message',
};

export interface FeishuFailure {
  /** 0: no HTTP answer at all (network, timeout). */
  status: number;
  code?: number;
  msg?: string;
  retryAfterMs?: number;
  body?: unknown;
}

/** The neutral reason and retry hint of a Feishu failure. The business code decides over the status. */
export function classifyFeishu(f: Pick<FeishuFailure, 'status' | 'code' | 'retryAfterMs'>): {
  reason: string;
  retry: RetryHint;
} {
  const code = f.code || undefined; // 0 is "no code"
  const after = f.retryAfterMs !== undefined ? { retryAfterMs: f.retryAfterMs } : {};
  // A 230020 is one chat's limit even if it came with a 429.
  if (code === APP_RATE_LIMITED || (f.status === 429 && code !== CHAT_RATE_LIMITED)) {
    return { reason: 'rate_limited', retry: { kind: 'rate_limited', scope: 'app', ...after } };
  }
  if (code !== undefined && code in PERMANENT_CODES)
    return { reason: PERMANENT_CODES[code]!, retry: { kind: 'permanent' } };
  if (code === CHAT_RATE_LIMITED)
    return { reason: 'chat_rate_limited', retry: { kind: 'rate_limited', scope: 'chat', ...after } };
  if (f.status === 0) return { reason: 'network', retry: { kind: 'transient' } };
  if (f.status >= 500 || f.status === 408) return { reason: 'server_error', retry: { kind: 'transient' } };
  return { reason: 'rejected', retry: { kind: 'permanent' } };
}

/** A failed call `what` ("send", "urgent phone" …) as a PlatformError, its message with the code's hint. */
export function feishuError(what: string, f: FeishuFailure): PlatformError {
  const { reason, retry } = classifyFeishu(f);
  const code = f.code || undefined;
  const hint = code !== undefined ? HINTS[code] : undefined;
  const text =
    f.status === 0
      ? `feishu ${what}: no answer${f.msg ? ` (${f.msg})` : ''}`
      : `feishu ${what} failed: HTTP ${f.status}${f.code !== undefined ? `, code ${f.code}` : ''}${f.msg ? `: ${f.msg}` : ''}${hint ? ` (${hint})` : ''}`;
  return new PlatformError(text, reason, retry, {
    ...(code !== undefined ? { code } : {}),
    httpStatus: f.status,
    ...(f.body !== undefined ? { body: f.body } : {}),
  });
}
