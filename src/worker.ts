/**
 * Cloudflare Workers entry: the same Hono app and handleEvent as on Node, with Postgres through
 * Hyperdrive (or DATABASE_URL), deferred work on ctx.waitUntil, and the minute cron trigger running
 * due jobs, timers and the outbox. PGlite and the sandbox are Node-only.
 */
import { app } from './app';
import { loadConfig, ConfigError, type Config } from './config';
import { createDeps, type Deps } from './core/deps';
import type { PlatformApi } from './port/platform';
import { openPostgres, type Database } from './db/client';
import { applyMigrations } from './db/migrate';
import { embeddedMigrations } from './db/migrations.generated';
import { createFeishuPlatform } from './platforms/feishu/api';
import { createDingTalkPlatform } from './platforms/dingtalk/api';
import { createApp } from './http/app';
import { createLogger, type Logger } from './log';
import { drain, EVENT_DRAIN_MS, runScheduledTick } from './runtime/worker-tick';
import { armAllSchedules } from './core/schedules';

interface WorkerEnv {
  HYPERDRIVE?: { connectionString: string };
  [key: string]: unknown;
}
interface ExecutionContext {
  waitUntil(p: Promise<unknown>): void;
}
interface ScheduledController {
  scheduledTime: number;
  cron: string;
}

/** Set once this isolate has seen the migrations applied. */
let migrated = false;
/** Set once this isolate has armed every team's schedules (Workers have no start-up of their own). */
let schedulesArmed = false;

function configFrom(env: WorkerEnv): Config {
  const vars: Record<string, string | undefined> = {};
  for (const [k, v] of Object.entries(env)) if (typeof v === 'string') vars[k] = v;
  if (env.HYPERDRIVE?.connectionString) vars.DATABASE_URL = env.HYPERDRIVE.connectionString;
  const config = loadConfig(vars);
  if (config.database.kind !== 'postgres')
    throw new ConfigError('DATABASE_URL (or a HYPERDRIVE binding) is required on Workers: PGlite runs on Node only');
  if (config.platform === 'sandbox')
    throw new ConfigError(
      'FEISHU_APP_ID and FEISHU_APP_SECRET (or DINGTALK_CLIENT_ID and DINGTALK_CLIENT_SECRET) are required on Workers: the sandbox runs on Node only',
    );
  if (config.platform === 'dingtalk' && config.dingtalk.eventMode !== 'http')
    throw new ConfigError(
      'DINGTALK_EVENT_MODE=http is required on Workers: a Worker cannot hold the Stream connection',
    );
  return config;
}

/**
 * The Feishu client lives as long as the isolate, so its tenant token (2 h) and the bot's identity
 * are fetched once, not on every event. It holds no I/O object between calls (each call is a fresh
 * fetch), which is what Workers require of anything shared across requests.
 */
let shared: { key: string; platform: PlatformApi; bot?: { openId: string; name: string } } | undefined;

function feishuFor(config: Config, log: Logger): NonNullable<typeof shared> {
  if (config.platform === 'dingtalk') {
    const key = JSON.stringify(config.dingtalk);
    if (shared?.key !== key) shared = { key, platform: createDingTalkPlatform({ ...config.dingtalk, log }) };
    return shared;
  }
  const { appId, appSecret, domain } = config.feishu;
  const key = JSON.stringify([appId, appSecret, domain]);
  if (shared?.key !== key) shared = { key, platform: createFeishuPlatform({ appId, appSecret, domain, log }) };
  return shared;
}

/** One request's worth of deps. Hyperdrive wants a fresh client per request (max 5 connections). */
async function depsFor(env: WorkerEnv, ctx: ExecutionContext): Promise<{ deps: Deps; database: Database }> {
  const config = configFrom(env);
  const database = await openPostgres((config.database as { url: string }).url, { max: 5 });
  if (!migrated) {
    // Concurrent first requests each try; the advisory lock in applyMigrations serialises them and
    // the later ones find nothing to do. (No shared pending promise: see `shared` above.)
    try {
      await applyMigrations(database.db, embeddedMigrations);
    } catch (err) {
      await database.close().catch(() => {});
      throw err;
    }
    migrated = true;
  }
  const log = createLogger(config.logLevel, (line) => console.log(line));
  const feishu = feishuFor(config, log);
  const deps = createDeps({
    config,
    app,
    database,
    platform: feishu.platform,
    log,
    // Only a settled answer is shared: a request never waits on another request's pending I/O.
    bot: async () => (feishu.bot ??= await feishu.platform.botInfo()),
    defer: (work) => ctx.waitUntil(work),
  });
  return { deps, database };
}

function errorResponse(err: unknown): Response {
  const message = err instanceof ConfigError ? err.message : 'internal error';
  console.error(
    JSON.stringify({
      level: 'error',
      msg: 'worker request failed',
      error: err instanceof Error ? err.message : String(err),
    }),
  );
  return Response.json({ ok: false, error: message }, { status: 500 });
}

export default {
  async fetch(request: Request, env: WorkerEnv, ctx: ExecutionContext): Promise<Response> {
    let database: Database | undefined;
    try {
      const made = await depsFor(env, ctx);
      database = made.database;
      const deferred: Promise<unknown>[] = [];
      const deps: Deps = { ...made.deps, defer: (w) => void deferred.push(w) };
      const response = await createApp(deps).fetch(request);
      const db = database;
      // After answering: finish the event's work, send what it enqueued, then release the connection.
      ctx.waitUntil(
        (async () => {
          await Promise.allSettled(deferred);
          if (deferred.length)
            await drain(deps, Date.now() + EVENT_DRAIN_MS).catch((err: unknown) =>
              deps.log.error('outbox pass failed', { error: String(err) }),
            );
        })().finally(() => db.close()),
      );
      return response;
    } catch (err) {
      if (database) ctx.waitUntil(database.close());
      return errorResponse(err);
    }
  },

  async scheduled(controller: ScheduledController, env: WorkerEnv, ctx: ExecutionContext): Promise<void> {
    const { deps, database } = await depsFor(env, ctx);
    const work = (async () => {
      if (!schedulesArmed) {
        await armAllSchedules(deps);
        schedulesArmed = true;
      }
      await runScheduledTick(deps, controller.scheduledTime);
    })().finally(() => database.close());
    ctx.waitUntil(work);
    await work;
  },
};
