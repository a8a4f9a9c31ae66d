/** The inspection's tables: settings, the day's rows (locked for every change), follow-ups, account reports. */
import { and, eq, gte, isNull, lt, sql } from 'drizzle-orm';
import { signalData } from '../../core/data-signals';
import type { Db } from '../../db/client';
import { stores } from '../stores/schema';
import { DEFAULT_ITEMS, type ItemDef } from './items';
import { inspectionFollowups, inspections, inspectionSettings, storeAccounts } from './schema';

export type Inspection = typeof inspections.$inferSelect;
export type Followup = typeof inspectionFollowups.$inferSelect;

/** The escalation subject key (timers, buzzes, guards are named `inspection:<id>…`). */
export const INSPECTION_SUBJECT = 'inspection';
export const SCHEDULE_KEY = 'inspection.post';
/** The data signal of new account reports (core/data-signals.ts). */
export const ACCOUNTS_TOPIC = 'accounts';
export const REMIND_TIMER = 'inspection.remind';
export const DEADLINE_TIMER = 'inspection.deadline';
export const cardRef = (id: number) => `inspection:${id}:card`;
export const remindRef = (id: number) => `inspection:${id}:before`;
export const deadlineRef = (id: number) => `inspection:${id}:deadline`;

/** 10:00 local when the team never chose a deadline. */
export const DEFAULT_DEADLINE = 10 * 60;
/** The reminder goes this long before the deadline. */
export const REMIND_BEFORE_MS = 30 * 60_000;

export interface Settings {
  items: ItemDef[];
  /** The team's chosen owner; null: the on-duty primary, else a supervisor. */
  owner: string | null;
  deadlineMinute: number;
}

export async function loadSettings(db: Db, teamId: number): Promise<Settings> {
  const [row] = await db.select().from(inspectionSettings).where(eq(inspectionSettings.teamId, teamId));
  return {
    items: row?.items?.length ? row.items : [...DEFAULT_ITEMS],
    owner: row?.owner ?? null,
    deadlineMinute: row?.deadlineMinute ?? DEFAULT_DEADLINE,
  };
}

export async function saveSettings(
  db: Db,
  teamId: number,
  changes: Partial<{ items: ItemDef[]; owner: string | null; deadlineMinute: number }>,
  by: string,
  now: Date,
): Promise<void> {
  await db
    .insert(inspectionSettings)
    .values({ teamId, ...changes, updatedBy: by, updatedAt: now })
    .onConflictDoUpdate({ target: inspectionSettings.teamId, set: { ...changes, updatedBy: by, updatedAt: now } });
}

/** The row FOR UPDATE until the transaction ends (of the team when given). */
export async function lockInspection(tx: Db, id: number, teamId?: number): Promise<Inspection | undefined> {
  const where =
    teamId === undefined ? eq(inspections.id, id) : and(eq(inspections.id, id), eq(inspections.teamId, teamId));
  const [row] = await tx.select().from(inspections).where(where).for('update');
  return row;
}

export async function inspectionOfDay(db: Db, teamId: number, day: string): Promise<Inspection | undefined> {
  const [row] = await db
    .select()
    .from(inspections)
    .where(and(eq(inspections.teamId, teamId), eq(inspections.day, day)));
  return row;
}

/** The team's inspections of days in [from, to] (local days), oldest first. */
export async function inspectionsBetween(db: Db, teamId: number, from: string, to: string): Promise<Inspection[]> {
  return db
    .select()
    .from(inspections)
    .where(and(eq(inspections.teamId, teamId), gte(inspections.day, from), sql`${inspections.day} <= ${to}`))
    .orderBy(inspections.day);
}

/** Open follow-ups of earlier inspections (the ones the card of `inspectionId` carries), oldest first. */
export async function carriedFollowups(db: Db, teamId: number, inspectionId: number): Promise<Followup[]> {
  return db
    .select()
    .from(inspectionFollowups)
    .where(
      and(
        eq(inspectionFollowups.teamId, teamId),
        isNull(inspectionFollowups.closedAt),
        lt(inspectionFollowups.inspectionId, inspectionId),
      ),
    )
    .orderBy(inspectionFollowups.id)
    .limit(10);
}

export async function openFollowup(
  db: Db,
  f: { teamId: number; inspectionId: number; item: string; note: string; owner: string },
  now: Date,
): Promise<void> {
  // A problem re-recorded on the same item of the same inspection replaces its open follow-up.
  await closeItemFollowups(db, f.inspectionId, f.item, f.owner, now, true);
  await db.insert(inspectionFollowups).values({ ...f, openedAt: now });
}

/** Closes the open follow-ups of one item of one inspection (it was confirmed OK after all). */
export async function closeItemFollowups(
  db: Db,
  inspectionId: number,
  item: string,
  by: string,
  now: Date,
  remove = false,
): Promise<void> {
  const where = and(
    eq(inspectionFollowups.inspectionId, inspectionId),
    eq(inspectionFollowups.item, item),
    isNull(inspectionFollowups.closedAt),
  );
  if (remove) await db.delete(inspectionFollowups).where(where);
  else await db.update(inspectionFollowups).set({ closedAt: now, closedBy: by }).where(where);
}

/** Closes one follow-up of the team; undefined when it was closed already or is not the team's. */
export async function closeFollowup(
  db: Db,
  teamId: number,
  id: number,
  by: string,
  now: Date,
): Promise<Followup | undefined> {
  const [row] = await db
    .update(inspectionFollowups)
    .set({ closedAt: now, closedBy: by })
    .where(
      and(eq(inspectionFollowups.id, id), eq(inspectionFollowups.teamId, teamId), isNull(inspectionFollowups.closedAt)),
    )
    .returning();
  return row;
}

export interface AccountRow {
  storeId: number;
  account: string;
  online: boolean;
  at: Date;
}

/** Stores the reports; a report older than the one stored for that account changes nothing. */
export async function upsertAccounts(
  db: Db,
  teamId: number,
  rows: AccountRow[],
  now: Date,
): Promise<{ inserted: number; replaced: number }> {
  // The last report of an account in a batch is the one that counts.
  const latest = new Map<string, AccountRow>();
  for (const r of rows) {
    const k = `${r.storeId}\u0000${r.account}`;
    const old = latest.get(k);
    if (!old || old.at.getTime() <= r.at.getTime()) latest.set(k, r);
  }
  let inserted = 0;
  let replaced = 0;
  if (latest.size) await signalData(db, teamId, ACCOUNTS_TOPIC, now);
  for (const r of latest.values()) {
    const out = await db
      .insert(storeAccounts)
      .values({ teamId, ...r, updatedAt: now })
      .onConflictDoUpdate({
        target: [storeAccounts.teamId, storeAccounts.storeId, storeAccounts.account],
        set: { online: r.online, at: r.at, updatedAt: now },
        setWhere: sql`${storeAccounts.at} <= ${r.at.toISOString()}`,
      })
      .returning({ fresh: sql<boolean>`xmax = 0` });
    if (out[0]?.fresh) inserted++;
    else replaced++;
  }
  return { inserted, replaced };
}

/** Account reports of the team's active stores since `since`, with store names. */
export async function accountsSince(db: Db, teamId: number, since: Date) {
  return db
    .select({ store: stores.name, account: storeAccounts.account, online: storeAccounts.online, at: storeAccounts.at })
    .from(storeAccounts)
    .innerJoin(stores, eq(stores.id, storeAccounts.storeId))
    .where(and(eq(storeAccounts.teamId, teamId), gte(storeAccounts.at, since), isNull(stores.removedAt)))
    .orderBy(stores.name, storeAccounts.account);
}
