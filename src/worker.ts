/**
 * Cloudflare Workers entry: the same Hono app and handleEvent as on Node, with Postgres through
 * Hyperdrive (or DATABASE_URL), deferred work on ctx.waitUntil, and the minute cron trigger running
 * due jobs, timers and the outbox. PGlite and the sandbox are Node-only.
 */
import { jobs } from '../jobs';
import { loadConfig, ConfigError, type Config } from './config';
import { cachedBot, type Deps } from './core/deps';
import { systemClock } from './clock';
import { openPostgres, type Database } from './db/client';
import { applyMigrations } from './db/migrate';
import { embeddedMigrations } from './db/migrations.generated';
import { createFeishuPlatform } from './feishu/api';
import { createApp } from './http/app';
import { createLogger } from './log';
import { runJobOnce, minuteSlot } from './runtime/jobs';
import { dueJobs } from './runtime/cron-match';
import { resumeUnfinished, workOnce } from './runtime/work-loop';

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

let migrated: Promise<unknown> | undefined;

function configFrom(env: WorkerEnv): Config {
  const vars: Record<string, string | undefined> = {};
  for (const [k, v] of Object.entries(env)) if (typeof v === 'string') vars[k] = v;
  if (env.HYPERDRIVE?.connectionString) vars.DATABASE_URL = env.HYPERDRIVE.connectionString;
  const config = loadConfig(vars);
  if (config.database.kind !== 'postgres') throw new ConfigError('DATABASE_URL (or a HYPERDRIVE binding) is required on Workers: PGlite runs on Node only');
  if (config.platform !== 'feishu') throw new ConfigError('FEISHU_APP_ID and FEISHU_APP_SECRET are required on Workers: the sandbox runs on Node only');
  return config;
}

/** One request's worth of deps. Hyperdrive wants a fresh client per request (max 5 connections). */
async function depsFor(env: WorkerEnv, ctx: ExecutionContext): Promise<{ deps: Deps; database: Database }> {
  const config = configFrom(env);
  const database = await openPostgres((config.database as { url: string }).url, { max: 5 });
  migrated ??= applyMigrations(database.db, embeddedMigrations).catch((err: unknown) => {
    migrated = undefined;
    throw err;
  });
  await migrated;
  const platform = createFeishuPlatform({ appId: config.feishu.appId, appSecret: config.feishu.appSecret, domain: config.feishu.domain });
  const log = createLogger(config.logLevel, (line) => console.log(line));
  const deps: Deps = {
    config,
    db: database.db,
    dbKind: 'postgres',
    dbPing: () => database.ping(),
    clock: systemClock,
    log,
    platform,
    bot: cachedBot(platform),
    defer: (work) => ctx.waitUntil(work),
    wake: () => {},
  };
  return { deps, database };
}

function errorResponse(err: unknown): Response {
  const message = err instanceof ConfigError ? err.message : 'internal error';
  console.error(JSON.stringify({ level: 'error', msg: 'worker request failed', error: err instanceof Error ? err.message : String(err) }));
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
          if (deferred.length) await workOnce(deps, 'worker').catch((err: unknown) => deps.log.error('outbox pass failed', { error: String(err) }));
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
      const at = new Date(controller.scheduledTime);
      for (const job of dueJobs(jobs, at, deps.config.timeZone)) await runJobOnce(deps, job, minuteSlot(at), 'worker');
      await workOnce(deps, 'worker');
      await resumeUnfinished(deps);
    })().finally(() => database.close());
    ctx.waitUntil(work);
    await work;
  },
};
