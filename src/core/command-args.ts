import type { Locale } from '../config';
import { t } from '../i18n';
import type { Mention } from './inbound';
import type { Param, SubcommandDef } from './command-def';

export interface ArgInput {
  words: string[];
  mentions: Mention[];
}

/**
 * Splits a command line into words, keeping "quoted phrases" (ASCII or Chinese quotes) together.
 * Mentions are already written as "@name" in the text; they are passed separately as people.
 */
export function tokenize(text: string): string[] {
  const out: string[] = [];
  const re = /"([^"]*)"|“([^”]*)”|「([^」]*)」|(\S+)/g;
  for (const m of text.matchAll(re)) out.push(m[1] ?? m[2] ?? m[3] ?? m[4] ?? '');
  return out;
}

/** Builds the object a subcommand's zod schema validates: params by position, key=value options, mentions. */
export function buildArgs(sub: SubcommandDef, words: string[], mentions: Mention[]): Record<string, unknown> {
  const mentionNames = new Set(mentions.map((m) => `@${m.name}`));
  const options: Record<string, string> = {};
  const positional: string[] = [];
  for (const w of words) {
    if (mentionNames.has(w)) continue;
    const opt = /^([a-zA-Z_]+)=(.*)$/.exec(w);
    if (opt) options[opt[1]!.toLowerCase()] = opt[2]!;
    else positional.push(w);
  }
  const obj: Record<string, unknown> = {
    ...options,
    mentions: mentions.map((m) => ({ openId: m.openId, name: m.name })),
  };
  const params = sub.params ?? [];
  params.forEach((p, i) => {
    if (p.rest) {
      const rest = positional.slice(i).join(' ');
      if (rest) obj[p.key] = rest;
    } else if (positional[i] !== undefined) obj[p.key] = positional[i];
  });
  if (!params.some((p) => p.rest) && positional.length > params.length) obj._extra = positional.slice(params.length);
  return obj;
}

export function usageLine(locale: Locale, commandName: string, sub: SubcommandDef): string {
  const parts = [`/${commandName}`];
  if (sub.name) parts.push(sub.name);
  for (const p of sub.params ?? []) {
    const label = t(locale, p.label);
    parts.push(p.optional ? `[${label}${p.rest ? '…' : ''}]` : `<${label}${p.rest ? '…' : ''}>`);
  }
  if (sub.usageTail) parts.push(t(locale, sub.usageTail));
  return parts.join(' ');
}
