/**
 * A team's own settings: its time zone and language (set with /setup), and what the chat info
 * says about it. Changing the zone moves every schedule's next slot with it, in one transaction.
 */
import { eq } from 'drizzle-orm';
import type { Locale } from '../config';
import { teams } from '../db/schema';
import type { Db } from '../db/client';
import type { Deps } from './deps';
import { rearmForZone } from './schedules';
import type { Team } from './teams';

/** The group's name as the platform reports it now; a chat-info problem recorded earlier is forgotten. */
export async function refreshTeamInfo(db: Db, team: Team, info: { name: string }): Promise<Team> {
  const { chatInfoError: _, ...settings } = team.settings;
  const [row] = await db
    .update(teams)
    .set({ name: info.name || team.name, settings })
    .where(eq(teams.id, team.id))
    .returning();
  return row ?? team;
}

/** Sets the team's IANA zone (canonical, validated by the caller) and re-arms its schedules for it. */
export async function setTeamTimeZone(
  deps: Pick<Deps, 'app' | 'db' | 'clock'>,
  teamId: number,
  zone: string,
): Promise<Team> {
  return deps.db.transaction(async (tx) => {
    const [row] = await tx.update(teams).set({ timeZone: zone }).where(eq(teams.id, teamId)).returning();
    if (!row) throw new Error(`team ${teamId} not found`);
    await rearmForZone({ ...deps, db: tx }, row);
    return row;
  });
}

/** Sets the language the bot speaks in the team; null: the deployment's FLOORWALKER_LOCALE again. */
export async function setTeamLocale(db: Db, teamId: number, locale: Locale | null): Promise<Team> {
  const [row] = await db.update(teams).set({ locale }).where(eq(teams.id, teamId)).returning();
  if (!row) throw new Error(`team ${teamId} not found`);
  return row;
}
