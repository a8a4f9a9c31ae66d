import { and, desc, eq, gte } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { alertPolicies, violations } from './schema';
import { severeRuleOf, type SevereRule } from './violation-severity';

export type Violation = typeof violations.$inferSelect;

/** The escalation subject key (the engine names timers, buzzes and guards `alertViolation:<id>…`). */
export const VIOLATION_SUBJECT = 'alertViolation';

/** The outbox ref of violation 42's card. */
export const VIOLATION_CARD = 'alertViolation';
export const violationCardRef = (id: number) => `alertViolation:${id}:card`;

/** The row FOR UPDATE until the transaction ends (of the team when given). */
export async function lockViolation(tx: Db, id: number, teamId?: number): Promise<Violation | undefined> {
  const where =
    teamId === undefined ? eq(violations.id, id) : and(eq(violations.id, id), eq(violations.teamId, teamId));
  const [row] = await tx.select().from(violations).where(where).for('update');
  return row;
}

export async function loadSevereRule(db: Db, teamId: number): Promise<SevereRule> {
  const [row] = await db
    .select({ settings: alertPolicies.settings })
    .from(alertPolicies)
    .where(eq(alertPolicies.teamId, teamId));
  return severeRuleOf(row?.settings);
}

/** The team's violations recorded since `since`, newest first (`/violation list`). */
export async function recentViolations(db: Db, teamId: number, since: Date): Promise<Violation[]> {
  return db
    .select()
    .from(violations)
    .where(and(eq(violations.teamId, teamId), gte(violations.createdAt, since)))
    .orderBy(desc(violations.createdAt), desc(violations.id));
}

/** What the morning inspection reads: the team's violations that occurred at or after `since`. */
export async function violationsSince(
  db: Db,
  teamId: number,
  since: Date,
): Promise<Pick<Violation, 'id' | 'storeName' | 'kind' | 'points' | 'amount' | 'status' | 'occurredAt'>[]> {
  return db
    .select({
      id: violations.id,
      storeName: violations.storeName,
      kind: violations.kind,
      points: violations.points,
      amount: violations.amount,
      status: violations.status,
      occurredAt: violations.occurredAt,
    })
    .from(violations)
    .where(and(eq(violations.teamId, teamId), gte(violations.occurredAt, since)))
    .orderBy(violations.occurredAt);
}
