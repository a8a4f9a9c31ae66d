import { describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createAcceptor, QUIET_MS } from '../../src/core/accept-batch';
import { query, type Db } from '../../src/db/client';
import { useTestDatabase } from '../helpers/db';
import { countingDb, inboundMessage } from '../helpers/inbound';

const at = new Date('2026-11-23T02:00:00Z');
let seq = 0;
const message = (text = '/help') => inboundMessage(`om_accept_${++seq}`, text, 'oc_accept');

const stored = async (db: Db, ids: string[]) =>
  (
    await query<{ id: string }>(
      db,
      sql`select id from inbound_events where id in ${
        ids.length
          ? sql`(${sql.join(
              ids.map((i) => sql`${i}`),
              sql`, `,
            )})`
          : sql`('')`
      }`,
    )
  )
    .map((r) => r.id)
    .sort();

describe('accepting events: group commit', () => {
  const db = useTestDatabase();

  it('stores a burst of events in a few multi-row inserts, each event once, each answered new', async () => {
    const c = countingDb(db.db, ['insert']);
    const acceptor = createAcceptor(c.db, { inFlight: 1 });
    const events = Array.from({ length: 60 }, () => message());
    const answers = await Promise.all(events.map((e) => acceptor.accept(e, at)));
    expect(answers.every((a) => a === true)).toBe(true);
    expect(
      await stored(
        db.db,
        events.map((e) => e.id),
      ),
    ).toEqual(events.map((e) => e.id).sort());
    // One insert at once: the first event goes alone, the rest wait for it and go together.
    expect(c.count()).toBeLessThanOrEqual(3);
  });

  it('answers a second delivery as a duplicate, in a later batch or in the same one', async () => {
    const acceptor = createAcceptor(db.db);
    const first = message();
    expect(await acceptor.accept(first, at)).toBe(true);
    expect(await acceptor.accept({ ...first }, at)).toBe(false);

    const twin = message();
    const answers = await Promise.all([
      acceptor.accept(twin, at),
      acceptor.accept({ ...twin }, at),
      acceptor.accept(message(), at),
    ]);
    expect(answers).toEqual([true, false, true]);
    const [row] = await query<{ n: number }>(
      db.db,
      sql`select count(*)::int as n from inbound_events where id = ${twin.id}`,
    );
    expect(row?.n).toBe(1);
  });

  it('fails only the event the database refuses, not the others in its batch', async () => {
    const acceptor = createAcceptor(db.db, { inFlight: 1 });
    // Postgres's jsonb refuses the NUL character: this event cannot be stored.
    const bad = message('/help \u0000');
    const good = [message(), message(), message()];
    const results = await Promise.allSettled([
      acceptor.accept(message(), at),
      ...[bad, ...good].map((e) => acceptor.accept(e, at)),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled', 'fulfilled', 'fulfilled']);
    expect(await stored(db.db, [bad.id, ...good.map((e) => e.id)])).toEqual(good.map((e) => e.id).sort());
  });

  it('fails a whole batch at once when the database itself fails, without retrying row by row', async () => {
    let inserts = 0;
    const down = new Proxy(db.db, {
      get(target, key, receiver) {
        if (key === 'insert') {
          inserts++;
          throw Object.assign(new Error('connection terminated'), { code: '57P01' });
        }
        const v = Reflect.get(target, key, receiver) as unknown;
        return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v;
      },
    });
    const acceptor = createAcceptor(down, { inFlight: 1 });
    const results = await Promise.allSettled([
      acceptor.accept(message(), at),
      ...Array.from({ length: 5 }, () => acceptor.accept(message(), at)),
    ]);
    expect(results.every((r) => r.status === 'rejected')).toBe(true);
    // All six arrived in one turn: one statement, and no retry of each row after it.
    expect(inserts).toBe(1);
  });

  it('estimates the arrival rate, decaying over about a second', async () => {
    let now = 0;
    const acceptor = createAcceptor(db.db, { now: () => now });
    expect(acceptor.rate()).toBe(0);
    // 100 events 10 ms apart: a second of 100/s.
    const stored: Promise<boolean>[] = [];
    for (let i = 0; i < 100; i++) {
      stored.push(acceptor.accept(message(), at));
      now += 10;
    }
    await Promise.all(stored);
    expect(acceptor.rate()).toBeGreaterThan(55);
    expect(acceptor.rate()).toBeLessThan(100);
    now += 3_000;
    expect(acceptor.rate()).toBeLessThan(5);
  });

  it('reports pressure while events arrive and for QUIET_MS after the last one', async () => {
    let now = 1_000;
    const acceptor = createAcceptor(db.db, { now: () => now });
    expect(acceptor.pressed()).toBe(false);
    const pending = acceptor.accept(message(), at);
    expect(acceptor.pressed()).toBe(true);
    await pending;
    await new Promise((r) => setTimeout(r, 0));
    now += QUIET_MS - 1;
    expect(acceptor.pressed()).toBe(true);
    now += 2;
    expect(acceptor.pressed()).toBe(false);
  });
});
