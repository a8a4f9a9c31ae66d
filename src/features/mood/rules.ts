/**
 * The rules of emotion check-ins, as pure functions of data and an injected `now`: reading a
 * check-in line, the prompt times and their next slot, who needs care, who could cover, and the
 * aggregate the digest may show (only when enough people answered that nobody can be picked out).
 */
import { formatTimeOfDay, nextSlot, parseTimeOfDay } from '../../core/schedule-rules';

export const LEVELS = [1, 2, 3, 4] as const;
export type Level = (typeof LEVELS)[number];

export const NOTE_MAX = 500;
export const PROMPTS_MAX = 6;
/** Entries are deleted after this many days (the mood-prune job). */
export const KEEP_DAYS = 90;
/** Below this many people answering, the digest shows 样本不足 instead of any figure. */
export const MIN_SAMPLE = 3;
/** Level 1 again within this long after a level 1: escalated at once. */
export const REPEAT_WINDOW_MS = 24 * 3_600_000;
/** A level 1–2 check-in this recent means the agent is not asked to cover for someone. */
export const LOW_RECENT_MS = 8 * 3_600_000;
/** An open care case reminds its people this long after it opened. */
export const REMIND_AFTER_MS = 30 * 60_000;

export const needsCare = (level: number): boolean => level <= 2;

export type CheckInParse =
  | { ok: true; kind: 'card' }
  | { ok: true; kind: 'entry'; level: Level; note: string }
  | { ok: false; problem: 'bad_level' | 'note_too_long'; word?: string };

/**
 * What follows `/mood`: nothing (the card), or a level 1–4 and an optional note ("2 被客户骂了").
 * The note is kept as typed (trimmed); key=value words in it are the agent's words, not options.
 */
export function parseCheckIn(rest: string): CheckInParse {
  const text = rest.trim();
  if (!text) return { ok: true, kind: 'card' };
  const m = /^(\S+)\s*([\s\S]*)$/.exec(text)!;
  const word = m[1]!;
  const level = /^[1-4]$/.test(word) ? (Number(word) as Level) : undefined;
  if (!level) return { ok: false, problem: 'bad_level', word };
  const note = m[2]!.trim();
  if ([...note].length > NOTE_MAX) return { ok: false, problem: 'note_too_long' };
  return { ok: true, kind: 'entry', level, note };
}

/** A note from the card's input: trimmed; undefined when over the limit. */
export function cardNote(raw: unknown): string | undefined {
  const note = typeof raw === 'string' ? raw.trim() : '';
  return [...note].length > NOTE_MAX ? undefined : note;
}

export type PromptParse = { ok: true; minutes: number[] } | { ok: false; word: string };

/** "09:00,14:00" (also "、" "，" or spaces) → sorted minutes of the day; "off" → none. */
export function parsePromptTimes(text: string): PromptParse {
  const t = text.trim();
  if (/^(off|关闭|无|none)$/i.test(t)) return { ok: true, minutes: [] };
  const words = t.split(/[,，、\s]+/).filter(Boolean);
  if (!words.length) return { ok: false, word: t };
  const minutes = new Set<number>();
  for (const w of words) {
    const m = parseTimeOfDay(w);
    if (m === undefined) return { ok: false, word: w };
    minutes.add(m);
  }
  if (minutes.size > PROMPTS_MAX) return { ok: false, word: words.slice(PROMPTS_MAX).join(',') };
  return { ok: true, minutes: [...minutes].sort((a, b) => a - b) };
}

export const formatPromptTimes = (minutes: readonly number[]): string => minutes.map(formatTimeOfDay).join(',');

const EVERY_DAY = [1, 2, 3, 4, 5, 6, 7];

/** The first prompt slot strictly after `after` in the team's zone, every day; none when no times. */
export function nextPromptSlot(minutes: readonly number[], after: Date, zone: string): Date | undefined {
  let best: Date | undefined;
  for (const minuteOfDay of minutes) {
    const at = nextSlot({ minuteOfDay, weekdays: EVERY_DAY }, after, zone);
    if (at && (!best || at < best)) best = at;
  }
  return best;
}

/** Whether a level 1 at `now` follows another level 1 of the same person within 24 hours. */
export function repeatsLevel1(level: number, earlier: { level: number; createdAt: Date }[], now: Date): boolean {
  return (
    level === 1 &&
    earlier.some(
      (e) =>
        e.level === 1 &&
        e.createdAt.getTime() <= now.getTime() &&
        now.getTime() - e.createdAt.getTime() <= REPEAT_WINDOW_MS,
    )
  );
}

/**
 * Who could take the agent's accounts now: the team's other agents whose latest check-in of the
 * last 8 hours (if any) is not level 1–2, each with their stores, in the order given.
 */
export function coverCandidates<A extends { memberId: number; openId: string }>(
  agents: readonly A[],
  who: number,
  latest: ReadonlyMap<number, { level: number; createdAt: Date }>,
  now: Date,
): A[] {
  return agents.filter((a) => {
    if (a.memberId === who) return false;
    const e = latest.get(a.memberId);
    return !(e && needsCare(e.level) && now.getTime() - e.createdAt.getTime() <= LOW_RECENT_MS);
  });
}

export type Aggregate =
  | { enough: false; people: number }
  | { enough: true; people: number; answers: number; counts: Record<Level, number>; mean: number };

/** The level distribution of a period — only when at least MIN_SAMPLE different people answered. */
export function aggregate(entries: readonly { memberId: number; level: number }[]): Aggregate {
  const people = new Set(entries.map((e) => e.memberId)).size;
  if (people < MIN_SAMPLE) return { enough: false, people };
  const counts: Record<Level, number> = { 1: 0, 2: 0, 3: 0, 4: 0 };
  for (const e of entries) if (e.level in counts) counts[e.level as Level]++;
  const mean = entries.reduce((s, e) => s + e.level, 0) / entries.length;
  return { enough: true, people, answers: entries.length, counts, mean: Math.round(mean * 10) / 10 };
}

/** `/mood team [7d]`: the days back, 1–90 (default 7); undefined when not a number of days. */
export function parseDays(word: string | undefined): number | undefined {
  if (word === undefined) return 7;
  const m = /^(\d{1,2})\s*(d|天)?$/i.exec(word.trim());
  const n = m ? Number(m[1]) : NaN;
  return n >= 1 && n <= KEEP_DAYS ? n : undefined;
}
