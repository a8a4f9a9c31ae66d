import type { Text } from '../../i18n';

export const GX = {
  dailyTitle: { 'zh-CN': '日报 · {day}（{weekday}）', en: 'Morning digest · {day} ({weekday})' },
  weeklyTitle: { 'zh-CN': '周报 · {from} – {to}', en: 'Weekly report · {from} – {to}' },
  empty: {
    'zh-CN': '这段时间没有数据、告警、异常或值班信息。',
    en: 'Nothing to report for this period: no data, alerts, anomalies or duty.',
  },
  failed: {
    'zh-CN': '（「{title}」这部分暂时生成失败，已记录日志。）',
    en: '(The "{title}" part could not be built this time; it is logged.)',
  },
  rowsCut: {
    'zh-CN': '……另有 {n} 行未显示（卡片大小有限）',
    en: '… {n} more rows not shown (the card has a size limit)',
  },
  chartsCut: {
    'zh-CN': '（{n} 张图表未显示：卡片大小有限）',
    en: '({n} charts not shown: the card has a size limit)',
  },
  partCut: {
    'zh-CN': '（这部分余下内容未显示：卡片大小有限）',
    en: '(The rest of this part is not shown: the card has a size limit)',
  },
  footer: {
    'zh-CN': '更多：/kpi、/alert、/anomaly list、/duty　时间：/digest time 09:00、/digest weekly mon 09:30',
    en: 'More: /kpi, /alert, /anomaly list, /duty · Times: /digest time 09:00, /digest weekly mon 09:30',
  },
  dailyDescription: { 'zh-CN': '每天早上的日报', en: 'The morning digest' },
  weeklyDescription: { 'zh-CN': '每周的周报', en: 'The weekly report' },
} satisfies Record<string, Text>;
