import { and, asc, eq, inArray, isNull } from 'drizzle-orm';
import { signalData } from '../../core/data-signals';
import { pickOps } from './rules';
import { storeAgents, stores } from './schema';
import type { Db } from '../../db/client';
import type { PlatformKey } from './platforms';

export type Store = typeof stores.$inferSelect;

export async function activeStores(db: Db, teamId: number): Promise<Store[]> {
  return db
    .select()
    .from(stores)
    .where(and(eq(stores.teamId, teamId), isNull(stores.removedAt)))
    .orderBy(asc(stores.createdAt), asc(stores.id));
}

/** Adds a store; undefined when the team already lists one of that name (nothing is added). */
export async function addStore(
  db: Db,
  teamId: number,
  store: { name: string; platform: PlatformKey },
  now: Date,
): Promise<Store | undefined> {
  const [row] = await db
    .insert(stores)
    .values({ teamId, name: store.name, platform: store.platform, createdAt: now })
    .onConflictDoNothing()
    .returning();
  return row;
}

/**
 * Marks a store removed (kept, so old anomalies and KPIs still name it) and signals "stores". False when it was removed
 * already — by a concurrent /store remove — or is not this team's.
 */
export async function removeStore(db: Db, teamId: number, storeId: number, now: Date): Promise<boolean> {
  const rows = await db
    .update(stores)
    .set({ removedAt: now })
    .where(and(eq(stores.id, storeId), eq(stores.teamId, teamId), isNull(stores.removedAt)))
    .returning({ id: stores.id });
  // What is about the store (its alerts) is looked at again: the "stores" data signal.
  if (rows.length) await signalData(db, teamId, 'stores', now);
  return rows.length > 0;
}

/** `/store ops`: replaces the store's ops people (an empty list clears them). False when it is gone. */
export async function setStoreOps(db: Db, teamId: number, storeId: number, ops: readonly string[]): Promise<boolean> {
  const rows = await db
    .update(stores)
    .set({ ops: [...ops] })
    .where(and(eq(stores.id, storeId), eq(stores.teamId, teamId), isNull(stores.removedAt)))
    .returning({ id: stores.id });
  return rows.length > 0;
}

/**
 * The ops of these stores, to @-mention on their alerts: each store's own (`/store ops`), or the
 * team's ops role (`teamOps`) for a store that has none, a removed one, or the team as a whole
 * (null / 0). Each person once, in the stores' order.
 */
export async function opsOfStores(
  db: Db,
  teamId: number,
  storeIds: readonly (number | null)[],
  teamOps: readonly string[],
): Promise<string[]> {
  const ids = [...new Set(storeIds.filter((id): id is number => !!id))];
  const rows = ids.length
    ? await db
        .select({ id: stores.id, ops: stores.ops })
        .from(stores)
        .where(and(eq(stores.teamId, teamId), inArray(stores.id, ids), isNull(stores.removedAt)))
    : [];
  return pickOps(storeIds, new Map(rows.map((r) => [r.id, r.ops])), teamOps);
}

/** `/store agents <store> @a @b`: these members work the store's accounts now (the list is replaced). */
export async function setStoreAgents(db: Db, storeId: number, memberIds: number[], now: Date): Promise<void> {
  await db.delete(storeAgents).where(eq(storeAgents.storeId, storeId));
  if (memberIds.length)
    await db
      .insert(storeAgents)
      .values([...new Set(memberIds)].map((memberId) => ({ storeId, memberId, createdAt: now })))
      .onConflictDoNothing();
}

/** The active stores each member of the team works, by member id (store names in store order). */
export async function storesByMember(db: Db, teamId: number): Promise<Map<number, string[]>> {
  const rows = await db
    .select({ memberId: storeAgents.memberId, name: stores.name })
    .from(storeAgents)
    .innerJoin(stores, eq(storeAgents.storeId, stores.id))
    .where(and(eq(stores.teamId, teamId), isNull(stores.removedAt)))
    .orderBy(asc(stores.createdAt), asc(stores.id));
  const out = new Map<number, string[]>();
  for (const r of rows) out.set(r.memberId, [...(out.get(r.memberId) ?? []), r.name]);
  return out;
}
