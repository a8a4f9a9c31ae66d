/** What the forecast and the calendar say, in both languages. */
export const FX = {
  digestTitle: { 'zh-CN': '📈 明日咨询预测与排班建议', en: '📈 Tomorrow’s consults and staffing' },
  cardTitle: { 'zh-CN': '📈 {day}（{weekday}）咨询预测', en: '📈 Consult forecast, {day} ({weekday})' },
  summary: {
    'zh-CN':
      '{day}（{weekday}）预计咨询 **{total}** 人，高峰 {peaks}；按每人每小时 {capacity} 个咨询，高峰需要 **{most}** 人在线（{mostHours}）。',
    en: '{day} ({weekday}): **{total}** consults expected, peaks {peaks}; at {capacity} consults per agent-hour the peak needs **{most}** agents online ({mostHours}).',
  },
  promo: {
    'zh-CN': '🎉 {name}：按平常同一天的 ×{multiplier} 预计（/calendar 可改）。',
    en: '🎉 {name}: expected at ×{multiplier} an ordinary day (/calendar to change).',
  },
  notEnough: {
    'zh-CN':
      '⏳ 还不能预测：需要至少 {min} 个平常日的分时咨询人数（consult_users，按小时），最近 8 周只有 {n} 天。请按小时上报（POST /api/v1/metrics 带 hour）。',
    en: '⏳ No forecast yet: it needs hourly consult counts (consult_users by hour) for at least {min} ordinary days; the last 8 weeks have {n}. Send them by hour (POST /api/v1/metrics with hour).',
  },
  basis: {
    'zh-CN':
      '依据最近 {n} 个平常日（截至 {last}，不含大促日），趋势 {trend}/周。每人每小时 {capacity} 个：/forecast capacity <数量> 修改。',
    en: 'From the last {n} ordinary days (up to {last}, promotion days left out), trend {trend}/week. {capacity} consults per agent-hour: /forecast capacity <n> to change.',
  },
  chartTitle: { 'zh-CN': '每小时预计咨询量与所需人数', en: 'Expected consults and agents needed per hour' },
  volume: { 'zh-CN': '预计咨询', en: 'Expected consults' },
  agents: { 'zh-CN': '所需人数', en: 'Agents needed' },
  hour: { 'zh-CN': '时段', en: 'Hour' },
  hourName: { 'zh-CN': '{h}点', en: '{h}:00' },
  capacitySet: {
    'zh-CN': '已设置：每人每小时 {capacity} 个咨询（按目标响应时间能接住的量）。',
    en: 'Done: {capacity} consults per agent-hour (what one agent handles at the target response time).',
  },
  capacityNow: {
    'zh-CN': '现在按每人每小时 {capacity} 个咨询算所需人数。修改：/forecast capacity 60',
    en: 'Agents needed are counted at {capacity} consults per agent-hour. Change: /forecast capacity 60',
  },
  badDay: {
    'zh-CN': '日期「{word}」看不懂：写成 2026-12-02、12-02、明天 或 后天。',
    en: '"{word}" is not a date: write 2026-12-02, 12-02 or tomorrow.',
  },
  pastDay: {
    'zh-CN': '{day} 已经过去或就是今天：预测从明天起、最多 {max} 天以内。',
    en: '{day} is today or past: forecasts are for tomorrow up to {max} days ahead.',
  },
  farDay: {
    'zh-CN': '{day} 太远了：最多预测 {max} 天以内。',
    en: '{day} is too far: forecasts go at most {max} days ahead.',
  },
  calTitle: { 'zh-CN': '📅 大促日历（未来 {days} 天）', en: '📅 Promotion calendar (next {days} days)' },
  calNone: { 'zh-CN': '未来 {days} 天没有大促。', en: 'No promotion in the next {days} days.' },
  calLine: {
    'zh-CN': '{day}（{weekday}）{name} ×{multiplier}　{source}',
    en: '{day} ({weekday}) {name} ×{multiplier} · {source}',
  },
  calBuiltin: { 'zh-CN': '平台大促（默认）', en: 'platform promotion (default)' },
  calTeam: { 'zh-CN': '本组标记', en: 'marked by the team' },
  calOff: { 'zh-CN': '本组不按大促算', en: 'not a promotion for this team' },
  calPast: {
    'zh-CN': '本组还标记了 {n} 个过去的日子（预测时不把它们算作平常日）。',
    en: 'The team also marked {n} past days (the forecast leaves them out of its ordinary days).',
  },
  calHowTo: {
    'zh-CN': '添加/修改：/calendar add 2026-11-11 双11 x3　删除：/calendar remove 2026-11-11',
    en: 'Add or change: /calendar add 2026-11-11 双11 x3 · Remove: /calendar remove 2026-11-11',
  },
  calAdded: {
    'zh-CN': '已标记 {day}（{weekday}）{name} ×{multiplier}：这天按平常的 {multiplier} 倍预测，也不计入平常日基线。',
    en: 'Marked {day} ({weekday}) {name} ×{multiplier}: forecast at {multiplier}× an ordinary day, and left out of the baseline.',
  },
  calNeedMultiplier: {
    'zh-CN': '请写倍数，例如 /calendar add {day} {name} x2（平常日的几倍）。',
    en: 'Give a multiplier, e.g. /calendar add {day} {name} x2 (times an ordinary day).',
  },
  calNeedName: {
    'zh-CN': '请写名称，例如 /calendar add 2026-11-11 双11 x3。',
    en: 'Give a name, e.g. /calendar add 2026-11-11 双11 x3.',
  },
  calBadMultiplier: {
    'zh-CN': '倍数「{word}」看不懂：写成 x2 或 x1.5（0.1 到 20）。',
    en: '"{word}" is not a multiplier: write x2 or x1.5 (0.1 to 20).',
  },
  calRemoved: { 'zh-CN': '已删除 {day} 的标记。', en: 'Removed the mark on {day}.' },
  calRemovedBuiltinBack: {
    'zh-CN': '已删除 {day} 的标记；这天恢复为平台大促 {name} ×{multiplier}（默认）。',
    en: 'Removed the mark on {day}; it is the platform promotion {name} ×{multiplier} (default) again.',
  },
  calBuiltinOff: {
    'zh-CN': '已设置：{day} 的 {name} 对本组不按大促算（×1）。恢复：/calendar add {day} {name} x{multiplier}',
    en: '{day}’s {name} is now an ordinary day for this team (×1). Undo: /calendar add {day} {name} x{multiplier}',
  },
  calNotFound: { 'zh-CN': '{day} 没有标记，也不是平台大促。', en: '{day} is neither marked nor a platform promotion.' },
  calFar: {
    'zh-CN': '日期 {day} 超出范围：只能标记前后两年以内的日子。',
    en: '{day} is out of range: mark days within two years either way.',
  },
};
