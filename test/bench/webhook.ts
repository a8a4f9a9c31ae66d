/**
 * Webhook bench (design.md, "Performance"): signed, encrypted im.message.receive_v1 events sent
 * open-loop at fixed rates to three servers in this process —
 *   floorwalker   createApp + @hono/node-server on a throwaway Postgres database, work deferred
 *   lark SDK      EventDispatcher behind adaptDefault on node:http (no database; does less)
 *   bare          node:http answering 200 (the ceiling)
 * Latency runs from each request's *scheduled* send time, so a stalled server is not hidden by
 * the sender slowing down with it (no coordinated omission).
 * BENCH_SECONDS shortens the runs (default 20), BENCH_RATES picks rates (default 200,1000);
 * TEST_DATABASE_URL picks the Postgres server.
 */
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { serve } from '@hono/node-server';
import * as lark from '@larksuiteoapi/node-sdk';
import { sql } from 'drizzle-orm';
import { loadConfig } from '../../src/config';
import { feishuTraits } from '../../src/platforms/feishu/traits';
import { app as floorwalker } from '../../src/app';
import { createDeps, trackedDefer, type TrackedDefer } from '../../src/core/deps';
import type { PlatformApi } from '../../src/port/platform';
import { openPostgres, query } from '../../src/db/client';
import { NODE_POOLS } from '../../src/db/open';
import { createApp } from '../../src/http/app';
import { createLogger } from '../../src/log';
import { benchDatabase } from '../helpers/db';
import { feishuRequest, messageEvent, type SignedRequest } from '../helpers/feishu';
import { percentile } from './stats';

const ENCRYPT_KEY = 'bench-encrypt-key';
const VERIFICATION_TOKEN = 'bench-verification-token';
const BOT = { openId: 'ou_bench_bot', name: 'floorwalker' };
const RATES = (process.env.BENCH_RATES ?? '200,1000').split(',').map(Number);
/** Warm at the highest rate: client sockets and database connections open as concurrency needs them. */
const WARMUP = { rate: Math.max(...RATES), seconds: 1 };
const TARGET_P99_AT_200_MS = 20;
const TARGET_RATIO_AT_1000 = 2;

interface Server {
  name: string;
  url: string;
  close(): Promise<void>;
}

interface Result {
  p50: number;
  p99: number;
  max: number;
  errors: number;
  sent: number;
  /** The process's event-loop delay during the run (client and server share the loop). */
  loopP99: number;
  loopMax: number;
}

// ─── load ─────────────────────────────────────────────────────────────────────────────────────

const COMMANDS = ['/help', '/store list', '/role', '/help store', '/store list', '/help'];

/** Realistic group traffic: 20 groups, 200 agents, commands that @ the bot; every message id unique. */
async function makeRequests(count: number, tag: string): Promise<SignedRequest[]> {
  const out: SignedRequest[] = [];
  for (let i = 0; i < count; i++) {
    const event = messageEvent({
      text: `@_user_1 ${COMMANDS[i % COMMANDS.length]}`,
      messageId: `om_bench_${tag}_${i}`,
      eventId: `evt_bench_${tag}_${i}`,
      chatId: `oc_bench_group_${i % 20}`,
      senderOpenId: `ou_bench_agent_${i % 200}`,
      tenantKey: 'tenant_bench',
      token: VERIFICATION_TOKEN,
      mentions: [{ openId: BOT.openId, name: BOT.name }],
    });
    out.push(await feishuRequest(event, { encryptKey: ENCRYPT_KEY }));
  }
  return out;
}

/**
 * One POST over a keep-alive connection; resolves to the status, 0 on a network error or timeout.
 * node:http rather than fetch: fetch costs about five times the CPU per request (WHATWG streams),
 * and at 1,000/s on two cores the sender, not the server, became what was measured.
 */
function post(url: URL, agent: http.Agent, req: SignedRequest): Promise<number> {
  return new Promise((resolve) => {
    const r = http.request(
      url,
      {
        method: 'POST',
        agent,
        headers: { ...req.headers, 'content-length': Buffer.byteLength(req.body) },
        timeout: 10_000,
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
        res.on('error', () => resolve(0));
      },
    );
    r.on('timeout', () => r.destroy(new Error('timeout')));
    r.on('error', () => resolve(0));
    r.end(req.body);
  });
}

/**
 * Sends requests[i] at t0 + i/rate whatever happens to the earlier ones; measures from that time.
 * The sender shares the server's thread: on two cores a sender thread of its own made every server
 * slower (three busy threads and Postgres on two cores), the SDK's p99 at 1,000/s most of all.
 */
async function openLoop(target: string, requests: SignedRequest[], rate: number): Promise<Result> {
  const url = new URL(target);
  const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });
  const n = requests.length;
  const interval = 1000 / rate;
  const latency = new Float64Array(n);
  let errors = 0;
  let completed = 0;
  const loop = monitorEventLoopDelay({ resolution: 1 });
  loop.enable();
  const t0 = performance.now() + 20;
  let next = 0;
  await new Promise<void>((resolve) => {
    const tick = () => {
      const now = performance.now();
      while (next < n && t0 + next * interval <= now) {
        const i = next++;
        const scheduled = t0 + i * interval;
        void post(url, agent, requests[i]!).then((status) => {
          latency[i] = performance.now() - scheduled;
          if (status !== 200) errors++;
          if (++completed === n) resolve();
        });
      }
      if (next < n) setTimeout(tick, Math.max(0, t0 + next * interval - performance.now()));
    };
    tick();
  });
  agent.destroy();
  loop.disable();
  const sorted = latency.slice().sort();
  return {
    p50: percentile(sorted, 50),
    p99: percentile(sorted, 99),
    max: sorted[n - 1]!,
    errors,
    sent: n,
    loopP99: loop.percentile(99) / 1e6,
    loopMax: loop.max / 1e6,
  };
}

// ─── servers ──────────────────────────────────────────────────────────────────────────────────

function listen(server: http.Server): Promise<string> {
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`)),
  );
}

function closer(server: http.Server): () => Promise<void> {
  return () =>
    new Promise((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
}

/** The platform in process: the bench measures us, not a network fake. The outbox is not sent. */
const inProcessPlatform: PlatformApi = {
  ...feishuTraits,
  botInfo: async () => BOT,
  messageFile: async () => undefined,
  downloadFile: async () => new Uint8Array(),
  chatInfo: async (chatId) => ({ name: `客服组 ${chatId.slice(-2)}`, ownerOpenId: 'ou_bench_supervisor' }),
  send: async () => ({ messageId: `om_sent_${randomBytes(6).toString('hex')}` }),
  reply: async () => ({ messageId: `om_sent_${randomBytes(6).toString('hex')}` }),
  patchCard: async () => {},
  sendFile: async () => ({ messageId: `om_sent_${randomBytes(6).toString('hex')}` }),
  urgent: async () => ({ invalidOpenIds: [] }),
  updateCardByToken: async () => {},
};

async function startFloorwalker(url: string, deferred: TrackedDefer): Promise<Server> {
  // Pools as a Node replica opens them (src/db/open.ts).
  const database = await openPostgres(url, NODE_POOLS);
  const config = loadConfig({
    DATABASE_URL: url,
    FEISHU_APP_ID: 'cli_a0000000000000be',
    FEISHU_APP_SECRET: 'bench-secret',
    FEISHU_ENCRYPT_KEY: ENCRYPT_KEY,
    FEISHU_VERIFICATION_TOKEN: VERIFICATION_TOKEN,
    FEISHU_DOMAIN: 'http://127.0.0.1:9',
    LOG_LEVEL: 'error',
  });
  const log = createLogger('error', (line) => process.stderr.write(line + '\n'));
  const deps = createDeps({
    config,
    app: floorwalker,
    database,
    platform: inProcessPlatform,
    log,
    bot: async () => BOT,
    defer: deferred.defer,
  });
  const app = createApp(deps);
  const server = await new Promise<http.Server>((resolve) => {
    // Time inside the app (body read to answer), to tell it apart from time in node:http and the loop.
    const fetch = async (req: Request) => {
      const t = performance.now();
      const res = await app.fetch(req);
      handlerMs.push(performance.now() - t);
      return res;
    };
    const s = serve({ fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s as http.Server));
  });
  const close = closer(server);
  return {
    name: 'floorwalker',
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/feishu/events`,
    close: async () => {
      await close();
      await deferred.settle();
      await database.close();
    },
  };
}

/** Time each request spent inside floorwalker's app, for the run in progress. */
const handlerMs: number[] = [];

/** Events the SDK's dispatcher verified, decrypted and handed to its handler (it answers 200 either way). */
let sdkHandled = 0;

async function startLarkSdk(): Promise<Server> {
  const dispatcher = new lark.EventDispatcher({
    encryptKey: ENCRYPT_KEY,
    verificationToken: VERIFICATION_TOKEN,
    loggerLevel: lark.LoggerLevel.error,
  }).register({
    'im.message.receive_v1': async () => {
      sdkHandled++;
    },
  });
  const server = http.createServer(lark.adaptDefault('/webhook/event', dispatcher, { autoChallenge: true }));
  return { name: 'lark SDK adaptDefault', url: `${await listen(server)}/webhook/event`, close: closer(server) };
}

async function startBare(): Promise<Server> {
  const server = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => res.writeHead(200, { 'content-type': 'application/json' }).end('{}'));
  });
  return { name: 'bare node:http', url: `${await listen(server)}/`, close: closer(server) };
}

// ─── run ──────────────────────────────────────────────────────────────────────────────────────

const ms = (v: number) => `${v.toFixed(1)} ms`.padStart(10);

/** Waits for the deferred work; how long that took. */
async function drain(deferred: TrackedDefer): Promise<number> {
  const started = performance.now();
  await deferred.settle();
  return performance.now() - started;
}

export const webhook = {
  name: 'webhook',
  async run(): Promise<boolean> {
    const seconds = Number(process.env.BENCH_SECONDS ?? 20);
    const database = await benchDatabase();
    const deferred = trackedDefer();
    const servers = [await startFloorwalker(database.url, deferred), await startLarkSdk(), await startBare()];
    let ok = true;
    let sentToUs = 0;
    try {
      const [pg] = await query<{ v: string }>(database.db, sql`select current_setting('server_version') as v`);
      console.log(`webhook: signed + encrypted im.message.receive_v1, open-loop, ${seconds} s per run`);
      console.log(
        `  ${os.cpus().length} cores (${os.cpus()[0]?.model.trim()}), Node ${process.version}, Postgres ${pg?.v}, client in the same process (node:http keep-alive)`,
      );

      // Warm every path (JIT, connection pools, the first team rows) without measuring it.
      const warm = await makeRequests(WARMUP.rate * WARMUP.seconds, 'warm');
      for (const s of servers) await openLoop(s.url, warm, WARMUP.rate);
      sentToUs += warm.length;
      await drain(deferred);
      handlerMs.length = 0;

      const table: { rate: number; server: string; r: Result }[] = [];
      for (const rate of RATES) {
        const requests = await makeRequests(rate * seconds, `r${rate}`);
        for (const s of servers) {
          const r = await openLoop(s.url, requests, rate);
          if (s.name === 'floorwalker') {
            sentToUs += requests.length;
            const drained = await drain(deferred);
            const inApp = Float64Array.from(handlerMs.splice(0)).sort();
            console.log(
              `  ${rate}/s floorwalker: inside the app p50 ${percentile(inApp, 50).toFixed(1)} ms, p99 ${percentile(inApp, 99).toFixed(1)} ms; deferred work drained ${Math.round(drained)} ms after the last answer`,
            );
          }
          table.push({ rate, server: s.name, r });
        }
      }

      console.log(
        `\n  ${'rate'.padEnd(8)}${'server'.padEnd(24)}${'p50'.padStart(10)}${'p99'.padStart(10)}${'max'.padStart(10)}${'errors'.padStart(8)}${'sent'.padStart(8)}${'loop p99'.padStart(11)}${'loop max'.padStart(11)}`,
      );
      for (const { rate, server, r } of table) {
        console.log(
          `  ${`${rate}/s`.padEnd(8)}${server.padEnd(24)}${ms(r.p50)}${ms(r.p99)}${ms(r.max)}${String(r.errors).padStart(8)}${String(r.sent).padStart(8)} ${ms(r.loopP99)} ${ms(r.loopMax)}`,
        );
      }
      console.log('');
      for (const rate of RATES) {
        const get = (name: string) => table.find((t) => t.rate === rate && t.server.startsWith(name))!.r;
        const us = get('floorwalker');
        const sdk = get('lark');
        const bare = get('bare');
        console.log(
          `  ${rate}/s floorwalker ÷ SDK: p50 ${(us.p50 / sdk.p50).toFixed(2)}×, p99 ${(us.p99 / sdk.p99).toFixed(2)}×;  ÷ bare: p50 ${(us.p50 / bare.p50).toFixed(2)}×, p99 ${(us.p99 / bare.p99).toFixed(2)}×`,
        );
      }

      const row = (rate: number, name: string) => table.find((t) => t.rate === rate && t.server.startsWith(name))?.r;
      const us200 = row(200, 'floorwalker');
      const us1000 = row(1000, 'floorwalker');
      const sdk1000 = row(1000, 'lark');
      const [stored] = await query<{ n: number }>(database.db, sql`select count(*)::int as n from inbound_events`);
      const [processed] = await query<{ n: number }>(
        database.db,
        sql`select count(*)::int as n from inbound_events where processed_at is not null`,
      );
      const [replies] = await query<{ n: number }>(database.db, sql`select count(*)::int as n from outbox`);
      const errors = table.filter((t) => t.server === 'floorwalker').reduce((a, t) => a + t.r.errors, 0);
      const checks: [string, boolean][] = [[`zero errors (got ${errors})`, errors === 0]];
      if (us200)
        checks.push([
          `p99 at 200/s ≤ ${TARGET_P99_AT_200_MS} ms (got ${us200.p99.toFixed(1)})`,
          us200.p99 <= TARGET_P99_AT_200_MS,
        ]);
      if (us1000 && sdk1000) {
        checks.push([
          `p99 at 1000/s ≤ ${TARGET_RATIO_AT_1000}× the SDK's (got ${(us1000.p99 / sdk1000.p99).toFixed(2)}×)`,
          us1000.p99 <= TARGET_RATIO_AT_1000 * sdk1000.p99,
        ]);
      }
      const sdkSent =
        table.filter((t) => t.server.startsWith('lark')).reduce((a, t) => a + t.r.sent, 0) +
        WARMUP.rate * WARMUP.seconds;
      checks.push([
        `the SDK reference handled every event it answered (${sdkHandled}/${sdkSent})`,
        sdkHandled === sdkSent,
      ]);
      checks.push([
        `every event stored once and processed (${stored?.n}/${sentToUs} stored, ${processed?.n} processed, ${replies?.n} replies queued)`,
        stored?.n === sentToUs && processed?.n === sentToUs,
      ]);
      console.log('');
      for (const [what, pass] of checks) console.log(`  ${pass ? 'PASS' : 'FAIL'}  ${what}`);
      ok = checks.every(([, pass]) => pass);
    } finally {
      for (const s of servers) await s.close();
      await drain(deferred);
      await database.destroy();
    }
    return ok;
  },
};
