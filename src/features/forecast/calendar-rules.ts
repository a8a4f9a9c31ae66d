/**
 * Promotion days (pure): the platform promotions floorwalker knows with default multipliers, and the
 * days a team marks itself (`/calendar add 2026-11-11 双11 x3`). A team's own row for a day wins over
 * the built-in one; a row with multiplier 1 is how a team says "not a promotion for us".
 */

export interface PromoDay {
  day: string;
  name: string;
  /** Expected volume against an ordinary day of the same weekday. */
  multiplier: number;
  source: 'builtin' | 'team';
}

/** A team's row as stored (calendar_days). */
export interface TeamDay {
  day: string;
  name: string;
  multiplier: number;
}

/**
 * Month-day → the platforms' shared festivals (天猫/淘宝, 京东, 抖音, 拼多多 all run them). The
 * multipliers are defaults for a typical store (the demo profiles and the supervisors' rule of thumb:
 * 双11 day ≈ 3×, 618 ≈ 2.5×), meant to be overridden once a team knows its own.
 */
const FIXED: Record<string, { name: string; multiplier: number }> = {
  '03-08': { name: '38女王节', multiplier: 1.4 },
  '05-31': { name: '618开门红', multiplier: 1.5 },
  '06-01': { name: '618开门红', multiplier: 1.6 },
  '06-17': { name: '618前夜', multiplier: 1.5 },
  '06-18': { name: '618', multiplier: 2.5 },
  '09-09': { name: '99划算节', multiplier: 1.3 },
  '10-31': { name: '双11尾款', multiplier: 1.6 },
  '11-01': { name: '双11开门红', multiplier: 1.8 },
  '11-10': { name: '双11前夜', multiplier: 1.6 },
  '11-11': { name: '双11', multiplier: 3 },
  '12-12': { name: '双12', multiplier: 1.6 },
};

/**
 * 年货节 moves with the Spring Festival: its peak about three weeks before it. Dates for the years
 * the team is likely to plan (an approximation; a team with its own date adds it with /calendar).
 */
const NEW_YEAR_GOODS: Record<string, string> = {
  '2026': '2026-01-27',
  '2027': '2027-01-16',
  '2028': '2028-01-05',
  '2029': '2029-01-22',
  '2030': '2030-01-12',
};

/** The built-in promotion of `day`, if any. */
export function builtinPromo(day: string): PromoDay | undefined {
  if (NEW_YEAR_GOODS[day.slice(0, 4)] === day) return { day, name: '年货节', multiplier: 1.3, source: 'builtin' };
  const f = FIXED[day.slice(5)];
  return f ? { day, ...f, source: 'builtin' } : undefined;
}

/** The promotion of `day` for a team: its own row first, then the built-in one. */
export function promoOf(day: string, team: ReadonlyMap<string, TeamDay>): PromoDay | undefined {
  const own = team.get(day);
  if (own) return { ...own, source: 'team' };
  return builtinPromo(day);
}

/** The multiplier of `day` (1 on an ordinary day). */
export const multiplierOf = (day: string, team: ReadonlyMap<string, TeamDay>): number =>
  promoOf(day, team)?.multiplier ?? 1;

/** Every promotion in [from, to] (built-in and the team's), by day; the team's multiplier-1 rows are left out. */
export function promosBetween(from: string, to: string, team: ReadonlyMap<string, TeamDay>): PromoDay[] {
  const out: PromoDay[] = [];
  for (let d = from; d <= to; d = addDays(d, 1)) {
    const p = promoOf(d, team);
    if (p && p.multiplier !== 1) out.push(p);
  }
  return out;
}

/** "2026-11-11" plus n days. */
export function addDays(day: string, n: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
}

/** Days from 1970-01-01. */
export const dayNumber = (day: string): number => Math.round(Date.parse(`${day}T00:00:00Z`) / 86_400_000);

/** 1 = Monday … 7 = Sunday, of a calendar day. */
export const weekdayOf = (day: string): number => ((new Date(`${day}T00:00:00Z`).getUTCDay() + 6) % 7) + 1;

/** "x3", "×2.5", "3倍", "3" → the multiplier (0.1 … 20), else undefined. */
export function parseMultiplier(word: string): number | undefined {
  const m = /^(?:[x×*])?(\d+(?:\.\d+)?)(?:倍|x)?$/i.exec(word.trim().normalize('NFKC'));
  if (!m) return undefined;
  const v = Number(m[1]);
  return v >= 0.1 && v <= 20 ? v : undefined;
}

/**
 * A date as teams write it, relative to `today`: 2026-11-11, 2026/11/11, 11-11, 11月11日, 明天,
 * 后天, tomorrow, today/今天. A month-day without a year is the next one on or after today.
 */
export function parseDay(word: string, today: string): string | undefined {
  const w = word.trim().normalize('NFKC').toLowerCase();
  const rel: Record<string, number> = { 今天: 0, today: 0, 明天: 1, tomorrow: 1, 明日: 1, 后天: 2 };
  if (w in rel) return addDays(today, rel[w]!);
  let m = /^(20\d{2})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$/.exec(w);
  if (m) return valid(Number(m[1]), Number(m[2]), Number(m[3]));
  m = /^(\d{1,2})[-/.月](\d{1,2})日?$/.exec(w);
  if (!m) return undefined;
  const year = Number(today.slice(0, 4));
  const thisYear = valid(year, Number(m[1]), Number(m[2]));
  if (thisYear && thisYear >= today) return thisYear;
  return valid(year + 1, Number(m[1]), Number(m[2])) ?? thisYear;
}

function valid(y: number, mo: number, d: number): string | undefined {
  const date = new Date(Date.UTC(y, mo - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== mo - 1 || date.getUTCDate() !== d) return undefined;
  return date.toISOString().slice(0, 10);
}
