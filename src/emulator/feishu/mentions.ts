/**
 * What the Feishu client does to "@Name" when a member types it: the text gets a placeholder
 * `@_user_N` (one per mention, in order) and `mentions[]` resolves each one; @all becomes `@_all`
 * without a mention entry. Names are matched longest first, so "@Li Lei" beats "@Li".
 */
import type { EventMention } from './model';

export interface Mentionable {
  openId: string;
  unionId: string;
  userId: string;
  name: string;
}

const ALL = ['all', '所有人'];

export function encodeMentions(
  text: string,
  people: Mentionable[],
  tenantKey: string,
): { text: string; mentions: EventMention[] } {
  const byLength = people.filter((p) => p.name).sort((a, b) => b.name.length - a.name.length);
  const mentions: EventMention[] = [];
  let out = '';
  let i = 0;
  while (i < text.length) {
    const at = text.indexOf('@', i);
    if (at < 0) {
      out += text.slice(i);
      break;
    }
    out += text.slice(i, at);
    const rest = text.slice(at + 1);
    const all = ALL.find((a) => rest.startsWith(a));
    const person = all ? undefined : byLength.find((p) => rest.startsWith(p.name));
    if (all) {
      out += '@_all';
      i = at + 1 + all.length;
    } else if (person) {
      const key = `@_user_${mentions.length + 1}`;
      mentions.push({
        key,
        id: { union_id: person.unionId, user_id: person.userId, open_id: person.openId },
        name: person.name,
        tenant_key: tenantKey,
      });
      out += key;
      i = at + 1 + person.name.length;
    } else {
      out += '@';
      i = at + 1;
    }
  }
  return { text: out, mentions };
}
