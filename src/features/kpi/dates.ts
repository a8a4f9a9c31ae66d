/**
 * The day a row or a file is about (pure), as exports write it: 2026-08-09, 2026/11/30,
 * 2026.11.30, 2026年11月30日, 20261130, an Excel serial number or a date cell; a file name such as
 * "客服绩效_20261130_20261130_全部.xlsx". A range of several days is not one day: the caller asks.
 */
import type { Cell } from './values';

export type DayRead = { kind: 'day'; day: string } | { kind: 'range'; from: string; to: string } | { kind: 'none' };

const pad = (n: number) => String(n).padStart(2, '0');

function validDay(y: number, m: number, d: number): string | undefined {
  if (y < 2000 || y > 2100 || m < 1 || m > 12 || d < 1 || d > 31) return undefined;
  const date = new Date(Date.UTC(y, m - 1, d));
  if (date.getUTCMonth() !== m - 1) return undefined;
  return `${y}-${pad(m)}-${pad(d)}`;
}

const DAY = /(20\d{2})(?:[-/.年](\d{1,2})[-/.月](\d{1,2})日?|(\d{2})(\d{2}))(?!\d)/g;

function daysIn(text: string): string[] {
  const out: string[] = [];
  for (const m of text.normalize('NFKC').matchAll(DAY)) {
    const day = validDay(Number(m[1]), Number(m[2] ?? m[4]), Number(m[3] ?? m[5]));
    if (day) out.push(day);
  }
  return out;
}

function fromDays(days: string[]): DayRead {
  if (!days.length) return { kind: 'none' };
  const sorted = [...new Set(days)].sort();
  if (sorted.length === 1) return { kind: 'day', day: sorted[0]! };
  return { kind: 'range', from: sorted[0]!, to: sorted[sorted.length - 1]! };
}

/** Excel's day 1 is 1900-01-01, with the 1900 leap-year bug: serial 25569 is 1970-01-01. */
const fromSerial = (n: number): string => new Date(Math.round((n - 25569) * 86_400_000)).toISOString().slice(0, 10);

/** A date cell. A Date from a spreadsheet is the wall-clock day it shows (stored as UTC midnight). */
export function readDay(cell: Cell): DayRead {
  if (cell instanceof Date)
    return Number.isNaN(cell.getTime()) ? { kind: 'none' } : { kind: 'day', day: cell.toISOString().slice(0, 10) };
  if (typeof cell === 'number')
    return cell > 20000 && cell < 80000 ? { kind: 'day', day: fromSerial(cell) } : { kind: 'none' };
  if (typeof cell !== 'string') return { kind: 'none' };
  return fromDays(daysIn(cell));
}

/** The day a file name names ("…_20261130_20261130_…" is that one day). */
export const dayFromFileName = (name: string): DayRead => fromDays(daysIn(name.replace(/\.[a-z0-9]+$/i, '')));
