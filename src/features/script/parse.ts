/**
 * What `/script add <title> <text…> [tier] [#tag…]` and `/script edit <id> <text…>` carry, read from
 * their words: a tier word and #tags at the end (or tier=/tags= options), the rest is the text.
 * Pure.
 */
import type { ScriptTier } from './schema';
import { parseTier } from './tiers';

export interface ScriptInput {
  text: string;
  tier?: ScriptTier;
  tags: string[];
}

const MAX_TAGS = 10;
export const MAX_TAG = 20;

/** "物流,延迟 发货" / "物流，延迟" → ["物流", "延迟", "发货"] (deduplicated, # dropped). */
export function splitTags(s: string | undefined): string[] {
  if (!s) return [];
  const words = s
    .split(/[\s,，、;；]+/)
    .map((w) => w.replace(/^[#＃]+/, '').trim())
    .filter((w) => w.length > 0 && w.length <= MAX_TAG);
  return [...new Set(words)].slice(0, MAX_TAGS);
}

/**
 * The text with trailing tier words and #tags taken off. A tier word inside the text stays text:
 * only the words after the last word of the text count.
 */
export function parseScriptText(
  words: string[],
  options: { tier?: string; tags?: string; textOptional?: boolean } = {},
): ScriptInput {
  const rest = words.filter(Boolean);
  const tags: string[] = [];
  let tier = options.tier !== undefined ? parseTier(options.tier) : undefined;
  // An add keeps its last word as text; an edit may change only the tier or the tags.
  while (rest.length > (options.textOptional ? 0 : 1)) {
    const last = rest[rest.length - 1]!;
    if (/^[#＃]\S+$/.test(last)) tags.unshift(...splitTags(last));
    else if (!tier && parseTier(last)) tier = parseTier(last);
    else break;
    rest.pop();
  }
  return {
    text: rest.join(' ').trim(),
    ...(tier ? { tier } : {}),
    tags: [...new Set([...tags, ...splitTags(options.tags)])].slice(0, MAX_TAGS),
  };
}
