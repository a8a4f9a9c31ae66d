/**
 * The storm: 500 breach reports for one group — 20 stores × 5 metrics, each sent five times, the
 * values getting worse — reach the group as at most 3 new messages (the card, one storm notice),
 * the first within 15 s, then only card updates; no rate-limit answer from the platform, and on
 * DingTalk no API called more than its 20 times a second. Then the
 * same storm for a second team with two replicas racing every timer and outbox pass on one
 * database: the same messages as one replica.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestDeps } from '../helpers/deps';
import { findTeam } from '../../src/core/teams';
import type { Deps } from '../../src/core/deps';
import { openPostgres, query, type Database } from '../../src/db/client';
import { loadConfig } from '../../src/config';
import { upsertValues, type ValueRow } from '../../src/features/kpi/repo';
import { addStore } from '../../src/features/stores/repo';
import { createFeishuPlatform } from '../../src/platforms/feishu/api';
import { createDingTalkPlatform } from '../../src/platforms/dingtalk/api';
import { DINGTALK_PER_API_PER_SECOND } from '../../src/platforms/dingtalk/limits';
import { silentLogger } from '../../src/log';
import { workOnce } from '../../src/runtime/work-loop';
import { isCard, PLATFORMS, startBot, textOf, type AnyBot, type Person } from '../helpers/bot';
import { TEST_CARD_TEMPLATE_ID } from '../helpers/dingtalk-bot';
import { seedGroup, sendsOf } from '../helpers/fake-feishu';
import { cardUpdates } from '../helpers/sent';

describe.each(PLATFORMS)('the storm (%s)', (platform) => {
  let bot: AnyBot;

  beforeAll(async () => {
    bot = await startBot({ platform });
    // Frozen: the storm's reports must fall into the same 2-s signal windows however slow the
    // machine is (a running clock let a loaded run judge the first report alone: "从 1" for "从 2").
    bot.deps.clock.freeze(new Date('2027-01-05T02:00:00Z'));
  });
  let other: Database | undefined;
  afterAll(async () => {
    if (other && other !== bot.database) await other.close();
    await bot.close();
  });

  const METRICS = ['first_response_s', 'reply_3min_rate', 'offline_messages', 'refund_overdue', 'bad_reviews_cs'];

  /** Round r of the storm: every store and metric, worse than the round before. */
  function round(storeIds: number[], r: number, day: string): ValueRow[] {
    return storeIds.flatMap((storeId, i) =>
      METRICS.map((metric) => ({
        storeId,
        agent: '',
        metric,
        day,
        hour: -1,
        value: metric === 'first_response_s' ? 40 + r * 5 + i : metric === 'reply_3min_rate' ? 0.8 - r * 0.02 : 1 + r,
        base: metric === 'reply_3min_rate' ? 100 : null,
      })),
    );
  }

  async function team(chat: { chatId: string }, user: Person): Promise<{ teamId: number; storeIds: number[] }> {
    await bot.say(user, '/help', chat.chatId);
    const teamId = (await findTeam(bot.deps.db, {
      platform: bot.platform,
      tenantKey: bot.emulator.tenantKey,
      chatId: chat.chatId,
    }))!.id;
    const storeIds: number[] = [];
    for (let i = 1; i <= 20; i++)
      storeIds.push(
        (await addStore(bot.deps.db, teamId, { name: `店铺${i}号`, platform: 'tmall' }, bot.deps.clock.now()))!.id,
      );
    return { teamId, storeIds };
  }

  /** Every replica runs its timers and outbox at the same time, until none has anything left now. */
  async function race(replicas: Deps[]) {
    for (let i = 0; i < 20; i++) {
      const r = await Promise.all(replicas.map((d) => workOnce(d, `r${replicas.indexOf(d)}`)));
      if (r.every((x) => x.timers === 0 && x.sent === 0)) return;
    }
  }

  /** `restart`: after the third report, the replicas are replaced by these (a restart mid-storm). */
  async function storm(chatId: string, teamId: number, storeIds: number[], replicas: Deps[], restart?: () => Deps[]) {
    const t0 = bot.deps.clock.now();
    // Yesterday in Shanghai (the mornings these storms happen on).
    const day = new Date(t0.getTime() + 8 * 3600_000 - 86_400_000).toISOString().slice(0, 10);
    // Three reports of everything in the first seconds, two more after the card went out.
    for (let r = 0; r < 5; r++) {
      if (r === 3 && restart) replicas = restart();
      if (r === 3) for (let i = 0; i < 10; i++) (bot.deps.clock.advance(1_500), await race(replicas));
      await upsertValues(bot.deps.db, teamId, round(storeIds, r, day), 'api', bot.deps.clock.now());
      bot.deps.clock.advance(1_000);
      await race(replicas);
    }
    for (let i = 0; i < 12; i++) {
      bot.deps.clock.advance(1_500);
      await race(replicas);
    }
    await bot.settle();
    const sends = sendsTo(chatId);
    const [first] = await query<{ created_at: string | Date }>(
      bot.deps.db,
      sql`select created_at from outbox where team_id = ${teamId} and kind = 'send' order by id limit 1`,
    );
    return { sends, firstAfterMs: new Date(first!.created_at).getTime() - t0.getTime() };
  }

  type Sent = { content: unknown; text?: string | undefined; key?: string | undefined; dedup?: boolean };
  /**
   * What the bot sent into `chatId` as new messages, as sent: a text has `text`, a card none; `key`
   * names the send (Feishu's uuid, DingTalk's card outTrackId). DingTalk: group sends and card
   * deliveries (session-webhook replies answer commands: no alert).
   */
  function sendsTo(chatId: string): Sent[] {
    if (bot.platform === 'feishu')
      return sendsOf(bot.emulator)
        .filter((s) => s.to === chatId)
        .map((s) => ({ content: s.content, text: s.text, key: s.uuid, dedup: s.dedup }));
    const dt = bot.emulator;
    return dt
      .calls({ method: 'POST' })
      .filter((c) => c.status === 200)
      .flatMap((c): Sent[] => {
        const b = c.body as Record<string, unknown>;
        if (c.path === '/v1.0/robot/groupMessages/send' && b.openConversationId === chatId) {
          const param = JSON.parse(String(b.msgParam)) as Record<string, unknown>;
          return [b.msgKey === 'sampleText' ? { content: param, text: String(param.content) } : { content: param }];
        }
        if (c.path === '/v1.0/card/instances/createAndDeliver' && String(b.openSpaceId).endsWith(`.${chatId}`))
          return [{ content: b.cardData, key: String(b.outTrackId) }];
        return [];
      });
  }

  /** The alert feature's sends (not /help's card, which names /alert too). */
  const isAlert = (s: { content: unknown; text?: string | undefined }) =>
    JSON.stringify(s.content).includes('告警 ·') || String(s.text ?? '').includes('告警风暴');
  const normalise = (s: string) => s.replace(/\d\d:\d\d/g, 'HH:MM');
  const cardNow = (chatId: string) =>
    normalise(textOf(bot.emulator.messages(chatId).find((m) => isCard(m) && textOf(m).includes('告警 ·'))));

  /** The most calls in any 1 s of (real) time: the window DingTalk counts its QPS in. */
  function busiestSecond(calls: { time: number }[]): number {
    const times = calls.map((c) => c.time).sort((a, b) => a - b);
    let most = 0;
    for (let i = 0, j = 0; j < times.length; j++) {
      while (times[j]! - times[i]! >= 1000) i++;
      most = Math.max(most, j - i + 1);
    }
    return most;
  }

  /** A second group with one member, on the bot's platform. */
  function secondGroup(): { chat: { chatId: string }; user: Person } {
    if (bot.platform === 'feishu') {
      const { chat, users } = seedGroup(bot.emulator, { name: '客服二组', members: ['赵主管'] });
      return { chat, user: users[0] };
    }
    const user = bot.emulator.addUser({ name: '赵主管' });
    return { chat: bot.emulator.addChat({ name: '客服二组', memberOpenIds: [user.openId] }), user };
  }

  /** Another replica's own platform client (its own SDK client or HTTP calls) and env. */
  function replicaPlatform() {
    if (bot.platform === 'feishu')
      return {
        platform: createFeishuPlatform({
          appId: bot.emulator.app.appId,
          appSecret: bot.emulator.app.appSecret,
          domain: bot.feishu.url,
          log: silentLogger,
        }),
        env: { LOG_LEVEL: 'silent' },
      };
    const env = {
      LOG_LEVEL: 'silent',
      DINGTALK_CLIENT_ID: bot.emulator.app.clientId,
      DINGTALK_CLIENT_SECRET: bot.emulator.app.clientSecret,
      DINGTALK_DOMAIN: bot.url,
      DINGTALK_CARD_TEMPLATE_ID: TEST_CARD_TEMPLATE_ID,
    };
    return { platform: createDingTalkPlatform({ ...loadConfig(env).dingtalk, timeoutMs: 3_000 }), env };
  }

  describe('the storm', () => {
    let single: { sends: Sent[]; card: string };

    it('500 reports for one group: 2 new messages (the card, one storm notice), the first within 15 s, then only updates', async () => {
      const { teamId, storeIds } = await team(bot.chat, bot.users.supervisor);
      const r = await storm(bot.chat.chatId, teamId, storeIds, [bot.deps]);
      const mine = r.sends.filter(isAlert);
      expect(mine.length).toBeLessThanOrEqual(3);
      expect(mine.map((s) => (s.text ? 'text' : 'card'))).toEqual(['card', 'text']);
      expect(r.firstAfterMs).toBeLessThanOrEqual(15_000);
      const card = cardNow(bot.chat.chatId);
      expect(card).toContain('告警 · 100 项超标');
      expect(card).toMatch(/其余 \d+ 项…发送 \/alert 查看全部/);
      // The last (worst) round is what the card shows, updated in place from the first.
      expect(card).toMatch(/首次响应时长 \*\*1 分 \d+ 秒\*\*（目标 ≤ 30 秒） · 从 \d+ 秒 到 1 分 \d+ 秒/);
      expect(card).toMatch(/3分钟人工响应率 \*\*72%\*\*（目标 ≥ 90%） · 从 \d+% 到 72%/);
      expect(mine.map((s) => s.text).filter(Boolean)).toEqual([
        expect.stringContaining('告警风暴：20 个店铺 100 项超标'),
      ]);
      expect(cardUpdates(bot)).toBeGreaterThan(0);
      if (bot.platform === 'feishu')
        expect(bot.emulator.calls().filter((c) => c.status === 429 || c.code === 99991400)).toEqual([]);
      else {
        const calls = bot.emulator.calls();
        expect(
          calls.filter((c) => c.status === 429 || c.code === 'QpsLimitForAppkeyAndApi' || c.code === 'send.too.fast'),
        ).toEqual([]);
        // DingTalk's limit: 20 calls a second per app per API. The busiest second of each API stays within it.
        expect(
          Math.max(
            ...[...new Set(calls.map((c) => c.path))].map((p) => busiestSecond(calls.filter((c) => c.path === p))),
          ),
        ).toBeLessThanOrEqual(DINGTALK_PER_API_PER_SECOND);
      }
      single = { sends: mine, card };
    });

    it('three replicas racing the same timers on one database, one restarted mid-storm, send the same messages as one', async () => {
      const { chat, user } = secondGroup();
      const { teamId, storeIds } = await team(chat, user);
      // On Postgres the second replica has its own pool; on PGlite both share its one connection.
      other = bot.database.url ? await openPostgres(bot.database.url) : bot.database;
      const replica = () =>
        createTestDeps({
          database: other!,
          ...replicaPlatform(),
          clock: bot.deps.clock,
        });
      const b = replica();
      // The same wall times as the first storm, a day later: the cards read the same.
      bot.deps.clock.set(new Date('2027-01-06T02:00:00Z'));
      // The third replica "restarts" after the third report: a fresh process (deps, SDK client) on the same rows.
      const r = await storm(chat.chatId, teamId, storeIds, [bot.deps, b, replica()], () => [bot.deps, b, replica()]);
      const kinds = (xs: typeof r.sends) => xs.filter(isAlert).map((s) => (s.text ? 'text' : 'card'));
      expect(kinds(r.sends)).toEqual(kinds(single.sends));
      // Each send its own key: Feishu's uuid; a DingTalk card's outTrackId (its texts carry none).
      const keys = r.sends.map((s) => s.key).filter(Boolean);
      expect(new Set(keys).size).toBe(keys.length);
      expect(r.sends.some((s) => s.dedup)).toBe(false);
      expect(cardNow(chat.chatId)).toBe(single.card);
    });
  });
});
