/**
 * The main thread's side of the webhook thread (src/webhook-thread.ts): spawns it, does the work of
 * what it accepted, answers its card presses and its questions, restarts it if it dies, and stops
 * it first on shutdown. Node only (worker_threads); Workers have no use for it (each request is its
 * own isolate there).
 */
import { Worker } from 'node:worker_threads';
import type { Deps } from '../../core/deps';
import { eventLanes } from '../../core/event-lanes';
import { continueAccepted } from '../../core/handle-event';
import { deliver } from './deliver';
import type { FromWebhookThread, ToWebhookThread, WebhookThreadData } from './webhook-thread-protocol';

/** A dead thread is started again after this, doubling up to the cap while it keeps dying at once. */
const RESTART_MS = 500;
const RESTART_CAP_MS = 30_000;
/** A thread that ran this long before dying counts as healthy: the next restart is quick again. */
const HEALTHY_RUN_MS = 60_000;
/** How long a stop waits for the thread to finish its requests before ending it. */
const STOP_WAIT_MS = 8_000;

export interface WebhookThread {
  /** The webhook's address on this thread's port: http://host:port/feishu/events. */
  url: string;
  /** Stops accepting; resolves once every event it accepted has been handed over. */
  stop(): Promise<void>;
  /** Ends the thread at once, as a crash would (tests): it is started again like after one. */
  kill(): Promise<void>;
}

/**
 * The thread's module: beside the bundle when running from .build/ (npm start), else the TypeScript
 * source through tsx (tests, benches, a read-only checkout).
 */
function spawn(data: WebhookThreadData): Worker {
  if (!import.meta.url.endsWith('.ts'))
    return new Worker(new URL('./webhook-thread.mjs', import.meta.url), { workerData: data });
  const entry = new URL('../../webhook-thread.ts', import.meta.url).href;
  const boot = `import('tsx/esm/api').then(({ register }) => { register(); return import(${JSON.stringify(entry)}); })`;
  return new Worker(boot, { eval: true, workerData: data });
}

export async function startWebhookThread(
  deps: Deps,
  opts: { databaseUrl: string; host: string; port: number },
): Promise<WebhookThread> {
  const log = deps.log.child({ component: 'webhook-thread' });
  let port = opts.port;
  let stopping = false;
  let current: Worker | undefined;
  let stopped: (() => void) | undefined;
  let restartMs = RESTART_MS;

  const onMessage = (worker: Worker, m: FromWebhookThread) => {
    const reply = (r: ToWebhookThread) => worker.postMessage(r);
    switch (m.kind) {
      case 'accepted':
        // Until the thread says it has stopped, this process works as usual (runtime/node.ts stops
        // the thread before it waits for the deferred work).
        eventLanes(deps).acceptor.arrived();
        deps.defer(continueAccepted(m.event, deps, new Date(m.acceptedAt)));
        return;
      case 'card':
        void deliver(m.event, deps).then(
          (answer) => reply({ kind: 'answer', id: m.id, answer }),
          (err: unknown) => {
            log.error('card action failed', { id: m.event.id, error: err instanceof Error ? err.stack : String(err) });
            reply({ kind: 'answer', id: m.id, answer: {} });
          },
        );
        return;
      case 'bot':
        void deps.bot().then(
          (bot) => reply({ kind: 'bot', id: m.id, bot }),
          (err: unknown) => reply({ kind: 'bot', id: m.id, error: err instanceof Error ? err.message : String(err) }),
        );
        return;
      case 'stopped':
        stopped?.();
        return;
      default:
        return;
    }
  };

  /** Starts a thread; resolves with its port once it listens, rejects if it cannot. */
  const start = () =>
    new Promise<number>((resolve, reject) => {
      const worker = spawn({ config: deps.config, databaseUrl: opts.databaseUrl, host: opts.host, port });
      const began = Date.now();
      let listening = false;
      current = worker;
      worker.on('message', (m: FromWebhookThread) => {
        if (m.kind === 'listening') {
          listening = true;
          resolve(m.port);
        } else if (m.kind === 'failed')
          reject(new Error(`the webhook thread cannot listen on ${opts.host}:${port}: ${m.error}`));
        else onMessage(worker, m);
      });
      worker.on('error', (err) => {
        log.error('webhook thread failed', { error: err.stack ?? err.message });
        if (!listening) reject(err);
      });
      worker.on('exit', (code) => {
        if (current === worker) current = undefined;
        stopped?.();
        if (stopping || !listening) return;
        // What it had accepted and posted is being worked on; what it stored but had not posted yet
        // keeps its lease and is the inbox loop's when that ends. Nothing accepted is lost.
        if (Date.now() - began > HEALTHY_RUN_MS) restartMs = RESTART_MS;
        log.error('webhook thread exited; starting it again', { code, inMs: restartMs });
        setTimeout(() => {
          if (stopping) return;
          start().then(
            () => log.info('webhook thread restarted', { port }),
            (err: unknown) => log.error('webhook thread restart failed', { error: String(err) }),
          );
        }, restartMs).unref();
        restartMs = Math.min(restartMs * 2, RESTART_CAP_MS);
      });
    });

  port = await start();
  const shown = opts.host === '0.0.0.0' ? '127.0.0.1' : opts.host;
  return {
    url: `http://${shown}:${port}/feishu/events`,
    kill: async () => void (await current?.terminate()),
    async stop() {
      if (stopping) return;
      stopping = true;
      const worker = current;
      if (!worker) return;
      const done = new Promise<void>((resolve) => (stopped = resolve));
      worker.postMessage({ kind: 'stop' } satisfies ToWebhookThread);
      const timer = setTimeout(() => void worker.terminate(), STOP_WAIT_MS);
      await done;
      clearTimeout(timer);
    },
  };
}
