import type { Deps } from '../core/deps';
import type { OutboxRow } from './claim';

export type OutboxOutcome =
  | { status: 'sent'; messageId?: string; result?: Record<string, unknown> }
  /** `reason` is a platform-neutral name for it (see classify.ts); explainFailure() turns it into words. */
  | { status: 'failed'; reason: string; code?: number; message: string }
  | { status: 'cancelled'; reason: 'guard' | 'superseded' | 'target_cancelled' };

/**
 * A feature reacting to what became of its outbox rows — e.g. the anomaly feature tells the group
 * "phone quota exhausted", or moves on to the next person. Keyed by the row's ref prefix:
 * ref "anomaly:42:buzz:1" → the listener of the feature named "anomaly". Rows without a ref call nobody.
 *
 * It runs inside the transaction that records the outcome, in a savepoint, with `deps.db` being
 * that transaction: what it writes (state, timers, new outbox rows) commits together with the
 * outcome, exactly once. If it throws, its writes are rolled back and the error logged, but the
 * outcome stands — retrying the send to retry a listener would post or buzz twice. Call
 * `deps.wake()` after enqueueing, as elsewhere. Keep it short: on a guarded row the guard's lock
 * is still held.
 */
export type OutboxListener = (deps: Deps, row: OutboxRow, outcome: OutboxOutcome) => Promise<void>;

export function listenerFor(
  listeners: Readonly<Record<string, OutboxListener>>,
  ref: string | null,
): OutboxListener | undefined {
  if (!ref) return undefined;
  const i = ref.indexOf(':');
  return listeners[i < 0 ? ref : ref.slice(0, i)];
}
