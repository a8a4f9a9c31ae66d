import { and, eq, gt, inArray, isNull, or } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { members } from '../../db/schema';
import { dutyShifts } from './schema';
import type { Deps } from '../../core/deps';
import { withRole } from '../../core/people';
import type { DutyPeople, DutyRule } from './rules';

export type ShiftRow = typeof dutyShifts.$inferSelect;

/** The team's active roster as pure rules (see rules.ts). */
export async function loadRules(db: Db, teamId: number): Promise<DutyRule[]> {
  const rows = await db
    .select()
    .from(dutyShifts)
    .where(and(eq(dutyShifts.teamId, teamId), isNull(dutyShifts.removedAt)));
  return rows.flatMap(toRule);
}

export function toRule(r: ShiftRow): DutyRule[] {
  const base = {
    id: r.id,
    primary: r.primaryOpenId,
    ...(r.backupOpenId ? { backup: r.backupOpenId } : {}),
    createdAt: r.createdAt,
  };
  if (r.kind === 'weekly' && r.startMinute !== null && r.endMinute !== null && r.weekdays) {
    return [{ ...base, kind: 'weekly', startMinute: r.startMinute, endMinute: r.endMinute, weekdays: r.weekdays }];
  }
  if (r.kind === 'standing' && r.startsAt)
    return [{ ...base, kind: 'standing', startsAt: r.startsAt, ...(r.endsAt ? { endsAt: r.endsAt } : {}) }];
  if (r.kind === 'once' && r.startsAt && r.endsAt)
    return [{ ...base, kind: 'once', startsAt: r.startsAt, endsAt: r.endsAt }];
  return [];
}

/** Ends any `/duty set` still in force at `now`; returns how many were ended. */
export async function endStanding(db: Db, teamId: number, now: Date): Promise<number> {
  const rows = await db
    .update(dutyShifts)
    .set({ endsAt: now })
    .where(
      and(
        eq(dutyShifts.teamId, teamId),
        eq(dutyShifts.kind, 'standing'),
        isNull(dutyShifts.removedAt),
        or(isNull(dutyShifts.endsAt), gt(dutyShifts.endsAt, now)),
      ),
    )
    .returning({ id: dutyShifts.id });
  return rows.length;
}

/** `/duty set`: these people from now until changed (the previous set ends now). */
export async function setStanding(
  db: Db,
  teamId: number,
  people: DutyPeople,
  by: string,
  now: Date,
): Promise<ShiftRow> {
  return db.transaction(async (tx) => {
    await endStanding(tx, teamId, now);
    const [row] = await tx
      .insert(dutyShifts)
      .values({
        teamId,
        kind: 'standing',
        primaryOpenId: people.primary,
        backupOpenId: people.backup ?? null,
        startsAt: now,
        createdBy: by,
        createdAt: now,
      })
      .returning();
    return row!;
  });
}

export type NewShift =
  | { kind: 'weekly'; startMinute: number; endMinute: number; weekdays: number[] }
  | { kind: 'once'; startsAt: Date; endsAt: Date };

export async function addShift(
  db: Db,
  teamId: number,
  people: DutyPeople,
  shift: NewShift,
  by: string,
  now: Date,
): Promise<ShiftRow> {
  const [row] = await db
    .insert(dutyShifts)
    .values({
      teamId,
      primaryOpenId: people.primary,
      backupOpenId: people.backup ?? null,
      createdBy: by,
      createdAt: now,
      ...(shift.kind === 'weekly'
        ? {
            kind: 'weekly' as const,
            startMinute: shift.startMinute,
            endMinute: shift.endMinute,
            weekdays: shift.weekdays,
          }
        : { kind: 'once' as const, startsAt: shift.startsAt, endsAt: shift.endsAt }),
    })
    .returning();
  return row!;
}

export async function removeShift(db: Db, teamId: number, id: number, now: Date): Promise<ShiftRow | undefined> {
  const [row] = await db
    .update(dutyShifts)
    .set({ removedAt: now })
    .where(and(eq(dutyShifts.id, id), eq(dutyShifts.teamId, teamId), isNull(dutyShifts.removedAt)))
    .returning();
  return row;
}

export async function activeShifts(db: Db, teamId: number): Promise<ShiftRow[]> {
  return db
    .select()
    .from(dutyShifts)
    .where(and(eq(dutyShifts.teamId, teamId), isNull(dutyShifts.removedAt)))
    .orderBy(dutyShifts.id);
}

export interface TeamPeople {
  /** Display names we know (mentions carry them), by open_id. */
  names: Map<string, string>;
  /** Whether the bot can buzz this person: a member of the group that Feishu has not rejected. */
  canBuzz(openId: string): boolean;
  supervisors: string[];
  ops: string[];
}

/** Who is in the team, by role, and whom the bot can reach. Admins count as supervisors. */
export async function teamPeople(deps: Pick<Deps, 'db' | 'config'>, teamId: number): Promise<TeamPeople> {
  const rows = await deps.db
    .select()
    .from(members)
    .where(eq(members.teamId, teamId))
    .orderBy(members.createdAt, members.id);
  const reachable = new Set(rows.filter((m) => !m.unreachableSince).map((m) => m.openId));
  return {
    names: new Map(rows.filter((m) => m.name).map((m) => [m.openId, m.name])),
    canBuzz: (openId) => reachable.has(openId),
    supervisors: withRole(deps, rows, 'supervisor').map((m) => m.openId),
    ops: withRole(deps, rows, 'ops').map((m) => m.openId),
  };
}

/** Feishu said these ids cannot be buzzed (left the group, invalid): gaps and next steps skip them. */
export async function markUnreachable(db: Db, teamId: number, openIds: string[], now: Date): Promise<void> {
  if (!openIds.length) return;
  await db
    .update(members)
    .set({ unreachableSince: now })
    .where(and(eq(members.teamId, teamId), inArray(members.openId, openIds), isNull(members.unreachableSince)));
}
