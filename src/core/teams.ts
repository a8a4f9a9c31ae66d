import type { Config, Locale } from '../config';
import { and, desc, eq, inArray } from 'drizzle-orm';
import { members, teams, type Role } from '../db/schema';
import type { Db } from '../db/client';
import type { Deps } from './deps';
import type { Person } from './inbound';
import { newcomerRole } from './people';
import { armTeamSchedules } from './schedules';
import type { PlatformName } from '../port/platform';

export type Team = typeof teams.$inferSelect;
export type Member = typeof members.$inferSelect;

/** A group on a platform: chat ids are unique only within a platform's tenant. */
export interface TeamKey {
  platform: PlatformName;
  tenantKey: string;
  chatId: string;
}

export async function findTeam(db: Db, key: TeamKey): Promise<Team | undefined> {
  const [row] = await db
    .select()
    .from(teams)
    .where(and(eq(teams.platform, key.platform), eq(teams.tenantKey, key.tenantKey), eq(teams.chatId, key.chatId)));
  return row;
}

/** The team by id, for work that carries only the id (timers, outbox listeners); it must exist. */
export async function teamOf(db: Db, teamId: number): Promise<Team> {
  const [row] = await db.select().from(teams).where(eq(teams.id, teamId));
  if (!row) throw new Error(`team ${teamId} not found`);
  return row;
}

/**
 * A group becomes a team on first contact. Its owner (from the chat info API) and the configured
 * admins become supervisors. If the chat info cannot be read (missing scope) the team is still
 * created and /setup says why nobody but the admins is a supervisor yet.
 */
export async function ensureTeam(deps: Deps, key: TeamKey): Promise<{ team: Team; created: boolean }> {
  const { platform, tenantKey, chatId } = key;
  const existing = await findTeam(deps.db, key);
  if (existing) return { team: existing, created: false };
  const now = deps.clock.now();
  let info: { name: string; ownerOpenId?: string } = { name: '' };
  let infoError: string | undefined;
  try {
    info = await deps.platformFor(platform).chatInfo(chatId);
  } catch (err) {
    infoError = err instanceof Error ? err.message : String(err);
    deps.log.warn('chat info unavailable', { chatId, error: infoError });
  }
  const inserted = await deps.db
    .insert(teams)
    .values({
      platform,
      tenantKey,
      chatId,
      name: info.name,
      timeZone: deps.config.timeZone,
      settings: infoError ? { chatInfoError: infoError } : {},
      createdAt: now,
    })
    .onConflictDoNothing()
    .returning();
  const team = inserted[0] ?? (await findTeam(deps.db, key))!;
  if (inserted[0]) {
    const supervisors = [...new Set([...(info.ownerOpenId ? [info.ownerOpenId] : []), ...deps.config.admins])];
    for (const openId of supervisors) await upsertMember(deps, team.id, { openId }, 'supervisor');
    // A new team's schedules start at their next slot (start-up arms them too, should this fail).
    await armTeamSchedules(deps, team).catch((err: unknown) =>
      deps.log.error('arming schedules failed', { teamId: team.id, error: String(err) }),
    );
  }
  return { team, created: inserted.length > 0 };
}

/**
 * Records a person we have seen. New people are agents (admins: supervisors); without an explicit
 * `role` an existing role is never changed here — /role changes roles. A name, when known, is refreshed.
 */
export async function upsertMember(
  deps: Deps,
  teamId: number,
  person: Person,
  role?: Role,
  opts: { spoke?: boolean } = {},
): Promise<Member> {
  const now = deps.clock.now();
  const initialRole: Role = role ?? newcomerRole(deps, person.openId);
  const [row] = await deps.db
    .insert(members)
    .values({
      teamId,
      openId: person.openId,
      name: person.name ?? '',
      role: initialRole,
      createdAt: now,
      updatedAt: now,
    })
    .onConflictDoUpdate({
      target: [members.teamId, members.openId],
      // An explicit role (the group owner on team creation) wins over the default a concurrent
      // event may have written a moment earlier; without one, the stored role is kept.
      // Someone who speaks is in the group again: they can be buzzed, whatever failed before.
      set: {
        ...(person.name ? { name: person.name } : {}),
        ...(role ? { role } : {}),
        ...(opts.spoke ? { unreachableSince: null } : {}),
        updatedAt: now,
      },
    })
    .returning();
  return row!;
}

export async function setRole(db: Db, teamId: number, openId: string, role: Role, now: Date): Promise<void> {
  await db
    .update(members)
    .set({ role, updatedAt: now })
    .where(and(eq(members.teamId, teamId), eq(members.openId, openId)));
}

export async function listMembers(db: Db, teamId: number, roles?: Role[]): Promise<Member[]> {
  const where = roles ? and(eq(members.teamId, teamId), inArray(members.role, roles)) : eq(members.teamId, teamId);
  return db.select().from(members).where(where).orderBy(members.role, members.createdAt);
}

/** For a p2p message: the team this person was most recently active in, on that platform and tenant. */
export async function teamOfPerson(
  db: Db,
  who: { platform: PlatformName; tenantKey: string; openId: string },
): Promise<Team | undefined> {
  const { platform, tenantKey, openId } = who;
  const [row] = await db
    .select({ team: teams })
    .from(members)
    .innerJoin(teams, eq(members.teamId, teams.id))
    .where(and(eq(members.openId, openId), eq(teams.platform, platform), eq(teams.tenantKey, tenantKey)))
    .orderBy(desc(members.updatedAt))
    .limit(1);
  return row?.team;
}

/** Team `teamId` if `who` is one of its members (and it is on their platform and tenant). */
export async function teamOfMember(
  db: Db,
  teamId: number,
  who: { platform: PlatformName; tenantKey: string; openId: string },
): Promise<Team | undefined> {
  const [row] = await db
    .select({ team: teams })
    .from(members)
    .innerJoin(teams, eq(members.teamId, teams.id))
    .where(
      and(
        eq(teams.id, teamId),
        eq(members.openId, who.openId),
        eq(teams.platform, who.platform),
        eq(teams.tenantKey, who.tenantKey),
      ),
    );
  return row?.team;
}

/** The language the bot speaks in `team`: its own setting, else the deployment's default. */
export const localeOf = (config: Pick<Config, 'locale'>, team: Pick<Team, 'locale'>): Locale =>
  team.locale ?? config.locale;
