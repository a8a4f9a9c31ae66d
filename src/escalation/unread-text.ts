/** The words of a gathered "too many unread buzzes" notice (pure: no I/O). */
import type { Locale } from '../config';
import { t, type Text } from '../i18n';

export const UNREAD_TEXT = {
  gathered: {
    'zh-CN': '{who} 未读加急太多（已达上限），以下 {n} 条没有加急成功，已改为加急下一位：{items}',
    en: '{who} has too many unread buzzes (the limit is reached): these {n} were not buzzed, and the next person was buzzed instead: {items}',
  },
} satisfies Record<string, Text>;

/** A refused buzz as a list names it: "店铺异常" and 12 → "店铺异常 #12"; no number: its label alone. */
export interface RefusedItem {
  label: string;
  subjectId: number | null;
}

/** A group message carries a few dozen numbers well; past that the count says how many there were. */
const MAX_LISTED = 30;

/**
 * "店铺异常 #12、#13、突发 #4": each label once, its numbers after it, in the order they were
 * refused; a subject refused twice (two steps) is named once. Subjects without a number are
 * counted after their label: "私密关怀提醒（2 条）".
 */
export function refusedList(locale: Locale, items: readonly RefusedItem[]): { n: number; text: string } {
  const byLabel = new Map<string, { ids: number[]; unnumbered: number }>();
  for (const { label, subjectId } of items) {
    const entry = byLabel.get(label) ?? { ids: [], unnumbered: 0 };
    if (subjectId === null) entry.unnumbered++;
    else if (!entry.ids.includes(subjectId)) entry.ids.push(subjectId);
    byLabel.set(label, entry);
  }
  const zh = locale === 'zh-CN';
  let n = 0;
  const parts = [...byLabel].flatMap(([label, { ids, unnumbered }]) => {
    n += ids.length + unnumbered;
    const numbered = ids.map((id, i) => (i === 0 ? `${label} #${id}` : `#${id}`));
    if (!unnumbered) return numbered;
    const count = unnumbered === 1 ? '' : zh ? `（${unnumbered} 条）` : ` (${unnumbered})`;
    return [...numbered, `${label}${count}`];
  });
  const sep = zh ? '、' : ', ';
  const shown = parts.slice(0, MAX_LISTED).join(sep);
  return { n, text: parts.length > MAX_LISTED ? `${shown}${sep}…` : `${shown}${zh ? '。' : '.'}` };
}

/** The notice for several refusals; `who`: the people as a mention. */
export function gatheredNotice(locale: Locale, who: string, items: readonly RefusedItem[]): string {
  const list = refusedList(locale, items);
  return t(locale, UNREAD_TEXT.gathered, { who, n: list.n, items: list.text });
}
