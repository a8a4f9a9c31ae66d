import { defineFeature } from '../../core/feature';
import { complaintExport } from './export';
import { escalationGuards, onEscalationOutcome } from '../../escalation';
import { complaintActions } from './answers';
import { complaintDigest } from './digest';
import { SUBJECT, TIMERS } from './repo';
import { seedComplaintDemo } from './sandbox';
import { COMPLAINT_SCRIPT_SLOTS } from './scripts';
import { complaintSubject } from './subject';
import { runFollowupReminder, runSlaTimer } from './timers';
import { complaintBoard } from './board';

/**
 * The serious-complaint log (严重客诉, domain.md §6): six steps on one card, the ¥30 risk line,
 * compensation tiers offered in order within each role's authority (approvals on the card), SLA
 * timers per stage whose breach escalates to the supervisors (subject "complaint"), and closure
 * with root cause and prevention.
 */
export const complaintFeature = defineFeature({
  name: 'complaint',
  exports: [complaintExport],
  escalation: { [SUBJECT]: complaintSubject },
  guards: escalationGuards(SUBJECT, complaintSubject),
  onOutboxOutcome: onEscalationOutcome,
  timers: { [TIMERS.sla]: runSlaTimer, [TIMERS.followup]: runFollowupReminder },
  actions: complaintActions,
  digest: complaintDigest,
  scriptSlots: COMPLAINT_SCRIPT_SLOTS,
  board: complaintBoard,
  sandbox: {
    quick: [
      '/complaint new 天猫旗舰店 4012345678901234567 杯子破损要求退款 amount=三十元 category=质量',
      '/complaint list open',
      '/complaint stats 7d',
      '/complaint tiers',
    ],
    data: seedComplaintDemo,
  },
});
