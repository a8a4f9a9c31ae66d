import { DateTime } from 'luxon';

/**
 * Who is on duty, as pure functions of the roster, a time and the team's time zone.
 *
 * Precedence when windows overlap: a one-off shift beats `/duty set`, which beats the weekly rota;
 * within one kind the newer rule wins. Weekly shifts live in wall time (a 22:00–06:00 shift is
 * 22:00–06:00 local on the night clocks change, whatever its length in hours).
 */
export interface DutyPeople {
  primary: string;
  backup?: string;
}

interface RuleBase extends DutyPeople {
  id: number;
  createdAt: Date;
}
export type DutyRule =
  | (RuleBase & { kind: 'standing'; startsAt: Date; endsAt?: Date })
  | (RuleBase & { kind: 'once'; startsAt: Date; endsAt: Date })
  | (RuleBase & { kind: 'weekly'; startMinute: number; endMinute: number; weekdays: number[] });

export interface OnDuty extends DutyPeople {
  ruleId: number;
  kind: DutyRule['kind'];
}

export interface Segment {
  from: Date;
  to: Date;
  duty?: OnDuty;
}

export type Gap =
  { from: Date; to: Date; reason: 'nobody' } | { from: Date; to: Date; reason: 'unreachable'; openIds: string[] };

const RANK: Record<DutyRule['kind'], number> = { weekly: 0, standing: 1, once: 2 };
const DAY_MS = 86_400_000;

interface Window {
  rule: DutyRule;
  from: number;
  to: number;
}

/** Local wall time `minute` minutes after midnight of `day` (1440 = the next midnight). */
function wallTime(day: DateTime, minute: number): DateTime {
  if (minute >= 1440) return day.plus({ days: 1 }).startOf('day');
  return day.set({ hour: Math.floor(minute / 60), minute: minute % 60, second: 0, millisecond: 0 });
}

/** Every window of every rule that overlaps [from, to). */
function windows(rules: DutyRule[], from: number, to: number, zone: string): Window[] {
  const out: Window[] = [];
  for (const rule of rules) {
    if (rule.kind === 'weekly') {
      // Start a day early: last night's shift may still be running at `from`.
      let day = DateTime.fromMillis(from, { zone }).startOf('day').minus({ days: 1 });
      const last = DateTime.fromMillis(to, { zone }).startOf('day');
      for (; day <= last; day = day.plus({ days: 1 }).startOf('day')) {
        if (!rule.weekdays.includes(day.weekday)) continue;
        const start = wallTime(day, rule.startMinute);
        const endDay = rule.endMinute <= rule.startMinute ? day.plus({ days: 1 }).startOf('day') : day;
        const end = wallTime(endDay, rule.endMinute);
        const w = { rule, from: start.toMillis(), to: end.toMillis() };
        if (w.from < to && w.to > from && w.to > w.from) out.push(w);
      }
    } else {
      const start = rule.startsAt.getTime();
      const end = rule.endsAt ? rule.endsAt.getTime() : Number.POSITIVE_INFINITY;
      if (start < to && end > from && end > start) out.push({ rule, from: start, to: end });
    }
  }
  return out;
}

function winner(ws: Window[], at: number): Window | undefined {
  let best: Window | undefined;
  for (const w of ws) {
    if (w.from > at || w.to <= at) continue;
    if (
      !best ||
      RANK[w.rule.kind] > RANK[best.rule.kind] ||
      (RANK[w.rule.kind] === RANK[best.rule.kind] &&
        (w.rule.createdAt.getTime() > best.rule.createdAt.getTime() ||
          (w.rule.createdAt.getTime() === best.rule.createdAt.getTime() && w.rule.id > best.rule.id)))
    ) {
      best = w;
    }
  }
  return best;
}

const toDuty = (w: Window | undefined): OnDuty | undefined =>
  w
    ? {
        primary: w.rule.primary,
        ...(w.rule.backup ? { backup: w.rule.backup } : {}),
        ruleId: w.rule.id,
        kind: w.rule.kind,
      }
    : undefined;

/** Who is on duty at `at` (undefined: nobody). */
export function onDutyAt(rules: DutyRule[], at: Date, zone: string): OnDuty | undefined {
  const t = at.getTime();
  return toDuty(winner(windows(rules, t, t + 1, zone), t));
}

const samePeople = (a?: OnDuty, b?: OnDuty) => a?.primary === b?.primary && a?.backup === b?.backup;

/** Who is on duty over [from, to), as consecutive segments; neighbours with the same people are merged. */
export function dutyTimeline(rules: DutyRule[], from: Date, to: Date, zone: string): Segment[] {
  const f = from.getTime();
  const t = to.getTime();
  if (t <= f) return [];
  const ws = windows(rules, f, t, zone);
  const cuts = new Set<number>([f, t]);
  for (const w of ws) {
    if (w.from > f && w.from < t) cuts.add(w.from);
    if (w.to > f && w.to < t) cuts.add(w.to);
  }
  const points = [...cuts].sort((a, b) => a - b);
  const out: Segment[] = [];
  for (let i = 0; i + 1 < points.length; i++) {
    const duty = toDuty(winner(ws, points[i]!));
    const prev = out[out.length - 1];
    if (prev && samePeople(prev.duty, duty)) prev.to = new Date(points[i + 1]!);
    else out.push({ from: new Date(points[i]!), to: new Date(points[i + 1]!), ...(duty ? { duty } : {}) });
  }
  return out;
}

/** The next time the people on duty change within `horizonMs`, and who takes over (undefined duty: nobody). */
export function nextChange(
  rules: DutyRule[],
  at: Date,
  zone: string,
  horizonMs = 7 * DAY_MS,
): { at: Date; duty?: OnDuty } | undefined {
  const [first, second] = dutyTimeline(rules, at, new Date(at.getTime() + horizonMs), zone);
  if (!first || !second) return undefined;
  return { at: second.from, ...(second.duty ? { duty: second.duty } : {}) };
}

/**
 * Time in [from, to) with nobody on duty, or with someone on duty the bot cannot buzz. The morning
 * digest calls this for the next 24 h; `/duty` shows the same warnings.
 */
export function coverageGaps(
  rules: DutyRule[],
  from: Date,
  to: Date,
  zone: string,
  canBuzz: (openId: string) => boolean,
): Gap[] {
  const gaps: Gap[] = [];
  for (const s of dutyTimeline(rules, from, to, zone)) {
    if (!s.duty) {
      gaps.push({ from: s.from, to: s.to, reason: 'nobody' });
      continue;
    }
    const people = [s.duty.primary, ...(s.duty.backup ? [s.duty.backup] : [])];
    const unreachable = people.filter((p) => !canBuzz(p));
    if (unreachable.length) gaps.push({ from: s.from, to: s.to, reason: 'unreachable', openIds: unreachable });
  }
  return gaps;
}

/** The window a one-off shift "09:00 18:00" on `date` (local, yyyy-mm-dd) covers; without a date the next one not yet over. */
export function oneOffWindow(
  startMinute: number,
  endMinute: number,
  now: Date,
  zone: string,
  date?: { year: number; month: number; day: number },
): { from: Date; to: Date } {
  const make = (day: DateTime) => {
    const start = wallTime(day, startMinute);
    const end = wallTime(endMinute <= startMinute ? day.plus({ days: 1 }).startOf('day') : day, endMinute);
    return { from: start.toJSDate(), to: end.toJSDate() };
  };
  if (date) return make(DateTime.fromObject(date, { zone }).startOf('day'));
  const today = DateTime.fromJSDate(now, { zone }).startOf('day');
  // Yesterday's night shift may still be running; else today's, else tomorrow's.
  for (const day of [today.minus({ days: 1 }), today, today.plus({ days: 1 })]) {
    const w = make(day);
    if (w.to.getTime() > now.getTime() && (day >= today || w.from.getTime() <= now.getTime())) return w;
  }
  return make(today.plus({ days: 1 }));
}
