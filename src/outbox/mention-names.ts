/**
 * Names for the mentions features write without one (`mention(openId)`, `nameOrMention`), filled in
 * just before a row goes to a platform that shows only the names written (traits:
 * `mentionsNeedNames`, DingTalk). They come from the team's members table, which every event keeps
 * up to date (the sender's name, the names of the people mentioned).
 *
 * Why here and not a user lookup in the DingTalk adapter: the members table is one indexed query on
 * our own database, so a storm of alerts costs DingTalk no calls (a standard-edition org has 10,000
 * a month, shared with every send) and a send waits on no API round trip. A person the team has
 * never seen named keeps the nameless mention, which the platform shows as the id (and still
 * notifies through atUserIds).
 */
import { and, eq, inArray, ne } from 'drizzle-orm';
import { namelessIds, withNames } from '../cards/mention';
import type { Db } from '../db/client';
import { members } from '../db/schema';
import type { PlatformApi } from '../port/platform';
import type { OutboxRow } from './claim';

/** Every string inside a stored payload (a text, a card's elements), mapped by `f`. */
function mapStrings(v: unknown, f: (s: string) => string): unknown {
  if (typeof v === 'string') return f(v);
  if (Array.isArray(v)) return v.map((x) => mapStrings(x, f));
  if (v && typeof v === 'object')
    return Object.fromEntries(Object.entries(v as Record<string, unknown>).map(([k, x]) => [k, mapStrings(x, f)]));
  return v;
}

/** The ids of the nameless mentions anywhere in the payload, each once (a walk that copies nothing). */
export function namelessInPayload(payload: unknown): string[] {
  const ids = new Set<string>();
  const walk = (v: unknown): void => {
    if (typeof v === 'string') {
      if (v.includes('\u27e6@')) for (const id of namelessIds(v)) ids.add(id);
    } else if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object') Object.values(v).forEach(walk);
  };
  walk(payload);
  return [...ids];
}

/**
 * `value` (a stored payload, a card, a card press's answer) with the names the team's members have
 * filled into its nameless mentions. Without a nameless mention, or with nobody of them named, the
 * same value comes back (and with no nameless mention, nothing is read).
 */
export async function withTeamNames<T>(db: Db, teamId: number, value: T): Promise<T> {
  const ids = namelessInPayload(value);
  if (!ids.length) return value;
  const known = await db
    .select({ openId: members.openId, name: members.name })
    .from(members)
    .where(and(eq(members.teamId, teamId), inArray(members.openId, ids), ne(members.name, '')));
  if (!known.length) return value;
  const names = new Map(known.map((m) => [m.openId, m.name]));
  return mapStrings(value, (s) => withNames(s, names)) as T;
}

/**
 * The row as the platform should render it: on a platform that needs names, its nameless mentions
 * carry the names the team's members have. The stored row is unchanged (a later retry reads the
 * names afresh); a row of no team goes as it is.
 */
export async function withMemberNames(db: Db, platform: PlatformApi, row: OutboxRow): Promise<OutboxRow> {
  if (!platform.mentionsNeedNames || row.teamId === null) return row;
  const payload = await withTeamNames(db, row.teamId, row.payload);
  return payload === row.payload ? row : { ...row, payload };
}
