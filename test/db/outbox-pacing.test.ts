/**
 * The outbox paces ahead of the platform's limits (issue #10, storm control): into one group at most
 * 4 calls in any second whatever they are (sends, replies, card patches), to one person the same
 * (p2p messages, buzzes), and each API within its own per-minute budget — counted by the emulator,
 * which refuses what Feishu would. Groups, people and APIs each go at their own pace.
 */
import { describe, expect, it } from 'vitest';
import { card } from '../../src/cards/card';
import type { PlatformApi } from '../../src/port/platform';
import { claimDue } from '../../src/outbox/claim';
import { dispatchOutbox } from '../../src/outbox/dispatcher';
import { enqueue, PRIORITY, type Outbound } from '../../src/outbox/enqueue';
import { createTestDeps } from '../helpers/deps';
import { useOutboxWorld } from '../helpers/outbox-world';
import { maxInWindow, seedChats, sendsOf } from '../helpers/fake-feishu';
import { flushOutbox } from '../helpers/flush';

const text = (t: string) => ({ msgType: 'text' as const, content: { text: t } });
const cardBody = (t: string) => ({ msgType: 'interactive' as const, content: card({ title: t, elements: [] }) });

describe('outbox pacing', () => {
  const w = useOutboxWorld({ gapMs: 120_000 });
  const { clock } = w;

  const deps = (platform: PlatformApi = w.feishu.platform) => createTestDeps({ database: w.db, platform, clock });
  const add = (o: Partial<Outbound> & Pick<Outbound, 'kind'>) =>
    enqueue(w.db.db, clock.now(), { teamId: null, ...o } as Outbound);
  /** Every Open API call that landed in a group: posts to it, and patches and buzzes of its messages. */
  const callsInto = (chatId: string) => {
    const ids = new Set(w.feishu.emulator.messages(chatId).map((m) => m.messageId));
    return w.feishu.emulator.calls().filter((c) => {
      if (c.method === 'POST' && c.path === '/open-apis/im/v1/messages')
        return (c.body as { receive_id?: string }).receive_id === chatId;
      const id = /^\/open-apis\/im\/v1\/messages\/([^/]+)/.exec(c.path)?.[1];
      return c.method === 'PATCH' && !c.path.includes('/urgent_') && id !== undefined && ids.has(id);
    });
  };
  const noViolations = () => expect(w.feishu.emulator.violations()).toEqual([]);

  it('100 sends and card patches into one group: never more than 4 in any second, none refused, all delivered', async () => {
    seedChats(w.feishu.emulator, ['oc_storm']);
    for (let i = 0; i < 50; i++) {
      await add({ kind: 'send', to: { chatId: 'oc_storm' }, body: cardBody(`alert ${i}`), ref: `alert:${i}` });
      await add({
        kind: 'patch',
        message: { ref: `alert:${i}` },
        card: card({ title: `alert ${i} worse`, elements: [] }),
      });
    }
    const f = await flushOutbox(deps(), { maxRounds: 5000 });
    expect(f).toMatchObject({ sent: 100, failed: 0, cancelled: 0 });
    const calls = callsInto('oc_storm');
    expect(calls).toHaveLength(100);
    expect(calls.filter((c) => c.method === 'PATCH')).toHaveLength(50);
    expect(calls.every((c) => c.status === 200)).toBe(true);
    expect(maxInWindow(calls.map((c) => c.time))).toBeLessThanOrEqual(4);
    noViolations();
  }, 60_000);

  it('several groups in parallel each go at their own pace', async () => {
    const chats = ['oc_g0', 'oc_g1', 'oc_g2'];
    seedChats(w.feishu.emulator, chats);
    const started = clock.now().getTime();
    for (let i = 0; i < 20; i++)
      for (const chatId of chats) await add({ kind: 'send', to: { chatId }, body: text(`${chatId} ${i}`) });
    await flushOutbox(deps());
    for (const chatId of chats) {
      const times = callsInto(chatId).map((c) => c.time);
      expect(times).toHaveLength(20);
      expect(maxInWindow(times)).toBeLessThanOrEqual(4);
      // 20 at 4 every 1.25 s take ~6 s: as long as one group alone, not three times that.
      expect(Math.max(...times) - started).toBeLessThan(7_000);
    }
    noViolations();
  });

  it('an urgent row into a busy group goes before the backlog', async () => {
    seedChats(w.feishu.emulator, ['oc_busy']);
    for (let i = 0; i < 10; i++) await add({ kind: 'send', to: { chatId: 'oc_busy' }, body: text(`digest ${i}`) });
    expect(await dispatchOutbox(deps())).toMatchObject({ sent: 1 });
    await add({ kind: 'send', to: { chatId: 'oc_busy' }, body: text('phone step'), priority: PRIORITY.urgent });
    await flushOutbox(deps());
    expect(sendsOf(w.feishu.emulator).map((s) => s.text)).toEqual([
      'digest 0',
      'phone step',
      ...Array.from({ length: 9 }, (_, i) => `digest ${i + 1}`),
    ]);
    noViolations();
  });

  it('one person: messages to them never more than 4 in any second; buzzes of them are not held by it', async () => {
    const person = seedChats(w.feishu.emulator, ['oc_team'], { openId: 'ou_boss' });
    for (let i = 0; i < 6; i++)
      await add({ kind: 'send', to: { chatId: 'oc_team' }, body: cardBody(`case ${i}`), ref: `case:${i}` });
    await flushOutbox(deps());
    clock.advance(2_000);
    const from = clock.now().getTime();
    for (let i = 0; i < 10; i++) await add({ kind: 'send', to: { openId: person.openId }, body: text(`dm ${i}`) });
    for (let i = 0; i < 6; i++)
      await add({ kind: 'urgent', message: { ref: `case:${i}` }, urgent: 'app', openIds: [person.openId] });
    await flushOutbox(deps());
    const dms = sendsOf(w.feishu.emulator).filter((s) => s.to === person.openId && s.status === 200);
    expect(dms.map((d) => d.text)).toEqual(Array.from({ length: 10 }, (_, i) => `dm ${i}`));
    expect(maxInWindow(dms.map((d) => d.at))).toBeLessThanOrEqual(4);
    expect(dms.at(-1)!.at - from).toBeGreaterThanOrEqual(2_000); // 10 at 4 in any second: not at once
    // Feishu states no per-person limit on buzzes: all six go at once, not behind the messages' pace.
    const buzzes = w.feishu.emulator.urgentCalls().filter((c) => c.result === 'ok');
    expect(buzzes.map((b) => b.time)).toEqual(Array.from({ length: 6 }, () => from));
    noViolations();
  });

  it('keeps each API within its own per-minute budget; the other APIs go on', async () => {
    const base = w.feishu.platform;
    const minute = { limit: 5, windowMs: 60_000, cellMs: 1000 };
    const tight: PlatformApi = {
      ...base,
      limits: { ...base.limits, perApi: { ...base.limits.perApi, send: { api: 'send', windows: [minute] } } },
    };
    seedChats(w.feishu.emulator, ['oc_hello', ...Array.from({ length: 8 }, (_, i) => `oc_api${i}`)]);
    await add({ kind: 'send', to: { chatId: 'oc_hello' }, body: text('hello') });
    await flushOutbox(deps());
    const [hello] = w.feishu.emulator.messages('oc_hello');
    clock.advance(1_000);
    const started = clock.now().getTime();
    for (let i = 0; i < 8; i++) await add({ kind: 'send', to: { chatId: `oc_api${i}` }, body: text('x') });
    await add({ kind: 'reply', messageId: hello!.messageId, chatId: 'oc_hello', body: text('reply') });
    const first = await dispatchOutbox(deps(tight), { limit: 50, nextDue: true });
    expect(first).toMatchObject({ sent: 6 }); // five sends, and the reply: another API
    // The sixth send waits until the first leaves the minute, not a quarter second.
    expect(first.nextDueAt!.getTime() - started).toBeGreaterThanOrEqual(60_000);
    await flushOutbox(deps(tight));
    const sends = sendsOf(w.feishu.emulator).filter((s) => s.text === 'x');
    expect(sends).toHaveLength(8);
    expect(
      maxInWindow(
        sends.map((s) => s.at),
        60_000,
      ),
    ).toBe(5);
    noViolations();
  });

  it('while urgent rows are due (even held by another replica), the others leave them room in the app budget', async () => {
    seedChats(w.feishu.emulator, [
      ...Array.from({ length: 20 }, (_, i) => `oc_n${i}`),
      ...Array.from({ length: 6 }, (_, i) => `oc_u${i}`),
    ]);
    for (let i = 0; i < 20; i++) await add({ kind: 'send', to: { chatId: `oc_n${i}` }, body: text('card patch') });
    for (let i = 0; i < 6; i++)
      await add({ kind: 'send', to: { chatId: `oc_u${i}` }, body: text('phone step'), priority: PRIORITY.urgent });
    const lease = new Date(clock.now().getTime() + 60_000);
    expect(await claimDue(w.db.db, clock.now(), { limit: 6, leaseUntil: lease, token: 'other-replica' })).toHaveLength(
      6,
    );
    // 5 of the quarter's 8 are left to the six urgent rows the other replica holds.
    expect(await dispatchOutbox(deps())).toMatchObject({ sent: 3, deferred: 17 });
    clock.advance(60_000);
    await flushOutbox(deps());
    expect(sendsOf(w.feishu.emulator)).toHaveLength(26);
    noViolations();
  });
});
