/**
 * DingTalk's failure answers (dingtalk.md §3, §7): the new API's non-2xx `{code, message, requestid}`,
 * and what the shared fault injector (../faults.ts) sends when a test asks for a DingTalk failure.
 */
import { randomBytes } from 'node:crypto';
import type { FaultFailure, FaultSpec } from '../faults';

/** The new API's error shape: non-2xx + {code, message, requestid}. */
export function newApiError(status: number, code: string, message: string): Response {
  return Response.json(apiErrorBody(code, message), { status });
}

export const apiErrorBody = (code: string, message: string) => ({
  code,
  message,
  requestid: randomBytes(8).toString('hex'),
});

/** The per-app-per-API QPS limit (20 a second on the standard edition): 403, as DingTalk answers it. */
export const QPS_LIMIT = 'Forbidden.AccessDenied.QpsLimitForAppkeyAndApi';

const MESSAGES: Record<string, string> = {
  [QPS_LIMIT]: '应用调用该接口的频率超过限制（QPS），请稍后重试',
  'Forbidden.AccessDenied.QpsLimitForApi': '该接口的全局调用频率超过限制，请稍后重试',
  'Forbidden.AccessDenied.ApiCountLimitForOrg': '企业本月的接口调用次数已用完',
  'send.too.fast': '发送太快，请稍后重试',
  'system.error': '系统繁忙，请稍后重试',
};

/** The status DingTalk gives a code: 403 for the Forbidden family, 500 for system errors, else 400. */
function statusOf(code: string | undefined): number {
  if (code === undefined) return 500;
  if (code.startsWith('Forbidden.')) return 403;
  if (code === 'system.error') return 500;
  return 400;
}

/**
 * A spec's answer: its `body` as given (a string: an HTML page, as the per-IP ban sends), else the
 * `{code, message, requestid}` of its code. A status alone gets a code that fits it: a 5xx
 * `system.error`, the gateway's 429 `Throttling` (its real body is not documented [u]).
 */
export function dingTalkFailure(spec: FaultSpec<string>): FaultFailure {
  const status = spec.status ?? statusOf(spec.code);
  const code = spec.code ?? (status === 429 ? 'Throttling' : status >= 500 ? 'system.error' : 'injected');
  const body = spec.body ?? apiErrorBody(code, spec.msg ?? MESSAGES[code] ?? 'injected failure');
  return { status, body, headers: spec.headers ?? {} };
}

/** A FaultFailure as the HTTP answer: JSON, or an HTML page for a string body. */
export function failureResponse(f: FaultFailure): Response {
  if (typeof f.body === 'string')
    return new Response(f.body, { status: f.status, headers: { 'content-type': 'text/html', ...f.headers } });
  return Response.json(f.body, { status: f.status, headers: f.headers });
}
