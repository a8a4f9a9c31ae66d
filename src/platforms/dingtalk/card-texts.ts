/**
 * The few words the DingTalk renderer adds to a card itself (the card's own texts come from the
 * feature, already in the team's language): where a chart became a table, and what to do where a
 * button cannot be pressed.
 */
import type { Locale } from '../../config';
import type { Text } from '../../i18n';

export const DX = {
  chartAsTable: {
    'zh-CN': '📊 钉钉卡片无法显示图表，以下为图表数据：',
    en: '📊 DingTalk cards cannot draw charts; the chart’s data:',
  },
  chartTruncated: {
    'zh-CN': '（只显示前 {shown} 行，共 {total} 行）',
    en: '(the first {shown} of {total} rows)',
  },
  buttonCommand: { 'zh-CN': '{text}：发送 {command}', en: '{text}: send {command}' },
  buttonNoCommand: {
    'zh-CN': '{text}：请在飞书或已导入模板的钉钉互动卡片中操作',
    en: '{text}: use it on Feishu or on DingTalk’s interactive card (template imported)',
  },
  buttonDisabled: { 'zh-CN': '{text}（不可用）', en: '{text} (not available)' },
  inputField: { 'zh-CN': '✎ {label}', en: '✎ {label}' },
  inputInitial: { 'zh-CN': '✎ {label}：{initial}', en: '✎ {label}: {initial}' },
  inputUnnamed: { 'zh-CN': '输入', en: 'Input' },
  inputTooMany: {
    'zh-CN': '✎ {label}：这张卡片的输入框太多，请用命令填写',
    en: '✎ {label}: this card has too many inputs; use the command',
  },
  clipped: {
    'zh-CN': '✂ 卡片超出钉钉的大小上限，其余 {n} 项未显示。',
    en: '✂ The card is over DingTalk’s size limit: {n} more parts are not shown.',
  },
  fallbackFooter: {
    'zh-CN': '此消息中的按钮不能点击，请发送上面的命令（群里请先 @我）。',
    en: 'Buttons cannot be pressed in this message: send the commands above (in a group, @ me first).',
  },
} satisfies Record<string, Text>;

/**
 * The renderer is not told the team's language (a PlatformApi sends cards, not teams), so it reads
 * it off the card: an English card still names Chinese stores, so it is the share of Chinese
 * characters against Latin letters that decides, with Chinese (the team's default) on a tie.
 */
export function cardLocale(texts: Iterable<string>): Locale {
  let cjk = 0;
  let latin = 0;
  for (const s of texts) {
    cjk += s.match(/[\u3400-\u9fff]/g)?.length ?? 0;
    latin += s.match(/[A-Za-z]/g)?.length ?? 0;
  }
  return cjk * 2 >= latin ? 'zh-CN' : 'en';
}
