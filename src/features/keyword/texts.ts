/** What the keyword early warnings say, in both languages. */
export const KX = {
  title: { 'zh-CN': '关键词预警 · {keyword} ↑ {ratio}', en: 'Keyword warning · {keyword} ↑ {ratio}' },
  titleResolved: { 'zh-CN': '关键词预警 · {keyword} 已回落', en: 'Keyword warning · {keyword} back to normal' },
  newWord: { 'zh-CN': '新出现', en: 'new' },
  team: { 'zh-CN': '全部店铺', en: 'all stores' },
  line: {
    'zh-CN': '**{keyword}** ↑ {ratio}，{store}，近 {hours} 小时 {count} 次（7 日同时段均值 {base} 次）',
    en: '**{keyword}** ↑ {ratio}, {store}, {count} times in the last {hours} h (7-day same-hours mean {base})',
  },
  resolvedLine: {
    'zh-CN': '✅ ~~{keyword} {store}~~ 已回落至 {ratio}（今日 {count} 次）· {at}',
    en: '✅ ~~{keyword} {store}~~ back to {ratio} ({count} today) · {at}',
  },
  titleEnded: { 'zh-CN': '关键词预警 · {keyword} 已结束', en: 'Keyword warning · {keyword} ended' },
  endedLine: {
    'zh-CN': '⏹ {day} 已过去：{keyword}，{store}，当日 {count} 次（{ratio}）。新的一天重新计算。',
    en: '⏹ {day} is over: {keyword}, {store}, {count} that day ({ratio}). A new day is judged afresh.',
  },
  ops: { 'zh-CN': '请关注：{who}', en: 'Heads up: {who}' },
  today: { 'zh-CN': '今日', en: 'Today' },
  baseline: { 'zh-CN': '7 日均值', en: '7-day mean' },
} as const;

/** What a keyword report's import says (a file sent to the bot, or POST /api/v1/keywords/import). */
export const KIX = {
  previewTitle: { 'zh-CN': '关键词报表预览 · {file}', en: 'Keyword report preview · {file}' },
  importedTitle: { 'zh-CN': '关键词报表已导入 · {file}', en: 'Keyword report imported · {file}' },
  cancelledTitle: { 'zh-CN': '关键词报表已取消 · {file}', en: 'Keyword report cancelled · {file}' },
  summary: {
    'zh-CN': '第 {header} 行是表头。读到 **{rows}** 行：{keywords} 个关键词，{counts} 条计数，日期 {days}，{hourly}。',
    en: 'Header on line {header}. **{rows}** rows read: {keywords} keywords, {counts} counts, {days}, {hourly}.',
  },
  hourly: { 'zh-CN': '按小时', en: 'by hour' },
  daily: {
    'zh-CN': '按天（没有时段列：只存不预警，预警比较同一时段）',
    en: 'by day (no hour column: stored, not judged — warnings compare the same hours)',
  },
  stores: { 'zh-CN': '店铺：{list}', en: 'Stores: {list}' },
  teamWide: { 'zh-CN': '全部店铺', en: 'all stores' },
  top: { 'zh-CN': '最多的：{list}', en: 'Most frequent: {list}' },
  summaryRows: { 'zh-CN': '跳过汇总行 {n} 行。', en: '{n} summary rows skipped.' },
  refused: { 'zh-CN': '未导入 {n} 行：{list}', en: '{n} rows left out: {list}' },
  badCount: { 'zh-CN': '第 {line} 行次数「{text}」不是整数', en: 'line {line}: count "{text}" is no whole number' },
  badHour: { 'zh-CN': '第 {line} 行时段「{text}」看不懂', en: 'line {line}: hour "{text}" unreadable' },
  noDate: { 'zh-CN': '第 {line} 行没有日期', en: 'line {line}: no date' },
  unknownStore: {
    'zh-CN': '第 {line} 行店铺「{store}」不在本组（可 /store add 添加）',
    en: 'line {line}: store "{store}" is not this team\'s (/store add it)',
  },
  replaces: {
    'zh-CN': '其中 {n} 条已存在，导入会覆盖（不会重复累加）。',
    en: '{n} of them are stored already: importing replaces them (never adds twice).',
  },
  importButton: { 'zh-CN': '导入', en: 'Import' },
  cancelButton: { 'zh-CN': '取消', en: 'Cancel' },
  imported: {
    'zh-CN': '{who} 导入了 {n} 条关键词计数（新增 {inserted}，覆盖 {replaced}），{days}。预警随即按新数据判断。',
    en: '{who} imported {n} keyword counts ({inserted} new, {replaced} replaced), {days}. Warnings are judged on them now.',
  },
  cancelled: { 'zh-CN': '{who} 取消了导入，没有存储任何数据。', en: '{who} cancelled; nothing was stored.' },
  stale: {
    'zh-CN': '这份报表已处理过（{status}），没有再次导入。',
    en: 'This report was handled already ({status}); nothing done again.',
  },
  notFound: { 'zh-CN': '找不到这次导入。', en: 'This import was not found.' },
  notAllowed: {
    'zh-CN': '只有发送文件的人、组长或主管可以导入。',
    en: 'Only whoever sent the file, a leader or a supervisor can import it.',
  },
  noRows: {
    'zh-CN': '「{file}」是关键词报表，但没有可导入的行。{detail}',
    en: '"{file}" is a keyword report, but has no row to import. {detail}',
  },
  needDate: {
    'zh-CN':
      '「{file}」是关键词报表，但看不出日期：请加一列「日期」，或把日期写进文件名（如 热词_20261130.csv）后重发。',
    en: '"{file}" is a keyword report but says no day: add a 日期 column, or put the day in its name (hot_20261130.csv), and send it again.',
  },
  tooMany: {
    'zh-CN': '「{file}」的计数超过 {max} 条，请拆分后再发。',
    en: '"{file}" has more than {max} counts: split it.',
  },
} as const;
