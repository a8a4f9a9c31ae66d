/**
 * DingTalk's answers in floorwalker's words (dingtalk.md §3). Pure. Two shapes reach here: the new
 * API's non-2xx `{code, message, requestid}` (code is a string), and the old oapi's HTTP 200
 * `{errcode, errmsg}` (a number). The outbox sees only the neutral PlatformError.
 */
import { PlatformError, type RetryHint } from '../../port/platform';

/** Token problems: fetch a fresh token and try once more. */
export const TOKEN_INVALID = new Set(['InvalidAuthentication', 'AuthenticationFailed.MissingParameter', '40014', '88']);

/**
 * Throttles of one group or chat: the API's (third-party experience, dingtalk.md §3 [u]) and a
 * webhook's "send too fast, exceed 20 times per minute" (130101; 410100 and 660026 reported too).
 */
const CHAT_THROTTLES = new Set([
  'send.too.fast',
  'too.many.group',
  'too.many.people',
  'send.byToken.tooFast',
  '130101',
  '410100',
  '660026',
]);

/** Codes no retry fixes, by the neutral reason they stand for. */
const PERMANENT: Readonly<Record<string, string>> = {
  invalidClientIdOrSecret: 'app_credentials',
  '40096': 'app_credentials',
  'invalidParameter.robotCode.auth': 'app_credentials',
  InvalidAuthentication: 'token_invalid',
  'Forbidden.AccessDenied.AccessTokenPermissionDenied': 'missing_scope',
  'Forbidden.AccessDenied.ApiCountLimitForOrg': 'monthly_quota',
  '90020': 'monthly_quota',
  'invalid.openConversationId': 'chat_not_found',
  'bot.stopped': 'bot_ability_off',
  'ding.serverquota.insufficient': 'quota_exhausted',
  'invalidParameter.msgParam.invalid': 'invalid_request',
  'invalidParameter.msgKey.invalid': 'invalid_request',
  'invalidParameter.userIds.overMax': 'invalid_request',
  'invalidParameter.param.invalid': 'invalid_request',
  'ding.receivercount.limit': 'invalid_request',
  'staffId.notExisted': 'invalid_request',
  'miss.staffId': 'invalid_request',
  'card.outTrackId.notExist': 'message_deleted',
};

const HINTS: Readonly<Record<string, string>> = {
  invalidClientIdOrSecret: 'check DINGTALK_CLIENT_ID / DINGTALK_CLIENT_SECRET',
  'invalidParameter.robotCode.auth': 'DINGTALK_ROBOT_CODE must be the robot of this app (its AppKey)',
  'Forbidden.AccessDenied.AccessTokenPermissionDenied':
    'grant qyapi_robot_sendmsg, Card.Instance.Write and Premium.Ding.Write in the developer console',
  'Forbidden.AccessDenied.ApiCountLimitForOrg':
    "the org's 10,000 API calls this month are used up: upgrade to DingTalk professional edition",
  'ding.serverquota.insufficient': 'the SMS/phone DING quota is used up: top it up in 管理后台 → 增值服务',
  'invalid.openConversationId': 'add the robot to this group again',
  'bot.stopped': 'enable the robot of the app and publish it',
};

export interface DingTalkFailure {
  /** 0: no HTTP answer at all. */
  status: number;
  code?: string;
  message?: string;
  body?: unknown;
  /** No answer, but the request may have reached DingTalk (a timeout, a reset after sending). */
  uncertain?: boolean;
}

export function classifyDingTalk(f: DingTalkFailure): { reason: string; retry: RetryHint } {
  const code = f.code ?? '';
  // A per-minute limit frees up within the minute, not the second.
  if (/QpmLimit/.test(code))
    return { reason: 'rate_limited', retry: { kind: 'rate_limited', scope: 'app', retryAfterMs: 60_000 } };
  // No Retry-After is documented: DingTalk's advice is to wait a second.
  if (/QpsLimit/.test(code) || code === '90018' || code === '90002' || f.status === 429)
    return { reason: 'rate_limited', retry: { kind: 'rate_limited', scope: 'app', retryAfterMs: 1000 } };
  if (CHAT_THROTTLES.has(code)) return { reason: 'chat_rate_limited', retry: { kind: 'rate_limited', scope: 'chat' } };
  if (code in PERMANENT) return { reason: PERMANENT[code]!, retry: { kind: 'permanent' } };
  if (f.status === 0) {
    // DingTalk takes no idempotency key: a send that may have arrived is not sent again blindly.
    return f.uncertain
      ? { reason: 'uncertain', retry: { kind: 'permanent' } }
      : { reason: 'network', retry: { kind: 'transient' } };
  }
  // The per-IP ban answers with an HTML page or {"status":1111,"punish":"deny"}: five minutes.
  if (isIpBan(f.body))
    return { reason: 'rate_limited', retry: { kind: 'rate_limited', scope: 'app', retryAfterMs: 5 * 60_000 } };
  if (f.status >= 500 || f.status === 408 || code === 'system.error')
    return { reason: 'server_error', retry: { kind: 'transient' } };
  return { reason: 'rejected', retry: { kind: 'permanent' } };
}

function isIpBan(body: unknown): boolean {
  if (typeof body === 'string') return /<html/i.test(body);
  return typeof body === 'object' && body !== null && (body as { punish?: unknown }).punish === 'deny';
}

export function dingTalkError(what: string, f: DingTalkFailure): PlatformError {
  const { reason, retry } = classifyDingTalk(f);
  const hint = f.code ? HINTS[f.code] : undefined;
  const text =
    f.status === 0
      ? `dingtalk ${what}: no answer${f.message ? ` (${f.message})` : ''}${f.uncertain ? ' — it may have been sent; not retried' : ''}`
      : `dingtalk ${what} failed: HTTP ${f.status}${f.code ? `, code ${f.code}` : ''}${f.message ? `: ${f.message}` : ''}${hint ? ` (${hint})` : ''}`;
  const numeric = f.code && /^\d+$/.test(f.code) ? Number(f.code) : undefined;
  return new PlatformError(text, reason, retry, {
    ...(numeric !== undefined ? { code: numeric } : {}),
    httpStatus: f.status,
    ...(f.body !== undefined ? { body: f.body } : {}),
  });
}
