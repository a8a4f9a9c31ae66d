/**
 * Data API bench (issue 9): POST /api/v1/metrics on Postgres, one replica — createApp on
 * @hono/node-server in this process, as the webhook bench runs it — with batches of 1,000 samples
 * from CLIENTS concurrent clients (closed loop, node:http keep-alive), for BENCH_SECONDS. Reported:
 * samples/s stored, request p50/p99, 429s. The team limiter allows 20 requests/s per team (40
 * burst) — 20,000 samples/s per team at 1,000 a batch — so the clients spread over TEAMS teams, as
 * several shops' scripts would. Reference, same batches and concurrency: upsertValues called
 * directly (no HTTP, JSON, zod, token or store lookup), i.e. what the database alone allows.
 * Target: ≥ 20,000 samples/s stored through the API.
 * BENCH_SECONDS (default 10), BENCH_API_CLIENTS (default 8), TEST_DATABASE_URL picks the server.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import { serve } from '@hono/node-server';
import { sql } from 'drizzle-orm';
import { issueToken } from '../../src/core/api-tokens';
import { query } from '../../src/db/client';
import { teams } from '../../src/db/schema';
import { upsertValues, type ValueRow } from '../../src/features/kpi/repo';
import { stores } from '../../src/features/stores/schema';
import { createApp } from '../../src/http/app';
import { benchDatabase } from '../helpers/db';
import { benchDeps } from './in-process';
import { percentile } from './stats';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const CLIENTS = Number(process.env.BENCH_API_CLIENTS ?? 8);
const TEAMS = 4;
const BATCH = 1000;
const TARGET = 20_000;
const METRICS = [
  ['first_response_s', 30],
  ['avg_response_s', 60],
  ['reply_3min_rate', 0.9],
  ['satisfaction_rate', 0.95],
  ['consult_users', 120],
  ['received_users', 110],
  ['sales_amount', 8800.5],
  ['qa_ratio', 1.3],
  ['answer_30s_rate', 0.8],
  ['inquiry_conversion_rate', 0.4],
] as const;
const AGENTS = 100;

/** Batch n of a client: 1,000 distinct samples (10 metrics × 100 agents) of one day; days never repeat. */
function batch(client: number, n: number): { samples: unknown[]; rows: (storeId: number) => ValueRow[] } {
  const day = new Date(Date.UTC(2020, 0, 1) + (client * 10_000 + n) * 86_400_000).toISOString().slice(0, 10);
  const samples: { store: string; metric: string; value: number; date: string; agent: string; base: number }[] = [];
  for (let a = 0; a < AGENTS; a++)
    for (const [metric, v] of METRICS)
      samples.push({ store: '天猫旗舰店', metric, value: v, date: day, agent: `客服${a}`, base: 100 });
  return {
    samples,
    rows: (storeId) =>
      samples.map((s) => ({
        storeId,
        agent: s.agent,
        metric: s.metric,
        day,
        hour: -1,
        value: s.value,
        base: 100,
      })),
  };
}

function post(url: URL, agent: http.Agent, token: string, body: string): Promise<{ status: number; stored: number }> {
  return new Promise((resolve) => {
    const r = http.request(
      url,
      {
        method: 'POST',
        agent,
        headers: {
          authorization: `Bearer ${token}`,
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(body),
        },
        timeout: 30_000,
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (d: string) => (text += d));
        res.on('end', () => {
          let stored = 0;
          try {
            stored = (JSON.parse(text) as { stored?: number }).stored ?? 0;
          } catch {}
          resolve({ status: res.statusCode ?? 0, stored });
        });
      },
    );
    r.on('timeout', () => r.destroy(new Error('timeout')));
    r.on('error', () => resolve({ status: 0, stored: 0 }));
    r.end(body);
  });
}

interface Run {
  stored: number;
  seconds: number;
  latency: Float64Array;
  statuses: Map<number, number>;
}

/** CLIENTS closed-loop clients for SECONDS; `send(client, n)` does one batch and says what it stored. */
async function closedLoop(
  send: (client: number, n: number) => Promise<{ status: number; stored: number }>,
): Promise<Run> {
  const latency: number[] = [];
  const statuses = new Map<number, number>();
  let stored = 0;
  const started = performance.now();
  const stop = started + SECONDS * 1000;
  await Promise.all(
    Array.from({ length: CLIENTS }, async (_, client) => {
      for (let n = 0; performance.now() < stop; n++) {
        const t = performance.now();
        const r = await send(client, n);
        latency.push(performance.now() - t);
        statuses.set(r.status, (statuses.get(r.status) ?? 0) + 1);
        stored += r.stored;
        if (r.status === 429) await new Promise((res) => setTimeout(res, 50));
      }
    }),
  );
  return {
    stored,
    seconds: (performance.now() - started) / 1000,
    latency: Float64Array.from(latency).sort(),
    statuses,
  };
}

const line = (name: string, r: Run) =>
  `  ${name.padEnd(34)}${`${Math.round(r.stored / r.seconds).toLocaleString('en')}/s`.padStart(12)}${`${percentile(r.latency, 50).toFixed(1)} ms`.padStart(11)}${`${percentile(r.latency, 99).toFixed(1)} ms`.padStart(11)}${String(r.latency.length).padStart(9)}   ${[...r.statuses].map(([s, n]) => `${s}×${n}`).join(' ')}`;

export const apiBench = {
  name: 'api',
  async run(): Promise<boolean> {
    const database = await benchDatabase();
    const { deps, database: pool, close } = await benchDeps(database.url);
    const now = new Date();
    const tokens: string[] = [];
    const storeIds: number[] = [];
    for (let t = 0; t < TEAMS; t++) {
      const [team] = await database.db
        .insert(teams)
        .values({ tenantKey: 'bench', chatId: `oc_api_${t}`, timeZone: 'Asia/Shanghai', createdAt: now })
        .returning();
      const [store] = await database.db
        .insert(stores)
        .values({ teamId: team!.id, name: '天猫旗舰店', platform: 'tmall', createdAt: now })
        .returning();
      storeIds.push(store!.id);
      tokens.push((await issueToken(database.db, team!.id, 'ou_bench', now)).token);
    }
    const teamIds = (await query<{ id: number }>(database.db, sql`select id from teams order by id`)).map((r) => r.id);
    const app = createApp(deps);
    const server = await new Promise<http.Server>((resolve) => {
      const s = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s as http.Server));
    });
    const url = new URL(`http://127.0.0.1:${(server.address() as AddressInfo).port}/api/v1/metrics`);
    const agent = new http.Agent({ keepAlive: true, maxSockets: CLIENTS });
    try {
      const [pg] = await query<{ v: string }>(database.db, sql`select current_setting('server_version') as v`);
      console.log(
        `api: POST /api/v1/metrics, batches of ${BATCH}, ${CLIENTS} closed-loop clients over ${TEAMS} teams, ${SECONDS} s per run`,
      );
      console.log(
        `  ${os.cpus().length} cores, Node ${process.version}, Postgres ${pg?.v}, one replica in this process; load average ${os
          .loadavg()
          .map((l) => l.toFixed(1))
          .join(' ')}`,
      );
      // Warm the JIT, the pools and the first pages, unmeasured (days of client 99+, never reused).
      await Promise.all(
        [0, 1, 2, 3].map((c) => post(url, agent, tokens[c]!, JSON.stringify({ samples: batch(90 + c, 0).samples }))),
      );

      // Bodies are built before the clock starts: the bench measures the server, not JSON.stringify.
      const bodies = new Map<string, string>();
      const body = (client: number, n: number) => {
        const k = `${client}/${n}`;
        let b = bodies.get(k);
        if (!b) bodies.set(k, (b = JSON.stringify({ samples: batch(client, n).samples })));
        return b;
      };
      for (let c = 0; c < CLIENTS; c++) for (let n = 0; n < 40; n++) body(c, n);

      const api = await closedLoop((client, n) => post(url, agent, tokens[client % TEAMS]!, body(client, n)));
      const direct = await closedLoop(async (client, n) => {
        const rows = batch(client + CLIENTS, n).rows(storeIds[client % TEAMS]!);
        const r = await pool.db.transaction((tx) => upsertValues(tx, teamIds[client % TEAMS]!, rows, 'bench', now));
        return { status: 200, stored: r.inserted + r.replaced };
      });
      const [count] = await query<{ n: number }>(database.db, sql`select count(*)::int as n from kpi_values`);

      console.log(
        `\n  ${''.padEnd(34)}${'stored'.padStart(12)}${'p50'.padStart(11)}${'p99'.padStart(11)}${'requests'.padStart(9)}   statuses`,
      );
      console.log(line('floorwalker POST /api/v1/metrics', api));
      console.log(line('reference: upsertValues directly', direct));
      const rate = api.stored / api.seconds;
      const errors = [...api.statuses].filter(([s]) => s !== 200 && s !== 429).reduce((a, [, n]) => a + n, 0);
      const checks: [string, boolean][] = [
        [
          `≥ ${TARGET.toLocaleString('en')} samples/s stored (got ${Math.round(rate).toLocaleString('en')})`,
          rate >= TARGET,
        ],
        [`no request failed (got ${errors})`, errors === 0],
        [
          `rows in the database match what the answers said were stored (${count?.n} rows)`,
          count!.n === api.stored + direct.stored + 4 * BATCH,
        ],
      ];
      console.log('');
      for (const [what, pass] of checks) console.log(`  ${pass ? 'PASS' : 'FAIL'}  ${what}`);
      return checks.every(([, pass]) => pass);
    } finally {
      agent.destroy();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await close();
      await database.destroy();
    }
  },
};
