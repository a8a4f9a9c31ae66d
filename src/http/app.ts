/**
 * The HTTP surface, the same on Node (@hono/node-server) and on Cloudflare Workers: health, the
 * Feishu event endpoint, and whatever extra routes the runtime mounts (the sandbox console).
 * No node: imports on the request path; no stack trace ever reaches a response.
 */
import { Hono } from 'hono';
import type { Deps } from '../core/deps';
import { registerFeishuWebhook } from '../platforms/feishu/webhook';
import { registerDingTalkEvents } from '../platforms/dingtalk/events';
import { registerDataApi } from './api';

/** /healthz must answer even when the database hangs rather than refuses. */
const DB_PING_TIMEOUT_MS = 2_000;

export function createApp(deps: Deps, extras?: { routes?: (app: Hono) => void }): Hono {
  const app = new Hono();

  app.get('/healthz', async (c) => {
    const about = { db: deps.dbKind, platform: deps.config.platform };
    let timer: ReturnType<typeof setTimeout> | undefined;
    try {
      await Promise.race([
        deps.dbPing(),
        new Promise((_, reject) => {
          timer = setTimeout(() => reject(new Error(`no answer in ${DB_PING_TIMEOUT_MS} ms`)), DB_PING_TIMEOUT_MS);
        }),
      ]);
      return c.json({ ok: true, ...about });
    } catch (err) {
      deps.log.warn('health check failed', { error: err instanceof Error ? err.message : String(err) });
      return c.json({ ok: false, ...about, error: 'database unreachable' }, 503);
    } finally {
      clearTimeout(timer);
    }
  });

  registerFeishuWebhook(app, deps);
  // Only where DingTalk is the platform: elsewhere its secret is the sandbox's, which is public.
  if (deps.config.platform === 'dingtalk') registerDingTalkEvents(app, deps);
  registerDataApi(app, deps);
  for (const f of deps.app.features) f.routes?.(app, deps);
  extras?.routes?.(app);

  app.notFound((c) => c.json({ ok: false, error: 'not found' }, 404));
  app.onError((err, c) => {
    deps.log.error('request failed', { method: c.req.method, path: c.req.path, error: err.stack ?? err.message });
    return c.json({ ok: false, error: 'internal error' }, 500);
  });
  return app;
}
