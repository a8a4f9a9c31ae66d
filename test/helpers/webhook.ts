/**
 * The bot's HTTP app on a real test database, and what the webhook tests look at: the answer,
 * and the rows in inbound_events and outbox.
 */
import { sql } from 'drizzle-orm';
import type { Hono } from 'hono';
import type { FaultSpec } from '../../src/emulator/feishu';
import { query } from '../../src/db/client';
import { createApp } from '../../src/http/app';
import { openTestDatabase, type TestDatabase } from './db';
import { createTestDeps } from './deps';
import { startFakeFeishu, type FakeFeishu } from './fake-feishu';
import { feishuRequest } from './feishu';

export const ENCRYPT_KEY = 'test-encrypt-key';
export const VERIFICATION_TOKEN = 'test-verification-token';
/** The bot's open_id at the fake Feishu (the post fixture's mention uses it). */
export const BOT_OPEN_ID = 'ou_bot';
/** The group the fake Feishu knows (messageEvent's default chat); the fixtures' chats are unknown to it. */
export const GROUP_ID = 'oc_test_group';

export interface WebhookHarness {
  app: Hono;
  deps: ReturnType<typeof createTestDeps>;
  database: TestDatabase;
  /** The fake Feishu Open API the bot's platform (the real SDK) talks to. */
  feishu: FakeFeishu;
  /** Posts a payload as Feishu would: encrypted and signed when the app has an Encrypt Key. */
  send(payload: unknown, opts?: Parameters<typeof feishuRequest>[1]): Promise<Response>;
  post(body: BodyInit, headers?: Record<string, string>): Promise<Response>;
  inbound(): Promise<{ id: string; kind: string; processed: boolean; outcome: string | null }[]>;
  outbox(): Promise<{ kind: string; target: Record<string, unknown> }[]>;
  /** Empties inbound_events and outbox between tests (teams and members stay). */
  reset(): Promise<void>;
  close(): Promise<void>;
}

export async function webhookHarness(
  opts: {
    encryptKey?: string | null;
    verificationToken?: string;
    botOpenId?: string;
    faults?: FaultSpec[];
    database?: TestDatabase;
  } = {},
): Promise<WebhookHarness> {
  const database = opts.database ?? (await openTestDatabase());
  const feishu = await startFakeFeishu({ bot: { openId: opts.botOpenId ?? BOT_OPEN_ID } });
  const owner = feishu.emulator.addUser({ name: '王主管', openId: 'ou_owner' });
  feishu.emulator.addChat({ name: '客服一组', chatId: GROUP_ID, memberOpenIds: [owner.openId] });
  for (const fault of opts.faults ?? []) feishu.emulator.failNext(fault);
  const encryptKey = opts.encryptKey === undefined ? ENCRYPT_KEY : opts.encryptKey;
  const env: Record<string, string> = {
    FEISHU_APP_ID: 'cli_a0000000000000aa',
    FEISHU_APP_SECRET: 'test-secret',
    FEISHU_VERIFICATION_TOKEN: opts.verificationToken ?? VERIFICATION_TOKEN,
    FEISHU_DOMAIN: 'http://127.0.0.1:9',
  };
  if (encryptKey) env.FEISHU_ENCRYPT_KEY = encryptKey;
  const deps = createTestDeps({ database, platform: feishu.platform, env });
  const app = createApp(deps);
  const post = (body: BodyInit, headers: Record<string, string> = { 'content-type': 'application/json' }) =>
    Promise.resolve(app.request('/feishu/events', { method: 'POST', body, headers }));
  return {
    app,
    deps,
    database,
    feishu,
    post,
    async send(payload, sendOpts) {
      const req = await feishuRequest(payload, { encryptKey: encryptKey ?? undefined, ...sendOpts });
      return post(req.body, req.headers);
    },
    async inbound() {
      const rows = await query<{ id: string; kind: string; processed_at: unknown; outcome: string | null }>(
        database.db,
        sql`select id, kind, processed_at, outcome from inbound_events order by received_at, id`,
      );
      return rows.map((r) => ({ id: r.id, kind: r.kind, processed: r.processed_at !== null, outcome: r.outcome }));
    },
    async outbox() {
      const rows = await query<{ kind: string; target: unknown }>(
        database.db,
        sql`select kind, target from outbox order by id`,
      );
      return rows.map((r) => ({
        kind: r.kind,
        target: (typeof r.target === 'string' ? JSON.parse(r.target) : r.target) as Record<string, unknown>,
      }));
    },
    async reset() {
      await deps.settle();
      await database.db.execute(sql`delete from inbound_events`);
      await database.db.execute(sql`delete from outbox`);
    },
    async close() {
      await deps.settle();
      await feishu.close();
      if (!opts.database) await database.destroy();
    },
  };
}
