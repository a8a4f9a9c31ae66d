import { existsSync } from 'node:fs';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import type { Hono } from 'hono';
import { ManualClock, systemClock, type Clock } from '../clock';
import type { App } from '../core/app-def';
import type { Config } from '../config';
import { eventLanes } from '../core/event-lanes';
import { createDeps, trackedDefer, type Deps } from '../core/deps';
import type { PlatformApi } from '../port/platform';
import { openDatabase } from '../db/open';
import { armAllSchedules } from '../core/schedules';
import { createApp } from '../http/app';
import { createLogger, type Logger } from '../log';
import { startScheduler } from './scheduler';
import { startWorkLoop } from './work-loop';

/** How long a stop waits for long-lived responses (event streams) before cutting them. */
const STREAMS_GRACE_MS = 2_000;

export interface NodeRuntime {
  url: string;
  deps: Deps;
  /** Stop taking new work, finish what is in flight, release claims, close the database. */
  stop(): Promise<void>;
}

export interface PlatformSetup {
  platform: PlatformApi;
  /** Extra routes (the sandbox console and emulator) mounted on the bot's own server. */
  routes?: (app: Hono) => void;
  /**
   * Called with the deps before anything runs on them (schedules armed, the work loop): the
   * sandbox puts its clock back where it was, so per-team slots are armed by the sandbox's time.
   */
  prepare?: (deps: Deps) => void;
  /** Called once the server listens, with its base URL (the sandbox needs it to post events). */
  started?: (baseUrl: string, deps: Deps) => Promise<void> | void;
  /**
   * Called first on stop, and awaited: end long-lived responses (the console's event streams) so the
   * server can close; stop taking events by other ways in (the webhook thread) before the deferred
   * work is waited for.
   */
  stopping?: () => void | Promise<void>;
  close?: () => Promise<void>;
}

export interface StartOptions {
  /** The features, commands and jobs (src/app.ts). */
  app: App;
  clock?: Clock;
  log?: Logger;
  /** Chooses the platform once the port is known: Feishu through the SDK, or the sandbox. */
  platform: (config: Config, baseUrl: string, log: Logger) => Promise<PlatformSetup>;
  /** Human-readable progress lines (stderr for `npm start`; silent in tests). */
  say?: (line: string) => void;
  runnerId?: string;
}

export async function startNode(config: Config, opts: StartOptions): Promise<NodeRuntime> {
  const log = opts.log ?? createLogger(config.logLevel);
  const say = opts.say ?? (() => {});
  // The sandbox's clock can be moved forward from the console; production runs on real time.
  const clock = opts.clock ?? (config.platform === 'sandbox' ? new ManualClock() : systemClock);
  const runnerId = opts.runnerId ?? `node-${process.pid}`;

  if (config.database.kind === 'pglite') {
    const dir = path.resolve(config.database.dataDir);
    say(
      existsSync(path.join(dir, 'PG_VERSION'))
        ? `数据库 / database: PGlite ${dir}`
        : `首次启动：正在初始化内置数据库 PGlite（${dir}），约需几秒… / first start: initialising the embedded database`,
    );
  }
  const database = await openDatabase(config.database);

  // Work deferred after an answer is kept here for stop() to wait on.
  const deferred = trackedDefer((err) =>
    log.error('deferred work failed', { error: err instanceof Error ? err.stack : String(err) }),
  );
  let accepting = true;
  // The work loop is created after deps; wake() forwards to it once it exists.
  let wakeLoop: () => void = () => {};
  const host = config.host ?? (config.platform === 'sandbox' ? '127.0.0.1' : '0.0.0.0');

  // Listen first (the sandbox needs the port to know its own URL), answer 503 until ready.
  let handle: (req: Request) => Response | Promise<Response> = () => new Response('starting', { status: 503 });
  const server = await new Promise<ReturnType<typeof serve>>((resolve, reject) => {
    const s = serve({ fetch: (req) => handle(req), port: config.port, hostname: host }, () => resolve(s));
    s.once('error', reject);
  });
  const address = server.address() as AddressInfo;
  const baseUrl = `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${address.port}`;

  const setup = await opts.platform(config, baseUrl, log);
  const deps = createDeps({
    config,
    app: opts.app,
    database,
    platform: setup.platform,
    log,
    clock,
    defer: deferred.defer,
    wake: () => wakeLoop(),
  });
  const app = createApp(deps, { routes: setup.routes });
  handle = (req) =>
    accepting || new URL(req.url).pathname === '/healthz'
      ? app.fetch(req)
      : Response.json({ ok: false, error: 'shutting down' }, { status: 503 });

  setup.prepare?.(deps);
  // Before the first pass: every team's schedules have their pending slot (idempotent across
  // replicas and restarts; a slot missed while down stays, and runs if still within its window).
  await armAllSchedules(deps).catch((err: unknown) =>
    log.error('arming schedules failed', { error: err instanceof Error ? err.stack : String(err) }),
  );
  const loop = startWorkLoop(deps, { runnerId });
  wakeLoop = () => loop.wake();
  const scheduler = startScheduler(deps, deps.app.jobs, runnerId);
  await setup.started?.(baseUrl, deps);
  log.info('started', {
    url: baseUrl,
    db: database.kind,
    platform: config.platform,
    eventMode: config.platform === 'dingtalk' ? config.dingtalk.eventMode : config.feishu.eventMode,
    runner: runnerId,
  });

  let stopping: Promise<void> | undefined;
  return {
    url: baseUrl,
    deps,
    stop: () =>
      (stopping ??= (async () => {
        accepting = false;
        await setup.stopping?.();
        await scheduler.stop();
        await new Promise<void>((resolve) => {
          server.close(() => resolve());
          // Keep-alive sockets would hold close() open; idle ones can go now.
          const s = server as { closeIdleConnections?: () => void; closeAllConnections?: () => void };
          s.closeIdleConnections?.();
          // Event streams nobody ends (an open floor board) are cut after a grace: their pages
          // reconnect by themselves, to this replica once it is back or to another one.
          setTimeout(() => s.closeAllConnections?.(), STREAMS_GRACE_MS).unref();
        });
        // Deferred work (events answered but not finished) completes before the loop stops. What
        // has not started by then is handed to the other replicas (its lease released) instead of
        // starting on a closed database.
        if (!(await deferred.settle(10_000))) {
          eventLanes(deps).slots.close();
          await deferred.settle(2_000);
        }
        await scheduler.inFlight();
        await loop.stop();
        await setup.close?.();
        await database.close();
        log.info('stopped', { runner: runnerId, unfinished: deferred.pending });
      })()),
  };
}
