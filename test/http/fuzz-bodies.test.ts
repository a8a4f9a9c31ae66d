import { sql } from 'drizzle-orm';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { query } from '../../src/db/client';
import { MAX_API_BODY_BYTES } from '../../src/http/api';
import { startApiTeams, type ApiBot } from '../helpers/api-teams';
import { startBot, type DingTalkBot } from '../helpers/bot';
import { messageEvent } from '../helpers/feishu';
import { BOT_OPEN_ID, webhookHarness, type WebhookHarness } from '../helpers/webhook';

const BOT = [{ openId: BOT_OPEN_ID, name: '现场管家' }];

/**
 * Any JSON, sizes up to the limit and past it, bytes that are not UTF-8: the data API and the
 * webhook answer 4xx with a message, never 5xx, and store nothing. The routes come from the data
 * API's own OpenAPI document, so a route added later is fuzzed too.
 */
const BOOKKEEPING = new Set(['inbound_events', 'outbox', 'floorwalker_migrations']);

async function tableCounts(db: Parameters<typeof query>[0]): Promise<Record<string, number>> {
  const names = (
    await query<{ table_name: string }>(
      db,
      sql`select table_name from information_schema.tables where table_schema = current_schema() and table_type = 'BASE TABLE'`,
    )
  )
    .map((r) => r.table_name)
    .filter((n) => !BOOKKEEPING.has(n));
  const rows = await query<{ t: string; n: number }>(
    db,
    sql.raw(names.map((n) => `select '${n}' as t, count(*)::int as n from "${n}"`).join(' union all ')),
  );
  return Object.fromEntries(rows.map((r) => [r.t, r.n]));
}

const badBytes = [
  new Uint8Array([0xff, 0xfe, 0x7b, 0x7d]),
  new Uint8Array([0xc3, 0x28, 0x7b]),
  new Uint8Array([0xd6, 0xd0, 0xce, 0xc4]), // 中文 in GBK
  new TextEncoder().encode('{"samples": ['),
  new TextEncoder().encode('\u0000{}'),
];

describe('data API: fuzzed bodies', () => {
  let bot: ApiBot;
  let token: string;
  let routes: { method: string; path: string }[];
  beforeAll(async () => {
    ({ bot, token } = await startApiTeams());
    const doc = (await (await bot.app.request('/api/v1/openapi.json')).json()) as {
      paths: Record<string, Record<string, unknown>>;
    };
    routes = Object.entries(doc.paths).flatMap(([path, ops]) =>
      Object.keys(ops)
        .filter((m) => m !== 'get')
        .map((method) => ({ method: method.toUpperCase(), path: path.replace(/\{[^}]+\}/g, '999999') })),
    );
  });
  afterAll(() => bot.close());

  // The team limiter allows 20 requests a second: the fuzz keeps under it so every body is read.
  const call = async (route: { method: string; path: string }, body: BodyInit, type = 'application/json') => {
    await new Promise((r) => setTimeout(r, 55));
    return bot.app.request(`/api/v1${route.path.replace(/^\/api\/v1/, '')}`, {
      method: route.method,
      headers: { authorization: `Bearer ${token}`, 'content-type': type },
      body,
    });
  };

  it('finds the routes', () => {
    expect(routes.length).toBeGreaterThan(2);
  });

  it('any JSON to any route: 2xx or 4xx with a message; a 4xx stores nothing', { timeout: 60_000 }, async () => {
    const failures: string[] = [];
    await fc.assert(
      fc.asyncProperty(fc.nat({ max: 1_000 }), fc.jsonValue({ maxDepth: 4 }), async (i, value) => {
        const route = routes[i % routes.length]!;
        const before = await tableCounts(bot.deps.db);
        const res = await call(route, JSON.stringify(value));
        const text = await res.text();
        if (res.status >= 500) failures.push(`${route.method} ${route.path} ${res.status} ${JSON.stringify(value)}`);
        if (res.status >= 400) {
          expect(JSON.parse(text).error, text).toEqual(expect.any(String));
          expect(await tableCounts(bot.deps.db)).toEqual(before);
        }
      }),
      { numRuns: 120, seed: 18 },
    );
    expect(failures).toEqual([]);
  });

  it('bytes that are not UTF-8 JSON, and a body past the limit: 4xx, nothing stored', { timeout: 60_000 }, async () => {
    const before = await tableCounts(bot.deps.db);
    for (const route of routes) {
      for (const bytes of badBytes) {
        const res = await call(route, bytes);
        expect(res.status, `${route.path} ${bytes.join(',')}`).toBeGreaterThanOrEqual(400);
        expect(res.status, `${route.path} ${bytes.join(',')}`).toBeLessThan(500);
      }
      const big = await call(route, '"' + 'x'.repeat(MAX_API_BODY_BYTES * 11) + '"');
      expect(big.status, route.path).toBeGreaterThanOrEqual(400);
      expect(big.status, route.path).toBeLessThan(500);
    }
    expect(await tableCounts(bot.deps.db)).toEqual(before);
  });
});

describe('webhook: fuzzed bodies', () => {
  let h: WebhookHarness;
  beforeAll(async () => {
    h = await webhookHarness();
  });
  afterAll(() => h.close());

  it('any JSON, unsigned or signed: never 5xx; what is refused stores nothing', { timeout: 60_000 }, async () => {
    const failures: string[] = [];
    await fc.assert(
      fc.asyncProperty(fc.jsonValue({ maxDepth: 4 }), fc.boolean(), async (value, signed) => {
        const before = (await h.inbound()).length;
        const res = signed ? await h.send(value) : await h.post(JSON.stringify(value));
        if (res.status >= 500) failures.push(`${signed} ${res.status} ${JSON.stringify(value)}`);
        if (res.status >= 400) expect((await h.inbound()).length).toBe(before);
      }),
      { numRuns: 150, seed: 18 },
    );
    expect(failures).toEqual([]);
  });

  it('a real message event with fuzzed fields, a NUL or bytes that are not UTF-8: never 5xx', async () => {
    const statuses: number[] = [];
    await fc.assert(
      fc.asyncProperty(
        fc.string({ maxLength: 40, unit: 'binary' }),
        fc.jsonValue({ maxDepth: 2 }),
        async (text, extra) => {
          const event = messageEvent({ text: `@_user_1 /help ${text}`, mentions: BOT }) as {
            event: Record<string, unknown>;
          };
          event.event.extra = extra;
          statuses.push((await h.send(event)).status);
        },
      ),
      { numRuns: 60, seed: 18 },
    );
    statuses.push((await h.send(messageEvent({ text: '@_user_1 /help \u0000', mentions: BOT }))).status);
    for (const bytes of badBytes) statuses.push((await h.post(bytes)).status);
    expect(statuses.filter((s) => s >= 500)).toEqual([]);
    // The events were taken in, not turned away at the door: the fuzz reached the inbox.
    expect((await h.inbound()).length).toBeGreaterThan(50);
  });
});

describe('DingTalk callback: fuzzed bodies', () => {
  let bot: DingTalkBot;
  const inbound = async () =>
    (await query<{ n: number }>(bot.deps.db, sql`select count(*)::int as n from inbound_events`))[0]!.n;
  beforeAll(async () => {
    bot = await startBot({ platform: 'dingtalk' });
  });
  afterAll(() => bot.close());

  it('any JSON, signed or not: never 5xx; what is refused stores nothing', { timeout: 60_000 }, async () => {
    const failures: string[] = [];
    await fc.assert(
      fc.asyncProperty(fc.jsonValue({ maxDepth: 4 }), fc.boolean(), async (value, signed) => {
        const before = await inbound();
        const r = await bot.emulator.pushRaw(value as Record<string, unknown>, signed ? 'good' : 'missing');
        if ((r.status ?? 200) >= 500) failures.push(`${signed} ${r.status} ${JSON.stringify(value)}`);
        if ((r.status ?? 200) >= 400) expect(await inbound()).toBe(before);
      }),
      { numRuns: 100, seed: 18 },
    );
    expect(failures).toEqual([]);
  });

  it('a real robot message with fuzzed text and extra fields: never 5xx, and it reaches the inbox', async () => {
    const statuses: number[] = [];
    const { chat, users } = bot;
    const first = await bot.emulator.emitMessage({
      chatId: chat.chatId,
      senderOpenId: users.agent.openId,
      text: '@floorwalker /help',
    });
    await fc.assert(
      fc.asyncProperty(
        fc.string({ maxLength: 40, unit: 'binary' }),
        fc.jsonValue({ maxDepth: 2 }),
        async (text, extra) => {
          const r = await bot.emulator.emitMessage({
            chatId: chat.chatId,
            senderOpenId: users.agent.openId,
            text: `@floorwalker /help ${text}`,
            rawBody: { ...first.body, msgId: `fuzz-${statuses.length}`, text: { content: ` /help ${text}` }, extra },
          });
          statuses.push(r.status ?? 200);
        },
      ),
      { numRuns: 40, seed: 18 },
    );
    expect(statuses.filter((s) => s >= 500)).toEqual([]);
    expect(await inbound()).toBeGreaterThan(30);
  });
});
