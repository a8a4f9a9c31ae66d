/** The card's buttons: 认领 and the outcomes, for senior agents, leaders and supervisors. */
import type { ActionHandler } from '../../core/command-def';
import type { ActionContext } from '../../core/context';
import type { CardActionAnswer } from '../../core/inbound';
import { effectiveRole, hasAttribute } from '../../core/people';
import { teamPeople } from '../duty/roster';
import type { HandleResult } from './handle';
import { claimWarning, recordOutcome } from './handle';
import { mayHandle, OUTCOMES, type Outcome } from './rules';
import { OUTCOME_NAMES, RX } from './texts';
import { cardId } from '../../core/card-values';

async function answer(ctx: ActionContext, r: HandleResult, done: string): Promise<CardActionAnswer> {
  switch (r.outcome) {
    case 'not_found':
      return { toast: { type: 'error', content: ctx.t(RX.gone) } };
    case 'ok':
      return { toast: { type: 'success', content: done }, card: r.card };
    case 'no_store':
      return { toast: { type: 'warning', content: ctx.t(RX.noStore) } };
    case 'already_claimed': {
      const names = (await teamPeople(ctx.deps, ctx.team.id)).names;
      const who = r.order.claimedBy ? (names.get(r.order.claimedBy) ?? r.order.claimedBy) : '';
      return { toast: { type: 'info', content: ctx.t(RX.alreadyClaimed, { who }) } };
    }
    case 'same':
    case 'closed': {
      const outcome = r.order.outcome ? ctx.t(OUTCOME_NAMES[r.order.outcome]) : '';
      const text = r.outcome === 'same' ? RX.sameOutcome : RX.alreadyClosed;
      return { toast: { type: 'info', content: ctx.t(text, { outcome }) } };
    }
  }
}

const allowed = (ctx: ActionContext) =>
  mayHandle(effectiveRole(ctx.deps, ctx.caller), hasAttribute(ctx.caller, 'senior'));
const refused = (ctx: ActionContext): CardActionAnswer => ({
  toast: { type: 'warning', content: ctx.t(RX.notAllowed) },
});

const gone = (ctx: ActionContext): CardActionAnswer => ({ toast: { type: 'error', content: ctx.t(RX.gone) } });

export const claimAction: ActionHandler = async (ctx, value) => {
  if (!allowed(ctx)) return refused(ctx);
  const id = cardId(value);
  if (!id) return gone(ctx);
  const r = await claimWarning(ctx.deps, ctx.team, id, ctx.caller.openId, ctx.now);
  return answer(ctx, r, ctx.t(RX.claimed, { id }));
};

export const outcomeAction: ActionHandler = async (ctx, value) => {
  if (!allowed(ctx)) return refused(ctx);
  const outcome = String(value.outcome) as Outcome;
  const id = cardId(value);
  if (!OUTCOMES.includes(outcome) || !id) return gone(ctx);
  const r = await recordOutcome(ctx.deps, ctx.team, id, outcome, ctx.caller.openId, ctx.now);
  const done =
    r.outcome === 'ok' && r.order.complaintId
      ? ctx.t(RX.complaintOpened, { id: r.order.complaintId })
      : ctx.t(RX.recorded, { outcome: ctx.t(OUTCOME_NAMES[outcome]) });
  return answer(ctx, r, done);
};

export const riskActions: Record<string, ActionHandler> = {
  'risk.claim': claimAction,
  'risk.outcome': outcomeAction,
};
