/**
 * Claiming a warning and recording what became of it, from its card. Each is one transaction
 * holding the order's row lock: two people pressing 认领 at once take turns, and the second sees it
 * claimed; the same outcome pressed twice is recorded once. 转投诉 opens a serious complaint through
 * the complaint feature's own openComplaint (its source "risk:<id>" opens one at most).
 */
import type { Card } from '../../cards/card';
import type { Deps } from '../../core/deps';
import type { Team } from '../../core/teams';
import { stopForClaim, stopForResolve } from '../../escalation';
import { openComplaint } from '../complaint/service';
import { localeOf } from '../../core/teams';
import { t } from '../../i18n';
import { activeStores } from '../stores/repo';
import { reasonLine } from './card';
import { loadRules, lockOrder, SUBJECT, type RiskOrder } from './repo';
import { closes, type Outcome } from './rules';
import { riskPolicy, updateWarning } from './service';
import { RX } from './texts';

export type HandleResult =
  | { outcome: 'ok'; order: RiskOrder; card: Card }
  | { outcome: 'not_found' }
  | { outcome: 'closed' | 'already_claimed' | 'same'; order: RiskOrder }
  | { outcome: 'no_store'; order: RiskOrder };

const event = (kind: string, actor: string, now: Date, extra: Record<string, unknown> = {}) => ({
  kind,
  at: now.toISOString(),
  actor,
  ...extra,
});

export async function claimWarning(
  deps: Deps,
  team: Team,
  id: number,
  actor: string,
  now: Date,
): Promise<HandleResult> {
  const r = await deps.db.transaction(async (tx): Promise<HandleResult> => {
    const o = await lockOrder(tx, id, team.id);
    if (!o?.warnedAt) return { outcome: 'not_found' };
    if (o.closedAt) return { outcome: 'closed', order: o };
    if (o.status !== 'open') return { outcome: 'already_claimed', order: o };
    await stopForClaim(tx, SUBJECT, { id: o.id, teamId: team.id, policy: riskPolicy(o) }, now);
    const { order, card } = await updateWarning(
      { ...deps, db: tx },
      team,
      o.id,
      {
        status: 'claimed',
        claimedBy: actor,
        claimedAt: now,
        nextStepAt: null,
        events: [...o.events, event('claimed', actor, now, { source: 'claim' })],
      },
      now,
    );
    return { outcome: 'ok', order, card };
  });
  deps.wake();
  return r;
}

/**
 * 先行联系 keeps the warning open (claimed by the presser if nobody had); 已解决, 避免差评 and
 * 转投诉 close it and stop the escalation.
 */
export async function recordOutcome(
  deps: Deps,
  team: Team,
  id: number,
  outcome: Outcome,
  actor: string,
  now: Date,
): Promise<HandleResult> {
  const r = await deps.db.transaction(async (tx): Promise<HandleResult> => {
    const txDeps = { ...deps, db: tx };
    const o = await lockOrder(tx, id, team.id);
    if (!o?.warnedAt) return { outcome: 'not_found' };
    if (o.closedAt) return { outcome: o.outcome === outcome ? 'same' : 'closed', order: o };
    if (o.outcome === outcome) return { outcome: 'same', order: o };
    let complaintId: number | undefined;
    if (outcome === 'complaint') {
      const store = (await activeStores(tx, team.id)).find((s) => s.id === o.storeId);
      if (!store) return { outcome: 'no_store', order: o };
      const L = localeOf(deps.config, team);
      const rules = await loadRules(tx, team.id);
      const opened = await openComplaint(
        txDeps,
        team,
        {
          store,
          orderId: o.orderId,
          wants: t(L, RX.complaintWants, { reasons: o.reasons.map((x) => reasonLine(L, x, o, rules)).join('；') }),
          amount: o.amount,
          category: o.reasons.includes('stale') ? 'logistics' : 'other',
          crisis: false,
          owner: actor,
          source: `risk:${o.id}`,
        },
        now,
      );
      complaintId = opened.complaint.id;
    }
    if (closes(outcome)) await stopForResolve(tx, SUBJECT, o.id, now);
    else if (o.status === 'open')
      await stopForClaim(tx, SUBJECT, { id: o.id, teamId: team.id, policy: riskPolicy(o) }, now);
    const claim = o.claimedBy ? {} : { claimedBy: actor, claimedAt: now };
    const { order, card } = await updateWarning(
      txDeps,
      team,
      o.id,
      {
        ...claim,
        status: closes(outcome) ? 'resolved' : 'claimed',
        nextStepAt: null,
        outcome,
        outcomeBy: actor,
        outcomeAt: now,
        ...(closes(outcome) ? { closedAt: now } : {}),
        ...(complaintId ? { complaintId } : {}),
        events: [...o.events, event('outcome', actor, now, { outcome, source: `outcome:${outcome}` })],
      },
      now,
    );
    return { outcome: 'ok', order, card };
  });
  deps.wake();
  return r;
}
