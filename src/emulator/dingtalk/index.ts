export { DingTalkEmulator, cardText, type DtDeliveryTarget, type DtEmitted, type SignMode } from './emulator';
export { serveDingTalk, type RunningDingTalk } from './server';
export type * from './model';
export type * from './observe';
export type { DtViolation } from './rate-rules';
export type { FaultHandle } from '../faults';
