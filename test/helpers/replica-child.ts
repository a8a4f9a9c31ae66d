/**
 * One replica as its own process, for the kill -9 test (test/db/replica-crash.test.ts): the work
 * loop (timers, then the outbox) on its own Postgres pool and its own Feishu client, as a Node
 * replica runs it, plus the crash probe's timer (it queues a message). Run with `node --import tsx`.
 * Env: DATABASE_URL, FEISHU_DOMAIN, FEISHU_APP_ID, FEISHU_APP_SECRET, RUNNER.
 */
import { sql } from 'drizzle-orm';
import { loadConfig } from '../../src/config';
import { createDeps } from '../../src/core/deps';
import { defineFeature } from '../../src/core/feature';
import { openPostgres } from '../../src/db/client';
import { silentLogger } from '../../src/log';
import { enqueue } from '../../src/outbox/enqueue';
import { createFeishuPlatform } from '../../src/platforms/feishu/api';
import { startWorkLoop } from '../../src/runtime/work-loop';
import { appWith } from './app';

/** A due timer that queues one message and counts its run (no unique key: a doubled run shows). */
export const crashProbe = defineFeature({
  name: 'crashProbe',
  timers: {
    'crashProbe.post': async (d, timer) => {
      await d.db.execute(sql`insert into crash_probe_runs (ref) values (${timer.ref})`);
      await enqueue(d.db, d.clock.now(), {
        teamId: null,
        kind: 'send',
        to: { chatId: String(timer.payload.chatId) },
        body: { msgType: 'text', content: { text: timer.ref } },
      });
    },
  },
});

async function main() {
  const env = process.env;
  const database = await openPostgres(env.DATABASE_URL!, { max: 4 });
  const platform = createFeishuPlatform({
    appId: env.FEISHU_APP_ID!,
    appSecret: env.FEISHU_APP_SECRET!,
    domain: env.FEISHU_DOMAIN!,
    log: silentLogger,
  });
  const deps = createDeps({
    config: loadConfig({ LOG_LEVEL: 'silent' }),
    app: appWith(crashProbe),
    database,
    platform,
    log: silentLogger,
    defer: () => {},
  });
  const loop = startWorkLoop(deps, { runnerId: env.RUNNER!, pollMs: 100 });
  deps.wake = () => loop.wake();
  console.log(`replica ${env.RUNNER} ready`);
}

if (process.env.RUNNER) void main();
