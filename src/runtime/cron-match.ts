/**
 * Which cron schedules are due at a given minute, without node-cron: node-cron reads
 * `import.meta.url` at import time, which Cloudflare Workers do not have, so the Worker's minute
 * cron uses this instead. Same semantics as node-cron 4 for the syntax it accepts (5 or 6 fields,
 * `*`, `?`, numbers, names, ranges including wrap-around ones, `*\/n` and `a-b/n` steps, lists,
 * `@daily` and the other nicknames, 7 = Sunday, day-of-month AND day-of-week). `L`, `W` and `#`
 * are refused rather than silently never matching.
 */
import { DateTime } from 'luxon';
import type { JobDef } from '../core/job-def';

const NICKNAMES: Record<string, string> = {
  '@yearly': '0 0 1 1 *',
  '@annually': '0 0 1 1 *',
  '@monthly': '0 0 1 * *',
  '@weekly': '0 0 * * 0',
  '@daily': '0 0 * * *',
  '@midnight': '0 0 * * *',
  '@hourly': '0 * * * *',
};
const MONTHS = [
  'january',
  'february',
  'march',
  'april',
  'may',
  'june',
  'july',
  'august',
  'september',
  'october',
  'november',
  'december',
];
const WEEKDAYS = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'];
// second, minute, hour, day of month, month, day of week
const BOUNDS: ReadonlyArray<readonly [number, number]> = [
  [0, 59],
  [0, 59],
  [0, 23],
  [1, 31],
  [1, 12],
  [0, 7],
];

export interface CronSchedule {
  seconds: Set<number>;
  minutes: Set<number>;
  hours: Set<number>;
  days: Set<number>;
  months: Set<number>;
  weekdays: Set<number>;
}

/** Month and weekday names to numbers: full names first (they contain the short ones), as node-cron does. */
function names(field: string, full: string[], base: number): string {
  let out = field;
  for (const list of [full, full.map((n) => n.slice(0, 3))])
    list.forEach((n, i) => (out = out.replace(new RegExp(n, 'gi'), String(i + base))));
  return out;
}

function parseField(field: string, index: number, expr: string): Set<number> {
  const [min, max] = BOUNDS[index]!;
  const out = new Set<number>();
  const bad = (why: string) => new Error(`cron "${expr}": ${why} in "${field}"`);
  for (const token of field.split(',')) {
    const m = /^(\*|\?|(\d+)(?:-(\d+))?)(?:\/(\d+))?$/.exec(token.trim());
    if (!m) throw bad(`unsupported token "${token}"`);
    if (m[1] === '?' && index !== 3 && index !== 5) throw bad('"?" only in the day fields');
    if (m[4] !== undefined && m[2] !== undefined && m[3] === undefined) throw bad(`"${token}" (write a-b/n)`);
    const step = m[4] === undefined ? 1 : Number(m[4]);
    if (step < 1) throw bad('a step below 1');
    const wild = m[1] === '*' || m[1] === '?';
    const first = wild ? min : Number(m[2]);
    const last = wild ? (index === 5 ? 6 : max) : m[3] === undefined ? first : Number(m[3]);
    if (first < min || first > max || last < min || last > max) throw bad(`a value outside ${min}-${max}`);
    if (first <= last) {
      for (let v = first; v <= last; v += step) out.add(v);
    } else {
      // Wrap-around range such as 22-2 (hours) or fri-mon, as node-cron reads it.
      const top = index === 5 ? 6 : max;
      const size = top - min + 1;
      const span = (((last - first) % size) + size) % size;
      for (let off = 0; off <= span; off += step) out.add(first + off > top ? first + off - size : first + off);
    }
  }
  if (index === 5 && out.delete(7)) out.add(0);
  return out;
}

export function parseCron(expr: string): CronSchedule {
  const resolved = NICKNAMES[expr.trim().toLowerCase()] ?? expr;
  let fields = resolved.trim().split(/\s+/);
  if (fields.length === 5) fields = ['0', ...fields];
  if (fields.length !== 6) throw new Error(`cron "${expr}": expected 5 or 6 fields, got ${fields.length}`);
  fields[4] = names(fields[4]!, MONTHS, 1);
  fields[5] = names(fields[5]!, WEEKDAYS, 0);
  const [seconds, minutes, hours, days, months, weekdays] = fields.map((f, i) => parseField(f, i, expr)) as [
    Set<number>,
    Set<number>,
    Set<number>,
    Set<number>,
    Set<number>,
    Set<number>,
  ];
  return { seconds, minutes, hours, days, months, weekdays };
}

/** Does the schedule fire at `at` (to the second) as read on a wall clock in `timeZone`? */
export function cronMatches(schedule: CronSchedule, at: Date, timeZone: string): boolean {
  const t = DateTime.fromJSDate(at, { zone: timeZone });
  if (!t.isValid) throw new Error(`cron: invalid time zone "${timeZone}"`);
  return (
    schedule.seconds.has(t.second) &&
    schedule.minutes.has(t.minute) &&
    schedule.hours.has(t.hour) &&
    schedule.days.has(t.day) &&
    schedule.months.has(t.month) &&
    schedule.weekdays.has(t.weekday % 7)
  );
}

const parsed = new Map<string, CronSchedule>();

/**
 * For Workers' minute cron: which jobs are due at this minute in the team time zone. The minute is
 * read at second 0, so a 6-field schedule must include second 0 to fire here.
 */
export function dueJobs(jobs: readonly JobDef[], at: Date, timeZone: string): JobDef[] {
  const minute = new Date(Math.floor(at.getTime() / 60_000) * 60_000);
  return jobs.filter((job) => {
    let schedule = parsed.get(job.schedule);
    if (!schedule) parsed.set(job.schedule, (schedule = parseCron(job.schedule)));
    return cronMatches(schedule, minute, timeZone);
  });
}
