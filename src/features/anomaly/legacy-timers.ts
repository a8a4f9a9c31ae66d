import type { TimerHandler, TimerRow } from '../../core/timers';
import { runBuzzOutcome, runClaimReminder, runEscalationStep } from '../../escalation';
import { SUBJECT } from './repo';

/** A timer stored before the engine existed ({ anomalyId, … }) as the engine's own ({ subject, id, … }). */
const asEngine =
  (run: TimerHandler): TimerHandler =>
  (deps, timer: TimerRow) =>
    run(deps, { ...timer, payload: { ...timer.payload, subject: SUBJECT, id: Number(timer.payload.anomalyId) } });

/**
 * Timer kinds that rows already in the database may still carry (steps, reminders and buzz
 * outcomes scheduled before the escalation engine took them over); new ones are "escalation.*".
 */
export const legacyTimers: Record<string, TimerHandler> = {
  'anomaly.step': asEngine(runEscalationStep),
  'anomaly.remind': asEngine(runClaimReminder),
  'anomaly.buzz_outcome': asEngine(runBuzzOutcome),
};
