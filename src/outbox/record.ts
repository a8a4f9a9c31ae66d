/** Writing down what became of a claimed row. */
import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Deps } from '../core/deps';
import type { PlatformWords } from '../port/platform';
import type { Db } from '../db/client';
import { outbox } from '../db/schema';
import type { OutboxRow } from './claim';
import { explainFailure } from './classify';
import { listenerFor, type OutboxOutcome } from './listeners';

/**
 * Marks the row sent, failed or cancelled — unless it is no longer pending (a replica that took it
 * over after our lease ran out recorded it first) — and lets the feature's listener react in the
 * same transaction. Returns false when someone else had recorded it.
 */
export async function finishRow(
  deps: Deps,
  db: Db,
  row: OutboxRow,
  outcome: OutboxOutcome,
  opts: { called: boolean; words?: PlatformWords },
): Promise<boolean> {
  const now = deps.clock.now();
  const common = {
    status: outcome.status,
    finishedAt: now,
    claimedUntil: null,
    ...(opts.called ? { attempts: sql`${outbox.attempts} + 1` } : {}),
  };
  const values =
    outcome.status === 'sent'
      ? { ...common, sentAt: now, resultMessageId: outcome.messageId ?? null, result: outcome.result ?? null }
      : outcome.status === 'failed'
        ? {
            ...common,
            errorReason: outcome.reason,
            errorCode: outcome.code ?? null,
            lastError: outcome.message.slice(0, 1000),
            // The words are kept with the row, in the terms of its platform, so anyone reading it can show them.
            result: {
              explanation: explainFailure({ ...outcome, attempts: row.attempts + (opts.called ? 1 : 0) }, opts.words),
            },
          }
        : { ...common, errorReason: outcome.reason };
  const write = async (d: Db) =>
    (
      await d
        .update(outbox)
        .set(values)
        .where(and(eq(outbox.id, row.id), eq(outbox.status, 'pending')))
        .returning({ id: outbox.id })
    ).length > 0;

  const listener = listenerFor(deps.app.listeners, row.ref);
  if (!listener) return write(db);
  return db.transaction(async (tx) => {
    if (!(await write(tx))) return false;
    try {
      await tx.transaction((sp) => listener({ ...deps, db: sp }, row, outcome));
    } catch (err) {
      deps.log.error('outbox listener failed', {
        id: row.id,
        ref: row.ref,
        status: outcome.status,
        error: err instanceof Error ? err.message : String(err),
      });
    }
    return true;
  });
}

/**
 * Puts a row back for a later try, if this pass still holds it. `holdUntil` keeps due_at (and so
 * the row's place in its lane) — for rate limits and for errors in a shared lane; `dueAt`
 * reschedules it — for errors of a row alone in its lane.
 */
export async function retryRow(
  db: Db,
  row: OutboxRow,
  token: string,
  r: { holdUntil?: Date; dueAt?: Date; countsAsAttempt: boolean; reason: string; code?: number; message: string },
): Promise<void> {
  await db
    .update(outbox)
    .set({
      claimedUntil: r.holdUntil ?? null,
      ...(r.dueAt ? { dueAt: r.dueAt } : {}),
      ...(r.countsAsAttempt ? { attempts: sql`${outbox.attempts} + 1` } : {}),
      errorReason: r.reason,
      errorCode: r.code ?? null,
      lastError: r.message.slice(0, 1000),
    })
    .where(and(eq(outbox.id, row.id), eq(outbox.status, 'pending'), eq(outbox.claimedBy, token)));
}

/** Holds rows this pass could not send yet until `until` (null: free them for anyone now). */
export async function holdRows(db: Db, ids: number[], token: string, until: Date | null): Promise<void> {
  if (!ids.length) return;
  await db
    .update(outbox)
    .set({ claimedUntil: until })
    .where(and(inArray(outbox.id, ids), eq(outbox.status, 'pending'), eq(outbox.claimedBy, token)));
}
