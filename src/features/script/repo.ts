/** The library's rows: scripts with their use counts, versions, synonyms, links and uses. */
import { and, asc, eq, isNull, or, sql } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { scriptLinks, scriptSynonyms, scriptUses, scriptVersions, scripts, type Script } from './schema';

export interface ListedScript extends Script {
  uses: number;
  lastUsedAt: Date | null;
}

// Written out: inside a select list drizzle renders a column without its table, which here would
// bind to the subquery's own id.
const useCount = sql<number>`(select count(*)::int from script_uses u where u.script_id = scripts.id)`;
const lastUse = sql<Date | null>`(select max(u.at) from script_uses u where u.script_id = scripts.id)`;

/**
 * The scripts `viewer` may see, not removed: public and department ones, and the viewer's own
 * personal ones (viewer null: a group, where no personal script is ever shown).
 */
export async function visibleScripts(db: Db, teamId: number, viewer: string | null): Promise<ListedScript[]> {
  const rows = await db
    .select({ s: scripts, uses: useCount, lastUsedAt: lastUse })
    .from(scripts)
    .where(
      and(
        eq(scripts.teamId, teamId),
        isNull(scripts.removedAt),
        viewer
          ? or(sql`${scripts.tier} <> 'personal'`, eq(scripts.ownerOpenId, viewer))
          : sql`${scripts.tier} <> 'personal'`,
      ),
    )
    .orderBy(asc(scripts.id));
  return rows.map((r) => ({ ...r.s, uses: Number(r.uses), lastUsedAt: r.lastUsedAt ? new Date(r.lastUsedAt) : null }));
}

export async function scriptById(db: Db, teamId: number, id: number): Promise<ListedScript | undefined> {
  const [r] = await db
    .select({ s: scripts, uses: useCount, lastUsedAt: lastUse })
    .from(scripts)
    .where(and(eq(scripts.teamId, teamId), eq(scripts.id, id)));
  return r ? { ...r.s, uses: Number(r.uses), lastUsedAt: r.lastUsedAt ? new Date(r.lastUsedAt) : null } : undefined;
}

export const versionsOf = (db: Db, scriptId: number) =>
  db.select().from(scriptVersions).where(eq(scriptVersions.scriptId, scriptId)).orderBy(asc(scriptVersions.version));

export async function synonymGroups(db: Db, teamId: number): Promise<string[][]> {
  const rows = await db
    .select({ words: scriptSynonyms.words })
    .from(scriptSynonyms)
    .where(eq(scriptSynonyms.teamId, teamId))
    .orderBy(asc(scriptSynonyms.id));
  return rows.map((r) => r.words);
}

/** The team's links: slot → script id. */
export async function linksOf(db: Db, teamId: number): Promise<Map<string, number>> {
  const rows = await db.select().from(scriptLinks).where(eq(scriptLinks.teamId, teamId));
  return new Map(rows.map((r) => [r.slot, r.scriptId]));
}

/** The script linked to one slot, if any. */
export async function linkOf(db: Db, teamId: number, slot: string): Promise<number | undefined> {
  const [r] = await db
    .select({ id: scriptLinks.scriptId })
    .from(scriptLinks)
    .where(and(eq(scriptLinks.teamId, teamId), eq(scriptLinks.slot, slot)));
  return r?.id;
}

/** Counts one use of the script by `source`; false when that source counted it already. */
export async function recordUse(db: Db, teamId: number, scriptId: number, source: string, at: Date): Promise<boolean> {
  const rows = await db
    .insert(scriptUses)
    .values({ teamId, scriptId, source, at })
    .onConflictDoNothing()
    .returning({ id: scriptUses.id });
  return rows.length > 0;
}
