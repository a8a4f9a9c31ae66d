/**
 * Making a card that is over DingTalk's size smaller without losing what can be pressed: its long
 * texts are clipped first (each to at most `chars` characters, mentions kept whole), and the
 * renderer cuts blocks off the end only when even short texts do not fit.
 */
import { mention, splitMentions } from '../../cards/mention';
import type { Flat } from './card-flat';

/** Texts are not clipped below this many characters. */
export const MIN_CLIP = 40;

/** `text` to at most `chars` characters of its plain runs, ending in "…" when cut; tokens stay whole. */
export function clipText(text: string, chars: number): string {
  let left = chars;
  let out = '';
  for (const p of splitMentions(text)) {
    if (typeof p !== 'string') {
      // A person counts as one character, and is put back whole.
      if (left <= 0) return `${out}…`;
      out += mention(p.id, p.name);
      left--;
      continue;
    }
    if ([...p].length > left) return `${out}${[...p].slice(0, left).join('')}…`;
    out += p;
    left -= [...p].length;
  }
  return out;
}

/** Every long text of the card to at most `chars` characters (a table keeps as many rows). */
export function clipFlat(flat: readonly Flat[], chars: number): Flat[] {
  const clip = (s: string) => clipText(s, chars);
  return flat.map((f): Flat => {
    switch (f.kind) {
      case 'markdown':
      case 'note':
        return { ...f, text: clip(f.text) };
      case 'fields':
        return { ...f, pairs: f.pairs.map((p) => ({ label: p.label, value: clip(p.value) })) };
      case 'table': {
        const rows = f.rows.slice(0, Math.max(3, Math.floor(chars / 10)));
        return {
          ...f,
          rows: rows.map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, clip(v)]))),
          ...(rows.length < f.rows.length ? { total: f.total ?? f.rows.length } : {}),
        };
      }
      default:
        return f;
    }
  });
}

/** The longest text the card has: where clipping starts. */
export function longestText(flat: readonly Flat[]): number {
  let n = 0;
  const see = (s: string) => (n = Math.max(n, [...s].length));
  for (const f of flat) {
    if (f.kind === 'markdown' || f.kind === 'note') see(f.text);
    else if (f.kind === 'fields') f.pairs.forEach((p) => see(p.value));
    else if (f.kind === 'table') f.rows.forEach((r) => Object.values(r).forEach(see));
  }
  return n;
}
