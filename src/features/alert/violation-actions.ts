/** The violation card's 认领 button. */
import type { ActionContext } from '../../core/context';
import type { CardActionAnswer } from '../../core/inbound';
import { teamPeople } from '../duty/roster';
import { claimViolation, renderViolation } from './violation-service';
import { VX } from './violation-texts';
import { cardId } from '../../core/card-values';

export async function violationClaimAction(
  ctx: ActionContext,
  value: Record<string, unknown>,
): Promise<CardActionAnswer> {
  const id = cardId(value);
  const r = id ? await claimViolation(ctx.deps, ctx.team, id, ctx.caller.openId, ctx.now) : undefined;
  if (!id || !r || r.outcome === 'not_found')
    return { toast: { type: 'error', content: ctx.t(VX.notFound, { id: String(value.id ?? '') }) } };
  const card = await renderViolation(ctx.deps, ctx.team, r.violation, ctx.now);
  if (r.outcome === 'ok') return { toast: { type: 'success', content: ctx.t(VX.claimed, { id }) }, card };
  const names = (await teamPeople(ctx.deps, ctx.team.id)).names;
  const who = names.get(r.violation.claimedBy ?? '') ?? r.violation.claimedBy ?? '';
  return { toast: { type: 'info', content: ctx.t(VX.alreadyClaimed, { id, who }) }, card };
}
