import { and, asc, eq, isNull } from 'drizzle-orm';
import { stores } from './schema';
import type { Db } from '../../db/client';
import type { Translate } from '../../i18n';
import { M } from '../../i18n/messages';

export type Store = typeof stores.$inferSelect;

export async function activeStores(db: Db, teamId: number): Promise<Store[]> {
  return db.select().from(stores).where(and(eq(stores.teamId, teamId), isNull(stores.removedAt))).orderBy(asc(stores.createdAt), asc(stores.id));
}

/** Exact name first, then a unique partial match ("天猫" → "天猫旗舰店"); ambiguous → all candidates. */
export function matchStore(all: Store[], query: string): { store?: Store; candidates: Store[] } {
  const q = query.trim().toLowerCase();
  const exact = all.find((s) => s.name.toLowerCase() === q);
  if (exact) return { store: exact, candidates: [exact] };
  const partial = all.filter((s) => s.name.toLowerCase().includes(q) || q.includes(s.name.toLowerCase()));
  return partial.length === 1 ? { store: partial[0], candidates: partial } : { candidates: partial };
}

/** The reply when `query` named no store, or several: the candidates, else every store. */
export function noStoreMatch(t: Translate, query: string, all: Store[], candidates: Store[]): string {
  const names = (xs: Store[]) => (xs.length ? xs.map((s) => s.name).join('、') : t(M.noStoresListed));
  return candidates.length > 1
    ? t(M.storeAmbiguous, { name: query, list: names(candidates) })
    : t(M.storeNotFound, { name: query, list: names(all) });
}
