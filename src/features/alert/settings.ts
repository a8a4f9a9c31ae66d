/**
 * A team's alert settings (pure): Alertmanager's timing (group_wait 10 s — its 30 s is tuned for
 * scraped metrics, KPI data arrives in batches —, group_interval 5 m, repeat_interval 4 h), business
 * hours, and the guards against noise (FlashDuty's flapping defaults: 4 changes in 60 min → muted
 * 120 min). Stored as a partial object; what is absent is the default.
 */
import { parseDuration } from '../../domain/duration';
import { parseTimeOfDay } from '../../core/schedule-rules';

export interface AlertSettings {
  groupWaitMs: number;
  groupIntervalMs: number;
  repeatIntervalMs: number;
  /** Business hours in the team's zone (minutes after midnight); none: always. End < start spans midnight. */
  hours?: { start: number; end: number };
  /** A rate (or a mean weighted by a base) computed from fewer conversations does not alert. */
  minBase: number;
  /** Back inside the target by this share of the target before an alert resolves. */
  hysteresis: number;
  flapChanges: number;
  flapWindowMs: number;
  flapMuteMs: number;
  /** This many open alerts in one group make one storm notice. */
  stormThreshold: number;
  /** A keyword early warning needs at least this many mentions today (the keyword feature's rule). */
  keywordMin: number;
}

export const DEFAULT_SETTINGS: AlertSettings = {
  groupWaitMs: 10_000,
  groupIntervalMs: 5 * 60_000,
  repeatIntervalMs: 4 * 3600_000,
  minBase: 20,
  hysteresis: 0.05,
  flapChanges: 4,
  flapWindowMs: 60 * 60_000,
  flapMuteMs: 120 * 60_000,
  stormThreshold: 50,
  keywordMin: 20,
};

const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);

/** Stored settings over the defaults; anything unreadable is the default. */
export function settingsOf(stored: Record<string, unknown> | undefined): AlertSettings {
  const s = stored ?? {};
  const out: AlertSettings = { ...DEFAULT_SETTINGS };
  for (const k of Object.keys(DEFAULT_SETTINGS) as (keyof AlertSettings)[]) {
    const v = num(s[k]);
    if (v !== undefined && k !== 'hours') (out as unknown as Record<string, number>)[k] = v;
  }
  const h = s.hours as { start?: unknown; end?: unknown } | undefined;
  if (h && num(h.start) !== undefined && num(h.end) !== undefined)
    out.hours = { start: h.start as number, end: h.end as number };
  return out;
}

/** What `/alert policy` can set, by the words it accepts (Alertmanager's names and short ones). */
const POLICY_KEYS: Record<
  string,
  { key: keyof AlertSettings; kind: 'duration' | 'count' | 'share'; min: number; max: number }
> = {
  group_wait: { key: 'groupWaitMs', kind: 'duration', min: 0, max: 10 * 60_000 },
  wait: { key: 'groupWaitMs', kind: 'duration', min: 0, max: 10 * 60_000 },
  group_interval: { key: 'groupIntervalMs', kind: 'duration', min: 10_000, max: 24 * 3600_000 },
  interval: { key: 'groupIntervalMs', kind: 'duration', min: 10_000, max: 24 * 3600_000 },
  repeat_interval: { key: 'repeatIntervalMs', kind: 'duration', min: 10 * 60_000, max: 7 * 24 * 3600_000 },
  repeat: { key: 'repeatIntervalMs', kind: 'duration', min: 10 * 60_000, max: 7 * 24 * 3600_000 },
  min_base: { key: 'minBase', kind: 'count', min: 0, max: 100_000 },
  hysteresis: { key: 'hysteresis', kind: 'share', min: 0, max: 0.5 },
  flap_changes: { key: 'flapChanges', kind: 'count', min: 2, max: 100 },
  flap_window: { key: 'flapWindowMs', kind: 'duration', min: 60_000, max: 24 * 3600_000 },
  flap_mute: { key: 'flapMuteMs', kind: 'duration', min: 30 * 60_000, max: 24 * 3600_000 },
  storm: { key: 'stormThreshold', kind: 'count', min: 2, max: 10_000 },
  keyword_min: { key: 'keywordMin', kind: 'count', min: 1, max: 100_000 },
};

export const POLICY_WORDS = Object.keys(POLICY_KEYS);

export type PolicyRead =
  | { ok: true; changes: Partial<Record<keyof AlertSettings, number>> }
  | { ok: false; word: string; why: 'unknown' | 'bad_value' | 'out_of_range' };

/** "group_wait=10s interval=5m repeat 4h hysteresis=5%" → the changes; the first bad word refuses all. */
export function readPolicy(words: readonly string[]): PolicyRead {
  const pairs: [string, string][] = [];
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!.normalize('NFKC');
    const eq = w.indexOf('=');
    if (eq > 0) pairs.push([w.slice(0, eq), w.slice(eq + 1)]);
    else if (i + 1 < words.length) pairs.push([w, words[++i]!.normalize('NFKC')]);
    else return { ok: false, word: w, why: 'bad_value' };
  }
  const changes: Partial<Record<keyof AlertSettings, number>> = {};
  for (const [k, v] of pairs) {
    const def = POLICY_KEYS[k.toLowerCase()];
    if (!def) return { ok: false, word: k, why: 'unknown' };
    const value =
      def.kind === 'duration'
        ? v === '0' || v === '0s'
          ? 0
          : parseDuration(v)
        : def.kind === 'share'
          ? v.endsWith('%')
            ? Number(v.slice(0, -1)) / 100
            : Number(v)
          : Number(v);
    if (value === undefined || !Number.isFinite(value) || (def.kind === 'count' && !Number.isInteger(value)))
      return { ok: false, word: `${k}=${v}`, why: 'bad_value' };
    if (value < def.min || value > def.max) return { ok: false, word: `${k}=${v}`, why: 'out_of_range' };
    changes[def.key] = value;
  }
  return { ok: true, changes };
}

/** "09:00-23:00" (also "9:00~23:00", "22:00-06:00" across midnight); "off"/"关闭" → null (always). */
export function readHours(text: string): { start: number; end: number } | null | undefined {
  const s = text.normalize('NFKC').trim().toLowerCase();
  if (['off', 'always', '关闭', '全天', '24h'].includes(s)) return null;
  const m = /^(\d{1,2}:\d{2})\s*[-~至到]\s*(\d{1,2}:\d{2})$/.exec(s);
  if (!m) return undefined;
  const start = parseTimeOfDay(m[1]!);
  const end = parseTimeOfDay(m[2]!);
  if (start === undefined || end === undefined || start === end) return undefined;
  return { start, end };
}
