import { anomalyTimerHandlers } from '../anomalies/timers';
import type { TimerHandler } from './timers';

/** Every kind of future action the bot knows, by timer kind. Features add their entries here. */
export const timerHandlers: Record<string, TimerHandler> = { ...anomalyTimerHandlers };
