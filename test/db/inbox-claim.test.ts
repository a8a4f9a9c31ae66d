/**
 * The inbox loop's claim finds the unfinished messages without walking the processed ones: the
 * inbox keeps 7 days of rows, and after a flood a claim that scanned them all (in received_at
 * order, filtering) drained the backlog at a quarter of its speed.
 */
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { claimUnfinished, unfinishedIds } from '../../src/core/inbox';
import { query } from '../../src/db/client';
import { useTestDatabase } from '../helpers/db';

describe('the inbox claim', () => {
  const db = useTestDatabase();
  const now = new Date('2026-12-02T03:00:00.000Z');

  it('reads only unfinished rows however many processed ones are kept (a backlog among a week of rows), and takes the oldest first', async () => {
    await query(
      db.db,
      sql`insert into inbound_events (id, kind, event, received_at, claimed_until, processed_at, attempts, outcome)
          select 'done' || g, 'message', '{}'::jsonb, ${now.toISOString()}::timestamptz - interval '2 hours' + g * interval '1 ms',
                 ${now.toISOString()}::timestamptz, ${now.toISOString()}::timestamptz, 1, 'replied'
          from generate_series(1, 20000) g`,
    );
    await query(
      db.db,
      sql`insert into inbound_events (id, kind, event, received_at, claimed_until, attempts)
          select 'left' || g, 'message', jsonb_build_object('type', 'message', 'id', 'left' || g),
                 ${now.toISOString()}::timestamptz - interval '1 hour' + g * interval '100 ms',
                 ${now.toISOString()}::timestamptz - interval '1 minute', 1
          from generate_series(1, 5000) g`,
    );
    await query(db.db, sql`analyze inbound_events`);
    const plan = await query<Record<string, unknown>>(
      db.db,
      sql`explain (analyze, format json) ${unfinishedIds(now, 20)}`,
    );
    const text = JSON.stringify(plan);
    const removed = [...text.matchAll(/"Rows Removed by Filter":\s*(\d+)/g)].reduce((a, m) => a + Number(m[1]), 0);
    expect(removed).toBeLessThan(100); // not the 20,000 processed rows
    const claimed = await claimUnfinished(db.db, now, 20);
    // The oldest twenty (an UPDATE … RETURNING gives its rows in no particular order).
    expect(claimed.map((e) => e.id).sort()).toEqual(Array.from({ length: 20 }, (_, i) => `left${i + 1}`).sort());
  });
});
