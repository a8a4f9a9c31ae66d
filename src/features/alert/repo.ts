/** Alert state in Postgres: settings, groups (locked for every change), alerts, silences, flush timers. */
import { and, eq, gt, inArray, isNull, like, sql } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { timers } from '../../db/schema';
import { escapeLike } from '../../core/timers';
import { alertGroups, alertPolicies, alerts, alertSilences } from './schema';
import { settingsOf, type AlertSettings } from './settings';

export type AlertGroup = typeof alertGroups.$inferSelect;
export type AlertRow = typeof alerts.$inferSelect;
export type SilenceRow = typeof alertSilences.$inferSelect;

export const FLUSH_TIMER = 'alert.flush';
export const SILENCE_TIMER = 'alert.silenceEnd';

export async function loadSettings(db: Db, teamId: number): Promise<AlertSettings> {
  const [row] = await db.select().from(alertPolicies).where(eq(alertPolicies.teamId, teamId));
  return settingsOf(row?.settings);
}

/** Merges `changes` into the team's stored settings (null removes a key: back to the default). */
export async function saveSettings(
  db: Db,
  teamId: number,
  changes: Record<string, unknown>,
  by: string,
  now: Date,
): Promise<AlertSettings> {
  const [row] = await db
    .insert(alertPolicies)
    .values({ teamId, settings: changes, updatedBy: by, updatedAt: now })
    .onConflictDoUpdate({
      target: alertPolicies.teamId,
      set: {
        settings: sql`${alertPolicies.settings} || excluded.settings`,
        updatedBy: sql`excluded.updated_by`,
        updatedAt: sql`excluded.updated_at`,
      },
    })
    .returning();
  return settingsOf(row?.settings);
}

/** The team's group of `key`, created closed if new, locked for the rest of the transaction. */
export async function lockGroup(db: Db, teamId: number, key: string): Promise<AlertGroup> {
  await db.insert(alertGroups).values({ teamId, key }).onConflictDoNothing();
  const [row] = await db
    .select()
    .from(alertGroups)
    .where(and(eq(alertGroups.teamId, teamId), eq(alertGroups.key, key)))
    .for('update');
  return row!;
}

export async function lockGroupById(db: Db, id: number): Promise<AlertGroup | undefined> {
  const [row] = await db.select().from(alertGroups).where(eq(alertGroups.id, id)).for('update');
  return row;
}

export async function updateGroup(db: Db, id: number, set: Partial<AlertGroup>): Promise<AlertGroup> {
  const [row] = await db.update(alertGroups).set(set).where(eq(alertGroups.id, id)).returning();
  return row!;
}

/** A closed group opens its next episode: a new card, group_wait from now. */
export const openEpisode = (db: Db, g: AlertGroup, now: Date): Promise<AlertGroup> =>
  updateGroup(db, g.id, {
    status: 'open',
    seq: g.seq + 1,
    msg: 0,
    openedAt: now,
    flushedAt: null,
    notifiedAt: null,
    stormAt: null,
    heldSince: null,
    version: 0,
    cardHash: null,
    claimedBy: null,
    claimedAt: null,
  });

export async function alertsOfKind(db: Db, teamId: number, kind: string): Promise<AlertRow[]> {
  return db
    .select()
    .from(alerts)
    .where(and(eq(alerts.teamId, teamId), eq(alerts.kind, kind)));
}

export async function episodeAlerts(db: Db, g: Pick<AlertGroup, 'id' | 'seq'>): Promise<AlertRow[]> {
  return db
    .select()
    .from(alerts)
    .where(and(eq(alerts.groupId, g.id), eq(alerts.seq, g.seq)));
}

export async function firingAlerts(db: Db, teamId: number): Promise<AlertRow[]> {
  return db
    .select()
    .from(alerts)
    .where(and(eq(alerts.teamId, teamId), eq(alerts.state, 'firing')));
}

export async function activeSilences(db: Db, teamId: number, now: Date): Promise<SilenceRow[]> {
  return db
    .select()
    .from(alertSilences)
    .where(and(eq(alertSilences.teamId, teamId), isNull(alertSilences.endedAt), gt(alertSilences.endsAt, now)))
    .orderBy(alertSilences.id);
}

const flushPrefix = (groupId: number) => `alert:flush:${groupId}:`;

/**
 * Makes the group's next flush due at `due` at the latest: an earlier pending flush stays, a later
 * one is moved forward, none is created. A flush a replica is running right now is skipped, not
 * waited for (it holds its timer and waits for the group lock we hold); a second row is made and
 * finds what to do, or nothing, under the group lock.
 */
export async function armFlush(db: Db, g: Pick<AlertGroup, 'id' | 'teamId'>, due: Date, now: Date): Promise<void> {
  const pending = db
    .select({ id: timers.id })
    .from(timers)
    .where(
      and(
        eq(timers.kind, FLUSH_TIMER),
        like(timers.ref, `${escapeLike(flushPrefix(g.id))}%`),
        isNull(timers.doneAt),
        isNull(timers.cancelledAt),
        // One due already is running (maybe this very flush, whose row our transaction holds) or about to.
        gt(timers.dueAt, now),
      ),
    )
    .for('update', { skipLocked: true });
  const moved = await db
    .update(timers)
    .set({ dueAt: sql`least(${timers.dueAt}, ${due.toISOString()}::timestamptz)` })
    .where(inArray(timers.id, pending))
    .returning({ id: timers.id });
  if (moved.length) return;
  await db
    .insert(timers)
    .values({
      teamId: g.teamId,
      kind: FLUSH_TIMER,
      ref: `${flushPrefix(g.id)}${due.getTime()}:${now.getTime()}`,
      dueAt: due,
      payload: { groupId: g.id },
      createdAt: now,
    })
    .onConflictDoNothing();
}
