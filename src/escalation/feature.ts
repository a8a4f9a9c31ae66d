import { defineFeature } from '../core/feature';
import { runBuzzOutcome } from './outcome';
import { TIMER } from './refs';
import { runClaimReminder } from './remind';
import { runEscalationStep } from './step';
import { runUnreadNotice } from './unread-notices';

/**
 * The engine's own timer kinds, registered once in src/app.ts like a feature's: steps, reminders
 * and buzz outcomes of every subject (the payload names the subject), and the gathered notices of
 * refused buzzes (per group and person, whatever the subject).
 */
export const escalationFeature = defineFeature({
  name: 'escalation',
  timers: {
    [TIMER.step]: runEscalationStep,
    [TIMER.remind]: runClaimReminder,
    [TIMER.outcome]: runBuzzOutcome,
    [TIMER.unread]: runUnreadNotice,
  },
});
