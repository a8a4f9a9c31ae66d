/**
 * Escalation bench (design.md, "Performance"): 1,000 open anomalies whose phone step falls due in
 * the same minute, three Node replicas (each its own Postgres pool, Feishu client and work loop)
 * against one Postgres and the fake Feishu server. Reported: lateness of each urgent_phone call
 * (the fake server's receive time − the step's due time) p50/p99/max, and duplicates (must be 0).
 * Target: p99 ≤ 2 s and no duplicate.
 *
 * Each step makes three calls (phone, in-app buzz, card patch): the phone call goes first, the
 * others catch up after; their lag is reported too. The fake server counts Feishu's limits (50/s
 * per app, 1,000/min per API): 1,000 steps in one minute ask for 3,000 calls, so this scenario is
 * bound by the app's budget — the outbox leaves the phones their share of it while they are due
 * (appReserve.urgent) and paces each API within its minute. BENCH_ANOMALIES=300
 * BENCH_SPREAD_MS=20000 shows the engine within it.
 * BENCH_ANOMALIES (default 1000), BENCH_SPREAD_MS (default 60000); TEST_DATABASE_URL picks the server.
 */
import { sql } from 'drizzle-orm';
import { reportAnomaly } from '../../src/features/anomaly/report';
import { systemClock } from '../../src/clock';
import { loadConfig } from '../../src/config';
import { app } from '../../src/app';
import { createDeps, type Deps } from '../../src/core/deps';
import type { Team } from '../../src/core/teams';
import { openPostgres, query, ts, type Database } from '../../src/db/client';
import { members, teams } from '../../src/db/schema';
import { dutyShifts } from '../../src/features/duty/schema';
import { escalationPolicies } from '../../src/escalation/schema';
import { ladderPolicy } from '../../src/escalation/policy';
import { stores } from '../../src/features/stores/schema';
import { FeishuEmulator, serveEmulator } from '../../src/emulator/feishu';
import { createFeishuPlatform } from '../../src/platforms/feishu/api';
import { silentLogger } from '../../src/log';
import { startWorkLoop } from '../../src/runtime/work-loop';
import { benchDatabase } from '../helpers/db';
import { waitFor } from '../helpers/wait';
import { percentile } from './stats';

const ANOMALIES = Number(process.env.BENCH_ANOMALIES ?? 1000);
const SPREAD_MS = Number(process.env.BENCH_SPREAD_MS ?? 60_000);
const STORES_PER_TEAM = 20;
const REPLICAS = 3;
const TARGET_P99_MS = 2_000;

/** One buzz call as the replica made it: when it started and ended, and whether Feishu took it. */
export interface BuzzAttempt {
  messageId: string;
  kind: string;
  start: number;
  end: number;
  ok: boolean;
}

export function depsFor(
  database: Database,
  emulator: FeishuEmulator,
  url: string,
  /** Records every buzz call the replica starts (the bench's per-phase profile). */
  attempts?: BuzzAttempt[],
): Deps {
  const feishu = createFeishuPlatform({
    appId: emulator.app.appId,
    appSecret: emulator.app.appSecret,
    domain: url,
    log: silentLogger,
  });
  const platform: typeof feishu = attempts
    ? {
        ...feishu,
        async urgent(messageId: string, kind: Parameters<typeof feishu.urgent>[1], openIds: string[]) {
          const start = Date.now();
          try {
            const r = await feishu.urgent(messageId, kind, openIds);
            attempts.push({ messageId, kind, start, end: Date.now(), ok: true });
            return r;
          } catch (err) {
            attempts.push({ messageId, kind, start, end: Date.now(), ok: false });
            throw err;
          }
        },
      }
    : feishu;
  return createDeps({
    config: loadConfig({ LOG_LEVEL: 'silent' }),
    app,
    database,
    platform,
    log: silentLogger,
    defer: () => {},
  });
}

/**
 * Teams of 20 stores, a supervisor, an on-duty primary and an ops member each; one anomaly per store
 * (`stores` in all). The soak bench seeds its teams here too, with a policy that escalates quickly.
 */
export async function seedTeams(
  deps: Deps,
  emulator: FeishuEmulator,
  o: { stores: number; storesPerTeam?: number; policy: Parameters<typeof ladderPolicy>[0] } = {
    stores: ANOMALIES,
    // A long first delay while the cards go out; the due times are then set within one minute.
    policy: { firstDelayMs: 3_600_000, intervalMs: 3_600_000, supervisorRounds: 3, claimReminderMs: 1_800_000 },
  },
): Promise<Team[]> {
  const now = systemClock.now();
  const out: Team[] = [];
  const perTeam = o.storesPerTeam ?? STORES_PER_TEAM;
  for (let t = 0; t * perTeam < o.stores; t++) {
    const boss = emulator.addUser({ name: `主管${t}` });
    const primary = emulator.addUser({ name: `值班${t}` });
    const ops = emulator.addUser({ name: `运营${t}` });
    const chat = emulator.addChat({ name: `客服${t}组`, memberOpenIds: [boss.openId, primary.openId, ops.openId] });
    const [team] = await deps.db
      .insert(teams)
      .values({
        tenantKey: emulator.tenantKey,
        chatId: chat.chatId,
        name: chat.name,
        timeZone: 'Asia/Shanghai',
        createdAt: now,
      })
      .returning();
    await deps.db.insert(members).values([
      { teamId: team!.id, openId: boss.openId, name: boss.name, role: 'supervisor', createdAt: now, updatedAt: now },
      { teamId: team!.id, openId: primary.openId, name: primary.name, role: 'leader', createdAt: now, updatedAt: now },
      { teamId: team!.id, openId: ops.openId, name: ops.name, role: 'ops', createdAt: now, updatedAt: now },
    ]);
    await deps.db
      .insert(dutyShifts)
      .values({ teamId: team!.id, kind: 'standing', primaryOpenId: primary.openId, startsAt: now, createdAt: now });
    await deps.db
      .insert(escalationPolicies)
      .values({ teamId: team!.id, subject: 'anomaly', policy: ladderPolicy(o.policy), updatedAt: now });
    const n = Math.min(perTeam, o.stores - t * perTeam);
    await deps.db
      .insert(stores)
      .values(Array.from({ length: n }, (_, i) => ({ teamId: team!.id, name: `店铺${t}-${i}`, createdAt: now })));
    out.push(team!);
  }
  return out;
}

/**
 * Each phone call's lateness cut into its phases: claim (the timer's due time → its step done, the
 * phone row enqueued; negative when it ran ahead), queue (the later of the due time and the row →
 * the start of the call Feishu took: waiting for a pass, a rate slot, or a back-off after a
 * refusal), send (that call's start → Feishu received it).
 */
async function phonePhases(
  db: Database['db'],
  due: Map<string, number>,
  calls: ReturnType<FeishuEmulator['urgentCalls']>,
  attempts: BuzzAttempt[],
) {
  // When each step's timer was done (its phone row committed with it): before its due time when
  // the work loop ran it ahead (TimerHandler.leadMs), the row then waiting until the due time.
  const done = new Map<string, number>();
  for (const r of await query<{ message_id: string; done_at: string | Date }>(
    db,
    sql`select o.result_message_id as message_id, t.done_at from timers t
        join outbox o on o.ref = 'anomaly:' || (t.payload->>'id') || ':card' and o.kind = 'send'
        where t.kind = 'escalation.step' and t.done_at is not null`,
  ))
    done.set(r.message_id, new Date(r.done_at).getTime());
  const mine = attempts.filter((a) => a.kind === 'phone');
  const okStart = new Map(mine.filter((a) => a.ok).map((a) => [a.messageId, a.start]));
  const refused = mine.filter((a) => !a.ok);
  const rows = calls
    .filter((c) => c.kind === 'phone' && c.result === 'ok')
    .map((c) => {
      const d = due.get(c.messageId) ?? NaN;
      const ready = done.get(c.messageId) ?? NaN;
      const start = okStart.get(c.messageId) ?? NaN;
      return { total: c.time - d, claim: ready - d, queue: start - Math.max(d, ready), send: c.time - start };
    })
    .sort((a, b) => a.total - b.total);
  const sorted = (k: 'claim' | 'queue' | 'send') => rows.map((r) => r[k]).sort((a, b) => a - b);
  const tailRows = rows.slice(Math.floor(rows.length * 0.99));
  const mean = (k: 'claim' | 'queue' | 'send') => tailRows.reduce((n, r) => n + r[k], 0) / (tailRows.length || 1);
  return {
    claim: sorted('claim'),
    queue: sorted('queue'),
    send: sorted('send'),
    tail: { n: tailRows.length, claim: mean('claim'), queue: mean('queue'), send: mean('send') },
    retried: new Set(refused.map((a) => a.messageId)).size,
    refusedAttempts: refused.length,
  };
}

const fmt = (v: number) => `${Math.round(v)} ms`.padStart(9);

export const escalation = {
  name: 'escalation',
  async run(): Promise<boolean> {
    const database = await benchDatabase();
    const emulator = new FeishuEmulator({ quota: { phone: 1_000_000, sms: 1_000_000 } });
    const server = await serveEmulator(emulator);
    const replicas = await Promise.all(Array.from({ length: REPLICAS }, () => openPostgres(database.url, { max: 5 })));
    const loops: { wake(): void; stop(): Promise<void> }[] = [];
    const attempts: BuzzAttempt[] = [];
    try {
      const setup = depsFor(database, emulator, server.url);
      const teamRows = await seedTeams(setup, emulator);
      const started = performance.now();
      for (const team of teamRows) {
        const list = await setup.db
          .select()
          .from(stores)
          .where(sql`${stores.teamId} = ${team.id}`);
        for (const store of list) {
          await reportAnomaly(
            setup,
            team,
            {
              store,
              kind: 'price',
              description: '价格标错了',
              reporter: 'ou_bench_agent',
              source: `bench:${store.id}`,
            },
            systemClock.now(),
          );
        }
      }
      const reportMs = performance.now() - started;

      for (let i = 0; i < REPLICAS; i++) {
        const deps = depsFor(replicas[i]!, emulator, server.url, attempts);
        const loop = startWorkLoop(deps, { runnerId: `replica-${i}`, resumeEveryMs: 3_600_000 });
        deps.wake = () => loop.wake();
        loops.push(loop);
      }
      const pendingCards = async () =>
        Number(
          (
            await query<{ n: number }>(database.db, sql`select count(*)::int as n from outbox where status = 'pending'`)
          )[0]!.n,
        ) === 0;
      const cardsStarted = performance.now();
      await waitFor('the cards', pendingCards, { timeoutMs: 180_000, intervalMs: 200 });
      const cardsMs = performance.now() - cardsStarted;

      // Every phone step falls due within one minute. Feishu also counts 1,000 calls per app per
      // minute: the minute is left to pass after the cards, so their burst is not measured here.
      const lastCard = emulator.calls({ path: '/im/v1/messages' }).at(-1)?.time ?? Date.now();
      const first = Math.max(Date.now() + 3_000, lastCard + 61_000);
      const callsBefore = emulator.calls().length;
      await query(
        database.db,
        sql`update timers t set due_at = ${ts(new Date(first))} + ((o.rn - 1) * ${SPREAD_MS / ANOMALIES}::float8 * interval '1 millisecond')
            from (select id, row_number() over (order by random()) as rn from timers where kind = 'escalation.step') o
            where t.id = o.id`,
      );
      const due = new Map<string, number>();
      for (const r of await query<{ message_id: string; due_at: string | Date }>(
        database.db,
        sql`select o.result_message_id as message_id, t.due_at from timers t
            join outbox o on o.ref = 'anomaly:' || (t.payload->>'id') || ':card' and o.kind = 'send'
            where t.kind = 'escalation.step'`,
      )) {
        due.set(r.message_id, new Date(r.due_at).getTime());
      }
      const phones = () => emulator.urgentCalls().filter((c) => c.kind === 'phone');
      await waitFor('the phone calls', () => phones().length >= ANOMALIES, {
        timeoutMs: SPREAD_MS + 120_000,
        intervalMs: 200,
      }).catch(async (err: unknown) => {
        // Say where the missing calls are stuck before giving up.
        console.log(
          await query(
            database.db,
            sql`select kind, priority, status, error_reason, count(*)::int as n, min(due_at) as due, max(claimed_until) as held
                from outbox group by 1, 2, 3, 4 order by 1, 2, 3`,
          ),
          await query(
            database.db,
            sql`select kind, count(*)::int as n, count(done_at)::int as done, min(due_at) as due from timers group by 1`,
          ),
          phones().length,
        );
        throw err;
      });
      await waitFor('the in-app buzzes and patches', pendingCards, { timeoutMs: 120_000, intervalMs: 200 });
      await new Promise((r) => setTimeout(r, 2_000)); // anything late or doubled would show up now

      const calls = emulator.urgentCalls();
      const lateness = (kind: string) =>
        calls
          .filter((c) => c.kind === kind && c.result === 'ok')
          .map((c) => c.time - (due.get(c.messageId) ?? NaN))
          .sort((a, b) => a - b);
      const perCard = new Map<string, number>();
      for (const c of calls)
        perCard.set(`${c.kind}:${c.messageId}`, (perCard.get(`${c.kind}:${c.messageId}`) ?? 0) + 1);
      const duplicates = [...perCard.values()].reduce((n, k) => n + (k - 1), 0);
      const phone = lateness('phone');
      const app = lateness('app');
      const refused = calls.filter((c) => c.result !== 'ok').length;
      const limited = emulator
        .calls()
        .slice(callsBefore)
        .filter((c) => c.status === 429).length;
      const profile = await phonePhases(database.db, due, calls, attempts);
      const violations = emulator.violations().filter((v) => v.time >= first - 5_000);
      const byRule = new Map<string, number>();
      for (const v of violations) byRule.set(v.rule, (byRule.get(v.rule) ?? 0) + 1);
      const [pg] = await query<{ v: string }>(database.db, sql`select current_setting('server_version') as v`);
      const ok =
        phone.length === ANOMALIES &&
        duplicates === 0 &&
        refused === 0 &&
        limited === 0 &&
        percentile(phone, 99) <= TARGET_P99_MS;

      console.log(
        `escalation: ${ANOMALIES} anomalies in ${teamRows.length} groups, phone steps due within ${SPREAD_MS / 1000} s, ${REPLICAS} replicas (work loop, 250 ms poll), Postgres ${pg?.v}`,
      );
      console.log(
        `  setup: reports ${Math.round(reportMs)} ms, cards delivered in ${Math.round(cardsMs)} ms (Feishu's 50/s per app)`,
      );
      console.log(
        `  urgent_phone lateness   p50 ${fmt(percentile(phone, 50))}   p99 ${fmt(percentile(phone, 99))}   max ${fmt(phone.at(-1) ?? NaN)}   (${phone.length} calls; target p99 ≤ ${TARGET_P99_MS} ms)`,
      );
      const phase = (name: string, v: number[]) =>
        console.log(
          `    ${name.padEnd(22)}p50 ${fmt(percentile(v, 50))}   p99 ${fmt(percentile(v, 99))}   max ${fmt(v.at(-1) ?? NaN)}`,
        );
      console.log('  where a phone call spends its lateness (per call, then the slowest 1% on average):');
      phase('claim (step done)', profile.claim);
      phase('queue (due → call)', profile.queue);
      phase('send (call → Feishu)', profile.send);
      console.log(
        `    slowest 1% (${profile.tail.n}): claim ${Math.round(profile.tail.claim)} ms + queue ${Math.round(profile.tail.queue)} ms + send ${Math.round(profile.tail.send)} ms; phones refused once or more ${profile.retried}, refused attempts ${profile.refusedAttempts}`,
      );
      console.log(`    Feishu's refusals by rule: ${[...byRule].map(([r, n]) => `${r} ${n}`).join(', ') || 'none'}`);
      console.log(
        `  urgent_app lateness     p50 ${fmt(percentile(app, 50))}   p99 ${fmt(percentile(app, 99))}   max ${fmt(app.at(-1) ?? NaN)}   (${app.length} calls, after the phones)`,
      );
      console.log(
        `  duplicates ${duplicates} (must be 0), buzzes refused ${refused}, HTTP 429 from Feishu ${limited}  →  ${ok ? 'OK' : 'MISSED'}`,
      );
      return ok;
    } finally {
      await Promise.all(loops.map((l) => l.stop()));
      await Promise.all(replicas.map((r) => r.close()));
      await server.close();
      await database.destroy();
    }
  },
};
