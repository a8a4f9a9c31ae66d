/** Changes to the library, each with its version row, and the defaults seeded from the features' slots. */
import { and, eq, like, sql } from 'drizzle-orm';
import type { Locale } from '../../config';
import type { ScriptDeps, ScriptLibrary } from '../../core/script-slots';
import type { Team } from '../../core/teams';
import type { Db } from '../../db/client';
import { t } from '../../i18n';
import { linkOf, recordUse, scriptById } from './repo';
import { scriptLinks, scriptSynonyms, scriptVersions, scripts, type Script, type ScriptTier } from './schema';

export interface NewScript {
  tier: ScriptTier;
  owner?: string;
  title: string;
  body: string;
  tags: string[];
  source: string;
}

const versionRow = (s: Script, change: 'add' | 'edit' | 'remove', by: string, at: Date) => ({
  scriptId: s.id,
  version: s.version,
  change,
  tier: s.tier,
  title: s.title,
  body: s.body,
  tags: s.tags,
  by,
  at,
});

/** Adds a script once per source (a replayed event adds nothing: 'duplicate' with the first one). */
export async function addScript(
  db: Db,
  team: Team,
  input: NewScript,
  by: string,
  now: Date,
): Promise<{ outcome: 'new' | 'duplicate'; script: Script }> {
  return db.transaction(async (tx) => {
    const [created] = await tx
      .insert(scripts)
      .values({
        teamId: team.id,
        tier: input.tier,
        ownerOpenId: input.tier === 'personal' ? (input.owner ?? by) : null,
        title: input.title,
        body: input.body,
        tags: input.tags,
        source: input.source,
        createdBy: by,
        createdAt: now,
        updatedBy: by,
        updatedAt: now,
      })
      .onConflictDoNothing()
      .returning();
    if (!created) {
      const [old] = await tx
        .select()
        .from(scripts)
        .where(and(eq(scripts.teamId, team.id), eq(scripts.source, input.source)));
      return { outcome: 'duplicate' as const, script: old! };
    }
    await tx.insert(scriptVersions).values(versionRow(created, 'add', by, now));
    return { outcome: 'new' as const, script: created };
  });
}

export type ScriptChanges = Partial<Pick<Script, 'title' | 'body' | 'tier' | 'tags'>>;

/** A new version with `changes`; 'same' when they change nothing (a replayed edit). */
export async function editScript(
  db: Db,
  script: Script,
  changes: ScriptChanges,
  by: string,
  now: Date,
): Promise<{ outcome: 'edited' | 'same'; script: Script }> {
  const next = { ...script, ...changes };
  const same =
    next.title === script.title &&
    next.body === script.body &&
    next.tier === script.tier &&
    JSON.stringify(next.tags) === JSON.stringify(script.tags);
  if (same) return { outcome: 'same', script };
  return db.transaction(async (tx) => {
    const [row] = await tx
      .update(scripts)
      .set({
        ...changes,
        ...(changes.tier && changes.tier !== 'personal' ? { ownerOpenId: null } : {}),
        ...(changes.tier === 'personal' ? { ownerOpenId: script.ownerOpenId ?? by } : {}),
        version: sql`${scripts.version} + 1`,
        updatedBy: by,
        updatedAt: now,
      })
      // The version it was read at: two edits at once make two versions, never one lost.
      .where(and(eq(scripts.id, script.id), eq(scripts.version, script.version)))
      .returning();
    if (!row) throw new Error(`script ${script.id} changed meanwhile`);
    await tx.insert(scriptVersions).values(versionRow(row, 'edit', by, now));
    return { outcome: 'edited' as const, script: row };
  });
}

/** Removes a script (kept with its history). The places it fills must be linked elsewhere first. */
export async function removeScript(
  db: Db,
  script: Script,
  by: string,
  now: Date,
): Promise<{ outcome: 'removed' | 'same' } | { outcome: 'linked'; slots: string[] }> {
  if (script.removedAt) return { outcome: 'same' };
  const linked = await db
    .select({ slot: scriptLinks.slot })
    .from(scriptLinks)
    .where(eq(scriptLinks.scriptId, script.id));
  if (linked.length) return { outcome: 'linked', slots: linked.map((l) => l.slot) };
  return db.transaction(async (tx) => {
    const [row] = await tx
      .update(scripts)
      .set({ removedAt: now, version: sql`${scripts.version} + 1`, updatedBy: by, updatedAt: now })
      .where(and(eq(scripts.id, script.id), eq(scripts.version, script.version)))
      .returning();
    if (!row) throw new Error(`script ${script.id} changed meanwhile`);
    await tx.insert(scriptVersions).values(versionRow(row, 'remove', by, now));
    return { outcome: 'removed' as const };
  });
}

/** Records words the team counts as one; 'same' for a group it keeps already. */
export async function addSynonyms(
  db: Db,
  teamId: number,
  words: string[],
  by: string,
  now: Date,
): Promise<'new' | 'same'> {
  const key = [...new Set(words)].sort().join(' ');
  const rows = await db
    .insert(scriptSynonyms)
    .values({ teamId, key, words: [...new Set(words)], createdBy: by, createdAt: now })
    .onConflictDoNothing()
    .returning({ id: scriptSynonyms.id });
  return rows.length ? 'new' : 'same';
}

/** Points `slot` at `scriptId` for the team (replacing the link it had). */
export async function linkSlot(db: Db, teamId: number, slot: string, scriptId: number, by: string, now: Date) {
  await db
    .insert(scriptLinks)
    .values({ teamId, slot, scriptId, by, at: now })
    .onConflictDoUpdate({ target: [scriptLinks.teamId, scriptLinks.slot], set: { scriptId, by, at: now } });
}

const SLOT_SOURCE = 'slot:';

/**
 * A team's library starts with the wording the features showed before it (each slot's default), as
 * public scripts linked to their slot, so no card a team sees gets worse. Cheap when done: one count.
 * A default the team removed or relinked stays as the team left it (by source and on conflict).
 */
export async function ensureDefaults(deps: ScriptDeps, team: Team, locale: Locale, now: Date): Promise<void> {
  const slots = Object.entries(deps.app.scriptSlots).filter(([, s]) => s.text);
  const [row] = await deps.db
    .select({ n: sql<number>`count(*)::int` })
    .from(scripts)
    .where(and(eq(scripts.teamId, team.id), like(scripts.source, `${SLOT_SOURCE}%`)));
  if (Number(row?.n ?? 0) >= slots.length) return;
  for (const [key, slot] of slots) {
    const r = await addScript(
      deps.db,
      team,
      {
        tier: 'public',
        title: t(locale, slot.title),
        body: t(locale, slot.text!),
        tags: slot.tags ?? [],
        source: `${SLOT_SOURCE}${key}`,
      },
      'system',
      now,
    );
    if (r.outcome === 'new')
      await deps.db
        .insert(scriptLinks)
        .values({ teamId: team.id, slot: key, scriptId: r.script.id, by: 'system', at: now })
        .onConflictDoNothing();
  }
}

/** What cards ask (core/script-slots.ts): the linked script, counted once per card that shows it. */
export const scriptLibrary: ScriptLibrary = {
  async linked(deps, team, slot, opts) {
    await ensureDefaults(deps, team, opts.locale, opts.now);
    const id = await linkOf(deps.db, team.id, slot);
    if (id === undefined) return undefined;
    const s = await scriptById(deps.db, team.id, id);
    if (!s || s.removedAt) return undefined;
    if (opts.ref) await recordUse(deps.db, team.id, s.id, opts.ref, opts.now);
    return { id: s.id, title: s.title, text: s.body };
  },
};
