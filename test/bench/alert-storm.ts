/**
 * The alert storm (issue #10) in real time: 20 stores × 5 metrics, each reported five times (three
 * reports in the first seconds, two after the card is out), then one store back on target — with
 * three replicas (each its own Postgres pool, Feishu client and work loop) against the Feishu
 * emulator, which counts every call. Reported: new messages, card updates, the most calls to the
 * group in any 1 s, time to the first message, time until the resolve shows on the card,
 * rate-limit answers. Targets: ≤ 3 new messages, the first within 15 s, the resolve within 60 s,
 * no 429. (≤ 4 calls/s per group is the outbox's pacing, another branch's work: reported, not judged.)
 */
import { app } from '../../src/app';
import { systemClock } from '../../src/clock';
import { loadConfig } from '../../src/config';
import { createDeps, type Deps } from '../../src/core/deps';
import { openPostgres, type Database } from '../../src/db/client';
import { members, teams } from '../../src/db/schema';
import { upsertValues, type ValueRow } from '../../src/features/kpi/repo';
import { stores } from '../../src/features/stores/schema';
import { FeishuEmulator, serveEmulator } from '../../src/emulator/feishu';
import { createFeishuPlatform } from '../../src/platforms/feishu/api';
import { silentLogger } from '../../src/log';
import { startWorkLoop } from '../../src/runtime/work-loop';
import { benchDatabase } from '../helpers/db';
import { maxInWindow } from '../helpers/fake-feishu';

const REPLICAS = 3;
const METRICS = ['first_response_s', 'reply_3min_rate', 'offline_messages', 'refund_overdue', 'bad_reviews_cs'];
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function depsFor(database: Database, emulator: FeishuEmulator, url: string): Deps {
  return createDeps({
    config: loadConfig({ LOG_LEVEL: 'silent' }),
    app,
    database,
    platform: createFeishuPlatform({
      appId: emulator.app.appId,
      appSecret: emulator.app.appSecret,
      domain: url,
      log: silentLogger,
    }),
    log: silentLogger,
    defer: () => {},
  });
}

export const alertStorm = {
  name: 'alert-storm',
  async run(): Promise<boolean> {
    const database = await benchDatabase();
    const emulator = new FeishuEmulator({ answerBudget: 'off' });
    const server = await serveEmulator(emulator);
    const pools: Database[] = [];
    const loops: { stop(): Promise<void> }[] = [];
    try {
      const now = systemClock.now();
      const ops = emulator.addUser({ name: '运营小张' });
      const chat = emulator.addChat({ name: '客服一组', memberOpenIds: [ops.openId] });
      const [team] = await database.db
        .insert(teams)
        .values({
          tenantKey: emulator.tenantKey,
          chatId: chat.chatId,
          name: chat.name,
          timeZone: 'Asia/Shanghai',
          createdAt: now,
        })
        .returning();
      await database.db
        .insert(members)
        .values({ teamId: team!.id, openId: ops.openId, name: ops.name, role: 'ops', createdAt: now, updatedAt: now });
      const storeRows = await database.db
        .insert(stores)
        .values(
          Array.from({ length: 20 }, (_, i) => ({
            teamId: team!.id,
            name: `店铺${i + 1}号`,
            platform: 'tmall',
            createdAt: now,
          })),
        )
        .returning();
      for (let i = 0; i < REPLICAS; i++) {
        const pool = await openPostgres(database.url, { max: 5 });
        pools.push(pool);
        const deps = depsFor(pool, emulator, server.url);
        const loop = startWorkLoop(deps, { runnerId: `replica-${i}`, resumeEveryMs: 3_600_000 });
        deps.wake = () => loop.wake();
        loops.push(loop);
      }
      // Business hours are not set: the storm is judged whatever the hour of the run.
      const day = new Date(now.getTime() + 8 * 3600_000 - 86_400_000).toISOString().slice(0, 10);
      const round = (r: number, ok = false): ValueRow[] =>
        storeRows.flatMap((s, i) =>
          METRICS.map((metric) => ({
            storeId: s.id,
            agent: '',
            metric,
            day,
            hour: -1,
            value: ok
              ? metric === 'reply_3min_rate'
                ? 0.99
                : metric === 'first_response_s'
                  ? 10
                  : 0
              : metric === 'first_response_s'
                ? 40 + r * 5 + i
                : metric === 'reply_3min_rate'
                  ? 0.8 - r * 0.02
                  : 1 + r,
            base: metric === 'reply_3min_rate' ? 100 : null,
          })),
        );
      const t0 = Date.now();
      for (const [r, at] of [
        [0, 0],
        [1, 1_000],
        [2, 2_000],
        [3, 20_000],
        [4, 21_000],
      ] as const) {
        await sleep(Math.max(0, t0 + at - Date.now()));
        await upsertValues(database.db, team!.id, round(r), 'api', new Date());
      }
      // One store back on target: until the card shows it struck through.
      await sleep(Math.max(0, t0 + 30_000 - Date.now()));
      const resolveAt = Date.now();
      await upsertValues(
        database.db,
        team!.id,
        round(0, true).filter((v) => v.storeId === storeRows[0]!.id),
        'api',
        new Date(),
      );
      let resolvedAfter = NaN;
      const card = () => emulator.messages(chat.chatId).find((m) => m.msgType === 'interactive');
      while (Date.now() - resolveAt < 90_000) {
        const text = JSON.stringify(card()?.content ?? {});
        if (/~~(店铺1号 · )?首次响应时长 10 秒~~/.test(text)) {
          resolvedAfter = Date.now() - resolveAt;
          break;
        }
        await sleep(200);
      }
      await sleep(5_000);
      const calls = emulator.calls().filter((c) => c.time >= t0);
      const sends = calls.filter((c) => c.method === 'POST' && c.path === '/open-apis/im/v1/messages');
      const ids = new Set(emulator.messages(chat.chatId).map((m) => m.messageId));
      const patches = calls.filter((c) => c.method === 'PATCH' && ids.has(c.path.split('/').at(-1)!));
      const limited = calls.filter((c) => c.status === 429 || c.code === 99991400).length;
      const firstAfter = sends.length ? sends[0]!.time - t0 : NaN;
      const perSecond = maxInWindow([...sends, ...patches].map((c) => c.time));
      console.log(`alert-storm: 500 reports (20 stores × 5 metrics × 5), ${REPLICAS} replicas`);
      console.log(`  new messages ${sends.length} (target ≤ 3), card updates ${patches.length}`);
      console.log(`  first message after ${(firstAfter / 1000).toFixed(1)} s (target ≤ 15 s)`);
      console.log(`  resolve shown after ${(resolvedAfter / 1000).toFixed(1)} s (target ≤ 60 s)`);
      console.log(
        `  most calls to the group in 1 s: ${perSecond} (≤ 4 is the pacing branch's); rate-limit answers ${limited} (target 0)`,
      );
      return sends.length <= 3 && firstAfter <= 15_000 && resolvedAfter <= 60_000 && limited === 0;
    } finally {
      for (const l of loops) await l.stop();
      for (const p of pools) await p.close();
      await server.close();
      await database.destroy();
    }
  },
};
