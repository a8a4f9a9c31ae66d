import { defineFeature } from '../../core/feature';
import { escalationGuards, onEscalationOutcome } from '../../escalation';
import { riskActions } from './actions';
import { registerOrdersApi } from './api';
import { riskDigest } from './digest';
import { orderFileKind } from './import';
import { STALE_TIMER, SUBJECT } from './repo';
import { seedRiskDemo } from './sandbox';
import { riskSubject } from './subject';
import { runStaleTimer } from './timers';

/**
 * Risk-order warnings (风险订单预警): orders in through POST /api/v1/orders or a file, the team's
 * rules (/risk rules) tag each with why it is risky, and a risky one becomes a card for the senior
 * agents to claim (认领) — unclaimed after 30 minutes the leaders are told (subject "risk") — with
 * its outcome recorded on the card (转投诉 opens a serious complaint).
 */
export const riskFeature = defineFeature({
  name: 'risk',
  api: registerOrdersApi,
  timers: { [STALE_TIMER]: runStaleTimer },
  actions: riskActions,
  digest: riskDigest,
  fileKinds: { riskOrders: orderFileKind },
  escalation: { [SUBJECT]: riskSubject },
  guards: escalationGuards(SUBJECT, riskSubject),
  onOutboxOutcome: onEscalationOutcome,
  sandbox: {
    quick: ['/risk', '/risk rules'],
    seed: [{ as: '王主管', text: '/role @小王 客服 资深' }],
    data: seedRiskDemo,
  },
});
