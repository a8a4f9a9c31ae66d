/**
 * The words of `/duty add`: clock times, weekday repeats and dates, as CS teams write them.
 * Pure parsers: undefined means "not this kind of word".
 */

/** "09:00", "9:30", "21：00", "9点", "9点半", "24:00" → minutes after midnight. */
export function parseClock(word: string): number | undefined {
  const w = word.trim().replace('：', ':');
  let m = /^(\d{1,2}):(\d{2})$/.exec(w);
  if (m) return clockMinutes(Number(m[1]), Number(m[2]));
  m = /^(\d{1,2})点(半|(\d{1,2})分?)?$/.exec(w);
  if (m) return clockMinutes(Number(m[1]), m[2] === '半' ? 30 : m[3] ? Number(m[3]) : 0);
  return undefined;
}

function clockMinutes(h: number, min: number): number | undefined {
  if (min > 59 || h > 24 || (h === 24 && min > 0)) return undefined;
  return h * 60 + min;
}

export const formatClock = (minute: number): string =>
  `${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}`;

const DAY_WORDS: Record<string, number> = {
  mon: 1,
  monday: 1,
  周一: 1,
  星期一: 1,
  礼拜一: 1,
  一: 1,
  tue: 2,
  tuesday: 2,
  周二: 2,
  星期二: 2,
  礼拜二: 2,
  二: 2,
  wed: 3,
  wednesday: 3,
  周三: 3,
  星期三: 3,
  礼拜三: 3,
  三: 3,
  thu: 4,
  thursday: 4,
  周四: 4,
  星期四: 4,
  礼拜四: 4,
  四: 4,
  fri: 5,
  friday: 5,
  周五: 5,
  星期五: 5,
  礼拜五: 5,
  五: 5,
  sat: 6,
  saturday: 6,
  周六: 6,
  星期六: 6,
  礼拜六: 6,
  六: 6,
  sun: 7,
  sunday: 7,
  周日: 7,
  周天: 7,
  星期日: 7,
  星期天: 7,
  礼拜天: 7,
  日: 7,
  天: 7,
};

const ALL = [1, 2, 3, 4, 5, 6, 7];
const REPEAT_WORDS: Record<string, number[]> = {
  daily: ALL,
  everyday: ALL,
  每天: ALL,
  每日: ALL,
  天天: ALL,
  weekdays: [1, 2, 3, 4, 5],
  workdays: [1, 2, 3, 4, 5],
  工作日: [1, 2, 3, 4, 5],
  周一至周五: [1, 2, 3, 4, 5],
  weekends: [6, 7],
  weekend: [6, 7],
  周末: [6, 7],
};

/** "daily"/"每天", "weekdays"/"工作日", "周末", "mon,wed,fri", "周一、周三", "mon-fri", "周一至周五" → ISO weekdays. */
export function parseWeekdays(word: string): number[] | undefined {
  const w = word
    .trim()
    .toLowerCase()
    .replace(/^(每|every)/, '');
  const named = REPEAT_WORDS[w] ?? REPEAT_WORDS[word.trim().toLowerCase()];
  if (named) return named;
  const days = new Set<number>();
  for (const part of w.split(/[,，、/]/)) {
    if (!part) return undefined;
    const range = /^(.+?)(?:-|~|至|到)(.+)$/.exec(part);
    if (range) {
      const a = dayOf(range[1]!);
      const b = dayOf(range[2]!);
      if (a === undefined || b === undefined) return undefined;
      for (let d = a; ; d = (d % 7) + 1) {
        days.add(d);
        if (d === b) break;
      }
    } else {
      const d = dayOf(part);
      if (d === undefined) return undefined;
      days.add(d);
    }
  }
  return days.size ? [...days].sort((a, b) => a - b) : undefined;
}

function dayOf(word: string): number | undefined {
  const w = word.trim();
  // "周三" after a range's "周一至" loses its prefix: accept "三" alone only inside ranges/lists.
  return DAY_WORDS[w] ?? DAY_WORDS[w.replace(/^(周|星期|礼拜)/, '')];
}

export interface LocalDate {
  year: number;
  month: number;
  day: number;
}

/** "2026-11-25", "11-25", "11/25", "11月25日", "today/今天", "tomorrow/明天" → a local date (relative to `today`). */
export function parseDate(word: string, today: LocalDate): LocalDate | undefined {
  const w = word.trim().toLowerCase();
  if (w === 'today' || w === '今天') return today;
  if (w === 'tomorrow' || w === '明天') {
    const d = new Date(Date.UTC(today.year, today.month - 1, today.day + 1));
    return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
  }
  let m = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$/.exec(w);
  const full = m ? { year: Number(m[1]), month: Number(m[2]), day: Number(m[3]) } : undefined;
  m = /^(\d{1,2})[-/.](\d{1,2})$/.exec(w) ?? /^(\d{1,2})月(\d{1,2})[日号]?$/.exec(w);
  const short = m ? { month: Number(m[1]), day: Number(m[2]) } : undefined;
  let date = full;
  if (!date && short) {
    // A month-day earlier than today means next year's (a roster is about the future).
    const year =
      short.month < today.month || (short.month === today.month && short.day < today.day) ? today.year + 1 : today.year;
    date = { year, ...short };
  }
  if (!date) return undefined;
  const check = new Date(Date.UTC(date.year, date.month - 1, date.day));
  if (check.getUTCMonth() + 1 !== date.month || check.getUTCDate() !== date.day) return undefined;
  return date;
}
