/** What the alert feature says, in both languages. */
export const AX = {
  title: { 'zh-CN': '告警 · {n} 项超标', en: 'Alerts · {n} off target' },
  titleResolved: { 'zh-CN': '告警 · 已全部恢复', en: 'Alerts · all resolved' },
  subtitle: { 'zh-CN': '{stores} 个店铺 · 自 {since} 起', en: '{stores} stores · since {since}' },
  ops: { 'zh-CN': '请关注：{who}', en: 'Heads up: {who}' },
  storeHead: { 'zh-CN': '**{store}**{claimed}', en: '**{store}**{claimed}' },
  claimedBy: { 'zh-CN': ' · 处理人 {who}', en: ' · on it: {who}' },
  line: {
    'zh-CN': '🔴 {what} **{value}**（目标 {target}）{moved} · 自 {since}',
    en: '🔴 {what} **{value}** (target {target}){moved} · since {since}',
  },
  moved: { 'zh-CN': ' · 从 {from} 到 {to}', en: ' · from {from} to {to}' },
  resolvedLine: { 'zh-CN': '✅ ~~{what} {value}~~ 已恢复 {at}', en: '✅ ~~{what} {value}~~ resolved {at}' },
  resolvedHead: { 'zh-CN': '**已恢复**', en: '**Resolved**' },
  agentWhat: { 'zh-CN': '{metric}（{agent}）', en: '{metric} ({agent})' },
  flapping: {
    'zh-CN': '〰️ 抖动：{what} {n} 次状态变化，已静音至 {until}',
    en: '〰️ Flapping: {what} changed state {n} times, muted until {until}',
  },
  flappingMuted: { 'zh-CN': '〰️ 抖动静音中 {n} 项', en: '〰️ {n} flapping, muted' },
  more: {
    'zh-CN': '其余 {n} 项…发送 /alert 查看全部',
    en: '{n} more… send /alert for the full list',
  },
  silenced: { 'zh-CN': '🔕 已静默 {n} 项（/silence list）', en: '🔕 {n} silenced (/silence list)' },
  held: {
    'zh-CN': '🌙 非工作时间发生 {n} 项（其中 {resolved} 项已恢复），现在汇总。',
    en: '🌙 {n} happened outside business hours ({resolved} resolved since); summarised now.',
  },
  footer: {
    'zh-CN': '/alert 查看全部告警 · /silence 店铺 2h 原因 静默',
    en: '/alert lists every alert · /silence <store> 2h <reason> silences',
  },
  claim: { 'zh-CN': '认领', en: 'Claim' },
  silence2h: { 'zh-CN': '静默 2 小时', en: 'Silence 2 h' },
  kpi: { 'zh-CN': '看数据', en: 'KPIs' },
  moved2: {
    'zh-CN': '此告警已在新消息中继续。',
    en: 'These alerts continue in a newer message.',
  },
  storm: {
    'zh-CN': '⚠️ 告警风暴：{stores} 个店铺 {n} 项超标。详情都在告警卡片里，它会原地更新，不再另发消息。',
    en: '⚠️ Alert storm: {n} off target across {stores} stores. The alert card holds them all and updates in place; no further messages.',
  },
  claimed: { 'zh-CN': '已认领 {store} 的 {n} 项告警', en: 'Claimed {n} alerts of {store}' },
  alreadyClaimed: { 'zh-CN': '{who} 已在处理', en: '{who} is on it already' },
  nothingOpen: { 'zh-CN': '这些告警已经恢复了', en: 'These alerts are resolved already' },
  expired: { 'zh-CN': '这张卡片已过期，发送 /alert 查看最新告警', en: 'This card is out of date; send /alert' },
  // /alert
  listTitle: { 'zh-CN': '当前告警 · {n} 项', en: 'Open alerts · {n}' },
  listNone: { 'zh-CN': '当前没有告警。', en: 'No open alerts.' },
  listSilenced: { 'zh-CN': '🔕 {line}（静默 #{id}）', en: '🔕 {line} (silence #{id})' },
  policyLine: {
    'zh-CN':
      '分组等待 {wait} · 分组间隔 {interval} · 重复间隔 {repeat} · 工作时间 {hours} · 最小样本 {minBase} · 恢复余量 {hysteresis} · 抖动 {flapChanges} 次/{flapWindow} 静音 {flapMute} · 关键词最少 {keywordMin} 次',
    en: 'group_wait {wait} · group_interval {interval} · repeat_interval {repeat} · hours {hours} · min base {minBase} · hysteresis {hysteresis} · flapping {flapChanges} changes/{flapWindow}, muted {flapMute} · keyword_min {keywordMin}',
  },
  always: { 'zh-CN': '全天', en: 'always' },
  policySet: { 'zh-CN': '告警设置已更新：{line}', en: 'Alert settings updated: {line}' },
  policyBad: {
    'zh-CN': '看不懂「{word}」。可以设置：{keys}。例如：/alert policy group_wait=10s interval=5m repeat=4h',
    en: 'Cannot read "{word}". Settable: {keys}. Example: /alert policy group_wait=10s interval=5m repeat=4h',
  },
  policyRange: { 'zh-CN': '「{word}」超出允许范围。', en: '"{word}" is out of range.' },
  hoursSet: {
    'zh-CN': '工作时间已设为 {hours}（{zone}）。非工作时间的告警会在下个工作时段开始时汇总发送。',
    en: 'Business hours set to {hours} ({zone}). Alerts outside them are summarised at the start of the next period.',
  },
  hoursOff: { 'zh-CN': '已取消工作时间限制，告警随时发送。', en: 'Business hours removed: alerts go out at any time.' },
  hoursBad: {
    'zh-CN': '工作时间写成 09:00-23:00 这样（或 off 取消）。',
    en: 'Write business hours like 09:00-23:00 (or off).',
  },
  supervisorsOnly: { 'zh-CN': '只有主管可以修改告警设置。', en: 'Only supervisors change alert settings.' },
  // /silence
  silenceSet: {
    'zh-CN': '🔕 已静默 #{id}：{scope}，至 {until}{reason}。告警仍会记录，到期时仍超标的会再通知。',
    en: '🔕 Silence #{id}: {scope} until {until}{reason}. Alerts are still recorded; those still breaching when it ends are notified then.',
  },
  silenceReason: { 'zh-CN': '（{reason}）', en: ' ({reason})' },
  scopeAll: { 'zh-CN': '全部告警', en: 'all alerts' },
  scopeStore: { 'zh-CN': '{store} 的全部指标', en: 'every metric of {store}' },
  scopeMetric: { 'zh-CN': '所有店铺的{metric}', en: '{metric} of every store' },
  scopeBoth: { 'zh-CN': '{store} 的{metric}', en: '{metric} of {store}' },
  silenceList: { 'zh-CN': '生效中的静默：', en: 'Active silences:' },
  silenceListNone: { 'zh-CN': '没有生效中的静默。', en: 'No active silences.' },
  silenceItem: {
    'zh-CN': '#{id} {scope}，至 {until}，{who} 设置{reason}',
    en: '#{id} {scope} until {until}, by {who}{reason}',
  },
  auditSilenceSet: { 'zh-CN': '设置静默 #{id}：{scope}（{reason}）', en: 'Set silence #{id}: {scope} ({reason})' },
  auditSilenceEnded: { 'zh-CN': '提前结束静默 #{id}：{scope}', en: 'Ended silence #{id} early: {scope}' },
  silenceEnded: { 'zh-CN': '已结束静默 #{id}（{scope}）。{still}', en: 'Ended silence #{id} ({scope}). {still}' },
  silenceExpired: {
    'zh-CN': '🔔 静默 #{id} 已到期（{scope}）。{still}',
    en: '🔔 Silence #{id} has expired ({scope}). {still}',
  },
  stillBreaching: { 'zh-CN': '仍超标 {n} 项，已加入告警卡片。', en: '{n} still off target, now on the alert card.' },
  noneBreaching: { 'zh-CN': '期间的告警都已恢复。', en: 'Everything it covered has resolved.' },
  silenceNotFound: {
    'zh-CN': '没有生效中的静默 #{id}。发送 /silence list 查看。',
    en: 'No active silence #{id}. Send /silence list.',
  },
  silenceBadDuration: {
    'zh-CN': '静默时长写成 30m、2h、1d 这样（最长 14 天）。例如：/silence 天猫旗舰店 2h 店铺装修',
    en: 'Write the duration like 30m, 2h, 1d (at most 14 days). Example: /silence 天猫旗舰店 2h redecorating',
  },
  silenceBadScope: {
    'zh-CN': '「{word}」既不是店铺也不是指标。写店铺名、指标名或 all。例如：/silence 天猫旗舰店 2h 店铺装修',
    en: '"{word}" is neither a store nor a metric. Write a store, a metric or all. Example: /silence 天猫旗舰店 2h redecorating',
  },
  silenceRoles: { 'zh-CN': '组长、运营或主管可以静默告警。', en: 'Leaders, ops and supervisors silence alerts.' },
  silenced2h: { 'zh-CN': '已静默 {scope} 2 小时', en: 'Silenced {scope} for 2 hours' },
};
