import type { Deps } from '../../core/deps';
import type { ExportContext, ExportKind, ExportRange } from '../../core/export-def';
import { listMembers, type Team } from '../../core/teams';
import { MOOD_WORDS } from './texts';

/** What a kind's rows are read with: the team's members' names loaded once for the whole file. */
export async function exportContext(deps: Deps, team: Team, range: ExportRange): Promise<ExportContext> {
  const names = new Map((await listMembers(deps.db, team.id)).map((m) => [m.openId, m.name]));
  return { deps, team, range, nameOf: (id) => (id ? names.get(id) || id : '') };
}

export type KindLookup = { ok: true; kind: ExportKind } | { ok: false; why: 'mood' | 'unknown' };

/** The kind a word names (kind or alias, any case); mood is refused by name. */
export function findKind(kinds: readonly ExportKind[], word: string): KindLookup {
  const w = word.trim().toLowerCase();
  if (MOOD_WORDS.includes(w)) return { ok: false, why: 'mood' };
  const kind = kinds.find((k) => k.kind === w || k.aliases?.some((a) => a.toLowerCase() === w));
  return kind ? { ok: true, kind } : { ok: false, why: 'unknown' };
}

export const kindList = (kinds: readonly ExportKind[]): string => kinds.map((k) => k.kind).join('|');
