/** The complaint log's rows: settings, complaints, and what other features may read of them. */
import { and, desc, eq, gte, isNull } from 'drizzle-orm';
import type { Locale } from '../../config';
import type { Db } from '../../db/client';
import { t } from '../../i18n';
import { settingsFrom, type ComplaintSettings } from './rules';
import { complaints, complaintSettings } from './schema';
import { CATEGORY_NAMES } from './texts';

export type Complaint = typeof complaints.$inferSelect;

/** The escalation subject key; the engine names its timers, buzzes and guards "complaint:<id>…". */
export const SUBJECT = 'complaint';

/** Our own timers are not named "complaint:<id>:…" (the engine's stop cancels that prefix). */
export const refs = {
  card: (id: number) => `complaint:${id}:card`,
  slas: (id: number) => `complaintSla:${id}:`,
  sla: (id: number, gen: number, stage: string, phase: 'warn' | 'breach') =>
    `complaintSla:${id}:${gen}:${stage}:${phase}`,
  followup: (id: number, n: number) => `complaintFollowup:${id}:${n}`,
  followups: (id: number) => `complaintFollowup:${id}:`,
};

export const TIMERS = { sla: 'complaint.sla', followup: 'complaint.followup' } as const;

export async function loadSettings(db: Db, teamId: number): Promise<ComplaintSettings> {
  const [row] = await db.select().from(complaintSettings).where(eq(complaintSettings.teamId, teamId));
  return settingsFrom(row?.settings);
}

export async function storedSettings(db: Db, teamId: number): Promise<Partial<ComplaintSettings>> {
  const [row] = await db.select().from(complaintSettings).where(eq(complaintSettings.teamId, teamId)).for('update');
  return row?.settings ?? {};
}

export async function saveSettings(
  db: Db,
  teamId: number,
  settings: Partial<ComplaintSettings>,
  by: string,
  now: Date,
): Promise<void> {
  await db
    .insert(complaintSettings)
    .values({ teamId, settings, updatedBy: by, updatedAt: now })
    .onConflictDoUpdate({ target: complaintSettings.teamId, set: { settings, updatedBy: by, updatedAt: now } });
}

export async function lockComplaint(tx: Db, id: number, teamId?: number): Promise<Complaint | undefined> {
  const where =
    teamId === undefined ? eq(complaints.id, id) : and(eq(complaints.id, id), eq(complaints.teamId, teamId));
  const [row] = await tx.select().from(complaints).where(where).for('update');
  return row;
}

export async function getComplaint(db: Db, teamId: number, id: number): Promise<Complaint | undefined> {
  const [row] = await db
    .select()
    .from(complaints)
    .where(and(eq(complaints.id, id), eq(complaints.teamId, teamId)));
  return row;
}

export async function openComplaints(db: Db, teamId: number): Promise<Complaint[]> {
  return db
    .select()
    .from(complaints)
    .where(and(eq(complaints.teamId, teamId), isNull(complaints.closedAt)))
    .orderBy(desc(complaints.createdAt))
    .limit(50);
}

export async function recentComplaints(db: Db, teamId: number, limit = 20): Promise<Complaint[]> {
  return db
    .select()
    .from(complaints)
    .where(eq(complaints.teamId, teamId))
    .orderBy(desc(complaints.createdAt))
    .limit(limit);
}

export async function complaintRowsSince(db: Db, teamId: number, since: Date): Promise<Complaint[]> {
  return db
    .select()
    .from(complaints)
    .where(and(eq(complaints.teamId, teamId), gte(complaints.createdAt, since)));
}

/**
 * What the morning inspection (item 4) reads of the log: complaints opened since `since`, by
 * store, and whether each is still open or went past a time limit.
 */
export async function complaintsSince(
  db: Db,
  teamId: number,
  since: Date,
  locale: Locale,
): Promise<{ id: number; store: string; category: string; open: boolean; late: boolean }[]> {
  const rows = await complaintRowsSince(db, teamId, since);
  return rows.map((c) => ({
    id: c.id,
    store: c.storeName,
    category: categoryName(locale, c.category),
    open: !c.closedAt,
    late: c.breaches.length > 0,
  }));
}

export const categoryName = (L: Locale, c: string): string =>
  c in CATEGORY_NAMES ? t(L, CATEGORY_NAMES[c as keyof typeof CATEGORY_NAMES]) : c;
