import { defineFeature } from '../../core/feature';
import { inspectionExport } from './export';
import { escalationGuards, onEscalationOutcome } from '../../escalation';
import { followupAction, markAction, problemAction, restAction } from './actions';
import { registerAccountsApi } from './api';
import { runDeadlineTimer, runRemindTimer } from './deadline';
import { inspectionDigest } from './digest';
import { ACCOUNTS_TOPIC, DEADLINE_TIMER, INSPECTION_SUBJECT, REMIND_TIMER, SCHEDULE_KEY } from './repo';
import { seedDemoAccounts } from './sandbox';
import { postInspection, refreshPrefill } from './service';
import { inspectionSubject } from './subject';
import { inspectionBoard } from './board';

/**
 * The morning inspection (巡店, domain.md §1): each team's checklist posted at its own time as one
 * card pre-filled from the data, confirmed item by item in place, reminded before its deadline and
 * escalated after it (subject "inspection"); problems become follow-ups carried to the next morning.
 */
export const inspectionFeature = defineFeature({
  name: 'inspection',
  exports: [inspectionExport],
  schedules: {
    [SCHEDULE_KEY]: {
      description: { 'zh-CN': '每日巡店', en: 'The morning inspection' },
      time: '08:30',
      weekdays: [1, 2, 3, 4, 5, 6, 7],
      // Two hours late (the bot was down) still helps; a morning inspection at 15:00 does not.
      catchUpMinutes: 120,
      run: async (deps, team) => {
        await postInspection(deps, team, deps.clock.now());
      },
    },
  },
  // Data that arrives after the card is out (yesterday's export at 09:00) fills the items still to check.
  onData: { kpi: refreshPrefill, [ACCOUNTS_TOPIC]: refreshPrefill },
  timers: { [REMIND_TIMER]: runRemindTimer, [DEADLINE_TIMER]: runDeadlineTimer },
  actions: {
    'inspection.mark': markAction,
    'inspection.rest': restAction,
    'inspection.problem': problemAction,
    'inspection.followup': followupAction,
  },
  api: registerAccountsApi,
  digest: inspectionDigest,
  board: inspectionBoard,
  escalation: { [INSPECTION_SUBJECT]: inspectionSubject },
  guards: escalationGuards(INSPECTION_SUBJECT, inspectionSubject),
  onOutboxOutcome: onEscalationOutcome,
  sandbox: {
    quick: ['/inspect', '/inspect history 7d', '/inspect items'],
    data: seedDemoAccounts,
  },
});
