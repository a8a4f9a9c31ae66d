/** Reading "/incident <id> …" and "/playbook <kind> …" arguments. Pure. */
import { parseDuration } from '../../domain/duration';
import { DateTime } from 'luxon';

export type IdAction =
  | { kind: 'show' }
  | { kind: 'ack' }
  | { kind: 'update'; text: string }
  | { kind: 'step'; n: number }
  | { kind: 'assign'; n: number; name: string }
  | { kind: 'sev'; sev: number }
  | { kind: 'mitigated' }
  | { kind: 'wording'; text: string }
  | { kind: 'close'; summary: string }
  | { kind: 'review'; text: string; by?: string }
  | { kind: 'bad'; why: 'unknown' | 'no_text' | 'no_number' | 'bad_sev' };

const WORDS: Record<string, Exclude<IdAction['kind'], 'bad'>> = {
  show: 'show',
  ack: 'ack',
  认领: 'ack',
  update: 'update',
  更新: 'update',
  进展: 'update',
  step: 'step',
  done: 'step',
  步骤: 'step',
  完成: 'step',
  assign: 'assign',
  reassign: 'assign',
  改派: 'assign',
  指派: 'assign',
  sev: 'sev',
  severity: 'sev',
  级别: 'sev',
  mitigated: 'mitigated',
  缓解: 'mitigated',
  已缓解: 'mitigated',
  wording: 'wording',
  口径: 'wording',
  close: 'close',
  关闭: 'close',
  review: 'review',
  复盘: 'review',
};

const num = (w: string | undefined) => (w !== undefined && /^\d{1,3}$/.test(w) ? Number(w) : undefined);

/** "/incident 12 <words>" → what to do; `words` is what follows the id (mentions already removed). */
export function parseIdAction(words: string[]): IdAction {
  if (!words.length) return { kind: 'show' };
  const kind = WORDS[words[0]!.toLowerCase()];
  if (!kind) return { kind: 'bad', why: 'unknown' };
  const rest = words.slice(1);
  const text = rest.join(' ').trim();
  switch (kind) {
    case 'show':
    case 'ack':
    case 'mitigated':
      return { kind };
    case 'update':
    case 'wording':
      return text ? { kind, text } : { kind: 'bad', why: 'no_text' };
    case 'close':
      return text ? { kind, summary: text } : { kind: 'bad', why: 'no_text' };
    case 'step': {
      // "step 2 done", "step 2", "done 2", "完成 2".
      const n = num(rest[0]);
      return n === undefined ? { kind: 'bad', why: 'no_number' } : { kind, n };
    }
    case 'assign': {
      const n = num(rest[0]);
      return n === undefined ? { kind: 'bad', why: 'no_number' } : { kind, n, name: rest.slice(1).join(' ') };
    }
    case 'sev': {
      const sev = num(rest[0]?.replace(/^s/i, ''));
      return sev !== undefined && sev >= 1 && sev <= 3 ? { kind, sev } : { kind: 'bad', why: 'bad_sev' };
    }
    case 'review': {
      const at = rest.findIndex((w) => w.toLowerCase() === 'by' || w === '截止');
      const what = (at >= 0 ? rest.slice(0, at) : rest).join(' ').trim();
      if (!what) return { kind: 'bad', why: 'no_text' };
      return at >= 0 ? { kind, text: what, by: rest.slice(at + 1).join(' ') } : { kind, text: what };
    }
  }
}

export const DEFAULT_FOLLOWUP_DAYS = 7;

/** "2026-12-08", "12-08", "7d", "3天" → the local end of that day; nothing → 7 days on; else undefined. */
export function followupDue(by: string | undefined, now: Date, zone: string): Date | undefined {
  const local = DateTime.fromJSDate(now, { zone });
  if (by === undefined || !by.trim()) return local.plus({ days: DEFAULT_FOLLOWUP_DAYS }).endOf('day').toJSDate();
  const w = by.trim();
  const full = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(w) ?? /^()(\d{1,2})-(\d{1,2})$/.exec(w);
  if (full) {
    const d = DateTime.fromObject(
      { year: full[1] ? Number(full[1]) : local.year, month: Number(full[2]), day: Number(full[3]) },
      { zone },
    );
    if (!d.isValid || d.endOf('day') < local) return undefined;
    return d.endOf('day').toJSDate();
  }
  const ms = parseDuration(w);
  if (ms === undefined || ms <= 0 || ms > 366 * 86_400_000) return undefined;
  return new Date(now.getTime() + ms);
}

/** A step limit: "10" (minutes), "10m", "1h" → minutes (1 to 24 h); else undefined. */
export function limitMinutes(w: string): number | undefined {
  const ms = /^\d+$/.test(w) ? Number(w) * 60_000 : parseDuration(w);
  if (ms === undefined || ms < 60_000 || ms > 24 * 3_600_000) return undefined;
  return Math.round(ms / 60_000);
}
