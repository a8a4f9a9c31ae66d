/**
 * Platform storm (issue #18, "Faults"): 500 messages to 10 groups while the platform answers a
 * random 30% of the sends with a fault in its own shapes — on Feishu 429 with
 * x-ogw-ratelimit-reset, 230020 (the chat's own limit), 500; on DingTalk 403
 * QpsLimitForAppkeyAndApi, the gateway's 429, send.too.fast, 500 — and a time-out after the
 * message was already posted. Every message reaches its group exactly once, none is lost, each
 * group sees its messages in the order they were written, and no group, and not the app, is called
 * faster than the platform's limits — counting every attempt, failed or not.
 *
 * Feishu de-duplicates the resend after a time-out by the row's uuid. DingTalk's robot messages
 * take no such key: the bot does not resend them, and records the row as uncertain (explain.ts
 * tells the team to look); a card instance keeps its outTrackId, so that one is resent safely.
 */
import { describe, expect, it } from 'vitest';
import { query } from '../../src/db/client';
import { sql } from 'drizzle-orm';
import { card, interactive, markdown } from '../../src/cards/card';
import { enqueue } from '../../src/outbox/enqueue';
import type { MessageBody } from '../../src/port/platform';
import { PLATFORMS } from '../helpers/bot';
import { createTestDeps } from '../helpers/deps';
import { maxInWindow } from '../helpers/fake-feishu';
import { flushOutbox } from '../helpers/flush';
import { useOutboxWorld } from '../helpers/outbox-world';
import { dingTalkStorm, feishuStorm, type StormSide } from '../helpers/storm-sides';

const GROUPS = 10;
const PER_GROUP = 50;
/** Fewer cards: what they show is only that a resend is safe, and each late answer costs real time. */
const CARDS_PER_GROUP = 20;

/** mulberry32: the same storm on every run. */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const text = (chatId: string, i: number) => `${chatId} #${i}`;

describe('outbox under a platform storm', () => {
  const w = useOutboxWorld({ gapMs: 120_000, dingtalk: true });

  async function storm(
    side: StormSide,
    body: (chatId: string, i: number) => MessageBody,
    o: { perGroup: number; minMet: number } = { perGroup: PER_GROUP, minMet: 10 },
  ) {
    // One draw per call decides its fate; the injector asks each fault in turn about the same call.
    const random = seeded(18);
    const draws = new WeakMap<object, number>();
    const draw = (call: object) => {
      if (!draws.has(call)) draws.set(call, random());
      return draws.get(call)!;
    };
    const faults = side.inject((lo, hi) => (c) => draw(c) >= lo && draw(c) < hi);

    // Written round-robin, as a burst of alerts across groups would be.
    for (let i = 0; i < o.perGroup; i++)
      for (const chatId of side.chatIds)
        await enqueue(w.db.db, w.clock.now(), { teamId: null, kind: 'send', to: { chatId }, body: body(chatId, i) });
    const deps = createTestDeps({ database: w.db, platform: side.platform, clock: w.clock });
    const flushed = await flushOutbox(deps, { maxRounds: 20_000 });

    // The storm happened: every kind of fault was met (each is 2.5–7.5% of the calls).
    for (const f of faults) expect(f.met(), f.name).toBeGreaterThan(o.minMet);
    const attempts = side.attempts();
    for (const chatId of side.chatIds) {
      // Exactly once each, in the order written.
      const seen = side.seen(chatId).map((t) => /#(\d+)/.exec(t)?.[0]);
      expect(seen).toEqual(Array.from({ length: o.perGroup }, (_, i) => `#${i}`));
      // Every attempt into the group, refused or not, within the group's limits.
      const into = attempts.filter((a) => a.to === chatId).map((a) => a.at);
      for (const [limit, windowMs] of side.perGroup) expect(maxInWindow(into, windowMs)).toBeLessThanOrEqual(limit);
    }
    // The app as a whole within the platform's limits; the platform itself refused nothing.
    for (const [limit, windowMs] of side.perApp)
      expect(maxInWindow(side.appCalls(), windowMs)).toBeLessThanOrEqual(limit);
    expect(attempts.filter((a) => !a.injected && a.status !== 200)).toEqual([]);
    expect(side.violations()).toEqual([]);
    return { flushed, lateAnswers: attempts.filter((a) => a.answeredLate).length };
  }

  describe.each(PLATFORMS)('on %s', (platform) => {
    it('500 text messages to 10 groups, 30% of calls failing: each posted once, in order, within the limits', async () => {
      const side = platform === 'feishu' ? feishuStorm(w.feishu, GROUPS) : dingTalkStorm(w.dingtalk, GROUPS, w.clock);
      const { flushed, lateAnswers } = await storm(side, (chatId, i) => ({
        msgType: 'text',
        content: { text: text(chatId, i) },
      }));
      // A sent row keeps the reason of its last retry; only a failed row's reason is its outcome.
      const rows = await query<{ status: string; reason: string | null; n: number }>(
        w.db.db,
        sql`select status, case when status = 'failed' then error_reason end as reason, count(*)::int as n
            from outbox group by 1, 2 order by 1, 2`,
      );
      if (side.resendsAreSafe) {
        // Feishu: each row's uuid reached Feishu once as a post, whatever the resends.
        expect(flushed).toMatchObject({ sent: GROUPS * PER_GROUP, failed: 0, cancelled: 0 });
        expect(rows).toEqual([{ status: 'sent', reason: null, n: GROUPS * PER_GROUP }]);
        expect(w.feishu.emulator.calls().filter((c) => c.dedup).length).toBeGreaterThan(0);
        const posted = await query<{ n: number }>(
          w.db.db,
          sql`select count(distinct uuid)::int as n from outbox where status = 'sent' and result_message_id is not null`,
        );
        expect(posted[0]!.n).toBe(GROUPS * PER_GROUP);
      } else {
        // DingTalk: a robot message answered too late is not sent again (no idempotency key), so
        // none is doubled; its row says the send is uncertain, and the rest were sent.
        expect(lateAnswers).toBeGreaterThan(10);
        expect(flushed).toMatchObject({ sent: GROUPS * PER_GROUP - lateAnswers, failed: lateAnswers, cancelled: 0 });
        expect(rows).toEqual([
          { status: 'failed', reason: 'uncertain', n: lateAnswers },
          { status: 'sent', reason: null, n: GROUPS * PER_GROUP - lateAnswers },
        ]);
      }
    }, 300_000);
  });

  it('on dingtalk, 200 cards: a card resent after a time-out keeps its outTrackId, so none is doubled or left uncertain', async () => {
    const side = dingTalkStorm(w.dingtalk, GROUPS, w.clock, { cards: true });
    const { flushed, lateAnswers } = await storm(
      side,
      (chatId, i) => interactive(card({ title: text(chatId, i), elements: [markdown('店铺异常')] })),
      { perGroup: CARDS_PER_GROUP, minMet: 2 },
    );
    expect(lateAnswers).toBeGreaterThan(5);
    expect(flushed).toMatchObject({ sent: GROUPS * CARDS_PER_GROUP, failed: 0, cancelled: 0 });
    // The resends after a time-out named a card that was already there: one card per outTrackId.
    const tracks = w.dingtalk.emulator
      .calls({ path: 'createAndDeliver' })
      .map((c) => (c.body as { outTrackId: string }).outTrackId);
    expect(new Set(tracks).size).toBe(GROUPS * CARDS_PER_GROUP);
    expect(tracks.length).toBeGreaterThan(GROUPS * CARDS_PER_GROUP);
  }, 300_000);
});
