/**
 * Turning whatever the SDK throws into a PlatformError (via errors.ts) with Feishu's HTTP status,
 * business code and rate-limit reset. Only response bodies go into the detail: request configs
 * carry the bearer token and, for the token call, the app secret.
 */
import { PlatformError } from '../../port/platform';
import { feishuError } from './errors';

export { TOKEN_INVALID_CODES } from './errors';

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
    if (!err.response) return feishuError(what, { status: 0, msg: err.code ?? err.message });
    return fromHttp(what, {
      status: err.response.status,
      data: err.response.data,
      headers: err.response.headers ?? {},
    });
  }
  if (isHttpFailure(err)) return fromHttp(what, err);
  const message = err instanceof Error ? err.message : String(err);
  // The SDK's token manager throws a plain Error for a 200 answer without a token.
  const m = /failed to get \w+, code: (\d+), msg: (.*)$/.exec(message);
  if (m)
    return feishuError(what, {
      status: 200,
      code: Number(m[1]),
      msg: m[2] ?? '',
      body: { code: Number(m[1]), msg: m[2] },
    });
  return feishuError(what, { status: 0, msg: message });
}

function fromHttp(what: string, f: HttpFailure): PlatformError {
  const body =
    typeof f.data === 'object' && f.data !== null ? (f.data as { code?: unknown; msg?: unknown }) : undefined;
  const code = typeof body?.code === 'number' ? body.code : undefined;
  const msg = typeof body?.msg === 'string' ? body.msg : typeof f.data === 'string' ? f.data.slice(0, 200) : '';
  const retryAfter = retryAfterMs(f.headers);
  return feishuError(what, {
    status: f.status,
    ...(code !== undefined ? { code } : {}),
    msg,
    ...(retryAfter !== undefined ? { retryAfterMs: retryAfter } : {}),
    body: f.data,
  });
}

/** `x-ogw-ratelimit-reset` is in seconds until the window reopens. */
function retryAfterMs(headers: Record<string, unknown> | undefined): number | undefined {
  if (!headers) return undefined;
  const raw = headers['x-ogw-ratelimit-reset'] ?? headers['X-Ogw-Ratelimit-Reset'];
  const seconds = Number(Array.isArray(raw) ? raw[0] : raw);
  return raw !== undefined && raw !== '' && Number.isFinite(seconds) && seconds >= 0
    ? Math.round(seconds * 1000)
    : undefined;
}
