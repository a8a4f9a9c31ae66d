/**
 * People inside text, as data. A feature writes `mention(openId)` into a text message or card
 * markdown; the platform that sends it turns the token into its own mention markup (Feishu:
 * `<at user_id=…>` in text, `<at id=…>` in cards; DingTalk: "@id" plus the atUserIds list).
 * Nothing outside src/platforms/ ever writes a platform's markup.
 *
 * The token is a string, not a structure, so it goes through t() templates, joins and slices like
 * any text. Its brackets (U+27E6/U+27E7) are not something people type, so a store name or an
 * anomaly description does not turn into one by accident.
 */
const OPEN = '\u27e6@';
const CLOSE = '\u27e7';
/** Ids are platform ids (Feishu open_id, DingTalk staff id): no spaces, no token characters. */
const ID = /^[^\s|\u27e6\u27e7]+$/;
const TOKEN = /\u27e6@([^\s|\u27e6\u27e7]+)(?:\|([^\u27e6\u27e7]*))?\u27e7/g;

export interface MentionedPerson {
  id: string;
  /** The name we know, for platforms that show it as written (Feishu text) or need a fallback. */
  name?: string;
}

export type TextPart = string | MentionedPerson;

/** "@person" in a text message or card markdown. A name keeps only what a token can carry. */
export function mention(id: string, name?: string): string {
  if (!ID.test(id)) return name ?? '';
  const shown = name?.replace(/[\u27e6\u27e7|]/g, '').trim();
  return `${OPEN}${id}${shown ? `|${shown}` : ''}${CLOSE}`;
}

/** Several people, space-separated, with the names we know. */
export function mentionAll(names: ReadonlyMap<string, string>, ids: readonly string[]): string {
  return ids.map((id) => mention(id, names.get(id))).join(' ');
}

/** The name we know, else a mention (which the platform shows as the person's name). */
export const nameOrMention = (names: ReadonlyMap<string, string>, id: string): string => names.get(id) || mention(id);

/** Text split into plain runs and the people in it, in order: what a platform renderer walks. */
export function splitMentions(text: string): TextPart[] {
  const parts: TextPart[] = [];
  let last = 0;
  for (const m of text.matchAll(TOKEN)) {
    if (m.index > last) parts.push(text.slice(last, m.index));
    parts.push(m[2] ? { id: m[1]!, name: m[2] } : { id: m[1]! });
    last = m.index + m[0].length;
  }
  if (last < text.length) parts.push(text.slice(last));
  return parts;
}

/** Replaces every mention token with what `render` makes of the person. */
export function renderMentions(text: string, render: (p: MentionedPerson) => string): string {
  return text.replace(TOKEN, (_, id: string, name?: string) => render(name ? { id, name } : { id }));
}

/** The ids mentioned in `text`, each once, in order (DingTalk's atUserIds, tests). */
export function mentionedIds(text: string): string[] {
  return [...new Set(splitMentions(text).flatMap((p) => (typeof p === 'string' ? [] : [p.id])))];
}

/** Text without tokens, people written as "@name" (or "@id"): for places that show plain text only. */
export const plainMentions = (text: string): string => renderMentions(text, (p) => `@${p.name ?? p.id}`);

/** The ids of mentions that carry no name, each once, in order: the ones a name can be filled in for. */
export function namelessIds(text: string): string[] {
  const ids = new Set<string>();
  for (const m of text.matchAll(TOKEN)) if (!m[2]) ids.add(m[1]!);
  return [...ids];
}

/**
 * Names filled into the mentions that carry none, from `names`; a mention that has a name keeps it,
 * and one nobody knows stays nameless (the platform then shows what it can: the id).
 */
export const withNames = (text: string, names: ReadonlyMap<string, string>): string =>
  text.replace(TOKEN, (token, id: string, name?: string) => (name ? token : mention(id, names.get(id) || undefined)));
