/**
 * Soak bench (issue #18, "Soak"): the bot as `npm start` runs it (test/bench/soak-child.ts, a
 * process of its own on Postgres) fed 50 events a second by the Feishu emulator for a long time —
 * group chatter it reads for keywords, `/help` once a second, a store anomaly every two seconds
 * whose phone escalation fires a minute later and again after each further minute (card, in-app
 * buzz, phone, card updates: timers and alerts flowing) — and sampled each minute: the bot's RSS,
 * heap and event-loop delay, Postgres connections, table sizes and rows, the backlog, and the bench
 * process's own RSS and the emulator's message count (a load generator that grows and stalls shows
 * there). Target: RSS flat after the warm-up — the last third's mean within 10% of the first
 * third's; the bench exits non-zero when it is not. The emulator keeps only the newest messages and
 * log entries (retain), as a long run must, and its members read their buzzes each minute. The prune jobs are daily (03:17, keeping 7 days of
 * inbound rows), so within the hour the tables grow by design and no prune runs.
 *
 * BENCH_SOAK_MINUTES (default 60), BENCH_SOAK_WARMUP_MINUTES (default 3), BENCH_SOAK_RATE (50/s).
 */
import { spawn } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'drizzle-orm';
import { query } from '../../src/db/client';
import { FeishuEmulator, serveEmulator } from '../../src/emulator/feishu';
import { stores } from '../../src/features/stores/schema';
import { benchDatabase } from '../helpers/db';
import { waitFor } from '../helpers/wait';
import { depsFor, seedTeams } from './escalation';

const MINUTES = Number(process.env.BENCH_SOAK_MINUTES ?? 60);
const WARMUP_MINUTES = Number(process.env.BENCH_SOAK_WARMUP_MINUTES ?? 3);
const RATE = Number(process.env.BENCH_SOAK_RATE ?? 50);
const SAMPLE_MS = 60_000;
/**
 * 10 groups of 200 stores: an anomaly every 2 s goes to the next group and a store not reported
 * before, so for 66 minutes each one is new and escalates (the same store and kind while open is
 * merged, with no escalation: with 20 stores the timers stopped after the first few minutes).
 */
const STORES = 2000;
const STORES_PER_TEAM = 200;
const CHILD = path.resolve(path.dirname(fileURLToPath(import.meta.url)), 'soak-child.ts');
const TABLES = [
  'inbound_events',
  'outbox',
  'timers',
  'rate_slots',
  'anomalies',
  'anomaly_events',
  'keyword_counts',
  'job_runs',
];
/**
 * What the emulator keeps: enough messages for every open anomaly card (one every 2 s, escalating
 * for minutes) to be patched and buzzed, few enough that the generator stays small.
 */
const RETAIN = { messages: 20_000, log: 2_000 };

interface Sample {
  minute: number;
  rss: number;
  heap: number;
  eldP99: number;
  eldMax: number;
  connections: number;
  dbBytes: number;
  tables: Record<string, number>;
  rows: Record<string, number>;
  unprocessed: number;
  pending: number;
  sent: number;
  benchRss: number;
  emulatorMessages: number;
  load1: number;
}

const mb = (b: number) => `${(b / 1048576).toFixed(0)} MB`;

export const soak = {
  name: 'soak',
  async run(): Promise<boolean> {
    const database = await benchDatabase();
    const emulator = new FeishuEmulator({
      quota: { phone: 10_000_000, sms: 10_000_000 },
      answerBudget: 'off',
      retain: RETAIN,
    });
    const server = await serveEmulator(emulator);
    const setup = depsFor(database, emulator, server.url);
    const teams = await seedTeams(setup, emulator, {
      stores: STORES,
      storesPerTeam: STORES_PER_TEAM,
      policy: { firstDelayMs: 60_000, intervalMs: 60_000, supervisorRounds: 2, claimReminderMs: 3_600_000 },
    });
    const storeNames = (await setup.db.select({ name: stores.name, teamId: stores.teamId }).from(stores)).map((s) => s);
    const groups = teams.map((t) => ({
      chatId: t.chatId,
      members: emulator.chat(t.chatId)!.memberOpenIds,
      stores: storeNames.filter((s) => s.teamId === t.id).map((s) => s.name),
    }));

    const child = spawn(process.execPath, ['--import', 'tsx', CHILD], {
      env: {
        PATH: process.env.PATH ?? '',
        DATABASE_URL: database.url,
        PORT: '0',
        LOG_LEVEL: 'error',
        FEISHU_APP_ID: emulator.app.appId,
        FEISHU_APP_SECRET: emulator.app.appSecret,
        FEISHU_ENCRYPT_KEY: emulator.app.encryptKey,
        FEISHU_VERIFICATION_TOKEN: emulator.app.verificationToken,
        FEISHU_DOMAIN: server.url,
        SOAK_SAMPLE_MS: String(SAMPLE_MS),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    const childSamples: Pick<Sample, 'rss' | 'heap' | 'eldP99' | 'eldMax'>[] = [];
    let partial = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      // Whole lines only: a chunk may end in the middle of one.
      const lines = (partial + d.toString()).split('\n');
      partial = lines.pop()!;
      for (const line of lines) {
        const m = /^sample (\{.*\})$/.exec(line);
        if (m) childSamples.push(JSON.parse(m[1]!));
      }
    });
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    const exited = new Promise((r) => child.once('close', r));
    let stopLoad = false;
    try {
      const url = await waitFor('the soak bot', () => /soak bot ready (\S+)/.exec(out)?.[1], {
        timeoutMs: 120_000,
        intervalMs: 100,
        detail: () => out,
      });
      emulator.setWebhook(`${url}/feishu/events`);

      // Open loop: one event every 1/RATE s on the wall clock, never waiting for the answer.
      let sent = 0;
      let refused = 0;
      let inFlight = 0;
      let n = 0;
      const started = Date.now();
      const load = (async () => {
        while (!stopLoad) {
          const due = started + (n * 1000) / RATE;
          const wait = due - Date.now();
          if (wait > 0) await new Promise((r) => setTimeout(r, wait));
          const i = n++;
          // The k-th anomaly: group k mod 10, that group's store k div 10 (see STORES).
          const k = i % (RATE * 2) === 0 ? i / (RATE * 2) : -1;
          const g = groups[k >= 0 ? k % groups.length : i % groups.length]!;
          const sender = g.members[1 + (i % (g.members.length - 1))]!;
          const text =
            k >= 0
              ? `@floorwalker /anomaly ${g.stores[Math.floor(k / groups.length) % g.stores.length]} 价格标错了 ${i}`
              : i % RATE === 1
                ? '@floorwalker /help'
                : `顾客在问第 ${i} 单什么时候发货`;
          inFlight++;
          void emulator
            .emitMessage({ chatId: g.chatId, senderOpenId: sender, text })
            .then((e) => (e.status === 200 ? sent++ : refused++))
            .catch(() => refused++)
            .finally(() => inFlight--);
        }
      })();

      const samples: Sample[] = [];
      const sampleDb = async (minute: number) => {
        const [db] = await query<{ connections: number; bytes: string; unprocessed: number; pending: number }>(
          database.db,
          sql`select (select count(*)::int from pg_stat_activity where datname = current_database()) as connections,
                     pg_database_size(current_database())::text as bytes,
                     (select count(*)::int from inbound_events where processed_at is null) as unprocessed,
                     (select count(*)::int from outbox where status = 'pending') as pending`,
        );
        const sizes = await query<{ t: string; bytes: string }>(
          database.db,
          sql`select t, pg_total_relation_size(t::regclass)::text as bytes from unnest(${sql.raw(
            `array[${TABLES.map((t) => `'${t}'`).join(',')}]`,
          )}::text[]) as t`,
        );
        // Exact counts: a few hundred thousand rows at most within the hour, milliseconds to count.
        const [counts] = await query<Record<string, number>>(
          database.db,
          sql.raw(`select ${TABLES.map((t) => `(select count(*)::int from ${t}) as ${t}`).join(', ')}`),
        );
        const c = childSamples.at(-1)!;
        samples.push({
          minute,
          ...c,
          connections: db!.connections,
          dbBytes: Number(db!.bytes),
          tables: Object.fromEntries(sizes.map((s) => [s.t, Number(s.bytes)])),
          rows: { ...counts },
          unprocessed: db!.unprocessed,
          pending: db!.pending,
          sent,
          benchRss: process.memoryUsage().rss,
          emulatorMessages: emulator.messages().length,
          load1: os.loadavg()[0]!,
        });
        const s = samples.at(-1)!;
        console.log(
          `  min ${String(minute).padStart(3)}  rss ${mb(s.rss).padStart(7)}  heap ${mb(s.heap).padStart(7)}  ` +
            `eld p99 ${s.eldP99.toFixed(0).padStart(4)} ms max ${s.eldMax.toFixed(0).padStart(5)} ms  ` +
            `pg conns ${s.connections}  db ${mb(s.dbBytes)}  ` +
            TABLES.map((t) => `${t} ${s.rows[t]} rows ${((s.tables[t] ?? 0) / 1024).toFixed(0)} kB`).join(', ') +
            `  backlog: inbox ${s.unprocessed}, outbox ${s.pending}  events ${s.sent}  ` +
            `bench rss ${mb(s.benchRss)} (emulator keeps ${s.emulatorMessages} messages)  load ${s.load1.toFixed(1)}`,
        );
      };
      console.log(
        `soak: ${MINUTES} min at ${RATE} events/s into ${groups.length} groups (chatter, /help 1/s, an anomaly every 2 s escalating after 1 min), bot in its own process on Postgres`,
      );
      console.log(
        `  emulator keeps the newest ${RETAIN.messages} messages and ${RETAIN.log} entries per log; prune jobs are daily (03:17): none runs in the hour`,
      );
      for (let minute = 1; minute <= MINUTES; minute++) {
        await waitFor(`sample ${minute}`, () => childSamples.length >= minute, {
          timeoutMs: SAMPLE_MS * 2,
          intervalMs: 200,
          detail: () => out.slice(-2000),
        });
        await sampleDb(minute);
        // People read their buzzes: without it every member passes Feishu's 200 unread after
        // ~18 minutes, every buzz is refused and the bot posts a fallback message for each.
        emulator.readBuzzes();
      }
      stopLoad = true;
      await load;
      await waitFor('answers in flight', () => inFlight === 0, { timeoutMs: 30_000 });

      const after = samples.filter((s) => s.minute > WARMUP_MINUTES);
      const rss = after.map((s) => s.rss);
      const spread = rss.length ? Math.max(...rss) / Math.min(...rss) - 1 : NaN;
      // Flat: the last third's mean RSS within 10% of the first third's (after the warm-up). The
      // minute-to-minute spread is mostly the garbage collector's sawtooth, reported alongside.
      const third = Math.max(1, Math.floor(rss.length / 3));
      const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
      const trend = mean(rss.slice(-third)) / mean(rss.slice(0, third)) - 1;
      const phones = emulator.urgentCalls().filter((c) => c.kind === 'phone').length;
      const limited = emulator.calls().filter((c) => c.status === 429).length;
      const ok = rss.length > 0 && trend <= 0.1 && refused === 0;
      console.log(
        `  events accepted ${sent}, refused ${refused}; phone buzzes ${phones}; 429s in the last ${emulator.calls().length} calls ${limited}`,
      );
      if (rss.length === 0)
        console.log(`  no minute after the ${WARMUP_MINUTES}-min warm-up: nothing to judge  →  MISSED`);
      else
        console.log(
          `  RSS after the ${WARMUP_MINUTES}-min warm-up: ${mb(Math.min(...rss))}–${mb(Math.max(...rss))}, min–max spread ${(spread * 100).toFixed(1)}%; last third vs first third ${(trend * 100).toFixed(1)}% (target ≤ 10%)  →  ${ok ? 'OK' : 'MISSED'}`,
        );
      console.log(summaryTable(samples));
      return ok;
    } finally {
      stopLoad = true;
      child.kill('SIGTERM');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 15_000))]);
      if (child.exitCode === null) child.kill('SIGKILL');
      await server.close();
      await database.destroy();
    }
  },
};

/**
 * The run as a Markdown table for the README: every 10th minute (and the first and last) as
 * columns, plus the min and max over all minutes after the first.
 */
function summaryTable(samples: Sample[]): string {
  if (samples.length === 0) return '';
  const cols = samples.filter((s, i) => i === 0 || s.minute % 10 === 0 || i === samples.length - 1);
  const rest = samples.length > 1 ? samples.slice(1) : samples;
  const n = (x: number) => Math.round(x).toLocaleString('en-US');
  const rows: [string, (s: Sample) => number, (x: number) => string][] = [
    ['bot RSS (MB)', (s) => s.rss / 1048576, n],
    ['bot heap (MB)', (s) => s.heap / 1048576, n],
    ['event-loop delay p99 (ms)', (s) => s.eldP99, n],
    ['event-loop delay max (ms)', (s) => s.eldMax, n],
    ['Postgres connections', (s) => s.connections, n],
    ['database size (MB)', (s) => s.dbBytes / 1048576, n],
    ...TABLES.map((t): [string, (s: Sample) => number, (x: number) => string] => [
      `${t} rows`,
      (s) => s.rows[t] ?? 0,
      n,
    ]),
    ['backlog: inbox rows', (s) => s.unprocessed, n],
    ['backlog: outbox pending', (s) => s.pending, n],
    ['events accepted (total)', (s) => s.sent, n],
    ['bench process RSS (MB)', (s) => s.benchRss / 1048576, n],
    ['emulator messages kept', (s) => s.emulatorMessages, n],
    ['load average (1 min)', (s) => s.load1, (x) => x.toFixed(1)],
  ];
  const head = `| minute | ${cols.map((s) => s.minute).join(' | ')} | min | max |`;
  const rule = `|---|${cols.map(() => '---|').join('')}---|---|`;
  const body = rows.map(([label, get, fmt]) => {
    const all = rest.map(get);
    return `| ${label} | ${cols.map((s) => fmt(get(s))).join(' | ')} | ${fmt(Math.min(...all))} | ${fmt(Math.max(...all))} |`;
  });
  return [head, rule, ...body].join('\n');
}
