import { defineFeature } from '../../core/feature';
import { anomalyExport } from './export';
import { escalationGuards, onEscalationOutcome } from '../../escalation';
import { anomalyAction } from './answers';
import { claimAnomaly, resolveAnomaly } from './claim';
import { legacyTimers } from './legacy-timers';
import { SUBJECT } from './repo';
import { anomalySubject } from './subject';
import { anomalyDigest } from './digest';
import { ANOMALY_SCRIPT_SLOTS } from './kinds';
import { anomalyBoard } from './board';

/** Store anomalies (店铺异常): the card, claims and resolves; the escalation engine phones people about it. */
export const anomalyFeature = defineFeature({
  name: 'anomaly',
  exports: [anomalyExport],
  digest: anomalyDigest,
  scriptSlots: ANOMALY_SCRIPT_SLOTS,
  board: anomalyBoard,
  escalation: { [SUBJECT]: anomalySubject },
  timers: legacyTimers,
  guards: escalationGuards(SUBJECT, anomalySubject),
  onOutboxOutcome: onEscalationOutcome,
  actions: {
    'anomaly.claim': (ctx, value) =>
      anomalyAction(ctx, value, 'claim', (id) => claimAnomaly(ctx.deps, ctx.team, id, ctx.caller.openId, ctx.now)),
    'anomaly.resolve': (ctx, value) =>
      anomalyAction(ctx, value, 'resolve', (id) =>
        resolveAnomaly(ctx.deps, ctx.team, id, ctx.caller.openId, undefined, ctx.now),
      ),
  },
  sandbox: { quick: ['/anomaly 天猫旗舰店 优惠券叠加后价格变成 9.9', '/anomaly list', '/policy'] },
});
