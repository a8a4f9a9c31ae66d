/**
 * When an alert fires, resolves, is flapping and may be told (pure): functions of the data, the
 * team's settings and `now`. The state machine has hysteresis — it fires on the wrong side of
 * the target, and resolves only back inside it by a margin — so a value wobbling around the target
 * does not flip it; and whatever still flips 4 times in 60 minutes is flapping (抖动), muted for a while.
 */
import { DateTime } from 'luxon';
import type { AlertSettings } from './settings';

export type Op = '<=' | '>=';

export interface Threshold {
  op: Op;
  value: number;
  /** A ratio cannot go above 1: the resolve line is capped there. */
  ratio?: boolean;
}

/** On the wrong side of the target. */
export const isBreach = (value: number, t: Threshold): boolean => (t.op === '<=' ? value > t.value : value < t.value);

/** How far past the target (positive = worse), as a share of the target where it is not 0. */
export function severity(value: number, t: Threshold): number {
  const by = t.op === '<=' ? value - t.value : t.value - value;
  return t.value === 0 ? by : by / Math.abs(t.value);
}

/** The line a firing alert must cross back to resolve: inside the target by `margin` of it. */
export function resolveLine(t: Threshold, margin: number): number {
  const m = Math.abs(t.value) * margin;
  if (t.op === '<=') return t.value - m;
  const line = t.value + m;
  return t.ratio ? Math.min(1, line) : line;
}

export const isClear = (value: number, t: Threshold, margin: number): boolean =>
  t.op === '<=' ? value <= resolveLine(t, margin) : value >= resolveLine(t, margin);

export type AlertState = 'firing' | 'resolved';

export interface AlertNow {
  state: AlertState;
  /** State changes within the flapping window, epoch ms, oldest first. */
  changes: number[];
  flappingUntil?: Date | null;
}

export type StepEvent = 'fired' | 'resolved' | 'none';

export interface Step {
  state: AlertState | undefined;
  event: StepEvent;
  changes: number[];
  flappingUntil: Date | null;
  /** This step made it flapping: the card says so once. */
  flapStarted: boolean;
}

/**
 * One observation of a value against its threshold. `prev` undefined: no alert yet (a value on the
 * right side creates none). Inside the hysteresis band nothing changes, whatever the state.
 */
export function step(
  prev: AlertNow | undefined,
  value: number,
  t: Threshold,
  s: Pick<AlertSettings, 'hysteresis' | 'flapChanges' | 'flapWindowMs' | 'flapMuteMs'>,
  now: Date,
): Step {
  const kept = (prev?.changes ?? []).filter((c) => c > now.getTime() - s.flapWindowMs);
  const flappingUntil = prev?.flappingUntil && prev.flappingUntil > now ? prev.flappingUntil : null;
  const stay: Step = { state: prev?.state, event: 'none', changes: kept, flappingUntil, flapStarted: false };
  let event: StepEvent = 'none';
  if (prev?.state !== 'firing' && isBreach(value, t)) event = 'fired';
  else if (prev?.state === 'firing' && isClear(value, t, s.hysteresis)) event = 'resolved';
  if (event === 'none') return stay;
  const changes = [...kept, now.getTime()];
  const flapStarted = !flappingUntil && changes.length >= s.flapChanges;
  return {
    state: event === 'fired' ? 'firing' : 'resolved',
    event,
    changes,
    flappingUntil: flapStarted ? new Date(now.getTime() + s.flapMuteMs) : flappingUntil,
    flapStarted,
  };
}

/** Whether `at` is inside the business hours (always, when the team has none). */
export function inHours(hours: AlertSettings['hours'], at: Date, zone: string): boolean {
  if (!hours) return true;
  const local = DateTime.fromJSDate(at, { zone });
  const m = local.hour * 60 + local.minute;
  return hours.start < hours.end ? m >= hours.start && m < hours.end : m >= hours.start || m < hours.end;
}

/** `at` itself when inside the hours, else the start of the next working period. */
export function nextWorkingStart(hours: AlertSettings['hours'], at: Date, zone: string): Date {
  if (!hours || inHours(hours, at, zone)) return at;
  const local = DateTime.fromJSDate(at, { zone });
  let start = local.startOf('day').plus({ minutes: hours.start });
  if (start <= local) start = start.plus({ days: 1 });
  return start.toJSDate();
}

export interface SilenceMatcher {
  id: number;
  storeId: number | null;
  metric: string | null;
  startsAt: Date;
  endsAt: Date;
  endedAt: Date | null;
}

export const silenceActive = (s: SilenceMatcher, now: Date): boolean =>
  !s.endedAt && s.startsAt <= now && s.endsAt > now;

/** The active silence muting an alert of this store and metric, if any. */
export function silencedBy(
  silences: readonly SilenceMatcher[],
  a: { storeId: number | null; metric: string },
  now: Date,
): SilenceMatcher | undefined {
  return silences.find(
    (s) =>
      silenceActive(s, now) &&
      (s.storeId === null || s.storeId === a.storeId) &&
      (s.metric === null || s.metric === a.metric),
  );
}

/**
 * When the group's next flush is due (Alertmanager's timing, with the card updated in place):
 * a group that has not notified yet waits group_wait from its opening; new members of a notified
 * group wait for the next group_interval tick; resolves and changed values only for a few
 * seconds (they are patches of the card, so resolved items show within a minute); a still-firing
 * group repeats after repeat_interval. Outside business hours everything waits for the next period.
 */
export function flushDue(
  g: { openedAt: Date; notifiedAt: Date | null },
  need: { newMembers: boolean; updates: boolean; firing: boolean },
  s: Pick<AlertSettings, 'groupWaitMs' | 'groupIntervalMs' | 'repeatIntervalMs' | 'hours'>,
  now: Date,
  zone: string,
): Date | undefined {
  const at = (ms: number) => new Date(Math.max(now.getTime(), ms));
  const candidates: Date[] = [];
  if (!g.notifiedAt) {
    if (need.newMembers || need.firing) candidates.push(at(g.openedAt.getTime() + s.groupWaitMs));
  } else {
    // Alertmanager's fixed clock: new members ride the next group_interval tick from the first notice.
    const base = g.notifiedAt.getTime();
    const ticks = Math.max(1, Math.ceil((now.getTime() - base) / s.groupIntervalMs));
    if (need.newMembers) candidates.push(at(base + ticks * s.groupIntervalMs));
    if (need.updates) candidates.push(at(now.getTime() + UPDATE_DELAY_MS));
    if (need.firing) candidates.push(at(base + s.repeatIntervalMs));
  }
  if (!candidates.length) return undefined;
  const due = new Date(Math.min(...candidates.map((d) => d.getTime())));
  return nextWorkingStart(s.hours, due, zone);
}

/** Changes of a notified card wait this long, so a batch of them is one patch. */
export const UPDATE_DELAY_MS = 5_000;
