/**
 * What to do about a failed platform call, decided from Feishu's own codes — pure, no I/O. Only
 * what can succeed later is retried; everything else is recorded with a reason a person can act on.
 */
import { PlatformError } from '../core/platform';
import type { OutboxKind } from '../db/schema';
import type { Text } from '../i18n';

/** Transient failures (5xx, network, 230020) are tried this many times in all, then recorded. */
export const MAX_ATTEMPTS = 8;
const BACKOFF_BASE_MS = 1_000;
const BACKOFF_CAP_MS = 5 * 60_000;
/** When a 429 comes without x-ogw-ratelimit-reset. */
const DEFAULT_RATE_LIMIT_WAIT_MS = 1_000;

export type Verdict =
  | {
      action: 'retry';
      afterMs: number;
      /** Stop every send of the app (429) or of this chat (230020) for `afterMs`, across replicas. */
      pause?: 'app' | 'lane';
      /** Rate limits are the platform saying "later", not a failure: they do not use up attempts. */
      countsAsAttempt: boolean;
      reason: string;
      code?: number;
      message: string;
    }
  | { action: 'fail'; reason: string; code?: number; message: string };

/** Feishu business codes that no retry can fix, by stable reason name. */
const PERMANENT: Record<number, string> = {
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
  232006: 'chat_not_found',
  232009: 'chat_dissolved',
  232011: 'bot_not_in_group',
};

/** Exponential backoff with equal jitter: attempt 1 → 0.5–1 s, 2 → 1–2 s, … capped at 5 min. */
export function backoffMs(attempt: number, random: () => number = Math.random): number {
  const ceiling = Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** Math.max(0, attempt - 1));
  return Math.round(ceiling / 2 + (ceiling / 2) * random());
}

/**
 * `attempt` is the number of the call that just failed (1 for the first). Errors that are not a
 * PlatformError came from below the adapter (a socket, a timeout) and are treated as network trouble.
 */
export function classifyFailure(err: unknown, ctx: { kind: OutboxKind; attempt: number; random?: () => number }): Verdict {
  const message = (err instanceof Error ? err.message : String(err)).slice(0, 1000);
  const pe = err instanceof PlatformError ? err : undefined;
  const code = pe?.code || undefined; // the adapter uses 0 for "no code"
  const status = pe?.httpStatus ?? 0;

  // The business code decides: a 230020 is one chat's limit even if it came with a 429.
  if (code === 99991400 || (status === 429 && code !== 230020)) {
    return {
      action: 'retry',
      afterMs: pe?.retryAfterMs ?? DEFAULT_RATE_LIMIT_WAIT_MS,
      pause: 'app',
      countsAsAttempt: false,
      reason: 'rate_limited',
      ...(code ? { code } : {}),
      message,
    };
  }
  const transient = code === 230020 ? 'chat_rate_limited' : status === 0 ? 'network' : status >= 500 || status === 408 ? 'server_error' : undefined;
  if (transient && !(code && code in PERMANENT)) {
    if (ctx.attempt >= MAX_ATTEMPTS) return { action: 'fail', reason: 'gave_up', ...(code ? { code } : {}), message };
    return {
      action: 'retry',
      afterMs: backoffMs(ctx.attempt, ctx.random),
      ...(code === 230020 ? { pause: 'lane' as const } : {}),
      countsAsAttempt: true,
      reason: transient,
      ...(code ? { code } : {}),
      message,
    };
  }
  return { action: 'fail', reason: (code && PERMANENT[code]) || 'rejected', ...(code ? { code } : {}), message };
}

/** The scopes Feishu names in a 99991672 message ("… required: [im:message, im:message:send_as_bot] …"). */
export function scopesIn(message: string | null | undefined): string[] {
  const m = /\[([^\]]+)\]/.exec(message ?? '');
  return m ? [...new Set(m[1]!.split(',').map((s) => s.trim()).filter(Boolean))] : [];
}

const EXPLANATIONS: Record<string, Text> = {
  bot_not_in_group: { 'zh-CN': '机器人不在群里：请把机器人重新拉进群。', en: 'The bot is not in the group: add the bot to the group again.' },
  no_permission: {
    'zh-CN': '机器人没有在这个群发消息的权限：请在群设置里允许机器人发言（或设为群管理员）。',
    en: 'The bot may not post in this group: allow it to speak in the group settings (or make it a group admin).',
  },
  chat_dissolved: { 'zh-CN': '这个群已经解散：请在新群里重新 /setup。', en: 'The group was dissolved: run /setup again in the new group.' },
  chat_not_found: { 'zh-CN': '找不到这个群：请确认群还在、机器人还在群里。', en: 'The group cannot be found: check that it still exists and the bot is in it.' },
  card_invalid: {
    'zh-CN': '飞书拒绝了这张卡片（格式不合法）：这是 floorwalker 的问题，请把下面的错误发给管理员。{detail}',
    en: 'Feishu rejected the card as invalid: this is a floorwalker bug, send the error below to your admin. {detail}',
  },
  missing_scope: {
    'zh-CN': '应用缺少权限 {scopes}：请在飞书开发者后台开通，并发布新版本。',
    en: 'Missing scope {scopes}: add it in the developer console and publish a new version.',
  },
  token_invalid: {
    'zh-CN': '飞书不接受应用的访问凭证：请检查 FEISHU_APP_ID / FEISHU_APP_SECRET，并确认应用已发布。',
    en: "Feishu rejected the app's access token: check FEISHU_APP_ID / FEISHU_APP_SECRET and that the app is published.",
  },
  app_credentials: {
    'zh-CN': '应用 ID 或密钥不对：请检查 FEISHU_APP_ID / FEISHU_APP_SECRET。',
    en: 'The app id or secret is wrong: check FEISHU_APP_ID / FEISHU_APP_SECRET.',
  },
  bot_ability_off: {
    'zh-CN': '应用没有开启机器人能力：请在开发者后台启用「机器人」并发布新版本。',
    en: 'The app has no bot ability: enable "Bot" in the developer console and publish a new version.',
  },
  not_own_message: {
    'zh-CN': '只能加急机器人自己发的消息：这是 floorwalker 的问题，请告诉管理员。',
    en: 'Only messages the bot sent can be buzzed: this is a floorwalker bug, tell your admin.',
  },
  not_allowed: {
    'zh-CN': '群设置不允许加急：请在群设置里打开「允许所有成员加急」，或把机器人设为群管理员。',
    en: 'The group does not allow buzzing: turn on "all members may buzz" in the group settings, or make the bot a group admin.',
  },
  quota_exhausted: {
    'zh-CN': '企业的电话/短信加急额度已用完：请飞书管理员补充额度；在此之前只能应用内加急。',
    en: "The company's phone/SMS buzz quota is used up: ask your Feishu admin to top it up; until then only in-app buzzes work.",
  },
  too_many_unread: {
    'zh-CN': '对方未读的加急已达上限（200 条）：请对方先处理未读加急。',
    en: 'The person has too many unread buzzes (200): they need to clear them first.',
  },
  message_recalled: { 'zh-CN': '原消息已被撤回，无法更新或加急。', en: 'The message was recalled; it cannot be updated or buzzed.' },
  message_too_old: { 'zh-CN': '消息发出已超过 14 天，不能再更新。', en: 'The message is older than 14 days and can no longer be updated.' },
  invalid_request: {
    'zh-CN': '飞书认为请求参数不对：这是 floorwalker 的问题，请把下面的错误发给管理员。{detail}',
    en: 'Feishu says the request is invalid: this is a floorwalker bug, send the error below to your admin. {detail}',
  },
  gave_up: {
    'zh-CN': '飞书连续 {attempts} 次没有处理成功，已放弃这条消息：请检查网络和飞书服务状态。最后一次：{detail}',
    en: 'Feishu kept failing ({attempts} tries), so this message was given up: check the network and Feishu status. Last error: {detail}',
  },
  target_not_sent: {
    'zh-CN': '要更新或加急的那条消息没有发出去（见上一条问题），所以这一步也没有执行。',
    en: 'The message this step updates or buzzes was never sent (see the problem above), so this step did not run either.',
  },
  target_missing: {
    'zh-CN': '找不到要更新或加急的那条消息：这是 floorwalker 的问题，请告诉管理员。',
    en: 'The message to update or buzz does not exist: this is a floorwalker bug, tell your admin.',
  },
  internal: {
    'zh-CN': 'floorwalker 内部出错，已放弃这条消息：请把下面的错误发给管理员。{detail}',
    en: 'floorwalker failed internally and gave this message up: send the error below to your admin. {detail}',
  },
  rejected: {
    'zh-CN': '飞书拒绝了这条消息（错误码 {code}）：{detail}',
    en: 'Feishu refused this message (code {code}): {detail}',
  },
};

/**
 * What a recorded failure means and what the operator should do, in both languages. /setup shows
 * it, and so can any feature that reads outbox rows (`error_reason`, `error_code`, `last_error`).
 */
export function explainFailure(f: { reason: string; code?: number | null; message?: string | null; attempts?: number }): Text {
  const text = EXPLANATIONS[f.reason] ?? EXPLANATIONS.rejected!;
  const scopes = scopesIn(f.message).join(', ');
  const params: Record<string, string> = {
    code: f.code ? String(f.code) : '—',
    detail: (f.message ?? '').slice(0, 300),
    attempts: String(f.attempts ?? MAX_ATTEMPTS),
  };
  const fill = (s: string, noScopes: string) =>
    s.replace(/\{(\w+)\}/g, (m, k: string) => (k === 'scopes' ? scopes || noScopes : (params[k] ?? m))).trim();
  return { 'zh-CN': fill(text['zh-CN'], '（见飞书的报错）'), en: fill(text.en, '(see the Feishu error)') };
}
