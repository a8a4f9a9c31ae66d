import { defineFeature } from '../../core/feature';
import { alertExport } from './export';
import { claimAction, kpiAction, silenceAction } from './actions';
import { evaluateKpi } from './evaluate';
import { runFlushTimer } from './flush';
import { FLUSH_TIMER, SILENCE_TIMER } from './repo';
import { runSilenceTimer } from './silences';
// Violations (违规): their own card at once; severe ones escalate (subject "alertViolation").
import { escalationGuards, onEscalationOutcome } from '../../escalation';
import { violationClaimAction } from './violation-actions';
import { registerViolationsApi } from './violation-api';
import { VIOLATION_SUBJECT } from './violation-repo';
import { violationSubject } from './violation-subject';
import { alertDigest } from './digest';
import { alertBoard } from './board';

/**
 * KPI alerts (告警): breaches judged when data arrives, grouped into one card per team that is
 * updated in place, silences, flapping and business hours. The alert model is general (an alert
 * has a kind): violations and keyword warnings will raise alerts of their own kinds.
 */
export const alertFeature = defineFeature({
  name: 'alert',
  exports: [alertExport],
  digest: alertDigest,
  board: alertBoard,
  // A removed store's alerts resolve: the stores feature signals "stores" on /store remove.
  onData: { kpi: evaluateKpi, stores: evaluateKpi },
  timers: { [FLUSH_TIMER]: runFlushTimer, [SILENCE_TIMER]: runSilenceTimer },
  actions: {
    'alert.claim': claimAction,
    'alert.silence': silenceAction,
    'alert.kpi': kpiAction,
    'alert.violationClaim': violationClaimAction,
  },
  // Violations (违规): the API, the card's claim, the escalation subject and its guards.
  api: registerViolationsApi,
  escalation: { [VIOLATION_SUBJECT]: violationSubject },
  guards: escalationGuards(VIOLATION_SUBJECT, violationSubject),
  onOutboxOutcome: onEscalationOutcome,
  sandbox: {
    quick: [
      '/alert',
      '/silence list',
      '/silence 天猫旗舰店 2h 店铺装修',
      '/violation 天猫旗舰店 虚假发货 订单超时未发货 points=6',
    ],
    // A demo breach: first response 48 s against the 30 s target raises the alert card.
    seed: [{ as: '李组长', text: '/kpi set 天猫旗舰店 首次响应时长 48秒' }],
  },
});
