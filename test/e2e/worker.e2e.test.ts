/**
 * The Cloudflare Workers build, run locally under workerd by `wrangler dev`, against real Postgres
 * and the fake Feishu server (and, in HTTP mode, the DingTalk emulator): what `wrangler deploy` would
 * upload is what answers here.
 *
 * The bundle is built once with `wrangler deploy --dry-run` and served with `--no-bundle`, so edits
 * to src/ while the test runs cannot trigger a rebuild. Everything wrangler writes goes to a temp
 * dir, ports are picked free, and wrangler is kept offline (no metrics, banner update check or
 * cf.json fetch), so two runs on one machine do not meet.
 *
 * Postgres: TEST_DATABASE_URL, else postgres://postgres@127.0.0.1:5432/test; a throwaway database
 * is created on it, reached through wrangler's local Hyperdrive, and dropped afterwards. See
 * `skipReason` for where it runs (once in CI: the Postgres pass) and when it is skipped.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPostgres } from '../../src/db/client';
import { DingTalkEmulator, serveDingTalk, type RunningDingTalk } from '../../src/emulator/dingtalk';
import { enqueue } from '../../src/outbox/enqueue';
import { postgresAdminUrl } from '../helpers/db';
import { seedGroup, startFakeFeishu, type FakeFeishu } from '../helpers/fake-feishu';
import { freePort } from '../helpers/net';
import { waitFor } from '../helpers/wait';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const WRANGLER = path.join(ROOT, 'node_modules/wrangler/bin/wrangler.js');
const ADMIN_URL = postgresAdminUrl();

/** null when Postgres answers, else why not. */
async function probePostgres(url: string): Promise<string | null> {
  const sql = postgres(url, { max: 1, connect_timeout: 3, onnotice: () => {} });
  try {
    await sql`select 1`;
    return null;
  } catch (err) {
    return err instanceof Error ? err.message : String(err);
  } finally {
    await sql.end({ timeout: 1 }).catch(() => {});
  }
}

/**
 * Where this runs, explicitly: TEST_DATABASE_URL set → here, and Postgres must answer (else the file
 * fails). CI=true without it (CI's PGlite pass) → skipped: it belongs to the Postgres pass, and
 * the suite should not run it twice. Elsewhere (a laptop) → on the default server if one answers,
 * else skipped with a warning.
 */
const IS_CI = /^(1|true)$/i.test(process.env.CI ?? '');
const skipReason: string | null = process.env.TEST_DATABASE_URL
  ? null
  : IS_CI
    ? 'CI=true without TEST_DATABASE_URL: the Postgres pass of .ci/run runs it'
    : await probePostgres(ADMIN_URL).then((why) =>
        why ? `no Postgres at ${ADMIN_URL} (${why}); start one or set TEST_DATABASE_URL` : null,
      );
if (process.env.TEST_DATABASE_URL) {
  const why = await probePostgres(ADMIN_URL);
  if (why) throw new Error(`TEST_DATABASE_URL is set but Postgres does not answer: ${why}`);
}
if (skipReason) console.warn(`[worker.e2e] skipped: ${skipReason}.`);

/** wrangler, offline and writing only under `dir`. */
function wranglerEnv(dir: string): NodeJS.ProcessEnv {
  return {
    ...process.env,
    WRANGLER_SEND_METRICS: 'false',
    WRANGLER_SEND_ERROR_REPORTS: 'false',
    WRANGLER_HIDE_BANNER: 'true',
    CLOUDFLARE_CF_FETCH_ENABLED: 'false',
    WRANGLER_LOG_PATH: path.join(dir, 'logs'),
    WRANGLER_REGISTRY_PATH: path.join(dir, 'registry'),
    NO_COLOR: '1',
    FORCE_COLOR: '0',
  };
}

function run(args: string[], env: NodeJS.ProcessEnv, output: string[]): ChildProcess {
  // Its own process group, so afterAll can end wrangler and the workerd it starts together.
  const child = spawn(process.execPath, [WRANGLER, ...args], {
    cwd: ROOT,
    env,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const keep = (b: Buffer) => {
    output.push(b.toString());
    if (output.length > 400) output.splice(0, output.length - 400);
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  return child;
}

const exited = (child: ChildProcess): Promise<number | null> =>
  child.exitCode !== null || child.signalCode !== null
    ? Promise.resolve(child.exitCode)
    : new Promise((resolve) => child.once('exit', (code) => resolve(code)));

async function killGroup(child: ChildProcess): Promise<void> {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  const signal = (s: NodeJS.Signals) => {
    try {
      process.kill(-child.pid!, s);
    } catch {
      /* already gone */
    }
  };
  signal('SIGTERM');
  const done = await Promise.race([
    exited(child).then(() => true),
    new Promise<false>((r) => setTimeout(() => r(false), 5_000)),
  ]);
  // workerd may outlive wrangler by a moment; the group kill reaches it either way.
  signal('SIGKILL');
  if (!done) await exited(child);
}

/** A throwaway database on the test server; dropped by the returned function. */
async function createDatabase(): Promise<{ dbName: string; dbUrl: string; drop(): Promise<void> }> {
  const dbName = `fw_worker_${randomBytes(6).toString('hex')}`;
  const admin = postgres(ADMIN_URL, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${dbName}`);
  await admin.end();
  const u = new URL(ADMIN_URL);
  u.pathname = `/${dbName}`;
  return {
    dbName,
    dbUrl: u.toString(),
    async drop() {
      const admin = postgres(ADMIN_URL, { max: 1, onnotice: () => {} });
      await admin.unsafe(`drop database if exists ${dbName} with (force)`).catch(() => {});
      await admin.end();
    },
  };
}

/**
 * The deployable bundle, exactly as `wrangler deploy` would upload it: built once per file run and
 * shared by both platforms' Workers (the bundle is the same; only its vars differ).
 */
let bundle: Promise<{ dir: string; worker: string }> | undefined;
function buildBundle(output: string[]): Promise<{ dir: string; worker: string }> {
  bundle ??= (async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'fw-worker-build-'));
    const out = path.join(dir, 'dist');
    const code = await exited(run(['deploy', '--dry-run', '--outdir', out], wranglerEnv(dir), output));
    if (code !== 0) throw new Error(`wrangler deploy --dry-run failed (${code})\n${output.join('').slice(-8_000)}`);
    return { dir, worker: path.join(out, 'worker.js') };
  })();
  return bundle;
}
afterAll(async () => {
  if (bundle) await rm((await bundle.catch(() => ({ dir: '' }))).dir, { recursive: true, force: true });
});

interface RunningWorker {
  url: string;
  dbUrl: string;
  /** wrangler's recent output, for failure messages. */
  log(): string;
  /** waitFor's options, with wrangler's output in the timeout message. */
  withLog(timeoutMs: number): { timeoutMs: number; detail: () => string };
  close(): Promise<void>;
}

/**
 * That bundle under workerd, with a database of its own behind a local Hyperdrive binding (the
 * production path; wrangler's emulation wants a password in the URL, trust auth ignores it) and
 * the platform's emulator in `vars`. The config is wrangler.toml plus that binding, in a temp dir.
 */
async function startWorker(vars: Record<string, string>): Promise<RunningWorker> {
  const output: string[] = [];
  const log = () => output.join('').slice(-8_000);
  const withLog = (timeoutMs: number) => ({ timeoutMs, detail: () => `--- wrangler output ---\n${log()}` });
  const dir = await mkdtemp(path.join(tmpdir(), 'fw-worker-e2e-'));
  const database = await createDatabase();
  let worker: ChildProcess | undefined;
  // If vitest exits without afterAll (a crash, ^C), workerd must not outlive it.
  const killOnExit = () => {
    try {
      if (worker?.pid !== undefined) process.kill(-worker.pid, 'SIGKILL');
    } catch {
      /* already gone */
    }
  };
  const close = async () => {
    if (worker) await killGroup(worker);
    process.off('exit', killOnExit);
    await database.drop();
    await rm(dir, { recursive: true, force: true });
  };
  try {
    const built = await buildBundle(output);
    const env = wranglerEnv(dir);
    const config = path.join(dir, 'wrangler.toml');
    const toml = await readFile(path.join(ROOT, 'wrangler.toml'), 'utf8');
    await writeFile(
      config,
      /^\[\[hyperdrive\]\]/m.test(toml) ? toml : `${toml}\n[[hyperdrive]]\nbinding = "HYPERDRIVE"\nid = "local"\n`,
    );
    const hyperdriveUrl = new URL(database.dbUrl);
    if (!hyperdriveUrl.password) hyperdriveUrl.password = process.env.PGPASSWORD || 'unused';
    env.CLOUDFLARE_HYPERDRIVE_LOCAL_CONNECTION_STRING_HYPERDRIVE = hyperdriveUrl.toString();
    const [port, inspectorPort] = [await freePort(), await freePort()];
    worker = run(
      [
        'dev',
        built.worker,
        '--no-bundle',
        '--config',
        config,
        '--local',
        '--ip',
        '127.0.0.1',
        '--port',
        String(port),
        '--inspector-port',
        String(inspectorPort),
        '--persist-to',
        path.join(dir, 'state'),
        '--show-interactive-dev-session=false',
        ...Object.entries({ LOG_LEVEL: 'info', ...vars }).flatMap(([k, v]) => ['--var', `${k}:${v}`]),
      ],
      env,
      output,
    );
    process.once('exit', killOnExit);
    const url = `http://127.0.0.1:${port}`;
    const w = worker;
    await waitFor(
      'the Worker to answer /healthz',
      async () => {
        if (w.exitCode !== null) throw new Error(`wrangler dev exited (${w.exitCode})\n${log()}`);
        try {
          const res = await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(5_000) });
          return res.status === 200 ? true : undefined;
        } catch {
          return undefined;
        }
      },
      withLog(45_000),
    );
    return { url, dbUrl: database.dbUrl, log, withLog, close };
  } catch (err) {
    await close();
    throw err;
  }
}

describe.skipIf(skipReason !== null)('the Worker under workerd (wrangler dev --local)', () => {
  let feishu: FakeFeishu;
  let running: RunningWorker | undefined;
  let dbUrl: string;
  let workerUrl: string;
  const log = () => running?.log() ?? '';
  const withLog = (timeoutMs: number) => running!.withLog(timeoutMs);

  beforeAll(async () => {
    feishu = await startFakeFeishu();
    const app = feishu.emulator.app;
    running = await startWorker({
      FEISHU_APP_ID: app.appId,
      FEISHU_APP_SECRET: app.appSecret,
      FEISHU_VERIFICATION_TOKEN: app.verificationToken,
      FEISHU_ENCRYPT_KEY: app.encryptKey,
      FEISHU_DOMAIN: feishu.url,
    });
    ({ url: workerUrl, dbUrl } = running);
    feishu.emulator.setWebhook(`${workerUrl}/feishu/events`);
  }, 120_000);

  afterAll(async () => {
    await running?.close();
    await feishu?.close();
  }, 30_000);

  it('answers /healthz from Postgres as the Feishu platform', async () => {
    const res = await fetch(`${workerUrl}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ok: true, db: 'postgres', platform: 'feishu' });
  });

  it('takes a signed, encrypted /help event and its reply reaches the group', async () => {
    const { chat, users } = seedGroup(feishu.emulator, { name: '客服一组', members: ['王主管', '小王'] });
    const emitted = await feishu.emulator.emitMessage({
      chatId: chat.chatId,
      senderOpenId: users[0].openId,
      text: '@floorwalker /help',
    });
    expect(emitted.delivered, log()).toBe(true);
    expect(emitted.status, log()).toBe(200);

    const reply = await waitFor(
      'the bot reply in the group',
      () => feishu.emulator.messages(chat.chatId).find((m) => m.sender.type === 'bot'),
      withLog(20_000),
    );
    expect(reply.parentId).toBe(emitted.message.messageId);
    expect(JSON.stringify(reply.content)).toContain('/help');

    // A second event in the same isolate: the tenant token and the bot's identity are reused.
    const again = await feishu.emulator.emitMessage({
      chatId: chat.chatId,
      senderOpenId: users[1].openId,
      text: '@floorwalker 帮助',
    });
    await waitFor(
      'the second reply',
      () => feishu.emulator.messages(chat.chatId).find((m) => m.parentId === again.message.messageId),
      withLog(20_000),
    );
    expect(feishu.emulator.calls({ path: 'tenant_access_token' })).toHaveLength(1);
    expect(feishu.emulator.calls({ path: '/bot/v3/info' })).toHaveLength(1);
    expect(feishu.emulator.violations()).toEqual([]);
  });

  it('replies to a burst in one group within its rate limit, without waiting for the next cron tick', async () => {
    const { chat, users } = seedGroup(feishu.emulator, {
      name: '客服三组',
      members: ['赵主管', ...Array.from({ length: 9 }, (_, i) => `客服${i + 1}`)],
    });
    const sent = await Promise.all(
      users.map((u) =>
        feishu.emulator.emitMessage({ chatId: chat.chatId, senderOpenId: u.openId, text: '@floorwalker /help' }),
      ),
    );
    const started = Date.now();
    await waitFor(
      'a reply to each of the burst',
      () => sent.every((e) => feishu.emulator.messages(chat.chatId).some((m) => m.parentId === e.message.messageId)),
      withLog(20_000),
    );
    // No cron tick has run (wrangler dev runs one only when asked, as the tests below do): the
    // events' own drains sent every reply.
    // Concurrent isolates pace the group through shared quarter-second slots; network jitter can
    // still squeeze six arrivals into one second at the emulator's strict sliding window. Such a
    // 230020 is retried by the outbox (every reply above arrived once); anything else is a bug.
    const violations = feishu.emulator.violations().filter((v) => v.time >= started - 5_000);
    expect(violations.filter((v) => v.rule !== 'rate_5qps_chat')).toEqual([]);
    expect(violations.length).toBeLessThanOrEqual(1);
    for (const e of sent)
      expect(feishu.emulator.messages(chat.chatId).filter((m) => m.parentId === e.message.messageId)).toHaveLength(1);
  });

  it('runs the scheduled handler: due jobs in the team time zone, timers and the outbox', async () => {
    // 03:17 in Asia/Shanghai (wrangler.toml's FLOORWALKER_TIMEZONE) is when the prune job is due.
    const at = Date.UTC(2026, 0, 15, 19, 17, 0);
    const res = await fetch(
      `${workerUrl}/cdn-cgi/handler/scheduled?cron=${encodeURIComponent('* * * * *')}&time=${at}`,
    );
    expect(await res.text(), log()).toBe('ok');
    expect(res.status).toBe(200);

    const sql = postgres(dbUrl, { max: 1, onnotice: () => {} });
    try {
      const runs = await sql<{ job: string; slot: string; runner: string; outcome: string | null }[]>`
        select job, slot, runner, outcome from job_runs where job = 'prune'`;
      expect(runs).toEqual([
        {
          job: 'prune',
          slot: new Date(at).toISOString(),
          runner: 'worker',
          outcome: expect.stringMatching(/^inbound=/),
        },
      ]);
    } finally {
      await sql.end();
    }
  });

  it('keeps a cron tick going for what falls due during it (an escalation step waits seconds, not a minute)', async () => {
    const { chat } = seedGroup(feishu.emulator, { name: '客服四组', members: ['周主管'] });
    const db = await openPostgres(dbUrl, { max: 1 });
    const dueAt = new Date(Date.now() + 2_000);
    try {
      await enqueue(db.db, new Date(), {
        kind: 'send',
        teamId: null,
        to: { chatId: chat.chatId },
        body: { msgType: 'text', content: { text: '2 秒后' } },
        dueAt,
      });
    } finally {
      await db.close();
    }
    const res = await fetch(
      `${workerUrl}/cdn-cgi/handler/scheduled?cron=${encodeURIComponent('* * * * *')}&time=${Date.now()}`,
    );
    expect(await res.text(), log()).toBe('ok');
    // Already there when the tick answers, so the tick itself sent it — and not before it was due.
    const sent = feishu.emulator.messages(chat.chatId).find((m) => m.sender.type === 'bot');
    expect(sent?.content).toEqual({ text: '2 秒后' });
    expect(sent!.createTime).toBeGreaterThanOrEqual(dueAt.getTime() - 50);
  });
});

describe.skipIf(skipReason !== null)('the Worker under workerd on DingTalk (HTTP mode)', () => {
  let dingtalk: RunningDingTalk;
  let running: RunningWorker | undefined;

  beforeAll(async () => {
    const emulator = new DingTalkEmulator({ botName: 'floorwalker' });
    dingtalk = await serveDingTalk(emulator);
    running = await startWorker({
      DINGTALK_CLIENT_ID: emulator.app.clientId,
      DINGTALK_CLIENT_SECRET: emulator.app.clientSecret,
      DINGTALK_DOMAIN: dingtalk.url,
      DINGTALK_EVENT_MODE: 'http',
    });
    // The emulator signs each robot callback and POSTs it to the Worker, as DingTalk would.
    const events = `${running.url}/dingtalk/events`;
    emulator.setTarget({
      http: async (req) => fetch(events, { method: 'POST', headers: req.headers, body: await req.text() }),
    });
  }, 120_000);

  afterAll(async () => {
    await running?.close();
    await dingtalk?.close();
  }, 30_000);

  it('answers /healthz as the DingTalk platform', async () => {
    const res = await fetch(`${running!.url}/healthz`);
    expect(await res.json()).toEqual({ ok: true, db: 'postgres', platform: 'dingtalk' });
  });

  it('takes a signed @-message and its reply reaches the group; a bad sign is refused', async () => {
    const emulator = dingtalk.emulator;
    const users = ['王主管', '小王'].map((name) => emulator.addUser({ name }));
    const chat = emulator.addChat({ name: '客服一组', memberOpenIds: users.map((u) => u.openId) });
    const emitted = await emulator.emitMessage({
      chatId: chat.chatId,
      senderOpenId: users[0]!.openId,
      text: '@floorwalker /help',
    });
    expect(emitted.status, running!.log()).toBe(200);
    const reply = await waitFor(
      'the bot reply in the group',
      () => emulator.messages(chat.chatId).find((m) => m.sender.type === 'bot'),
      running!.withLog(20_000),
    );
    expect(String(reply.content.text)).toContain('/help');

    const forged = await emulator.emitMessage({
      chatId: chat.chatId,
      senderOpenId: users[1]!.openId,
      text: '@floorwalker /help',
      sign: 'wrong',
    });
    expect(forged.delivered).toBe(false);
    expect(forged.status).toBe(401);
  });
});
