/**
 * A batch of order reports stored in one transaction: the team's orders of the batch locked, each
 * report merged into its order (what it says wins, what it leaves out is kept), and the rules asked
 * about each order that changed. The same batch again changes nothing and sends nothing.
 */
import { eq } from 'drizzle-orm';
import type { Deps } from '../../core/deps';
import type { Team } from '../../core/teams';
import { loadRules, lockOrders } from './repo';
import { riskOrders } from './schema';
import { evaluate, type Changes } from './service';

/** What a report says of an order; a field left out keeps what was stored. */
export interface OrderInput {
  orderId: string;
  storeId: number;
  storeName: string;
  buyer?: string;
  amount?: number;
  region?: string;
  logisticsAt?: Date;
  delivered?: boolean;
  buyerRefunds?: number;
}

const FIELDS = ['buyer', 'amount', 'region', 'logisticsAt', 'delivered', 'buyerRefunds'] as const;

const same = (a: unknown, b: unknown) =>
  a instanceof Date && b instanceof Date ? a.getTime() === b.getTime() : a === b;

export interface IngestResult {
  inserted: number;
  replaced: number;
  /** Warnings raised by this batch. */
  warned: number;
}

/**
 * Stores a batch of reports in the caller's transaction (the team's orders of the batch locked),
 * then asks the rules about each order that changed. The same batch again changes nothing.
 */
export async function ingestOrders(
  deps: Deps,
  team: Team,
  inputs: readonly OrderInput[],
  now: Date,
): Promise<IngestResult> {
  const byId = new Map<string, OrderInput>();
  for (const i of inputs) {
    const before = byId.get(i.orderId);
    byId.set(i.orderId, before ? { ...before, ...definedOf(i) } : i);
  }
  const rules = await loadRules(deps.db, team.id);
  const existing = new Map((await lockOrders(deps.db, team.id, [...byId.keys()])).map((o) => [o.orderId, o]));
  const result: IngestResult = { inserted: 0, replaced: 0, warned: 0 };
  const fresh = [...byId.values()].filter((i) => !existing.has(i.orderId));
  if (fresh.length) {
    const rows = await deps.db
      .insert(riskOrders)
      .values(
        fresh.map((i) => ({
          teamId: team.id,
          orderId: i.orderId,
          storeId: i.storeId,
          storeName: i.storeName,
          buyer: i.buyer ?? null,
          amount: i.amount ?? null,
          region: i.region ?? null,
          logisticsAt: i.logisticsAt ?? null,
          delivered: i.delivered ?? false,
          buyerRefunds: i.buyerRefunds ?? null,
          createdAt: now,
          updatedAt: now,
        })),
      )
      // A concurrent batch inserted one first: it evaluates that one; this one's facts follow in its next report.
      .onConflictDoNothing()
      .returning();
    result.inserted = rows.length;
    for (const o of rows) if (await evaluate(deps, team, o, rules, now)) result.warned++;
  }
  for (const [orderId, o] of existing) {
    result.replaced++;
    const i = byId.get(orderId)!;
    const changes: Changes = {};
    for (const f of FIELDS) if (i[f] !== undefined && !same(i[f], o[f])) Object.assign(changes, { [f]: i[f] });
    if (i.storeId !== o.storeId) Object.assign(changes, { storeId: i.storeId, storeName: i.storeName });
    if (!Object.keys(changes).length) continue;
    const [row] = await deps.db
      .update(riskOrders)
      .set({ ...changes, updatedAt: now })
      .where(eq(riskOrders.id, o.id))
      .returning();
    if (await evaluate(deps, team, row!, rules, now)) result.warned++;
  }
  return result;
}

const definedOf = (i: OrderInput): Partial<OrderInput> =>
  Object.fromEntries(Object.entries(i).filter(([, v]) => v !== undefined)) as Partial<OrderInput>;
