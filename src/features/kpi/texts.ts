/** What the KPI feature says, in both languages. */
export const KX = {
  title: { 'zh-CN': '数据 · {scope} · {period}', en: 'KPIs · {scope} · {period}' },
  team: { 'zh-CN': '全部店铺', en: 'all stores' },
  yesterday: { 'zh-CN': '昨天（{day}）', en: 'yesterday ({day})' },
  lastDays: { 'zh-CN': '近 {n} 天（{from} 至 {to}）', en: 'last {n} days ({from} to {to})' },
  noData: {
    'zh-CN':
      '{scope} 在{period}没有数据。可以用 /kpi set 手动录入，把平台导出的报表文件私聊发给我，或通过数据接口（/setup token）上传。',
    en: 'No data for {scope} in {period}. Enter values with /kpi set, send me a platform export file in private chat, or use the data API (/setup token).',
  },
  line: { 'zh-CN': '{mark} **{name}** {value}{target}', en: '{mark} **{name}** {value}{target}' },
  target: { 'zh-CN': '（目标 {target}{over}）', en: ' (target {target}{over})' },
  over: { 'zh-CN': '，差 {by}', en: ', off by {by}' },
  agentsTitle: { 'zh-CN': '**未达标的客服**（最差在前）', en: '**Agents off target** (worst first)' },
  agentLine: { 'zh-CN': '{name}：{who}', en: '{name}: {who}' },
  more: { 'zh-CN': '等 {n} 人', en: 'and {n} more' },
  trendTitle: { 'zh-CN': '趋势', en: 'Trend' },
  chartTarget: { 'zh-CN': '目标 {target}', en: 'target {target}' },
  footer: {
    'zh-CN': '🔴 未达标 · ✅ 达标 · ⚪ 未设目标。/target 查看和修改目标，/kpi 店铺名 7d 看单店 7 天。',
    en: '🔴 off target · ✅ on target · ⚪ no target. /target shows and changes targets; /kpi <store> 7d for one store over 7 days.',
  },
  set: {
    'zh-CN': '已记录 {store} {day} 的{name}：{value}{replaced}',
    en: 'Recorded {name} of {store} for {day}: {value}{replaced}',
  },
  setReplaced: { 'zh-CN': '（替换了之前的 {old}）', en: ' (replacing {old})' },
  unknownMetric: {
    'zh-CN': '没有「{name}」这个指标。{near}/kpi metrics 列出全部指标。',
    en: 'There is no metric "{name}". {near}/kpi metrics lists them all.',
  },
  near: { 'zh-CN': '你是不是想找：{list}。', en: 'Did you mean: {list}? ' },
  badValue: {
    'zh-CN': '「{text}」不是{name}的有效数值（{unit}）。',
    en: '"{text}" is not a valid value of {name} ({unit}).',
  },
  outOfRange: { 'zh-CN': '{name}不能是 {value}：{why}。', en: '{name} cannot be {value}: {why}.' },
  negative: { 'zh-CN': '不能为负数', en: 'it cannot be negative' },
  over100: { 'zh-CN': '比率不能超过 100%', en: 'a rate cannot exceed 100%' },
  badDay: {
    'zh-CN': '日期写成 2026-11-30、11-30、昨天 或 今天。',
    en: 'Write the date as 2026-11-30, 11-30, yesterday or today.',
  },
  futureDay: { 'zh-CN': '{day} 还没到，不能录入数据。', en: '{day} has not come yet.' },
  metricsTitle: { 'zh-CN': '指标目录（{n}）', en: 'Metric catalog ({n})' },
  metricsNote: {
    'zh-CN': '命令里写中文名、英文 key 或平台报表里的列名都可以。比率按基数加权汇总，数量直接相加。',
    en: 'Name a metric by its Chinese name, its key, or the column name of a platform export. Rates roll up weighted by their base; counts add up.',
  },
  targetsTitle: { 'zh-CN': '目标', en: 'Targets' },
  targetLine: { 'zh-CN': '**{name}** {target}{scope}', en: '**{name}** {target}{scope}' },
  targetDefault: { 'zh-CN': '（默认）', en: ' (default)' },
  targetStore: { 'zh-CN': '（{store}）', en: ' ({store})' },
  targetsNone: { 'zh-CN': '还没有设置目标。', en: 'No targets yet.' },
  targetsNote: {
    'zh-CN':
      '主管可修改：/target first_response_s <=30，/target 3分钟人工响应率 >=95% 天猫旗舰店，/target reset 指标 [店铺]。',
    en: 'Supervisors change them: /target first_response_s <=30, /target reply_3min_rate >=95% <store>, /target reset <metric> [store].',
  },
  targetSet: { 'zh-CN': '已设置{scope}的目标：{name} {target}。', en: 'Target set for {scope}: {name} {target}.' },
  targetTeam: { 'zh-CN': '全组', en: 'the team' },
  targetReset: {
    'zh-CN': '已恢复{scope}的{name}目标：现在是 {target}。',
    en: '{name} target of {scope} reset: now {target}.',
  },
  targetNoneLeft: { 'zh-CN': '无目标', en: 'no target' },
  targetNothingToReset: {
    'zh-CN': '{scope}没有单独设置{name}的目标，无需恢复。',
    en: '{scope} has no own {name} target to reset.',
  },
  badTarget: {
    'zh-CN': '目标写成 <=30、>=95% 这样（比较符号加数值），{name}的单位是{unit}。',
    en: 'Write a target like <=30 or >=95% (a comparison and a value); {name} is measured in {unit}.',
  },
  units: {
    seconds: { 'zh-CN': '秒', en: 'seconds' },
    ratio: { 'zh-CN': '百分比', en: 'percent' },
    count: { 'zh-CN': '数量', en: 'count' },
    cny: { 'zh-CN': '元', en: 'CNY' },
    points: { 'zh-CN': '分', en: 'points' },
    number: { 'zh-CN': '数值', en: 'number' },
  },
} as const;
