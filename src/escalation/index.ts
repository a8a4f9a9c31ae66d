/** The escalation engine, as features use it. */
export { escalationGuards } from './guards';
export { startEscalation, stopForClaim, stopForResolve } from './lifecycle';
export { onEscalationOutcome, runBuzzOutcome } from './outcome';
export { getPolicy, setPolicy } from './policies';
export { refs, TIMER } from './refs';
export { runClaimReminder } from './remind';
export { runEscalationStep } from './step';
export type * from './subject';
