import { describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createAcceptor } from '../../src/core/accept-batch';
import { createProcessedMarks } from '../../src/core/processed-marks';
import { query } from '../../src/db/client';
import { useTestDatabase } from '../helpers/db';
import { countingDb, inboundMessage } from '../helpers/inbound';

describe('processed marks', () => {
  const db = useTestDatabase();
  const at = new Date('2026-11-23T02:00:01.000Z');

  async function accepted(ids: string[]) {
    const acceptor = createAcceptor(db.db);
    await Promise.all(ids.map((id) => acceptor.accept(inboundMessage(id), at)));
    return ids.map((id) => `msg:${id}`);
  }
  const marked = async (ids: string[]) =>
    query<{ id: string; outcome: string | null; processed: string | Date | null }>(
      db.db,
      sql`select id, outcome, processed_at as processed from inbound_events
          where id in ${sql`(${sql.join(
            ids.map((id) => sql`${id}`),
            sql`, `,
          )})`} order by id`,
    );

  it('writes the marks of events finishing together in one statement, each resolving once written', async () => {
    const ids = await accepted(['om_pm_1', 'om_pm_2', 'om_pm_3', 'om_pm_4']);
    const counting = countingDb(db.db);
    const marks = createProcessedMarks(counting.db, { flushMs: 20 });
    await Promise.all(ids.map((id, i) => marks.mark(id, i % 2 ? 'ok' : 'ignored', at)));
    expect(counting.count()).toBe(1);
    const rows = await marked(ids);
    expect(rows.map((r) => [r.id, r.outcome])).toEqual(ids.map((id, i) => [id, i % 2 ? 'ok' : 'ignored']));
    expect(rows.every((r) => r.processed && new Date(r.processed).getTime() === at.getTime())).toBe(true);
  });

  it('flushes a full batch at once, without waiting out the delay, and the rest after it', async () => {
    const ids = await accepted(['om_pm_b1', 'om_pm_b2', 'om_pm_b3']);
    const counting = countingDb(db.db);
    // A delay no test waits for: only the batch size can flush the first two.
    const marks = createProcessedMarks(counting.db, { flushMs: 60_000, batch: 2 });
    await Promise.all([marks.mark(ids[0]!, 'ok', at), marks.mark(ids[1]!, 'ok', at)]);
    expect(counting.count()).toBe(1);
    expect((await marked(ids)).map((r) => r.outcome)).toEqual(['ok', 'ok', null]);
  });

  it('rejects every mark of a batch whose write failed, so the caller can log it (the event re-runs after its lease)', async () => {
    const failing = new Proxy(db.db, {
      get(target, key, receiver) {
        if (key === 'execute') return () => Promise.reject(new Error('connection lost'));
        return Reflect.get(target, key, receiver) as unknown;
      },
    });
    const marks = createProcessedMarks(failing, { flushMs: 1 });
    const results = await Promise.allSettled([marks.mark('msg:a', 'ok', at), marks.mark('msg:b', 'ok', at)]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
  });
});
