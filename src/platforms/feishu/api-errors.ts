/**
 * Turning whatever the SDK throws into a PlatformError with Feishu's HTTP status, business code and
 * rate-limit reset. Only response bodies go into `detail`: request configs carry the bearer token
 * and, for the token call, the app secret.
 */
import { PlatformError } from '../../core/platform';

/** The cached tenant token was rejected (invalid / expired): fetch a new one and try once more. */
export const TOKEN_INVALID_CODES = new Set([99991663, 99991664, 99991661]);

/** What an operator should do about the codes that need a person, not a retry. */
const HINTS: Record<number, string> = {
  10003: 'check FEISHU_APP_ID',
  10014: 'check FEISHU_APP_SECRET',
  99991672: 'grant the scopes named above in the app console, then publish a new version',
  230002: 'add the bot to this group',
  230006: 'enable the bot ability of the app and publish it',
  230012: 'only messages the bot sent can be buzzed',
  230024: "the tenant's SMS/phone buzz quota is used up: fall back to in-app buzz",
  230052: 'let all members buzz in the group settings, or make the bot a group admin',
  232009: 'the group was dissolved',
};

interface HttpFailure {
  status: number;
  data: unknown;
  headers?: Record<string, unknown>;
}

interface AxiosLike {
  isAxiosError: true;
  message: string;
  code?: string;
  response?: { status: number; data: unknown; headers?: Record<string, unknown> };
}

const isAxiosLike = (e: unknown): e is AxiosLike =>
  typeof e === 'object' && e !== null && (e as { isAxiosError?: unknown }).isAxiosError === true;

const isHttpFailure = (e: unknown): e is HttpFailure =>
  typeof e === 'object' && e !== null && typeof (e as HttpFailure).status === 'number' && 'data' in e;

export function toPlatformError(what: string, err: unknown): PlatformError {
  if (err instanceof PlatformError) return err;
  if (isAxiosLike(err)) {
    if (!err.response) return new PlatformError(`feishu ${what}: no answer (${err.code ?? err.message})`, 0, undefined);
    return fromHttp(what, { status: err.response.status, data: err.response.data, headers: err.response.headers ?? {} });
  }
  if (isHttpFailure(err)) return fromHttp(what, err);
  const message = err instanceof Error ? err.message : String(err);
  // The SDK's token manager throws a plain Error for a 200 answer without a token.
  const m = /failed to get \w+, code: (\d+), msg: (.*)$/.exec(message);
  if (m) return withHint(what, 200, Number(m[1]), m[2] ?? '', undefined, { code: Number(m[1]), msg: m[2] });
  return new PlatformError(`feishu ${what}: ${message}`, 0, undefined);
}

function fromHttp(what: string, f: HttpFailure): PlatformError {
  const body = typeof f.data === 'object' && f.data !== null ? (f.data as { code?: unknown; msg?: unknown }) : undefined;
  const code = typeof body?.code === 'number' ? body.code : undefined;
  const msg = typeof body?.msg === 'string' ? body.msg : typeof f.data === 'string' ? f.data.slice(0, 200) : '';
  return withHint(what, f.status, code, msg, retryAfterMs(f.headers), f.data);
}

function withHint(what: string, status: number, code: number | undefined, msg: string, retryAfter: number | undefined, detail: unknown) {
  const hint = code !== undefined ? HINTS[code] : undefined;
  const text = `feishu ${what} failed: HTTP ${status}${code !== undefined ? `, code ${code}` : ''}${msg ? `: ${msg}` : ''}${hint ? ` (${hint})` : ''}`;
  return new PlatformError(text, status, code, retryAfter, detail);
}

/** `x-ogw-ratelimit-reset` is in seconds until the window reopens. */
function retryAfterMs(headers: Record<string, unknown> | undefined): number | undefined {
  if (!headers) return undefined;
  const raw = headers['x-ogw-ratelimit-reset'] ?? headers['X-Ogw-Ratelimit-Reset'];
  const seconds = Number(Array.isArray(raw) ? raw[0] : raw);
  return raw !== undefined && raw !== '' && Number.isFinite(seconds) && seconds >= 0 ? Math.round(seconds * 1000) : undefined;
}
