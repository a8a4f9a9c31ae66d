/** Alert state in Postgres: settings, groups (locked for every change), alerts, silences, flush timers. */
import { and, eq, gt, inArray, isNull, like, sql } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { timers } from '../../db/schema';
import { escapeLike } from '../../core/timers';
import { alertGroups, alertPolicies, alerts, alertSilences } from './schema';
import { settingsOf, type AlertSettings } from './settings';

export type AlertGroup = typeof alertGroups.$inferSelect;
export type AlertRow = typeof alerts.$inferSelect;
export type NewAlert = typeof alerts.$inferInsert;
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

/** New alerts per insert statement: ~24 parameters a row stays below Postgres's 65,535. */
const INSERT_CHUNK = 1000;
/** Changed alerts per update statement (one JSON parameter). */
const UPDATE_CHUNK = 5000;

const iso = (d: Date | null | undefined) => (d ? d.toISOString() : null);

/**
 * Inserts new alerts (no id) and replaces the mutable columns of changed ones (with id), in a few
 * statements: one evaluation's thousands of changes must not be a round trip each. Updates go as
 * one JSON document per chunk (jsonb_to_recordset), not as thousands of bound parameters.
 */
export async function writeAlerts(db: Db, rows: readonly (NewAlert & { id?: number })[]): Promise<void> {
  const fresh = rows.filter((r) => r.id === undefined);
  const changed = rows.filter((r) => r.id !== undefined);
  for (let i = 0; i < fresh.length; i += INSERT_CHUNK)
    await db
      .insert(alerts)
      .values(fresh.slice(i, i + INSERT_CHUNK))
      .onConflictDoNothing();
  for (let i = 0; i < changed.length; i += UPDATE_CHUNK) {
    const doc = JSON.stringify(
      changed.slice(i, i + UPDATE_CHUNK).map((r) => ({
        id: r.id,
        group_id: r.groupId,
        seq: r.seq,
        state: r.state,
        fired_at: iso(r.firedAt),
        resolved_at: iso(r.resolvedAt),
        first_value: r.firstValue ?? null,
        value: r.value ?? null,
        target_op: r.targetOp ?? null,
        target_value: r.targetValue ?? null,
        period: r.period ?? null,
        changes: r.changes ?? [],
        flapping_until: iso(r.flappingUntil),
        claimed_by: r.claimedBy ?? null,
        claimed_at: iso(r.claimedAt),
        updated_at: iso(r.updatedAt),
      })),
    );
    await db.execute(sql`
      update alerts a set group_id = v.group_id, seq = v.seq, state = v.state, fired_at = v.fired_at,
        resolved_at = v.resolved_at, first_value = v.first_value, value = v.value, target_op = v.target_op,
        target_value = v.target_value, period = v.period, changes = v.changes, flapping_until = v.flapping_until,
        claimed_by = v.claimed_by, claimed_at = v.claimed_at, updated_at = v.updated_at
      from jsonb_to_recordset(${doc}::jsonb) as v(id bigint, group_id bigint, seq int, state text,
        fired_at timestamptz, resolved_at timestamptz, first_value float8, value float8, target_op text,
        target_value float8, period text, changes jsonb, flapping_until timestamptz, claimed_by text,
        claimed_at timestamptz, updated_at timestamptz)
      where a.id = v.id`);
  }
}
