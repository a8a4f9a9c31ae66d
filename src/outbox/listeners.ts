import { onBuzzOutcome } from '../anomalies/buzz-outcome';
import type { Deps } from '../core/deps';
import type { OutboxRow } from './claim';

export type OutboxOutcome =
  | { status: 'sent'; messageId?: string; result?: Record<string, unknown> }
  /** `reason` is classify.ts's name for it; explainFailure() turns it into words. */
  | { status: 'failed'; reason: string; code?: number; message: string }
  | { status: 'cancelled'; reason: 'guard' | 'superseded' | 'target_cancelled' };

/**
 * A feature reacting to what became of its outbox rows — e.g. the anomaly feature tells the group
 * "phone quota exhausted" on 230024, or moves on to the next person. Keyed by the row's ref prefix:
 * ref "anomaly:42:buzz:1" → outboxListeners.anomaly. Rows without a ref call nobody.
 *
 * It runs inside the transaction that records the outcome, in a savepoint, with `deps.db` being
 * that transaction: what it writes (state, timers, new outbox rows) commits together with the
 * outcome, exactly once. If it throws, its writes are rolled back and the error logged, but the
 * outcome stands — retrying the send to retry a listener would post or buzz twice. Call
 * `deps.wake()` after enqueueing, as elsewhere. Keep it short: on a guarded row the guard's lock
 * is still held.
 */
export type OutboxListener = (deps: Deps, row: OutboxRow, outcome: OutboxOutcome) => Promise<void>;

export const outboxListeners: Record<string, OutboxListener> = { anomaly: onBuzzOutcome };

export function listenerFor(ref: string | null): OutboxListener | undefined {
  if (!ref) return undefined;
  const i = ref.indexOf(':');
  return outboxListeners[i < 0 ? ref : ref.slice(0, i)];
}
