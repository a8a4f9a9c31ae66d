/** The mood tables' reads and writes. Nothing outside this feature reads them (no API, no export, no /kpi). */
import { and, desc, eq, gte, inArray, lt, ne, sql } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { members } from '../../db/schema';
import { moodCares, moodEntries, moodLeaders, moodSettings } from './schema';

export type MoodEntry = typeof moodEntries.$inferSelect;
export type Care = typeof moodCares.$inferSelect;

/** The escalation subject key; the engine names its timers, buzzes and guards `mood:<id>…`. */
export const SUBJECT = 'mood';
/** The outbox ref of care `id`'s card in `openId`'s private chat (each is buzzed on their own). */
export const careCardRef = (id: number, openId: string) => `mood:${id}:card:${openId}`;
/** The mood feature's own timers (outside the engine's `mood:<id>:` names, which a stop cancels). */
export const TIMER = { prompt: 'mood.prompt', remind: 'mood.remind' } as const;
export const promptRef = (teamId: number, slot: Date) => `moodPrompt:${teamId}:${slot.toISOString()}`;
export const promptPrefix = (teamId: number) => `moodPrompt:${teamId}:`;
export const remindRef = (id: number) => `moodRemind:${id}`;

/** Inserts the entry; undefined when this source was recorded already (a replay, a second press). */
export async function insertEntry(
  db: Db,
  e: { teamId: number; memberId: number; level: number; note: string; source: string; createdAt: Date },
): Promise<MoodEntry | undefined> {
  const [row] = await db.insert(moodEntries).values(e).onConflictDoNothing().returning();
  return row;
}

export async function entriesOf(db: Db, memberId: number, since: Date): Promise<MoodEntry[]> {
  return db
    .select()
    .from(moodEntries)
    .where(and(eq(moodEntries.memberId, memberId), gte(moodEntries.createdAt, since)))
    .orderBy(desc(moodEntries.createdAt), desc(moodEntries.id));
}

export async function countEntries(db: Db, memberId: number): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(moodEntries)
    .where(eq(moodEntries.memberId, memberId));
  return row?.n ?? 0;
}

/** `/mood forget`: every entry of the member (their care cases go with them). */
export async function deleteEntriesOf(db: Db, memberId: number): Promise<number> {
  const rows = await db.delete(moodEntries).where(eq(moodEntries.memberId, memberId)).returning({ id: moodEntries.id });
  return rows.length;
}

/** The 90-day rule: entries (and their cases) created before `before`, every team. */
export async function pruneEntries(db: Db, before: Date): Promise<number> {
  const rows = await db.delete(moodEntries).where(lt(moodEntries.createdAt, before)).returning({ id: moodEntries.id });
  return rows.length;
}

/** The team's entries in [from, to), with who wrote them, newest first. */
export async function teamEntries(db: Db, teamId: number, from: Date, to: Date) {
  return db
    .select({
      memberId: moodEntries.memberId,
      level: moodEntries.level,
      note: moodEntries.note,
      createdAt: moodEntries.createdAt,
      openId: members.openId,
      name: members.name,
    })
    .from(moodEntries)
    .innerJoin(members, eq(moodEntries.memberId, members.id))
    .where(and(eq(moodEntries.teamId, teamId), gte(moodEntries.createdAt, from), lt(moodEntries.createdAt, to)))
    .orderBy(desc(moodEntries.createdAt), desc(moodEntries.id));
}

/** Each member's latest entry since `since`. */
export async function latestByMember(
  db: Db,
  teamId: number,
  since: Date,
): Promise<Map<number, { level: number; createdAt: Date }>> {
  const rows = await db
    .select({ memberId: moodEntries.memberId, level: moodEntries.level, createdAt: moodEntries.createdAt })
    .from(moodEntries)
    .where(and(eq(moodEntries.teamId, teamId), gte(moodEntries.createdAt, since)))
    .orderBy(moodEntries.createdAt, moodEntries.id);
  return new Map(rows.map((r) => [r.memberId, { level: r.level, createdAt: r.createdAt }]));
}

export async function promptMinutes(db: Db, teamId: number): Promise<number[]> {
  const [row] = await db
    .select({ m: moodSettings.promptMinutes })
    .from(moodSettings)
    .where(eq(moodSettings.teamId, teamId));
  return row?.m ?? [];
}

/** Creates the team's settings row if missing and locks it: prompt changes and runs take turns. */
export async function lockSettings(tx: Db, teamId: number, now: Date): Promise<number[]> {
  await tx.insert(moodSettings).values({ teamId, updatedAt: now }).onConflictDoNothing();
  const [row] = await tx.select().from(moodSettings).where(eq(moodSettings.teamId, teamId)).for('update');
  return row!.promptMinutes;
}

export async function savePromptMinutes(tx: Db, teamId: number, minutes: number[], by: string, now: Date) {
  await tx
    .update(moodSettings)
    .set({ promptMinutes: minutes, updatedBy: by, updatedAt: now })
    .where(eq(moodSettings.teamId, teamId));
}

export async function setLeader(db: Db, teamId: number, memberIds: number[], leaderOpenId: string, now: Date) {
  for (const memberId of memberIds)
    await db
      .insert(moodLeaders)
      .values({ memberId, teamId, leaderOpenId, createdAt: now })
      .onConflictDoUpdate({ target: moodLeaders.memberId, set: { leaderOpenId, createdAt: now } });
}

export async function leaderOf(db: Db, memberId: number): Promise<string | undefined> {
  const [row] = await db
    .select({ l: moodLeaders.leaderOpenId })
    .from(moodLeaders)
    .where(eq(moodLeaders.memberId, memberId));
  return row?.l;
}

/** The member ids whose leader is `openId`. */
export async function agentsLedBy(db: Db, teamId: number, openId: string): Promise<Set<number>> {
  const rows = await db
    .select({ id: moodLeaders.memberId })
    .from(moodLeaders)
    .where(and(eq(moodLeaders.teamId, teamId), eq(moodLeaders.leaderOpenId, openId)));
  return new Set(rows.map((r) => r.id));
}

export async function lockCare(tx: Db, id: number, teamId?: number): Promise<Care | undefined> {
  const where = teamId === undefined ? eq(moodCares.id, id) : and(eq(moodCares.id, id), eq(moodCares.teamId, teamId));
  const [row] = await tx.select().from(moodCares).where(where).for('update');
  return row;
}

export async function openCareCount(db: Db, teamId: number): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(moodCares)
    .where(and(eq(moodCares.teamId, teamId), ne(moodCares.status, 'resolved')));
  return row?.n ?? 0;
}

export async function membersById(db: Db, ids: number[]) {
  if (!ids.length) return [];
  return db.select().from(members).where(inArray(members.id, ids));
}
