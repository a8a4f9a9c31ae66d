/**
 * Reading one cell of a platform export as the metric's unit (pure). The exports write the same
 * thing many ways: "92.31%", 0.9231 and 92.31 are one rate; "45秒", "1分5秒", "00:03:56",
 * "0.37 分钟" and 13.78 are durations; "12,012.84" is a number. "-", "--", "" and "延迟统计"
 * mean *no value* — never 0.
 */
import type { MetricUnit } from './catalog';

export type Cell = string | number | boolean | Date | null | undefined;

/** A value, no value (a placeholder), or a cell that cannot be read as the unit. */
export type CellValue = { kind: 'value'; value: number } | { kind: 'none' } | { kind: 'bad'; text: string };

const NONE: CellValue = { kind: 'none' };
const PLACEHOLDERS = new Set([
  '',
  '-',
  '--',
  '—',
  '——',
  '/',
  'n/a',
  'na',
  'null',
  '延迟统计',
  '暂无',
  '暂无数据',
  '无',
]);

/** Full-width digits, signs and spaces folded to ASCII; thousands separators dropped. */
const fold = (s: string): string =>
  s
    .normalize('NFKC')
    .replace(/[\s\u00a0]+/g, ' ')
    .trim();

const isPlaceholder = (s: string): boolean => PLACEHOLDERS.has(s.toLowerCase()) || s.startsWith('延迟');

const bad = (cell: Cell): CellValue => ({ kind: 'bad', text: String(cell) });

/** "12,012.84", "¥1,234", "1234元" → the number; undefined when it is not one. */
export function readNumber(text: string): number | undefined {
  const s = fold(text)
    .replace(/^[¥￥]/, '')
    .replace(/(元|人|次|个|单|件|条)$/, '')
    .trim();
  if (!/^[+-]?(\d{1,3}(,\d{3})+|\d+)(\.\d+)?$/.test(s) && !/^[+-]?\.\d+$/.test(s)) return undefined;
  return Number(s.replace(/,/g, ''));
}

const UNIT_SECONDS: Record<string, number> = {
  小时: 3600,
  时: 3600,
  h: 3600,
  分钟: 60,
  分: 60,
  min: 60,
  m: 60,
  秒: 1,
  s: 1,
  sec: 1,
};

/** "45秒", "1分5秒", "7小时41分52秒", "00:03:56", "03:56", "0.37 分钟", "13.78" → seconds. */
export function readDuration(text: string): number | undefined {
  const s = fold(text).toLowerCase();
  const clock = /^(\d+):([0-5]\d)(?::([0-5]\d(?:\.\d+)?))?$/.exec(s);
  if (clock) {
    const [, a, b, c] = clock;
    // hh:mm:ss, or mm:ss when there are two parts.
    return c === undefined ? Number(a) * 60 + Number(b) : Number(a) * 3600 + Number(b) * 60 + Number(c);
  }
  const plain = readNumber(s);
  if (plain !== undefined) return plain;
  const parts = [...s.matchAll(/(\d+(?:\.\d+)?)\s*(小时|时|分钟|分|秒|min|sec|h|m|s)/g)];
  if (
    !parts.length ||
    parts
      .map((p) => p[0])
      .join('')
      .replace(/\s/g, '') !== s.replace(/\s/g, '')
  )
    return undefined;
  return parts.reduce((sum, p) => sum + Number(p[1]) * UNIT_SECONDS[p[2]!]!, 0);
}

/**
 * A rate as a fraction 0–1. "92.31%" is explicit; a bare number is a fraction when the column's
 * values are all ≤ 1, else a percentage (`percentScale`, decided per column by the caller).
 */
export function readRate(text: string, percentScale: boolean): number | undefined {
  const s = fold(text);
  if (s.endsWith('%')) {
    const n = readNumber(s.slice(0, -1));
    return n === undefined ? undefined : n / 100;
  }
  const n = readNumber(s);
  if (n === undefined) return undefined;
  return percentScale ? n / 100 : n;
}

/** One cell as `unit`. `percentScale` is the column's decision for bare rate numbers (see readRate). */
export function readCell(cell: Cell, unit: MetricUnit, percentScale = false): CellValue {
  if (cell === null || cell === undefined) return NONE;
  if (typeof cell === 'boolean' || cell instanceof Date) return bad(cell);
  if (typeof cell === 'number') {
    if (!Number.isFinite(cell)) return bad(cell);
    return { kind: 'value', value: unit === 'ratio' && percentScale ? cell / 100 : cell };
  }
  const text = fold(cell);
  if (isPlaceholder(text)) return NONE;
  const value =
    unit === 'seconds' ? readDuration(text) : unit === 'ratio' ? readRate(text, percentScale) : readNumber(text);
  return value === undefined ? bad(cell) : { kind: 'value', value };
}

/**
 * Whether a rate column writes bare percentages (92.31) rather than fractions (0.9231): any bare
 * number above 1 says so. Cells with "%" do not count either way.
 */
export function percentScaleOf(cells: Cell[]): boolean {
  return cells.some((c) => {
    if (typeof c === 'number') return c > 1;
    if (typeof c !== 'string') return false;
    const s = fold(c);
    if (s.endsWith('%')) return false;
    const n = readNumber(s);
    return n !== undefined && n > 1;
  });
}

/** Why a value is out of range for its unit, or undefined when it is fine. */
export function outOfRange(value: number, unit: MetricUnit): 'negative' | 'over_100' | undefined {
  if (value < 0) return 'negative';
  if (unit === 'ratio' && value > 1 + 1e-9) return 'over_100';
  return undefined;
}
