import { defineFeature } from '../../core/feature';
import { anomalyAction } from './answers';
import { onBuzzOutcome, runBuzzOutcome } from './buzz-outcome';
import { claimAnomaly, resolveAnomaly } from './claim';
import { runClaimReminder, runEscalationStep } from './escalate';
import { anomalyGuards } from './guards';
import { TIMER_OUTCOME, TIMER_REMIND, TIMER_STEP } from './repo';

/** Store anomalies (店铺异常): the card, the 5-minute phone escalation, claims and reminders. */
export const anomalyFeature = defineFeature({
  name: 'anomaly',
  timers: {
    [TIMER_STEP]: runEscalationStep,
    [TIMER_REMIND]: runClaimReminder,
    [TIMER_OUTCOME]: runBuzzOutcome,
  },
  guards: anomalyGuards,
  onOutboxOutcome: onBuzzOutcome,
  actions: {
    'anomaly.claim': (ctx, value) =>
      anomalyAction(ctx, value, 'claim', (id) => claimAnomaly(ctx.deps, ctx.team, id, ctx.caller.openId, ctx.now)),
    'anomaly.resolve': (ctx, value) =>
      anomalyAction(ctx, value, 'resolve', (id) => resolveAnomaly(ctx.deps, ctx.team, id, ctx.caller.openId, undefined, ctx.now)),
  },
  sandbox: { quick: ['/anomaly 天猫旗舰店 优惠券叠加后价格变成 9.9', '/anomaly list', '/policy'] },
});
