/**
 * Platform storm (issue #18, "Faults"): 500 messages to 10 groups while Feishu answers a random 30%
 * of the calls with a fault — 429 with x-ogw-ratelimit-reset, 230020 (the chat's own limit), 500,
 * and a time-out after the message was already posted. Every message reaches its group exactly once
 * (the row's uuid de-duplicates the resend after a time-out), none is lost, each group sees its
 * messages in the order they were written, and no group, and not the app, is called faster than
 * Feishu's limits — counting every attempt, failed or not.
 */
import { describe, expect, it } from 'vitest';
import { silentLogger } from '../../src/log';
import { query } from '../../src/db/client';
import { sql } from 'drizzle-orm';
import { enqueue } from '../../src/outbox/enqueue';
import { createFeishuPlatform } from '../../src/platforms/feishu/api';
import { createTestDeps } from '../helpers/deps';
import { maxInWindow, seedChats, sendsOf } from '../helpers/fake-feishu';
import { flushOutbox } from '../helpers/flush';
import { useOutboxWorld } from '../helpers/outbox-world';

const GROUPS = 10;
const PER_GROUP = 50;

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

describe('outbox under a platform storm', () => {
  const w = useOutboxWorld({ gapMs: 120_000 });

  it('500 messages to 10 groups, 30% of calls failing: each posted once, in order, within the limits', async () => {
    const { emulator } = w.feishu;
    const chatIds = Array.from({ length: GROUPS }, (_, g) => `oc_storm_${g}`);
    seedChats(emulator, chatIds);
    // A client that gives up after 100 ms, so that an answer held back 400 ms is a time-out.
    const platform = createFeishuPlatform({
      appId: emulator.app.appId,
      appSecret: emulator.app.appSecret,
      domain: w.feishu.url,
      log: silentLogger,
      timeoutMs: 100,
    });

    // One draw per call decides its fate; the injector asks each fault in turn about the same call.
    const random = seeded(18);
    const draws = new WeakMap<object, number>();
    const draw = (call: object) => {
      if (!draws.has(call)) draws.set(call, random());
      return draws.get(call)!;
    };
    const sends = { method: 'POST', path: /^\/open-apis\/im\/v1\/messages$/, times: Infinity } as const;
    const band = (lo: number, hi: number) => (c: object) => draw(c) >= lo && draw(c) < hi;
    emulator.failNext({ ...sends, status: 429, headers: { 'x-ogw-ratelimit-reset': '1' }, when: band(0, 0.075) });
    emulator.failNext({ ...sends, code: 230020, when: band(0.075, 0.15) });
    emulator.failNext({ ...sends, status: 500, code: 1500, when: band(0.15, 0.225) });
    emulator.failNext({ ...sends, answerLateMs: 400, when: band(0.225, 0.3) });

    // Written round-robin, as a burst of alerts across groups would be.
    for (let i = 0; i < PER_GROUP; i++)
      for (const chatId of chatIds)
        await enqueue(w.db.db, w.clock.now(), {
          teamId: null,
          kind: 'send',
          to: { chatId },
          body: { msgType: 'text', content: { text: `${chatId} #${i}` } },
        });

    const f = await flushOutbox(createTestDeps({ database: w.db, platform, clock: w.clock }), { maxRounds: 20_000 });
    expect(f).toMatchObject({ sent: GROUPS * PER_GROUP, failed: 0, cancelled: 0 });

    // The storm happened: every kind of fault was met, and the resends after a time-out were de-duplicated.
    const all = sendsOf(emulator);
    const calls = emulator.calls(sends);
    expect(calls.filter((c) => c.injected && c.status === 429).length).toBeGreaterThan(20);
    expect(calls.filter((c) => c.injected && c.code === 230020).length).toBeGreaterThan(20);
    expect(calls.filter((c) => c.injected && c.status === 500).length).toBeGreaterThan(20);
    expect(calls.filter((c) => c.answeredLate).length).toBeGreaterThan(20);
    expect(all.filter((s) => s.dedup).length).toBeGreaterThan(0);

    for (const chatId of chatIds) {
      // Exactly once each, in the order written.
      const seen = emulator.messages(chatId).map((m) => (m.content as { text: string }).text);
      expect(seen).toEqual(Array.from({ length: PER_GROUP }, (_, i) => `${chatId} #${i}`));
      // Every attempt into the group, refused or not, within 4 in any second (Feishu allows 5).
      expect(maxInWindow(all.filter((s) => s.to === chatId).map((s) => s.at))).toBeLessThanOrEqual(4);
    }
    // The app as a whole within Feishu's 50/s and 1,000/min; Feishu itself refused nothing.
    expect(maxInWindow(calls.map((c) => c.time))).toBeLessThanOrEqual(50);
    expect(
      maxInWindow(
        calls.map((c) => c.time),
        60_000,
      ),
    ).toBeLessThanOrEqual(1000);
    expect(calls.filter((c) => !c.injected && c.status !== 200)).toEqual([]);
    expect(emulator.violations()).toEqual([]);
    // Each row's uuid reached Feishu once as a post, whatever the resends.
    const rows = await query<{ n: number }>(
      w.db.db,
      sql`select count(distinct uuid)::int as n from outbox where status = 'sent' and result_message_id is not null`,
    );
    expect(rows[0]!.n).toBe(GROUPS * PER_GROUP);
  }, 300_000);
});
