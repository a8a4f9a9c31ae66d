/**
 * Which violations are severe (严重违规): a team setting kept with the alert settings under
 * `violationSevere`. Pure rules; the default is points ≥ 6.
 */
import type { Locale } from '../../config';
import { t } from '../../i18n';
import { VX } from './violation-texts';

export interface SevereRule {
  points?: number;
  amount?: number;
  kinds?: string[];
}

export const SEVERE_KEY = 'violationSevere';
export const DEFAULT_SEVERE: SevereRule = { points: 6 };

/** The stored rule, or the default when absent or unreadable. */
export function severeRuleOf(settings: Record<string, unknown> | undefined): SevereRule {
  const raw = settings?.[SEVERE_KEY];
  if (!raw || typeof raw !== 'object') return DEFAULT_SEVERE;
  const r = raw as Record<string, unknown>;
  const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);
  const kinds = Array.isArray(r.kinds) ? r.kinds.filter((k): k is string => typeof k === 'string') : undefined;
  return {
    ...(num(r.points) !== undefined ? { points: num(r.points)! } : {}),
    ...(num(r.amount) !== undefined ? { amount: num(r.amount)! } : {}),
    ...(kinds?.length ? { kinds } : {}),
  };
}

/** Severe when any one of the rule's conditions holds. */
export function isSevere(rule: SevereRule, v: { kind: string; points: number | null; amount: number | null }): boolean {
  return (
    (rule.points !== undefined && v.points !== null && v.points >= rule.points) ||
    (rule.amount !== undefined && v.amount !== null && v.amount >= rule.amount) ||
    (rule.kinds?.includes(v.kind) ?? false)
  );
}

/** "points>=6 amount>=500 kinds=虚假发货,售假" (or "off": nothing is severe) → the rule; else the word it cannot read. */
export function readSevere(words: readonly string[]): { ok: true; rule: SevereRule } | { ok: false; word: string } {
  if (words.length === 1 && /^(off|关闭|无)$/i.test(words[0]!)) return { ok: true, rule: {} };
  if (!words.length) return { ok: false, word: '' };
  const rule: SevereRule = {};
  for (const w of words) {
    const m = /^(points|扣分|amount|罚款)\s*(>=|≥|=)\s*(\d+(?:\.\d+)?)$/i.exec(w);
    const k = /^(kinds|类型)\s*=\s*(.+)$/i.exec(w);
    if (m) {
      const n = Number(m[3]);
      if (/^(points|扣分)$/i.test(m[1]!)) rule.points = n;
      else rule.amount = n;
    } else if (k) {
      rule.kinds = k[2]!
        .split(/[,，、]/)
        .map((x) => x.trim())
        .filter(Boolean);
    } else return { ok: false, word: w };
  }
  return { ok: true, rule };
}

export function severeText(rule: SevereRule, L: Locale): string {
  const parts = [
    ...(rule.points !== undefined ? [`points>=${rule.points}`] : []),
    ...(rule.amount !== undefined ? [`amount>=${rule.amount}`] : []),
    ...(rule.kinds?.length ? [`kinds=${rule.kinds.join(',')}`] : []),
  ];
  return t(L, VX.severeLine, { rules: parts.length ? parts.join(t(L, VX.severeOr)) : t(L, VX.severeNever) });
}
