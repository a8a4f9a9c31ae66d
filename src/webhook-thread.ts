/**
 * Feishu's webhook on a thread of its own (FEISHU_WEBHOOK_PORT, Node on Postgres). Its event loop
 * does nothing but verify, decrypt, store and answer, so no work of the bot's — an XLSX import being
 * parsed, a digest's charts, a flood's replies — stands between Feishu's request and its answer.
 * Messages are accepted here (the durable insert, the de-duplication) and handed to the main thread,
 * which does their work; a card press goes to the main thread whole, since its answer is its work.
 * Spawned and restarted by platforms/feishu/webhook-thread-host.ts.
 */
import type { AddressInfo } from 'node:net';
import { parentPort, workerData } from 'node:worker_threads';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { app as floorwalker } from './app';
import { createDeps, trackedDefer, type Deps } from './core/deps';
import { handleEvent } from './core/handle-event';
import type { InboundEvent } from './core/inbound';
import { openPostgres } from './db/client';
import { createLogger } from './log';
import { createFeishuPlatform } from './platforms/feishu/api';
import type { FeishuCallbackAnswer } from './platforms/feishu/deliver';
import { receiveFeishuEvent, WEBHOOK_PATH } from './platforms/feishu/webhook';
import type { FromWebhookThread, ToWebhookThread, WebhookThreadData } from './platforms/feishu/webhook-thread-protocol';

/** Past this a card press's answer is given up on (the main thread answers within 2.5 s itself). */
const CARD_ANSWER_WAIT_MS = 2_800;
/** How long a stop waits for requests in flight before closing the database under them. */
const STOP_GRACE_MS = 5_000;

const port = parentPort!;
const data = workerData as WebhookThreadData;
const post = (m: FromWebhookThread) => port.postMessage(m);

// Questions to the main thread (a card's answer, the bot's identity), matched by id.
let nextId = 0;
const waiting = new Map<number, (m: ToWebhookThread) => void>();
const ask = (m: (id: number) => FromWebhookThread, waitMs: number): Promise<ToWebhookThread | undefined> =>
  new Promise((resolve) => {
    const id = ++nextId;
    const timer = setTimeout(() => {
      waiting.delete(id);
      resolve(undefined);
    }, waitMs);
    waiting.set(id, (reply) => {
      clearTimeout(timer);
      resolve(reply);
    });
    post(m(id));
  });

// JSON lines on stdout like the main thread's (a worker's stdout is piped into the process's).
const log = createLogger(data.config.logLevel, undefined, { component: 'webhook-thread' });
// Two connections: as many accepts at once as the main process keeps for accepting (NODE_POOLS).
const database = await openPostgres(data.databaseUrl, { max: 2 });
const { appId, appSecret, domain } = data.config.feishu;
let bot: { openId: string; name: string } | undefined;
const deps: Deps = createDeps({
  config: data.config,
  app: floorwalker,
  database,
  // Never called here: this thread sends nothing. The bot's identity is the main thread's (cached).
  platform: createFeishuPlatform({ appId, appSecret, domain, log }),
  log,
  bot: async () => {
    if (bot) return bot;
    const reply = await ask((id) => ({ kind: 'bot', id }), 10_000);
    if (reply?.kind !== 'bot' || !reply.bot) throw new Error(reply?.kind === 'bot' ? reply.error : 'no answer');
    return (bot = reply.bot);
  },
  defer: trackedDefer().defer,
  handOff: (event, acceptedAt) => {
    if (event.type === 'message') post({ kind: 'accepted', event, acceptedAt: acceptedAt.getTime() });
  },
});

async function answer(event: InboundEvent, d: Deps): Promise<FeishuCallbackAnswer> {
  if (event.type === 'card_action') {
    const reply = await ask((id) => ({ kind: 'card', id, event }), CARD_ANSWER_WAIT_MS);
    if (reply?.kind === 'answer') return reply.answer;
    log.warn('card action answered late', { id: event.id, waitedMs: CARD_ANSWER_WAIT_MS });
    return {};
  }
  await handleEvent(event, d);
  return {};
}

const http = new Hono();
http.post(WEBHOOK_PATH, (c) => receiveFeishuEvent(c.req.raw, deps, answer));
http.get('/healthz', async (c) => {
  try {
    await deps.dbPing();
    return c.json({ ok: true, db: 'postgres', platform: 'feishu', thread: 'webhook' });
  } catch {
    return c.json({ ok: false, db: 'postgres', platform: 'feishu', error: 'database unreachable' }, 503);
  }
});
http.notFound((c) => c.json({ ok: false, error: 'not found' }, 404));
http.onError((err, c) => {
  log.error('request failed', { method: c.req.method, path: c.req.path, error: err.stack ?? err.message });
  return c.json({ ok: false, error: 'internal error' }, 500);
});

let inFlight = 0;
let stopping = false;
const server = serve(
  {
    fetch: async (req) => {
      if (stopping) return Response.json({ ok: false, error: 'shutting down' }, { status: 503 });
      inFlight++;
      try {
        return await http.fetch(req);
      } finally {
        inFlight--;
      }
    },
    port: data.port,
    hostname: data.host,
  },
  (info: AddressInfo) => post({ kind: 'listening', port: info.port }),
);
server.once('error', (err) => {
  post({ kind: 'failed', error: err.message });
  void database.close().finally(() => port.close());
});

port.on('message', (m: ToWebhookThread) => {
  if (m.kind !== 'stop') return waiting.get(m.id)?.(m);
  stopping = true;
  void (async () => {
    const s = server as { closeIdleConnections?: () => void; closeAllConnections?: () => void };
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    s.closeIdleConnections?.();
    const deadline = Date.now() + STOP_GRACE_MS;
    while (inFlight > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
    // Keep-alive sockets between requests would hold close() open; every answer has been given.
    s.closeAllConnections?.();
    await closed;
    await database.close().catch(() => {});
    post({ kind: 'stopped' });
    port.close();
  })();
});
