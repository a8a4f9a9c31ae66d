import type { TimerHandler } from '../core/timers';
import { runBuzzOutcome } from './buzz-outcome';
import { runClaimReminder, runEscalationStep } from './escalate';
import { TIMER_OUTCOME, TIMER_REMIND, TIMER_STEP } from './repo';

/** The anomaly feature's future actions, registered in core/timer-handlers.ts. */
export const anomalyTimerHandlers: Record<string, TimerHandler> = {
  [TIMER_STEP]: runEscalationStep,
  [TIMER_REMIND]: runClaimReminder,
  [TIMER_OUTCOME]: runBuzzOutcome,
};
