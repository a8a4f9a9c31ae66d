/** The risk feature's rows: the team's rules and its orders (warnings are orders with warnedAt). */
import { and, desc, eq, gte, inArray, isNotNull, isNull, lt, or } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { rulesFrom, type RiskRules } from './rules';
import { riskOrders, riskSettings } from './schema';

export type RiskOrder = typeof riskOrders.$inferSelect;

/** The escalation subject key; the engine names its timers, buzzes and guards "risk:<id>…". */
export const SUBJECT = 'risk';
export const STALE_TIMER = 'risk.stale';

/** Our own timers are not named "risk:<id>:…" (the engine's stop cancels that prefix). */
export const refs = {
  card: (id: number) => `risk:${id}:card`,
  stale: (id: number, at: Date) => `riskStale:${id}:${at.getTime()}`,
};

export async function loadRules(db: Db, teamId: number): Promise<RiskRules> {
  const [row] = await db.select().from(riskSettings).where(eq(riskSettings.teamId, teamId));
  return rulesFrom(row?.rules);
}

/** Merges `changes` into what the team stored (the row locked while it does). */
export async function saveRules(
  db: Db,
  teamId: number,
  changes: Partial<RiskRules>,
  by: string,
  now: Date,
): Promise<RiskRules> {
  const [row] = await db.select().from(riskSettings).where(eq(riskSettings.teamId, teamId)).for('update');
  const rules = { ...(row?.rules ?? {}), ...changes };
  await db
    .insert(riskSettings)
    .values({ teamId, rules, updatedBy: by, updatedAt: now })
    .onConflictDoUpdate({ target: riskSettings.teamId, set: { rules, updatedBy: by, updatedAt: now } });
  return rulesFrom(rules);
}

/** The row FOR UPDATE until the transaction ends (of the team when given). */
export async function lockOrder(tx: Db, id: number, teamId?: number): Promise<RiskOrder | undefined> {
  const where =
    teamId === undefined ? eq(riskOrders.id, id) : and(eq(riskOrders.id, id), eq(riskOrders.teamId, teamId));
  const [row] = await tx.select().from(riskOrders).where(where).for('update');
  return row;
}

/** The team's orders of these ids, FOR UPDATE (a batch takes its orders' locks in id order). */
export async function lockOrders(tx: Db, teamId: number, orderIds: readonly string[]): Promise<RiskOrder[]> {
  if (!orderIds.length) return [];
  return tx
    .select()
    .from(riskOrders)
    .where(and(eq(riskOrders.teamId, teamId), inArray(riskOrders.orderId, [...orderIds])))
    .orderBy(riskOrders.id)
    .for('update');
}

/** Warnings not closed yet, oldest first. */
export async function openWarnings(db: Db, teamId: number): Promise<RiskOrder[]> {
  return db
    .select()
    .from(riskOrders)
    .where(and(eq(riskOrders.teamId, teamId), isNotNull(riskOrders.warnedAt), isNull(riskOrders.closedAt)))
    .orderBy(riskOrders.warnedAt);
}

/** Warnings raised in [from, to) or given an outcome then, newest first. */
export async function warningsBetween(db: Db, teamId: number, from: Date, to: Date): Promise<RiskOrder[]> {
  return db
    .select()
    .from(riskOrders)
    .where(
      and(
        eq(riskOrders.teamId, teamId),
        or(
          and(gte(riskOrders.warnedAt, from), lt(riskOrders.warnedAt, to)),
          and(gte(riskOrders.outcomeAt, from), lt(riskOrders.outcomeAt, to)),
        ),
      ),
    )
    .orderBy(desc(riskOrders.warnedAt));
}

export async function orderByOrderId(db: Db, teamId: number, orderId: string): Promise<RiskOrder | undefined> {
  const [row] = await db
    .select()
    .from(riskOrders)
    .where(and(eq(riskOrders.teamId, teamId), eq(riskOrders.orderId, orderId)));
  return row;
}
