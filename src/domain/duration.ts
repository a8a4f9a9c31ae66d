import type { Locale } from '../config';

const UNIT_MS: Record<string, number> = {
  ms: 1,
  s: 1_000,
  sec: 1_000,
  secs: 1_000,
  second: 1_000,
  seconds: 1_000,
  秒: 1_000,
  秒钟: 1_000,
  m: 60_000,
  min: 60_000,
  mins: 60_000,
  minute: 60_000,
  minutes: 60_000,
  分: 60_000,
  分钟: 60_000,
  h: 3_600_000,
  hr: 3_600_000,
  hrs: 3_600_000,
  hour: 3_600_000,
  hours: 3_600_000,
  时: 3_600_000,
  小时: 3_600_000,
  个小时: 3_600_000,
  d: 86_400_000,
  day: 86_400_000,
  days: 86_400_000,
  天: 86_400_000,
  日: 86_400_000,
};

/**
 * "30s", "5m", "2h", "5分钟", "1h30m", "1.5h", "半小时" → milliseconds; anything else → undefined.
 * A bare number is refused on purpose: "5" could be seconds or minutes, and a wrong guess here
 * means a phone ringing at the wrong time.
 */
export function parseDuration(input: string): number | undefined {
  const text = input.trim().toLowerCase().replace(/\s+/g, '');
  if (text === '半小时' || text === '半个小时') return 1_800_000;
  if (!text) return undefined;
  const re = /(\d+(?:\.\d+)?)([a-z\u4e00-\u9fff]+)/gy;
  let total = 0;
  let consumed = 0;
  for (const m of text.matchAll(re)) {
    const unit = UNIT_MS[m[2]!];
    if (unit === undefined) return undefined;
    total += Number(m[1]) * unit;
    consumed += m[0].length;
  }
  if (consumed !== text.length || consumed === 0) return undefined;
  return Math.round(total);
}

/** 90_000 → "1分30秒" / "1m 30s". Drops zero parts; under a second shows "0秒". */
export function formatDuration(ms: number, locale: Locale): string {
  const zh = locale === 'zh-CN';
  const parts: string[] = [];
  let rest = Math.round(ms / 1000);
  const units: [number, string, string][] = [
    [86_400, '天', 'd'],
    [3_600, '小时', 'h'],
    [60, '分钟', 'm'],
    [1, '秒', 's'],
  ];
  for (const [size, zhUnit, enUnit] of units) {
    const n = Math.floor(rest / size);
    rest -= n * size;
    if (n > 0) parts.push(zh ? `${n}${zhUnit}` : `${n}${enUnit}`);
  }
  if (parts.length === 0) return zh ? '0秒' : '0s';
  // "1小时30分钟" reads naturally; "1分钟30秒" too — no separator in Chinese.
  return zh ? parts.join('').replace(/分钟(\d+秒)$/, '分$1') : parts.join(' ');
}

/** A summary of durations as stats show it: "平均 5分钟（中位 4分钟）" / "mean 5m (median 4m)"; none → "—". */
export function formatMeanMedian(s: { meanMs: number; medianMs: number } | undefined, locale: Locale): string {
  if (!s) return '—';
  const mean = formatDuration(s.meanMs, locale);
  const median = formatDuration(s.medianMs, locale);
  return locale === 'zh-CN' ? `平均 ${mean}（中位 ${median}）` : `mean ${mean} (median ${median})`;
}
