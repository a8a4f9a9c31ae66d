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
  ops: { 'zh-CN': '请关注：{who}', en: 'Heads up: {who}' },
  today: { 'zh-CN': '今日', en: 'Today' },
  baseline: { 'zh-CN': '7 日均值', en: '7-day mean' },
} as const;
