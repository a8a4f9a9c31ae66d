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

/** Bodies of failed downloads are streams too; more than this of one is not an error message. */
const ERROR_BODY_MAX = 64 * 1024;

/**
 * A download (responseType "stream") that failed carries Feishu's JSON answer as a stream, which
 * toPlatformError cannot read: read it (bounded) so that the business code decides as usual.
 */
export async function withReadBody(err: unknown): Promise<unknown> {
  if (!isAxiosLike(err) || !err.response || !isStream(err.response.data)) return err;
  const { status, headers } = err.response;
  let data: unknown;
  try {
    const text = new TextDecoder().decode(await readStream(err.response.data, ERROR_BODY_MAX, () => undefined));
    try {
      data = JSON.parse(text);
    } catch {
      data = text;
    }
  } catch {
    data = undefined;
  }
  return { status, data, headers: headers ?? {} } satisfies HttpFailure;
}

type ByteStream = AsyncIterable<unknown> | { getReader(): ReadableStreamDefaultReader<unknown> };

function isStream(v: unknown): v is ByteStream {
  if (typeof v !== 'object' || v === null) return false;
  return Symbol.asyncIterator in v || typeof (v as { getReader?: unknown }).getReader === 'function';
}

const toBytes = (chunk: unknown): Uint8Array =>
  typeof chunk === 'string'
    ? new TextEncoder().encode(chunk)
    : chunk instanceof Uint8Array
      ? chunk
      : chunk instanceof ArrayBuffer
        ? new Uint8Array(chunk)
        : new Uint8Array(0);

/**
 * A Node stream (axios on Node) or a web stream (fetch), read whole. Past `maxBytes` it stops
 * reading, releases the stream and returns what `tooLarge` throws (or, if it returns, the bytes so far).
 */
export async function readStream(stream: unknown, maxBytes: number, tooLarge: () => void): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  let total = 0;
  const stop = () => {
    const s = stream as { destroy?: () => void; cancel?: () => Promise<void> };
    if (typeof s.destroy === 'function') s.destroy();
    else if (typeof s.cancel === 'function') void s.cancel().catch(() => {});
  };
  const take = (chunk: unknown): boolean => {
    const bytes = toBytes(chunk);
    total += bytes.length;
    if (total > maxBytes) return false;
    chunks.push(bytes);
    return true;
  };
  if (typeof stream === 'object' && stream !== null && Symbol.asyncIterator in stream) {
    for await (const chunk of stream as AsyncIterable<unknown>) {
      if (!take(chunk)) {
        stop();
        tooLarge();
        break;
      }
    }
  } else if (isStream(stream) && 'getReader' in stream) {
    const reader = stream.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      if (!take(value)) {
        void reader.cancel().catch(() => {});
        tooLarge();
        break;
      }
    }
  } else {
    throw new TypeError('not a readable stream');
  }
  const out = new Uint8Array(Math.min(total, maxBytes));
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out.subarray(0, at);
}
