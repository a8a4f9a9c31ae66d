import { and, asc, desc, eq, gte, inArray, isNull, like } from 'drizzle-orm';
import { escapeLike } from '../../core/timers';
import { timers } from '../../db/schema';
import type { Locale } from '../../config';
import type { Db } from '../../db/client';
import { BUILT_IN, defaultPlaybook, isBuiltIn, type Playbook } from './kinds';
import {
  incidentEvents,
  incidentFollowups,
  incidentPlaybooks,
  incidents,
  incidentSettings,
  type PlaybookStep,
} from './schema';

export type Incident = typeof incidents.$inferSelect;
export type IncidentEvent = typeof incidentEvents.$inferSelect;
export type Followup = typeof incidentFollowups.$inferSelect;

/** The escalation subject key; the engine names its timers, buzzes and guards "incident:<id>…". */
export const SUBJECT = 'incident';

/**
 * Outbox refs and timer refs. Our own timers are not named "incident:<id>:…", which is the
 * engine's (its stop cancels everything under that prefix).
 */
export const refs = {
  card: (id: number) => `incident:${id}:card`,
  updates: (id: number) => `incidentUpdate:${id}:`,
  update: (id: number, at: Date) => `incidentUpdate:${id}:${at.getTime()}`,
  stepDue: (id: number, n: number) => `incidentStep:${id}:${n}`,
  steps: (id: number) => `incidentStep:${id}:`,
  followup: (id: number, n: number) => `incidentFollowup:${id}:${n}`,
  surgeCard: (id: number) => `incidentSurge:${id}`,
};

export const TIMERS = {
  update: 'incident.update',
  stepDue: 'incident.stepDue',
  followup: 'incident.followup',
} as const;

export const DEFAULT_UPDATE_EVERY_MS = 30 * 60_000;

export async function lockIncident(tx: Db, id: number, teamId?: number): Promise<Incident | undefined> {
  const where = teamId === undefined ? eq(incidents.id, id) : and(eq(incidents.id, id), eq(incidents.teamId, teamId));
  const [row] = await tx.select().from(incidents).where(where).for('update');
  return row;
}

export interface NewEvent {
  incidentId: number;
  at: Date;
  kind: string;
  actorOpenId?: string | null;
  openIds?: string[];
  detail?: Record<string, unknown>;
  source?: string;
}

/** Several events in one insert; returns how many were new (a source seen before adds nothing). */
export async function addEvents(db: Db, es: NewEvent[]): Promise<number> {
  if (!es.length) return 0;
  const rows = await db
    .insert(incidentEvents)
    .values(
      es.map((e) => ({
        incidentId: e.incidentId,
        at: e.at,
        kind: e.kind,
        actorOpenId: e.actorOpenId ?? null,
        openIds: e.openIds ?? [],
        detail: e.detail ?? {},
        source: e.source ?? null,
      })),
    )
    .onConflictDoNothing()
    .returning({ id: incidentEvents.id });
  return rows.length;
}

export const addEvent = async (db: Db, e: NewEvent): Promise<boolean> => (await addEvents(db, [e])) > 0;

export async function loadEvents(db: Db, incidentId: number): Promise<IncidentEvent[]> {
  return db
    .select()
    .from(incidentEvents)
    .where(eq(incidentEvents.incidentId, incidentId))
    .orderBy(asc(incidentEvents.at), asc(incidentEvents.id));
}

type PlaybookRow = typeof incidentPlaybooks.$inferSelect;

const fromRow = (r: PlaybookRow, locale: Locale): Playbook => {
  const base = isBuiltIn(r.kind) ? defaultPlaybook(r.kind, locale) : undefined;
  return {
    kind: r.kind,
    name: r.name,
    severity: r.severity,
    steps: r.steps,
    ...(r.wording ? { wording: r.wording } : {}),
    private: base?.private ?? false,
    ...(base?.handover ? { handover: base.handover } : {}),
    version: r.version,
    edited: true,
  };
};

/** Every playbook of the team: the six (its own version where it edited one), then its own kinds. */
export async function listPlaybooks(db: Db, teamId: number, locale: Locale): Promise<Playbook[]> {
  const rows = await db
    .select()
    .from(incidentPlaybooks)
    .where(eq(incidentPlaybooks.teamId, teamId))
    .orderBy(asc(incidentPlaybooks.id));
  const byKind = new Map(rows.map((r) => [r.kind, r]));
  return [
    ...BUILT_IN.map((k) => (byKind.has(k) ? fromRow(byKind.get(k)!, locale) : defaultPlaybook(k, locale))),
    ...rows.filter((r) => !isBuiltIn(r.kind)).map((r) => fromRow(r, locale)),
  ];
}

export async function ownKinds(db: Db, teamId: number): Promise<string[]> {
  const rows = await db
    .select({ kind: incidentPlaybooks.kind })
    .from(incidentPlaybooks)
    .where(eq(incidentPlaybooks.teamId, teamId));
  return rows.map((r) => r.kind).filter((k) => !isBuiltIn(k));
}

/** The playbook of `kind` as the team has it now (locked for an edit when `forUpdate`). */
export async function playbookOf(
  db: Db,
  teamId: number,
  kind: string,
  locale: Locale,
  forUpdate = false,
): Promise<Playbook | undefined> {
  const q = db
    .select()
    .from(incidentPlaybooks)
    .where(and(eq(incidentPlaybooks.teamId, teamId), eq(incidentPlaybooks.kind, kind)));
  const [row] = forUpdate ? await q.for('update') : await q;
  if (row) return fromRow(row, locale);
  return isBuiltIn(kind) ? defaultPlaybook(kind, locale) : undefined;
}

/** Stores the team's version of a playbook; each save is a new version. */
export async function savePlaybook(
  db: Db,
  teamId: number,
  p: Pick<Playbook, 'kind' | 'name' | 'severity' | 'wording' | 'version'> & { steps: PlaybookStep[] },
  by: string,
  now: Date,
): Promise<void> {
  const values = {
    name: p.name,
    severity: p.severity,
    steps: p.steps,
    wording: p.wording ?? null,
    version: p.version + 1,
    updatedBy: by,
    updatedAt: now,
  };
  await db
    .insert(incidentPlaybooks)
    .values({ teamId, kind: p.kind, ...values })
    .onConflictDoUpdate({ target: [incidentPlaybooks.teamId, incidentPlaybooks.kind], set: values });
}

export async function updateEveryOf(db: Db, teamId: number): Promise<number> {
  const [row] = await db.select().from(incidentSettings).where(eq(incidentSettings.teamId, teamId));
  return row?.updateEveryMs ?? DEFAULT_UPDATE_EVERY_MS;
}

export async function setUpdateEvery(db: Db, teamId: number, ms: number, now: Date): Promise<void> {
  await db
    .insert(incidentSettings)
    .values({ teamId, updateEveryMs: ms, updatedAt: now })
    .onConflictDoUpdate({ target: incidentSettings.teamId, set: { updateEveryMs: ms, updatedAt: now } });
}

export async function openIncidents(db: Db, teamId: number): Promise<Incident[]> {
  return db
    .select()
    .from(incidents)
    .where(and(eq(incidents.teamId, teamId), isNull(incidents.closedAt)))
    .orderBy(desc(incidents.startedAt))
    .limit(50);
}

export async function incidentsSince(db: Db, teamId: number, since: Date): Promise<Incident[]> {
  return db
    .select()
    .from(incidents)
    .where(and(eq(incidents.teamId, teamId), gte(incidents.startedAt, since)));
}

export async function openFollowups(db: Db, teamId: number): Promise<Followup[]> {
  return db
    .select()
    .from(incidentFollowups)
    .where(and(eq(incidentFollowups.teamId, teamId), isNull(incidentFollowups.doneAt)))
    .orderBy(asc(incidentFollowups.dueAt))
    .limit(50);
}

/**
 * Moves the pending update reminder of incident `id` to `dueAt`; false when there is none (or a
 * replica is running it right now: skipped, as core's cancelTimers does). Moving rather than
 * cancelling and scheduling anew keeps one pending reminder, whatever the refs of cancelled rows.
 */
export async function moveUpdateReminder(db: Db, id: number, dueAt: Date): Promise<boolean> {
  const pending = db
    .select({ id: timers.id })
    .from(timers)
    .where(
      and(
        eq(timers.kind, TIMERS.update),
        like(timers.ref, `${escapeLike(refs.updates(id))}%`),
        isNull(timers.doneAt),
        isNull(timers.cancelledAt),
      ),
    )
    .for('update', { skipLocked: true });
  const rows = await db.update(timers).set({ dueAt }).where(inArray(timers.id, pending)).returning({ id: timers.id });
  return rows.length > 0;
}
