import { describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { button, card, interactive } from '../../src/cards/card';
import { query } from '../../src/db/client';
import { dispatchOutbox } from '../../src/outbox/dispatcher';
import { enqueue, PRIORITY, type Outbound } from '../../src/outbox/enqueue';
import { pruneRateSlots, slotsFor, takeSlots } from '../../src/outbox/rate-limit';
import { createTestDeps } from '../helpers/deps';
import { useOutboxWorld } from '../helpers/outbox-world';
import { maxInWindow, seedChats, sendsOf } from '../helpers/fake-feishu';
import { flushOutbox } from '../helpers/flush';
import { feishuTraits } from '../../src/platforms/feishu/traits';
import { feishuCard } from '../../src/platforms/feishu/card-json';

const text = (t: string) => ({ msgType: 'text' as const, content: { text: t } });
const cardV = (v: number) => card({ title: `v${v}`, elements: [] });

/**
 * The outbox's pacing, ordering and dependencies, through the real SDK client to the Feishu
 * emulator on the test's clock: what Feishu got (calls, messages, buzzes) and that it refused
 * nothing (no violations of its rate rules).
 */
describe('outbox dispatcher: one replica', () => {
  const w = useOutboxWorld({ gapMs: 10_000 });
  const { clock } = w;

  const deps = () => createTestDeps({ database: w.db, platform: w.feishu.platform, clock });
  const add = (o: Partial<Outbound> & Pick<Outbound, 'kind'>) =>
    enqueue(w.db.db, clock.now(), { teamId: null, ...o } as Outbound);
  const row = async (id: number | null) =>
    (await query<Record<string, unknown>>(w.db.db, sql`select * from outbox where id = ${id}`))[0]!;
  /** Open API calls other than token fetches, as "METHOD path". */
  const apiCalls = () =>
    w.feishu.emulator
      .calls()
      .filter((c) => !c.path.includes('/auth/'))
      .map((c) => `${c.method} ${c.path.replace('/open-apis', '')}`);
  const noViolations = () => expect(w.feishu.emulator.violations()).toEqual([]);

  it('sends a message with the row’s uuid and records the message id', async () => {
    seedChats(w.feishu.emulator, ['oc_a']);
    const id = await add({ kind: 'send', to: { chatId: 'oc_a' }, body: text('hi'), uuid: 'evt-1:post0' });
    expect(await dispatchOutbox(deps())).toMatchObject({ sent: 1, failed: 0, deferred: 0 });
    expect(sendsOf(w.feishu.emulator)).toEqual([
      expect.objectContaining({ to: 'oc_a', uuid: 'evt-1:post0', text: 'hi', status: 200, dedup: false }),
    ]);
    const [message] = w.feishu.emulator.messages('oc_a');
    expect(message).toMatchObject({ uuid: 'evt-1:post0', content: { text: 'hi' } });
    expect(await row(id)).toMatchObject({
      status: 'sent',
      result_message_id: message!.messageId,
      attempts: 1,
      claimed_until: null,
    });
  });

  it('performs every kind: reply, patch, buzz (keeping invalid ids), callback update', async () => {
    const user = seedChats(w.feishu.emulator, ['oc_a'], { openId: 'ou_1' });
    const { message: command } = await w.feishu.emulator.emitMessage({
      chatId: 'oc_a',
      senderOpenId: user.openId,
      text: '/help',
    });
    const withButton = card({ title: 'claim me', elements: [button({ text: '认领', value: { action: 'claim' } })] });
    // One card a member pressed (its callback token updates it), one the outbox patches and buzzes about.
    const { messageId: clickedCard } = await w.feishu.platform.send(
      { chatId: 'oc_a' },
      interactive(withButton),
      'seed-card',
    );
    w.feishu.emulator.setWebhook(() => Response.json({}));
    const { event } = await w.feishu.emulator.clickButton({
      messageId: clickedCard,
      operatorOpenId: user.openId,
      buttonText: '认领',
    });
    const { messageId: cardToPatch } = await w.feishu.platform.send(
      { chatId: 'oc_a' },
      interactive(withButton),
      'seed-card-2',
    );
    const seeded = apiCalls().length;

    await add({ kind: 'reply', messageId: command.messageId, chatId: 'oc_a', body: text('ok') });
    await add({ kind: 'patch', message: { messageId: cardToPatch }, card: cardV(2) });
    const buzz = await add({
      kind: 'urgent',
      message: { messageId: cardToPatch },
      urgent: 'phone',
      openIds: ['ou_1', 'ou_gone'],
    });
    await add({ kind: 'card_update', token: event.event.token, card: cardV(3) });
    expect(await dispatchOutbox(deps())).toMatchObject({ sent: 4 });
    expect(apiCalls().slice(seeded).sort()).toEqual(
      [
        `POST /im/v1/messages/${command.messageId}/reply`,
        `PATCH /im/v1/messages/${cardToPatch}`,
        `PATCH /im/v1/messages/${cardToPatch}/urgent_phone`,
        'POST /interactive/v1/card/update',
      ].sort(),
    );
    expect(w.feishu.emulator.messages('oc_a').find((m) => m.parentId === command.messageId)!.content).toEqual({
      text: 'ok',
    });
    expect(w.feishu.emulator.message(cardToPatch)!.content).toEqual(feishuCard(cardV(2)));
    expect(w.feishu.emulator.message(clickedCard)!.content).toEqual(feishuCard(cardV(3)));
    expect(w.feishu.emulator.urgentCalls()).toMatchObject([
      { kind: 'phone', messageId: cardToPatch, callees: ['ou_1'], invalid: ['ou_gone'] },
    ]);
    expect((await row(buzz)).result).toEqual({ unknownPeople: ['ou_gone'] });
    noViolations();
  });

  it('keeps a chat within 5 in any second (4/s sustained) while other chats go ahead', async () => {
    seedChats(w.feishu.emulator, ['oc_busy', 'oc_quiet']);
    w.feishu.emulator.addUser({ name: '私聊', openId: 'ou_dm' });
    const d = deps();
    for (let i = 0; i < 12; i++) await add({ kind: 'send', to: { chatId: 'oc_busy' }, body: text(`busy ${i}`) });
    await add({ kind: 'send', to: { chatId: 'oc_quiet' }, body: text('quiet') });
    await add({ kind: 'send', to: { openId: 'ou_dm' }, body: text('dm') });
    const first = await dispatchOutbox(d);
    // One quarter-second slot of the busy chat; the quiet chat and the p2p user are not held up.
    expect(first.sent).toBe(3);
    expect(
      sendsOf(w.feishu.emulator)
        .map((c) => c.to)
        .sort(),
    ).toEqual(['oc_busy', 'oc_quiet', 'ou_dm']);
    // The next row of the busy chat finds this quarter used and waits for the next one (.250).
    expect(await dispatchOutbox(d, { nextDue: true })).toMatchObject({
      sent: 0,
      deferred: 1,
      nextDueAt: new Date(clock.now().getTime() + 50),
    });
    const flushed = await flushOutbox(d);
    expect(flushed.sent).toBe(12 - 1);
    const busy = sendsOf(w.feishu.emulator).filter((c) => c.to === 'oc_busy');
    expect(busy.map((c) => c.text)).toEqual(Array.from({ length: 12 }, (_, i) => `busy ${i}`));
    expect(busy.every((c) => c.status === 200)).toBe(true);
    expect(maxInWindow(busy.map((c) => c.at))).toBeLessThanOrEqual(5);
    expect(busy.at(-1)!.at - busy[0]!.at).toBeGreaterThanOrEqual(2500); // 12 at 4/s: not faster
    noViolations();
  });

  it('keeps the app within 48 in any second (8 a quarter: room for calls that reach Feishu late)', async () => {
    seedChats(
      w.feishu.emulator,
      Array.from({ length: 120 }, (_, i) => `oc_${i}`),
    );
    const d = deps();
    for (let i = 0; i < 120; i++)
      await add({ kind: 'send', to: { chatId: `oc_${i}` }, body: text('x'), priority: PRIORITY.urgent });
    expect(await dispatchOutbox(d, { limit: 200 })).toMatchObject({ sent: 8, deferred: 112 }); // a quarter's worth
    await flushOutbox(d);
    const sends = sendsOf(w.feishu.emulator);
    expect(sends).toHaveLength(120);
    expect(new Set(sends.map((c) => c.to)).size).toBe(120);
    expect(maxInWindow(sends.map((c) => c.at))).toBeGreaterThanOrEqual(40);
    expect(maxInWindow(sends.map((c) => c.at))).toBeLessThanOrEqual(48);
    noViolations(); // Feishu's own 50/s gateway limit was never hit
  });

  it('claims urgent rows before bulk ones', async () => {
    seedChats(w.feishu.emulator, ['oc_digest0', 'oc_digest1', 'oc_digest2', 'oc_x']);
    for (let i = 0; i < 3; i++)
      await add({ kind: 'send', to: { chatId: `oc_digest${i}` }, body: text('digest'), priority: PRIORITY.bulk });
    clock.advance(1);
    await add({ kind: 'send', to: { chatId: 'oc_x' }, body: text('phone step'), priority: PRIORITY.urgent });
    await dispatchOutbox(deps(), { limit: 1 });
    expect(sendsOf(w.feishu.emulator).map((c) => c.text)).toEqual(['phone step']);
  });

  it('does not let bulk rows take the last app slots of a quarter second', async () => {
    seedChats(w.feishu.emulator, [...Array.from({ length: 60 }, (_, i) => `oc_d${i}`), 'oc_u0', 'oc_u1', 'oc_u2']);
    const d = deps();
    const sends = () => sendsOf(w.feishu.emulator);
    for (let i = 0; i < 60; i++)
      await add({ kind: 'send', to: { chatId: `oc_d${i}` }, body: text('digest'), priority: PRIORITY.bulk });
    expect(await dispatchOutbox(d, { limit: 100 })).toMatchObject({ sent: 6, deferred: 54 });
    // Still the same quarter second: a phone escalation arrives for three groups.
    for (let i = 0; i < 3; i++)
      await add({ kind: 'send', to: { chatId: `oc_u${i}` }, body: text('phone step'), priority: PRIORITY.urgent });
    expect(await dispatchOutbox(d, { limit: 100 })).toMatchObject({ sent: 2 });
    expect(sends().filter((c) => c.text === 'phone step')).toHaveLength(2);
    expect(sends()).toHaveLength(8);
    // Over any second the digests get at most 6 of each quarter's 8 (30 of 40), leaving room for urgent work.
    await flushOutbox(d);
    expect(sends()).toHaveLength(63);
    expect(
      maxInWindow(
        sends()
          .filter((c) => c.text === 'digest')
          .map((c) => c.at),
      ),
    ).toBeLessThanOrEqual(30);
    expect(maxInWindow(sends().map((c) => c.at))).toBeLessThanOrEqual(48);
    noViolations();
  });

  it('a buzz waits for the card it points at (not a failure), then uses its message id', async () => {
    seedChats(w.feishu.emulator, ['oc_a'], { openId: 'ou_1' });
    const d = deps();
    const buzz = await add({
      kind: 'urgent',
      message: { ref: 'anomaly:7:card' },
      urgent: 'phone',
      openIds: ['ou_1'],
      priority: 0,
    });
    expect(await dispatchOutbox(d)).toMatchObject({ sent: 0, failed: 0, deferred: 1 });
    expect(await row(buzz)).toMatchObject({ status: 'pending', attempts: 0 });
    expect(apiCalls()).toEqual([]);
    await add({
      kind: 'send',
      to: { chatId: 'oc_a' },
      body: interactive(cardV(1)),
      ref: 'anomaly:7:card',
      priority: 0,
    });
    await flushOutbox(d);
    const [sent] = w.feishu.emulator.messages('oc_a');
    expect(apiCalls()).toEqual(['POST /im/v1/messages', `PATCH /im/v1/messages/${sent!.messageId}/urgent_phone`]);
    expect(
      (
        await query<{ result_message_id: string }>(
          w.db.db,
          sql`select result_message_id from outbox where ref = 'anomaly:7:card'`,
        )
      )[0]!.result_message_id,
    ).toBe(sent!.messageId);
    expect(w.feishu.emulator.urgentCalls()).toMatchObject([{ messageId: sent!.messageId, callees: ['ou_1'] }]);
  });

  it('a card and its buzz enqueued together go out in the same pass', async () => {
    seedChats(w.feishu.emulator, ['oc_a'], { openId: 'ou_1' });
    await add({ kind: 'urgent', message: { ref: 'anomaly:8:card' }, urgent: 'app', openIds: ['ou_1'], priority: 0 });
    await add({
      kind: 'send',
      to: { chatId: 'oc_a' },
      body: interactive(cardV(1)),
      ref: 'anomaly:8:card',
      priority: 0,
    });
    expect(await dispatchOutbox(deps())).toMatchObject({ sent: 2 });
    const [sent] = w.feishu.emulator.messages('oc_a');
    expect(apiCalls()).toEqual(['POST /im/v1/messages', `PATCH /im/v1/messages/${sent!.messageId}/urgent_app`]);
  });

  it('a buzz whose card could not be sent fails with the reason; one whose card was cancelled is cancelled', async () => {
    const cardRow = await add({ kind: 'send', to: { chatId: 'oc_a' }, body: text('card'), ref: 'a:1:card' });
    await w.db.db.execute(
      sql`update outbox set status = 'failed', error_reason = 'bot_not_in_group', last_error = 'HTTP 400, code 230002' where id = ${cardRow}`,
    );
    const buzz = await add({ kind: 'urgent', message: { ref: 'a:1:card' }, urgent: 'app', openIds: ['ou_1'] });
    const card2 = await add({ kind: 'send', to: { chatId: 'oc_a' }, body: text('card'), ref: 'a:2:card' });
    await w.db.db.execute(sql`update outbox set status = 'cancelled' where id = ${card2}`);
    const buzz2 = await add({ kind: 'patch', message: { ref: 'a:2:card' }, card: cardV(0) });
    expect(await dispatchOutbox(deps())).toMatchObject({ failed: 1, cancelled: 1 });
    expect(await row(buzz)).toMatchObject({ status: 'failed', error_reason: 'target_not_sent' });
    expect(String((await row(buzz)).last_error)).toContain('230002');
    expect(await row(buzz2)).toMatchObject({ status: 'cancelled', error_reason: 'target_cancelled' });
    expect(apiCalls()).toEqual([]); // decided without calling Feishu
  });

  it('drops a card patch that a newer patch of the same card overtakes', async () => {
    seedChats(w.feishu.emulator, ['oc_a']);
    const { messageId: c } = await w.feishu.platform.send({ chatId: 'oc_a' }, interactive(cardV(0)), 'seed-c');
    const { messageId: other } = await w.feishu.platform.send({ chatId: 'oc_a' }, interactive(cardV(0)), 'seed-other');
    const old = await add({ kind: 'patch', message: { messageId: c }, card: cardV(1) });
    await add({ kind: 'patch', message: { messageId: c }, card: cardV(2) });
    await add({ kind: 'patch', message: { messageId: other }, card: cardV(1) });
    await flushOutbox(deps());
    const patches = (id: string) =>
      w.feishu.emulator
        .calls({ method: 'PATCH', path: `/im/v1/messages/${id}` })
        .map((x) => JSON.parse((x.body as { content: string }).content) as unknown);
    expect(patches(c)).toEqual([feishuCard(cardV(2))]);
    expect(patches(other)).toEqual([feishuCard(cardV(1))]);
    expect(w.feishu.emulator.message(c)!.content).toEqual(feishuCard(cardV(2)));
    expect(await row(old)).toMatchObject({ status: 'cancelled', error_reason: 'superseded' });
  });

  it('leaves rows due later alone, and says when to look again', async () => {
    seedChats(w.feishu.emulator, ['oc_a']);
    const d = deps();
    const later = new Date(clock.now().getTime() + 5 * 60_000);
    await add({ kind: 'send', to: { chatId: 'oc_a' }, body: text('later'), dueAt: later });
    expect(await dispatchOutbox(d, { nextDue: true })).toEqual({
      sent: 0,
      failed: 0,
      deferred: 0,
      cancelled: 0,
      nextDueAt: later,
    });
    // The Node loop polls anyway: without nextDue the pass does not look for it.
    expect(await dispatchOutbox(d)).toEqual({ sent: 0, failed: 0, deferred: 0, cancelled: 0 });
    expect(apiCalls()).toHaveLength(0);
    const f = await flushOutbox(d, { until: new Date(clock.now().getTime() + 60_000) });
    expect(f.sent).toBe(0);
    expect(apiCalls()).toHaveLength(0);
    await flushOutbox(d);
    expect(sendsOf(w.feishu.emulator)).toMatchObject([{ to: 'oc_a', text: 'later', at: later.getTime() }]);
  });

  it('takes a call’s slots all or none, naming only the full key', async () => {
    const now = clock.now().getTime();
    expect(await takeSlots(w.db.db, slotsFor(feishuTraits, 'chat:oc_a', PRIORITY.normal, now))).toEqual([]);
    const again = await takeSlots(w.db.db, slotsFor(feishuTraits, 'chat:oc_a', PRIORITY.normal, now));
    expect(again.map((s) => s.key)).toEqual(['chat:oc_a#0']); // the app still has room this quarter
    const counts = await query<{ key: string; count: number }>(
      w.db.db,
      sql`select key, count from rate_slots order by key`,
    );
    expect(counts).toEqual([
      { key: 'app#0', count: 1 }, // the refused call did not keep the app slot it would have needed
      { key: 'chat:oc_a#0', count: 1 },
    ]);
  });

  it('prunes old rate counters', async () => {
    seedChats(w.feishu.emulator, ['oc_a']);
    await add({ kind: 'send', to: { chatId: 'oc_a' }, body: text('x') });
    expect(await dispatchOutbox(deps())).toMatchObject({ sent: 1 });
    const [{ n }] = (await query<{ n: number }>(w.db.db, sql`select count(*)::int as n from rate_slots`)) as [
      { n: number },
    ];
    // The app's quarter second and the chat's, the group's window cell and the send API's minute cell.
    expect(n).toBe(4);
    expect(await pruneRateSlots(w.db.db, clock.now())).toBe(0);
    expect(await pruneRateSlots(w.db.db, new Date(clock.now().getTime() + 1000))).toBe(4);
  });
});
