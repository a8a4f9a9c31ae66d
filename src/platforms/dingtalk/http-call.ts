/**
 * One JSON call to DingTalk over fetch (Node and Workers alike): a timeout on every call, the
 * failure turned into a PlatformError (errors.ts), and whether a call that got no answer may have
 * arrived — DingTalk takes no idempotency key, so only a request that provably never left (the
 * connection was refused) is safe to repeat.
 */
import { PlatformError } from '../../port/platform';
import { dingTalkError } from './errors';

export interface JsonCall {
  what: string;
  method: 'GET' | 'POST' | 'PUT';
  url: string;
  headers?: Record<string, string>;
  body?: unknown;
  /** A multipart body instead (the media upload); fetch sets its content type. */
  form?: FormData;
  timeoutMs: number;
  /** Safe to repeat (a token, a read, a card with its fixed outTrackId): a timeout is then transient. */
  idempotent: boolean;
}

/** Errors whose request never reached the server. */
const NEVER_SENT = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ENETUNREACH', 'EHOSTUNREACH']);

function causeCode(err: unknown): string | undefined {
  let e: unknown = err;
  for (let i = 0; i < 4 && e && typeof e === 'object'; i++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    e = (e as { cause?: unknown }).cause;
  }
  return undefined;
}

export async function jsonCall(c: JsonCall): Promise<Record<string, unknown>> {
  let res: Response;
  try {
    res = await fetch(c.url, {
      method: c.method,
      headers: { ...(c.form ? {} : { 'content-type': 'application/json' }), accept: 'application/json', ...c.headers },
      ...(c.form ? { body: c.form } : c.body !== undefined ? { body: JSON.stringify(c.body) } : {}),
      signal: AbortSignal.timeout(c.timeoutMs),
    });
  } catch (err) {
    const code = causeCode(err);
    const never = code !== undefined && NEVER_SENT.has(code);
    const timedOut = err instanceof Error && (err.name === 'TimeoutError' || err.name === 'AbortError');
    throw dingTalkError(c.what, {
      status: 0,
      message: timedOut
        ? `no answer in ${c.timeoutMs} ms`
        : (code ?? (err instanceof Error ? err.message : String(err))),
      uncertain: !never && !c.idempotent,
    });
  }
  let text: string;
  try {
    text = await res.text();
  } catch (err) {
    // The answer was cut off: the call itself arrived.
    throw dingTalkError(c.what, { status: 0, message: String(err), uncertain: !c.idempotent });
  }
  let data: unknown = text;
  try {
    data = text ? JSON.parse(text) : {};
  } catch {
    // An HTML page (the per-IP ban) or junk: classified from the body as text.
  }
  const obj =
    typeof data === 'object' && data !== null && !Array.isArray(data) ? (data as Record<string, unknown>) : undefined;
  if (!res.ok || !obj) {
    throw dingTalkError(c.what, {
      status: res.status,
      ...(obj && typeof obj.code === 'string' ? { code: obj.code } : {}),
      message:
        obj && typeof obj.message === 'string' ? obj.message : typeof data === 'string' ? data.slice(0, 200) : '',
      body: data,
    });
  }
  // The old oapi answers 200 with a business error.
  if (typeof obj.errcode === 'number' && obj.errcode !== 0) {
    throw dingTalkError(c.what, {
      status: res.status,
      code: String(obj.errcode),
      message: typeof obj.errmsg === 'string' ? obj.errmsg : '',
      body: obj,
    });
  }
  return obj;
}

export const isPlatformError = (e: unknown): e is PlatformError => e instanceof PlatformError;
