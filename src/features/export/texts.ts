import type { Text } from '../../i18n';

const x = (zh: string, en: string): Text => ({ 'zh-CN': zh, en });

export const EX = {
  help: x('导出数据（XLSX，私信给你）', 'Export records (XLSX, sent to you privately)'),
  kindLabel: x('类型', 'kind'),
  periodLabel: x('时间', 'period'),
  usage: x(
    '用法：/export <{kinds}> [7d|30d|90d]，例如 /export kpi 30d（默认 30 天，含今天）',
    'Usage: /export <{kinds}> [7d|30d|90d], e.g. /export kpi 30d (30 days up to today by default)',
  ),
  unknownKind: x(
    '没有「{word}」这种导出。可以导出：{kinds}。',
    'There is no export called "{word}". You can export: {kinds}.',
  ),
  badPeriod: x(
    '时间只能是 7d、30d 或 90d（最近 7、30、90 天，含今天），收到的是「{word}」。',
    'The period is 7d, 30d or 90d (the last 7, 30 or 90 days, today included), not "{word}".',
  ),
  mood: x(
    '情绪打卡不能导出：那是每个人私下告诉我的，只在团队汇总里出现（/mood team），不会离开机器人。其他数据可以导出：{kinds}。',
    'Mood check-ins are never exported: people told them to the bot privately, and they only ever appear in aggregate (/mood team). You can export: {kinds}.',
  ),
  working: x(
    '正在生成「{title}」（{from} 至 {to}），好了私信发给你。',
    'Making "{title}" ({from} to {to}); I will send it to you privately.',
  ),
  workingPrivately: x(
    '正在生成「{title}」（{from} 至 {to}），文件只私信发给你，不会发在群里。',
    'Making "{title}" ({from} to {to}); the file goes to you privately, never to the group.',
  ),
  ready: x(
    '「{title}」导出好了：{from} 至 {to}，共 {rows} 条记录（第二页是汇总）。同样的数据也可以用数据接口取 CSV：GET /api/v1/export/{kind}?from={from}&to={to}',
    '"{title}" is ready: {from} to {to}, {rows} records (the second sheet sums them up). The same as CSV from the data API: GET /api/v1/export/{kind}?from={from}&to={to}',
  ),
  none: x(
    '「{title}」在 {from} 至 {to} 没有记录，文件里只有表头和汇总。',
    '"{title}" has no records from {from} to {to}; the file holds only the headers and the summary.',
  ),
  tooLarge: x(
    '「{title}」（{from} 至 {to}）有 {size}，超过{platform}单个文件 {max} 的上限，发不出去。请缩短时间范围（例如 7d），或用数据接口取 CSV：GET /api/v1/export/{kind}?from={from}&to={to}',
    '"{title}" ({from} to {to}) is {size}, over {platform}\'s {max} per file, so it cannot be sent. Choose a shorter period (e.g. 7d), or fetch it as CSV: GET /api/v1/export/{kind}?from={from}&to={to}',
  ),
  // The summary sheet.
  summarySheet: x('汇总', 'Summary'),
  whatLabel: x('导出内容', 'Export'),
  teamLabel: x('团队', 'Team'),
  rangeLabel: x('时间范围', 'Period'),
  rangeValue: x('{from} 至 {to}（含）', '{from} to {to} (inclusive)'),
  zoneLabel: x('时区', 'Time zone'),
  madeLabel: x('生成时间', 'Generated'),
  byLabel: x('导出人', 'Exported by'),
  rowsLabel: x('记录数', 'Records'),
  sumLabel: x('{column}合计', '{column}: total'),
  avgLabel: x('{column}平均', '{column}: mean'),
  countLabel: x('按{column}', 'By {column}'),
  truncated: x('超过 Excel 单表上限，只导出了前 {rows} 条', "Over Excel's sheet limit: only the first {rows} records"),
  // The API.
  apiBadFrom: x('from 要写成日期 YYYY-MM-DD，例如 2026-11-01', 'from must be a day YYYY-MM-DD, e.g. 2026-11-01'),
  apiBadTo: x('to 要写成日期 YYYY-MM-DD，例如 2026-11-30', 'to must be a day YYYY-MM-DD, e.g. 2026-11-30'),
  apiReversed: x('from 不能晚于 to', 'from must not be after to'),
  apiTooLong: x('一次最多导出 {days} 天', 'at most {days} days per export'),
  apiUnknown: x('没有「{word}」这种导出；可以导出：{kinds}', 'no export called "{word}"; you can export: {kinds}'),
  apiMood: x('情绪数据从不导出（只在团队汇总里出现）', 'mood data is never exported (it appears only in aggregate)'),
};

/** Words that ask for mood data, which is never exported. */
export const MOOD_WORDS = ['mood', 'moods', '情绪', '心情'];
