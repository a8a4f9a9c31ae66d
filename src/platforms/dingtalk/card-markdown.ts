/**
 * The card as a DingTalk markdown robot message, for a team that has not imported the template
 * (no DINGTALK_CARD_TEMPLATE_ID). Robot messages cannot call back — an ActionCard's buttons only
 * open URLs, and floorwalker's buttons are callbacks — so it is sampleMarkdown, and each button
 * becomes a line saying which command does the same (Button.command), or honestly that it only
 * works on an interactive card. People are "@staffId" in the text and listed in atUserIds, which
 * is how DingTalk shows a mention.
 */
import type { CardColor } from '../../cards/card';
import type { Locale } from '../../config';
import { t } from '../../i18n';
import type { Flat } from './card-flat';
import { tableLines } from './card-table';
import { DX } from './card-texts';

/** A colour where DingTalk markdown has none: a mark before the title (blue, the default, has none). */
const TITLE_MARK: Partial<Record<CardColor, string>> = {
  red: '🔴 ',
  carmine: '🔴 ',
  orange: '🟠 ',
  yellow: '🟡 ',
  green: '🟢 ',
  turquoise: '🟢 ',
  grey: '⚪ ',
  violet: '🟣 ',
  purple: '🟣 ',
};

export const titleLine = (title: string, color: CardColor) => `### ${TITLE_MARK[color] ?? ''}${title}`;

/** DingTalk markdown breaks a line only on two spaces before the newline. */
const hardBreaks = (s: string) => s.replace(/ *\n/g, '  \n');

export function markdownParagraph(f: Flat, md: (text: string) => string, locale: Locale): string {
  const colon = locale === 'zh-CN' ? '：' : ': ';
  switch (f.kind) {
    case 'markdown':
      return hardBreaks(md(f.text));
    case 'note':
      return md(f.text)
        .split('\n')
        .map((l) => `> ${l}`)
        .join('\n');
    case 'divider':
      return '---';
    case 'fields':
      return hardBreaks(f.pairs.map((p) => `**${md(p.label)}**${colon}${md(p.value)}`).join('\n'));
    case 'table':
      return hardBreaks(tableLines(f, md, locale).join('\n'));
    case 'buttons':
      return hardBreaks(
        f.buttons
          .map(({ button: b }) => {
            const text = md(b.text);
            if (b.disabled) return `· ${t(locale, DX.buttonDisabled, { text })}`;
            if (b.command) return `▸ ${t(locale, DX.buttonCommand, { text, command: b.command })}`;
            return `▸ ${t(locale, DX.buttonNoCommand, { text })}`;
          })
          .join('\n'),
      );
    case 'checker':
      return `${f.checked ? '☑' : '☐'} ${md(f.text)}`;
    case 'input': {
      const label = md(f.label ?? f.placeholder ?? t(locale, DX.inputUnnamed));
      return f.initial
        ? hardBreaks(t(locale, DX.inputInitial, { label, initial: md(f.initial) }))
        : t(locale, DX.inputField, { label });
    }
  }
}

/** Whether the message needs the footer that says its buttons cannot be pressed. */
export const hasPressables = (flat: readonly Flat[]) =>
  flat.some((f) => (f.kind === 'buttons' && f.buttons.some((b) => !b.button.disabled)) || f.kind === 'checker');
