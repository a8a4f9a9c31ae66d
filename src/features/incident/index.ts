import { defineFeature } from '../../core/feature';
import { incidentExport } from './export';
import { escalationGuards, onEscalationOutcome } from '../../escalation';
import { incidentActions } from './answers';
import { incidentDigest } from './digest';
import { INCIDENT_SCRIPT_SLOTS } from './kinds';
import { runFollowupReminder } from './followups';
import { SUBJECT, TIMERS } from './repo';
import { seedIncidentDemo } from './sandbox';
import { incidentSubject } from './subject';
import { evaluateSurges, surgeAction } from './surge';
import { runStepDue, runUpdateReminder } from './timers';
import { incidentBoard } from './board';

/**
 * Incident playbooks (突发情况): the six emergencies of the floor step by step, with owners, a
 * timeline, update reminders and a review; S1 ones phone the on-duty supervisor through the
 * escalation engine (subject "incident"); traffic surges are suggested from the KPI data.
 */
export const incidentFeature = defineFeature({
  name: 'incident',
  exports: [incidentExport],
  escalation: { [SUBJECT]: incidentSubject },
  guards: escalationGuards(SUBJECT, incidentSubject),
  onOutboxOutcome: onEscalationOutcome,
  onData: { kpi: evaluateSurges },
  timers: {
    [TIMERS.update]: runUpdateReminder,
    [TIMERS.stepDue]: runStepDue,
    [TIMERS.followup]: runFollowupReminder,
  },
  actions: { ...incidentActions, 'incident.surge': surgeAction },
  digest: incidentDigest,
  scriptSlots: INCIDENT_SCRIPT_SLOTS,
  board: incidentBoard,
  sandbox: {
    quick: ['/incident 断电断网 三楼整层断网', '/incident list', '/incident stats 30d', '/playbook outage'],
    data: seedIncidentDemo,
  },
});
