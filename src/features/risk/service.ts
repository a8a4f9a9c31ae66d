/**
 * Orders in, warnings out. Every change of an order is made holding its row lock: store what was
 * reported (a report merges into the order: what it says wins, what it leaves out is kept), ask
 * the pure rules why it is risky now, and the first time it is, raise the warning — its card to the
 * group for the senior agents and the escalation to the leaders (subject "risk"). An order
 * reported again with the same facts changes nothing and sends nothing.
 */
import { eq, sql } from 'drizzle-orm';
import type { Card } from '../../cards/card';
import type { Deps } from '../../core/deps';
import { hasAttribute } from '../../core/people';
import { listMembers, localeOf, type Team } from '../../core/teams';
import { scheduleTimer } from '../../core/timers';
import type { Db } from '../../db/client';
import { getPolicy, startEscalation } from '../../escalation';
import { policyFrom, type EscalationPolicy } from '../../escalation/policy';
import { enqueue, enqueueCardPatch, PRIORITY, uuidFor } from '../../outbox/enqueue';
import { teamPeople } from '../duty/roster';
import { warningCard } from './card';
import { loadRules, lockOrders, refs, STALE_TIMER, SUBJECT, type RiskOrder } from './repo';
import { mergeReasons, reasonsOf, staleAt, type Reason, type RiskRules } from './rules';
import { riskOrders } from './schema';

/** Unclaimed for 30 minutes: an in-app buzz to the leaders on the card (/policy 风险订单 changes it). */
export const RISK_POLICY: EscalationPolicy = {
  steps: [{ delayMs: 30 * 60_000, targets: [{ who: 'role', role: 'leader' }], channels: ['app'] }],
  unreachedAfterMs: 30 * 60_000,
  claimReminderMs: 60 * 60_000,
};

export const riskPolicy = (o: Pick<RiskOrder, 'policy'>) => policyFrom(o.policy, RISK_POLICY);

export type Changes = Partial<Omit<RiskOrder, 'id' | 'version'>>;

export async function seniorsOf(db: Db, teamId: number): Promise<string[]> {
  return (await listMembers(db, teamId)).filter((m) => hasAttribute(m, 'senior')).map((m) => m.openId);
}

export async function renderWarning(
  deps: Pick<Deps, 'db' | 'config'>,
  team: Team,
  o: RiskOrder,
  now: Date,
): Promise<Card> {
  const [rules, people, seniors] = await Promise.all([
    loadRules(deps.db, team.id),
    teamPeople(deps, team.id),
    seniorsOf(deps.db, team.id),
  ]);
  return warningCard({
    order: o,
    rules,
    seniors,
    names: people.names,
    locale: localeOf(deps.config, team),
    zone: team.timeZone,
    now,
  });
}

/** Writes `changes`, bumps the version and enqueues the card's patch by ref (a newer patch overtakes it). */
export async function updateWarning(
  deps: Pick<Deps, 'db' | 'config'>,
  team: Team,
  id: number,
  changes: Changes,
  now: Date,
): Promise<{ order: RiskOrder; card: Card }> {
  const [row] = await deps.db
    .update(riskOrders)
    .set({ ...changes, updatedAt: now, version: sql`${riskOrders.version} + 1` })
    .where(eq(riskOrders.id, id))
    .returning();
  const card = await renderWarning(deps, team, row!, now);
  await enqueueCardPatch(deps.db, now, {
    teamId: team.id,
    ref: refs.card(id),
    card,
    key: `risk:${id}:v${row!.version}`,
  });
  return { order: row!, card };
}

/** The first time an order is risky: the card to the group, and the escalation started. */
async function raise(deps: Deps, team: Team, o: RiskOrder, reasons: Reason[], now: Date): Promise<void> {
  const policy = await getPolicy(deps.db, team.id, SUBJECT, { defaultPolicy: RISK_POLICY });
  const next = await startEscalation(deps.db, SUBJECT, o, policy, now);
  const event = { kind: 'warned', at: now.toISOString(), reasons, source: 'warned' };
  const [row] = await deps.db
    .update(riskOrders)
    .set({ reasons, warnedAt: now, policy, nextStepAt: next, events: [...o.events, event], updatedAt: now })
    .where(eq(riskOrders.id, o.id))
    .returning();
  await enqueue(deps.db, now, {
    kind: 'send',
    teamId: team.id,
    to: { chatId: team.chatId },
    body: { msgType: 'interactive', content: await renderWarning(deps, team, row!, now) },
    ref: refs.card(o.id),
    priority: PRIORITY.interactive,
    uuid: uuidFor(`risk:${o.id}:card`),
  });
}

/**
 * Asks the rules about a stored order (locked by the caller): raises its warning the first time it
 * is risky, adds a new reason to an open one's card, and otherwise waits for its logistics to go
 * stale (a timer). True when a warning was raised.
 */
export async function evaluate(deps: Deps, team: Team, o: RiskOrder, rules: RiskRules, now: Date): Promise<boolean> {
  const reasons = reasonsOf(o, rules, now);
  if (!o.warnedAt && reasons.length) {
    await raise(deps, team, o, reasons, now);
    return true;
  }
  // An open warning's card shows the order's latest facts and every reason it has had.
  if (o.warnedAt && !o.closedAt)
    await updateWarning(deps, team, o.id, { reasons: mergeReasons(o.reasons, reasons) }, now);
  const stale = staleAt(o, rules);
  if (stale && stale.getTime() > now.getTime() && !o.closedAt && !o.reasons.includes('stale'))
    await scheduleTimer(
      deps.db,
      { teamId: team.id, kind: STALE_TIMER, ref: refs.stale(o.id, stale), dueAt: stale, payload: { id: o.id } },
      now,
    );
  return false;
}
