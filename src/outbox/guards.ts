import type { Db } from '../db/client';

/**
 * A guard is re-checked inside the transaction that sends an outbox row, holding a lock on the
 * guarded domain row (SELECT … FOR SHARE). "anomaly:42" → guards.anomaly(tx, "42"). If it returns
 * false the row is cancelled instead of sent: no buzz goes out after a claim has been answered.
 * Features register their guards through defineFeature; the dispatcher gets them from Deps.app.
 */
export type Guard = (tx: Db, id: string) => Promise<boolean>;

export async function checkGuard(guards: Readonly<Record<string, Guard>>, tx: Db, guard: string): Promise<boolean> {
  const i = guard.indexOf(':');
  const name = i < 0 ? guard : guard.slice(0, i);
  const fn = guards[name];
  if (!fn) throw new Error(`unknown outbox guard "${name}"`);
  return fn(tx, i < 0 ? '' : guard.slice(i + 1));
}
