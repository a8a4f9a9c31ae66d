/**
 * "New data arrived for this team": a feature that stores data (the KPI values) signals a topic,
 * and every feature that reacts to it (the alerts) registers `onData[topic]` — so the writer never
 * imports the reader, and every write path (the data API, an import, a value typed by hand) is
 * covered by the one call in the writer's repository.
 *
 * A signal is a core timer row, due shortly after the write, in the writer's transaction: it runs
 * only if the data committed, and exactly once (timers are claimed FOR UPDATE SKIP LOCKED). Signals
 * within one window share a row (the ref names the window; onConflictDoNothing), so a batch of
 * 10,000 samples in 10 statements, or ten API calls in a second, make one evaluation, not ten.
 */
import type { Db } from '../db/client';
import type { Deps } from './deps';
import { scheduleTimer, type TimerHandler } from './timers';
import { teamOf, type Team } from './teams';

/** What a feature runs when `topic` data of `team` changed; inside the signal's timer transaction. */
export type DataHandler = (deps: Deps, team: Team, now: Date) => Promise<void>;

/** Core's timer kind for data signals (features' kinds are "<feature>.…"). */
export const DATA_TIMER = 'data.changed';

/** Signals within one window collapse into one run at its end. */
export const SIGNAL_WINDOW_MS = 2_000;

export const signalRef = (teamId: number, topic: string, dueMs: number): string => `data:${teamId}:${topic}:${dueMs}`;

/** Schedules the run of every `onData[topic]` for the team at the end of the current window. */
export async function signalData(db: Db, teamId: number, topic: string, now: Date): Promise<void> {
  const due = (Math.floor(now.getTime() / SIGNAL_WINDOW_MS) + 1) * SIGNAL_WINDOW_MS;
  await scheduleTimer(
    db,
    { teamId, kind: DATA_TIMER, ref: signalRef(teamId, topic, due), dueAt: new Date(due), payload: { topic } },
    now,
  );
}

/** The timer handler: every registered reader of the topic, in registration order. */
export const runDataSignal: TimerHandler = async (deps, timer) => {
  const topic = String(timer.payload.topic ?? '');
  const handlers = deps.app.dataHandlers[topic] ?? [];
  if (!handlers.length || timer.teamId === null) return;
  const team = await teamOf(deps.db, timer.teamId);
  const now = deps.clock.now();
  for (const h of handlers) await h(deps, team, now);
};
