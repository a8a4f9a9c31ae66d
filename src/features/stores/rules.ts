/**
 * Pure store rules: which store a person meant by a name they typed, and what to say when it was
 * none or several. No database here (repo.ts loads the stores), so this is tested without one.
 */
import type { Translate } from '../../i18n';
import { M } from '../../i18n/messages';

/** What matching needs of a store: its name (any row type that has one will do). */
export interface Named {
  name: string;
}

/** Exact name first, then a unique partial match ("天猫" → "天猫旗舰店"); ambiguous → all candidates. */
export function matchStore<S extends Named>(all: S[], query: string): { store?: S; candidates: S[] } {
  const q = query.trim().toLowerCase();
  const exact = all.find((s) => s.name.toLowerCase() === q);
  if (exact) return { store: exact, candidates: [exact] };
  const partial = all.filter((s) => s.name.toLowerCase().includes(q) || q.includes(s.name.toLowerCase()));
  return partial.length === 1 ? { store: partial[0], candidates: partial } : { candidates: partial };
}

/** The reply when `query` named no store, or several: the candidates, else every store. */
export function noStoreMatch(t: Translate, query: string, all: Named[], candidates: Named[]): string {
  const names = (xs: Named[]) => (xs.length ? xs.map((s) => s.name).join('、') : t(M.noStoresListed));
  return candidates.length > 1
    ? t(M.storeAmbiguous, { name: query, list: names(candidates) })
    : t(M.storeNotFound, { name: query, list: names(all) });
}

/** Whom to @-mention for these stores: each one's own ops, else `teamOps`; each person once. */
export function pickOps(
  storeIds: readonly (number | null)[],
  perStore: ReadonlyMap<number, readonly string[]>,
  teamOps: readonly string[],
): string[] {
  const out = new Set<string>();
  for (const id of storeIds) {
    const own = id ? perStore.get(id) : undefined;
    for (const who of own?.length ? own : teamOps) out.add(who);
  }
  return [...out];
}
