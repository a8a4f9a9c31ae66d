import { ManualClock } from '../../src/clock';
import type { Deps } from '../../src/core/deps';
import { dispatchOutbox } from '../../src/outbox/dispatcher';

export interface FlushResult {
  sent: number;
  failed: number;
  cancelled: number;
  rounds: number;
  /** How far the clock was moved to reach rows that were waiting (rate slots, retries). */
  advancedMs: number;
}

/**
 * Delivers what is in the outbox: runs dispatchOutbox until nothing is pending, moving a
 * ManualClock to the next due time whenever every pending row is waiting (for a rate slot, a
 * retry, a later due time). With another clock it waits in real time instead.
 *
 * `until`: stop rather than move the clock past this (e.g. leave a reminder due in an hour alone).
 * Throws when rows are still pending after `maxRounds` — something is stuck, and the test should say so.
 */
export async function flushOutbox(deps: Deps, opts: { maxRounds?: number; until?: Date } = {}): Promise<FlushResult> {
  const maxRounds = opts.maxRounds ?? 1_000;
  const total: FlushResult = { sent: 0, failed: 0, cancelled: 0, rounds: 0, advancedMs: 0 };
  for (;;) {
    if (total.rounds >= maxRounds)
      throw new Error(`flushOutbox: rows still pending after ${maxRounds} rounds (${JSON.stringify(total)})`);
    total.rounds++;
    const r = await dispatchOutbox(deps, { runnerId: 'flush', nextDue: true });
    total.sent += r.sent;
    total.failed += r.failed;
    total.cancelled += r.cancelled;
    if (!r.nextDueAt) return total;
    const wait = r.nextDueAt.getTime() - deps.clock.now().getTime();
    if (wait <= 0) continue;
    if (opts.until && r.nextDueAt > opts.until) return total;
    if (deps.clock instanceof ManualClock) deps.clock.advance(wait);
    else await new Promise((resolve) => setTimeout(resolve, wait));
    total.advancedMs += wait;
  }
}
