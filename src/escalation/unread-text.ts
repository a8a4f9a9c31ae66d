/** The words of a gathered "too many unread buzzes" notice (pure: no I/O). */
import type { Locale } from '../config';
import { t, type Text } from '../i18n';

export const UNREAD_TEXT = {
  gathered: {
    'zh-CN': '{who} 未读加急太多（已达上限），以下 {n} 条没有加急成功，已改为加急下一位：{items}',
    en: '{who} has too many unread buzzes (the limit is reached): these {n} were not buzzed, and the next person was buzzed instead: {items}',
  },
} satisfies Record<string, Text>;

/** A refused buzz as a list names it: "店铺异常" and 12 → "店铺异常 #12". */
export interface RefusedItem {
  label: string;
  subjectId: number;
}

/** A group message carries a few dozen numbers well; past that the count says how many there were. */
const MAX_LISTED = 30;

/**
 * "店铺异常 #12、#13、突发 #4": each label once, its numbers after it, in the order they were
 * refused; a subject refused twice (two steps) is named once.
 */
export function refusedList(locale: Locale, items: readonly RefusedItem[]): { n: number; text: string } {
  const byLabel = new Map<string, number[]>();
  for (const { label, subjectId } of items) {
    const ids = byLabel.get(label) ?? [];
    if (!ids.includes(subjectId)) ids.push(subjectId);
    byLabel.set(label, ids);
  }
  const parts = [...byLabel].flatMap(([label, ids]) => ids.map((id, i) => (i === 0 ? `${label} #${id}` : `#${id}`)));
  const sep = locale === 'zh-CN' ? '、' : ', ';
  const shown = parts.slice(0, MAX_LISTED).join(sep);
  const end = locale === 'zh-CN' ? '。' : '.';
  return { n: parts.length, text: parts.length > MAX_LISTED ? `${shown}${sep}…` : `${shown}${end}` };
}

/** The notice for several refusals; `who`: the people as a mention. */
export function gatheredNotice(locale: Locale, who: string, items: readonly RefusedItem[]): string {
  const list = refusedList(locale, items);
  return t(locale, UNREAD_TEXT.gathered, { who, n: list.n, items: list.text });
}
