/**
 * The three things the SDK Client needs from us: a token cache we own, a logger that cannot leak
 * secrets, and an HTTP instance with a timeout.
 */
import type * as lark from '@larksuiteoapi/node-sdk';
import type { Logger } from '../../log';

/** Same contract as the SDK's DefaultCache, but one per client and clearable. */
export class PerClientTokenCache implements lark.Cache {
  private readonly values = new Map<string, { value: unknown; expiresAt: number | undefined }>();

  private static key(key: string | Symbol, namespace?: string): string {
    return `${namespace ?? ''}/${String(key)}`;
  }

  async get(key: string | Symbol, options?: { namespace?: string }): Promise<unknown> {
    const hit = this.values.get(PerClientTokenCache.key(key, options?.namespace));
    if (!hit) return undefined;
    return hit.expiresAt === undefined || hit.expiresAt > Date.now() ? hit.value : undefined;
  }

  async set(key: string | Symbol, value: unknown, expire?: number, options?: { namespace?: string }): Promise<boolean> {
    this.values.set(PerClientTokenCache.key(key, options?.namespace), { value, expiresAt: expire });
    return true;
  }

  clear(): void {
    this.values.clear();
  }
}

/**
 * The SDK logs whole AxiosErrors, whose config holds the bearer token and, for the token call, the
 * app secret. Keep only strings and error messages, at debug: failures reach the caller as
 * PlatformError and are logged there.
 */
export function quietSdkLogger(log: Logger): lark.Logger {
  const say = (...args: unknown[]) => {
    const text = args
      .flat(2)
      .map((a) => (typeof a === 'string' ? a : a instanceof Error ? a.message : ''))
      .filter(Boolean)
      .join(' ')
      .slice(0, 300);
    if (text) log.debug('feishu sdk', { text });
  };
  return { error: say, warn: say, info: say, debug: say, trace: say };
}

/** Wrap the SDK's HTTP instance so every request (the token call included) has a timeout. */
export function withTimeout(inner: lark.HttpInstance, timeoutMs: number): lark.HttpInstance {
  const t = <O extends object | undefined>(o: O) => ({ timeout: timeoutMs, ...(o ?? {}) });
  return {
    request: (o) => inner.request(t(o)),
    get: (url, o) => inner.get(url, t(o)),
    delete: (url, o) => inner.delete(url, t(o)),
    head: (url, o) => inner.head(url, t(o)),
    options: (url, o) => inner.options(url, t(o)),
    post: (url, data, o) => inner.post(url, data, t(o)),
    put: (url, data, o) => inner.put(url, data, t(o)),
    patch: (url, data, o) => inner.patch(url, data, t(o)),
  };
}
