/** What /kpi metrics says about a team's own metrics, in both languages. */
export const TMX = {
  ownTitle: { 'zh-CN': '**本组指标（{n}）**', en: "**The team's own metrics ({n})**" },
  ownNone: {
    'zh-CN': '本组还没有自己的指标。主管可添加：/kpi metrics add presale_calls 售前电话数 个 up',
    en: 'The team has no metrics of its own yet. A supervisor adds one: /kpi metrics add presale_calls 售前电话数 count up',
  },
  catalogTitle: { 'zh-CN': '**目录（{n}）**', en: '**Catalog ({n})**' },
  directions: {
    up: { 'zh-CN': '越高越好', en: 'higher is better' },
    down: { 'zh-CN': '越低越好', en: 'lower is better' },
    none: { 'zh-CN': '不比较高低', en: 'neither' },
  },
  usageAdd: {
    'zh-CN':
      '写成 /kpi metrics add <key> <名称> <单位> <方向>，例如 /kpi metrics add presale_calls 售前电话数 个 up。单位：秒、比率（%）、个、元、分、数值；方向：up（↑）、down（↓）、none。',
    en: 'Write /kpi metrics add <key> <name> <unit> <direction>, e.g. /kpi metrics add presale_calls 售前电话数 count up. Units: seconds, ratio (%), count, cny, points, number; direction: up (↑), down (↓), none.',
  },
  usageRemove: {
    'zh-CN': '写成 /kpi metrics remove <key>，例如 /kpi metrics remove presale_calls。',
    en: 'Write /kpi metrics remove <key>, e.g. /kpi metrics remove presale_calls.',
  },
  badAction: {
    'zh-CN': '「{word}」不是 /kpi metrics 的操作。可用：add（添加）、remove（删除），不带参数则列出全部指标。',
    en: '"{word}" is not something /kpi metrics does: add, remove, or nothing to list every metric.',
  },
  onlySupervisors: {
    'zh-CN': '只有主管可以添加或删除本组指标。发送 /kpi metrics 查看指标。',
    en: "Only supervisors add or remove the team's metrics. Send /kpi metrics to see them.",
  },
  added: {
    'zh-CN':
      '已添加本组指标 {name}（{key}，{unit}，{direction}）。/kpi set、/target、数据接口和导入的报表列名里都可以用它。',
    en: "Added the team's metric {name} ({key}, {unit}, {direction}). Use it in /kpi set, /target, the data API and as an export file's column name.",
  },
  existsSame: {
    'zh-CN': '本组已有指标 {name}（{key}），无需重复添加。',
    en: 'The team already has {name} ({key}); nothing to add.',
  },
  existsOther: {
    'zh-CN':
      '本组已有 key 为 {key} 的指标（{name}，{unit}，{direction}）。要修改，先 /kpi metrics remove {key} 再添加。',
    en: 'The team already has a metric {key} ({name}, {unit}, {direction}). To change it, /kpi metrics remove {key} first, then add it again.',
  },
  badKey: {
    'zh-CN':
      '「{key}」不能做 key：用英文小写字母开头，只含小写字母、数字和下划线，2 到 40 个字符，例如 presale_calls。',
    en: '"{key}" cannot be a key: start with a lowercase letter, then lowercase letters, digits or _, 2 to 40 characters, e.g. presale_calls.',
  },
  catalogKey: {
    'zh-CN': '「{key}」已是目录里的指标（{name}），直接用它即可。',
    en: '"{key}" is a catalog metric already ({name}); just use it.',
  },
  badName: {
    'zh-CN': '名称「{name}」不行：写成一个词（不含空格、不是数字，最多 {max} 个字），例如 售前电话数。',
    en: 'The name "{name}" will not do: one word (no spaces, not a number, at most {max} characters), e.g. presale_calls.',
  },
  catalogName: {
    'zh-CN': '「{name}」已是目录里的指标（{catalog}，{key}），直接用它即可，或换个名称。',
    en: '"{name}" already names a catalog metric ({catalog}, {key}); use it, or choose another name.',
  },
  nameTaken: {
    'zh-CN': '「{name}」已是本组指标 {other}（{key}）的名字，换一个吧。',
    en: '"{name}" already names the team\'s metric {other} ({key}); choose another.',
  },
  badUnit: {
    'zh-CN': '「{unit}」不是单位。可用：秒、比率（%）、个、元、分、数值。',
    en: '"{unit}" is not a unit. Use: seconds, ratio (%), count, cny, points, number.',
  },
  badDirection: {
    'zh-CN': '「{direction}」不是方向。写 up（越高越好，↑）、down（越低越好，↓）或 none（不比较）。',
    en: '"{direction}" is not a direction. Write up (higher is better, ↑), down (lower is better, ↓) or none.',
  },
  tooMany: {
    'zh-CN': '本组最多可有 {max} 个自己的指标，先删除不用的（/kpi metrics remove <key>）。',
    en: 'A team has at most {max} metrics of its own; remove one first (/kpi metrics remove <key>).',
  },
  removed: {
    'zh-CN': '已删除本组指标 {name}（{key}）。已录入的数值仍保留，重新添加同一 key 即可再看到。',
    en: "Removed the team's metric {name} ({key}). Its values are kept: add the same key again to see them.",
  },
  removeCatalog: {
    'zh-CN': '{name}（{key}）是目录里的指标，不能删除。',
    en: '{name} ({key}) is a catalog metric; it cannot be removed.',
  },
  removeNone: {
    'zh-CN': '本组没有自己的指标「{word}」。本组指标：{list}',
    en: 'The team has no metric of its own called "{word}". Its metrics: {list}',
  },
  noneListed: { 'zh-CN': '（无）', en: '(none)' },
} as const;
