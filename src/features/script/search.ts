/**
 * Search over the library (pure): Chinese has no spaces, so a query word matches a script when the
 * word (or a synonym the team keeps) appears in its tags, title or text, or when most of its
 * character pairs (bigrams) do — "发货很慢" still finds "发货慢了". Matching scripts are ranked by
 * tier (public first), then use, then how well they match.
 */
import type { ScriptTier } from './schema';
import { tierRank } from './tiers';

export interface Searchable {
  id: number;
  tier: ScriptTier;
  title: string;
  body: string;
  tags: string[];
  uses: number;
}

const norm = (s: string) =>
  s
    .toLowerCase()
    .replace(/[\s\p{P}\p{S}]+/gu, ' ')
    .trim();

/** The query's words: spaces and punctuation split them. */
export const queryWords = (q: string): string[] => [...new Set(norm(q).split(' ').filter(Boolean))];

/** Character pairs of a word's CJK runs, and its Latin/number runs whole. */
export function grams(word: string): string[] {
  const out: string[] = [];
  for (const run of norm(word).match(/[\p{Script=Han}]+|[a-z0-9]+/gu) ?? []) {
    if (!/\p{Script=Han}/u.test(run) || run.length < 2) out.push(run);
    else for (let i = 0; i + 1 < run.length; i++) out.push(run.slice(i, i + 2));
  }
  return out;
}

/** The word and every word of a synonym group that shares it (either contains the other). */
export function expand(word: string, groups: readonly string[][]): string[] {
  const out = new Set([word]);
  for (const g of groups) {
    const words = g.map(norm);
    if (words.some((w) => w === word || (w.length >= 2 && word.includes(w)) || (word.length >= 2 && w.includes(word))))
      for (const w of words) out.add(w);
  }
  return [...out];
}

/** Share of a word's pairs that must appear for a fuzzy match. */
const FUZZY = 0.6;

/** How well one word (or one of its synonyms, worth a little less) matches the script; 0: not at all. */
function wordScore(s: Searchable, variants: string[]): number {
  const tags = s.tags.map(norm);
  const title = norm(s.title);
  const body = norm(s.body);
  const all = `${tags.join(' ')} ${title} ${body}`;
  let best = 0;
  variants.forEach((v, i) => {
    const weight = i === 0 ? 1 : 0.8;
    let score = 0;
    if (tags.some((t) => t === v)) score = 4;
    else if (tags.some((t) => t.includes(v))) score = 3;
    else if (title.includes(v)) score = 2.5;
    else if (body.includes(v)) score = 1.5;
    // Looser matches only for the word itself: a synonym's own looseness would find everything.
    else if (i > 0) score = 0;
    else if (tags.some((t) => t.length >= 2 && v.includes(t))) score = 2;
    else {
      const g = grams(v);
      const hit = g.filter((x) => all.includes(x)).length;
      if (g.length >= 2 && hit / g.length >= FUZZY) score = hit / g.length;
    }
    best = Math.max(best, score * weight);
  });
  return best;
}

/** Every word must match; the score is their sum. */
export function scoreScript(s: Searchable, words: string[], groups: readonly string[][]): number {
  let total = 0;
  for (const w of words) {
    const score = wordScore(s, expand(w, groups));
    if (score === 0) return 0;
    total += score;
  }
  return total;
}

/** The scripts matching `query`, best first: tier, then uses, then score, then the older one. */
export function searchScripts<S extends Searchable>(
  list: readonly S[],
  query: string,
  groups: readonly string[][],
): S[] {
  const words = queryWords(query);
  if (!words.length) return [];
  return list
    .map((s) => ({ s, score: scoreScript(s, words, groups) }))
    .filter((x) => x.score > 0)
    .sort(
      (a, b) => tierRank(a.s.tier) - tierRank(b.s.tier) || b.s.uses - a.s.uses || b.score - a.score || a.s.id - b.s.id,
    )
    .map((x) => x.s);
}
