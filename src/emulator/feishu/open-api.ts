/**
 * One way in for every Open API call, whatever the transport: injected faults first, then the
 * bearer token and the app-wide rate limit, then the endpoint. Every call is logged; every refusal
 * that comes from a platform rule is also recorded as a violation.
 */
import { appAccessToken, tenantAccessToken, verifyBearer } from './auth';
import { botInfo, chatInfo } from './bot-and-chat-info';
import { updateCardByToken } from './card-callback-tokens';
import type { FaultInjector } from './faults';
import { Codes, FeishuApiError } from './feishu-error';
import { getMessage, isUploadedPart, messageResource, uploadFile } from './files';
import { patchMessage, replyMessage, sendMessage, type ApiAnswer } from './messages';
import type { ApiCall, EmulatorContext } from './model';
import { appendLog } from './retention';
import { urgentMessage } from './urgent';

export interface ApiRequest {
  method: string;
  /** Starting at /open-apis/. */
  path: string;
  query: Record<string, string>;
  /** Lower-case names. */
  headers: Record<string, string>;
  /** Parsed JSON, or a multipart form's fields (a file part as {name, type, bytes}). */
  body: unknown;
}

export interface ApiResponse {
  status: number;
  body: unknown;
  headers: Record<string, string>;
  /** A binary answer (a message's file): sent as is instead of `body`. */
  raw?: Uint8Array;
}

interface Route {
  method: string;
  pattern: RegExp;
  /** Token endpoints are neither authenticated nor counted against the app's API rate. */
  open?: boolean;
  run(ctx: EmulatorContext, params: string[], req: ApiRequest): ApiAnswer;
}

const ROUTES: Route[] = [
  {
    method: 'POST',
    pattern: /^\/open-apis\/auth\/v3\/tenant_access_token\/internal$/,
    open: true,
    run: (ctx, _, r) => ({ body: tenantAccessToken(ctx, r.body) }),
  },
  {
    method: 'POST',
    pattern: /^\/open-apis\/auth\/v3\/app_access_token\/internal$/,
    open: true,
    run: (ctx, _, r) => ({ body: appAccessToken(ctx, r.body) }),
  },
  { method: 'GET', pattern: /^\/open-apis\/bot\/v3\/info$/, run: (ctx) => botInfo(ctx) },
  {
    method: 'GET',
    pattern: /^\/open-apis\/im\/v1\/chats\/([^/]+)$/,
    run: (ctx, [id], r) => chatInfo(ctx, id!, r.query),
  },
  { method: 'POST', pattern: /^\/open-apis\/im\/v1\/messages$/, run: (ctx, _, r) => sendMessage(ctx, r.query, r.body) },
  { method: 'POST', pattern: /^\/open-apis\/im\/v1\/files$/, run: (ctx, _, r) => uploadFile(ctx, r.body) },
  {
    method: 'GET',
    pattern: /^\/open-apis\/im\/v1\/messages\/([^/]+)\/resources\/([^/]+)$/,
    run: (ctx, [id, key], r) => messageResource(ctx, id!, decodeURIComponent(key!), r.query),
  },
  {
    method: 'GET',
    pattern: /^\/open-apis\/im\/v1\/messages\/([^/]+)$/,
    run: (ctx, [id]) => getMessage(ctx, id!),
  },
  {
    method: 'POST',
    pattern: /^\/open-apis\/im\/v1\/messages\/([^/]+)\/reply$/,
    run: (ctx, [id], r) => replyMessage(ctx, id!, r.body),
  },
  {
    method: 'PATCH',
    pattern: /^\/open-apis\/im\/v1\/messages\/([^/]+)\/urgent_(app|sms|phone)$/,
    run: (ctx, [id, kind], r) => urgentMessage(ctx, kind as 'app' | 'sms' | 'phone', id!, r.query, r.body),
  },
  {
    method: 'PATCH',
    pattern: /^\/open-apis\/im\/v1\/messages\/([^/]+)$/,
    run: (ctx, [id], r) => patchMessage(ctx, id!, r.body),
  },
  {
    method: 'POST',
    pattern: /^\/open-apis\/interactive\/v1\/card\/update$/,
    run: (ctx, _, r) => updateCardByToken(ctx, r.body),
  },
];

const APP_PER_SECOND = 50;
const APP_PER_MINUTE = 1000;
const CALL_LOG_LIMIT = 5000;

/**
 * Feishu's gateway limit: HTTP 429, code 99991400, x-ogw-ratelimit-reset in seconds. Each Open API
 * page states its own "1000 次/分钟、50 次/秒": the minute budget is per API (sending, replying,
 * patching and each kind of buzz count separately); the per-second one is kept app-wide here,
 * which is stricter than Feishu and what the outbox paces to.
 */
function takeAppRate(ctx: EmulatorContext, api: string): void {
  const now = ctx.now();
  const limits: [string, number, number][] = [
    ['app:second', APP_PER_SECOND, 1000],
    [`api:${api}:minute`, APP_PER_MINUTE, 60_000],
  ];
  for (const [key, limit, windowMs] of limits) {
    const waitMs = ctx.limiter.take(key, limit, windowMs, now);
    if (waitMs > 0) {
      throw new FeishuApiError(429, Codes.appRateLimited, 'request trigger frequency limit', {
        rule: limit === APP_PER_SECOND ? 'rate_50qps_app' : 'rate_1000qpm_api',
        headers: { 'x-ogw-ratelimit-limit': String(limit), 'x-ogw-ratelimit-reset': String(Math.ceil(waitMs / 1000)) },
      });
    }
  }
}

/** "PATCH /open-apis/im/v1/messages/om_x/urgent_phone" → "PATCH /open-apis/im/v1/messages/:id/urgent_phone". */
const apiOf = (method: string, path: string): string => `${method} ${path.replace(/\/(om|oc|ou|on)_[^/]+/g, '/:id')}`;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function redactBody(body: unknown): unknown {
  if (body && typeof body === 'object' && 'app_secret' in body) return { ...body, app_secret: '[redacted]' };
  // The call log keeps an upload's name and size, not its bytes (it holds thousands of calls).
  if (body && typeof body === 'object' && 'file' in body && isUploadedPart(body.file)) {
    const { name, type, bytes } = body.file;
    return { ...body, file: { name, type, size: bytes.length } };
  }
  return body;
}

export async function handleOpenApi(
  ctx: EmulatorContext,
  faults: FaultInjector,
  req: ApiRequest,
): Promise<ApiResponse> {
  const path = req.path.replace(/\/+$/, '');
  const fault = faults.take(req.method, path, { query: req.query, body: req.body });
  if (fault?.delayMs) await sleep(fault.delayMs);
  if (fault?.until) await Promise.resolve(fault.until).catch(() => {});

  let res: ApiResponse;
  let flags: Pick<ApiCall, 'injected' | 'dedup' | 'answeredLate'> = {};
  if (fault?.failure) {
    res = { status: fault.failure.status, body: fault.failure.body, headers: fault.failure.headers };
    flags = { injected: true };
  } else {
    res = answer(ctx, { ...req, path }, (a) => (flags = a.dedup ? { dedup: true } : {}));
    if (fault?.answerLateMs) flags = { ...flags, answeredLate: true };
  }

  const body = res.body as { code?: unknown; msg?: unknown } | undefined;
  const call: ApiCall = {
    seq: (ctx.state.calls.at(-1)?.seq ?? 0) + 1,
    time: ctx.now(),
    method: req.method,
    path,
    query: req.query,
    body: redactBody(req.body),
    status: res.status,
    code: typeof body?.code === 'number' ? body.code : undefined,
    ...(typeof body?.msg === 'string' ? { msg: body.msg } : {}),
    ...flags,
  };
  appendLog(ctx.state.calls, call, Math.min(CALL_LOG_LIMIT, ctx.state.retain.log));
  ctx.notify({ type: 'api.call', call });
  if (fault?.answerLateMs && !fault.failure) await sleep(fault.answerLateMs);
  return res;
}

function answer(ctx: EmulatorContext, req: ApiRequest, seen: (a: ApiAnswer) => void): ApiResponse {
  let params: string[] = [];
  const route = ROUTES.find((r) => {
    if (r.method !== req.method) return false;
    const m = r.pattern.exec(req.path);
    if (m) params = m.slice(1);
    return Boolean(m);
  });
  if (!route) return { status: 404, body: { code: 404, msg: '404 page not found' }, headers: {} };
  try {
    if (!route.open) {
      verifyBearer(ctx, req.headers.authorization);
      takeAppRate(ctx, apiOf(req.method, req.path));
    }
    const a = route.run(ctx, params, req);
    seen(a);
    return { status: a.status ?? 200, body: a.body, headers: a.headers ?? {}, ...(a.raw ? { raw: a.raw } : {}) };
  } catch (err) {
    if (!(err instanceof FeishuApiError)) {
      return {
        status: 500,
        body: { code: 1500, msg: `emulator error: ${err instanceof Error ? err.message : String(err)}` },
        headers: {},
      };
    }
    if (err.opts.rule) {
      const violation = {
        time: ctx.now(),
        rule: err.opts.rule,
        status: err.status,
        code: err.code,
        method: req.method,
        path: req.path,
        detail: err.msg,
      };
      appendLog(ctx.state.violations, violation, ctx.state.retain.log);
      ctx.notify({ type: 'violation', violation });
    }
    return { status: err.status, body: { code: err.code, msg: err.msg }, headers: err.opts.headers ?? {} };
  }
}
