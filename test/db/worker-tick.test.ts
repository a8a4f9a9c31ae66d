/**
 * The Workers cron tick (runtime/worker-tick.ts, what src/worker.ts's scheduled() runs) against a
 * backlog left to the inbox: it resumes batch after batch within its budget, and what the budget
 * leaves waits for the next tick, run once.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/clock';
import { eventLanes } from '../../src/core/event-lanes';
import { claimUnfinished, INBOX_LEASE_MS } from '../../src/core/inbox';
import { query } from '../../src/db/client';
import { RESUME_BATCH } from '../../src/runtime/work-loop';
import { runScheduledTick, TICK_DRAIN_MS, TICK_RESUME_BUDGET_MS } from '../../src/runtime/worker-tick';
import { useTestDatabase } from '../helpers/db';
import { createTestDeps } from '../helpers/deps';
import { seedGroup, startFakeFeishu, type FakeFeishu } from '../helpers/fake-feishu';
import { leftToInbox } from '../helpers/inbox-backlog';

const BACKLOG = 150;

describe('the Workers cron tick with a backlog in the inbox', () => {
  const db = useTestDatabase();
  const clock = new ManualClock(new Date('2026-11-23T02:00:00.000Z'));
  let feishu: FakeFeishu;
  beforeAll(async () => {
    feishu = await startFakeFeishu({ clock });
    clock.freeze(); // a lease ends exactly when a test moves the clock past it, not a few ms of work later
  });
  afterAll(() => feishu?.close());

  const deps = () => createTestDeps({ database: db, platform: feishu.platform, clock });

  const leftToInboxHere = (group: string, n: number) => leftToInbox(feishu.emulator, deps(), clock, group, n);

  /** Per event: how often it was taken (accept + claims), whether it is processed, its replies queued. */
  async function state(ids: string[]) {
    const list = sql.join(
      ids.map((id) => sql`${id}`),
      sql`, `,
    );
    return query<{ attempts: number; processed: boolean; outcome: string | null; replies: number }>(
      db.db,
      sql`select e.attempts, e.processed_at is not null as processed, e.outcome,
            (select count(*)::int from outbox o
              where o.kind = 'reply' and o.target->>'messageId' = e.event->>'messageId') as replies
          from inbound_events e where e.id in (${list})`,
    );
  }

  /** The tick at the clock's minute; its drain makes one pass (its time is up on a wall clock that never moves). */
  const tick = (wallNow: () => number) => runScheduledTick(deps(), clock.now().getTime(), wallNow);
  const past = () => clock.now().getTime() + TICK_DRAIN_MS;

  it(`resumes all ${BACKLOG} in one tick, each once, where one batch of ${RESUME_BATCH} used to be all`, async () => {
    const ids = await leftToInboxHere('客服积压一组', BACKLOG);
    const { resumed } = await tick(past);
    expect(resumed).toEqual({ ran: BACKLOG, batches: Math.ceil(BACKLOG / RESUME_BATCH) });
    const rows = await state(ids);
    expect(rows).toHaveLength(BACKLOG);
    for (const row of rows) expect(row).toEqual({ attempts: 2, processed: true, outcome: 'ok', replies: 1 });
  });

  it('stops claiming when its budget is spent; the next tick takes the rest, none run twice', async () => {
    const ids = await leftToInboxHere('客服积压二组', BACKLOG);
    // Every look at the wall clock finds half the budget gone: the budget is spent after batch two.
    let reads = 0;
    const { resumed } = await tick(() => past() + (reads++ * TICK_RESUME_BUDGET_MS) / 2);
    expect(resumed).toEqual({ ran: 2 * RESUME_BATCH, batches: 2 });
    const first = await state(ids);
    expect(first.filter((r) => r.processed)).toHaveLength(2 * RESUME_BATCH);
    // The rest were never claimed: no lease of this tick holds them from the next one.
    expect(first.filter((r) => !r.processed).every((r) => r.attempts === 1 && r.replies === 0)).toBe(true);

    clock.advance(60_000);
    expect((await tick(past)).resumed).toEqual({ ran: BACKLOG - 2 * RESUME_BATCH, batches: 6 });
    for (const row of await state(ids))
      expect(row).toEqual({ attempts: 2, processed: true, outcome: 'ok', replies: 1 });
  });

  it('leaves a batch claimed by a tick that was cut off to a tick after its lease, which runs it once', async () => {
    const ids = await leftToInboxHere('客服积压三组', RESUME_BATCH + 5);
    // The tick that claimed a batch and was then stopped (past its CPU limit) before finishing it.
    const cut = await claimUnfinished(db.db, clock.now(), RESUME_BATCH);
    expect(cut).toHaveLength(RESUME_BATCH);
    const cutIds = new Set(cut.map((e) => e.id));

    clock.advance(60_000); // the next minute's tick: the cut batch's lease still holds
    expect((await tick(past)).resumed).toEqual({ ran: 5, batches: 1 });
    const waiting = (await state(ids)).filter((r) => !r.processed);
    expect(waiting).toHaveLength(RESUME_BATCH);

    clock.advance(60_000); // its lease has run out: this tick takes the batch over
    expect((await tick(past)).resumed).toEqual({ ran: RESUME_BATCH, batches: 2 });
    const rows = await state(ids);
    for (const row of rows) expect(row).toMatchObject({ processed: true, outcome: 'ok', replies: 1 });
    expect(rows.filter((r) => r.attempts === 3)).toHaveLength(cutIds.size); // accepted, cut, resumed
  });
});
