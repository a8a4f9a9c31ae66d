/** What the incident card, its buttons, reminders and commands say, in both languages. */
export const IX = {
  cardTitle: { 'zh-CN': '突发 #{id} · {kind} · S{sev}', en: 'Incident #{id} · {kind} · S{sev}' },
  phaseActive: { 'zh-CN': '进行中', en: 'in progress' },
  phaseMitigated: { 'zh-CN': '已缓解', en: 'mitigated' },
  phaseClosed: { 'zh-CN': '已关闭', en: 'closed' },
  unacked: { 'zh-CN': '待认领', en: 'not acknowledged' },
  unreached: { 'zh-CN': '无人响应', en: 'unreached' },
  fieldKind: { 'zh-CN': '类型', en: 'Kind' },
  fieldSev: { 'zh-CN': '级别', en: 'Severity' },
  fieldWho: { 'zh-CN': '发起人', en: 'Started by' },
  fieldStatus: { 'zh-CN': '状态', en: 'Status' },
  fieldOwner: { 'zh-CN': '负责人', en: 'Owner' },
  what: { 'zh-CN': '**情况**：{text}', en: '**What**: {text}' },
  privateWhat: {
    'zh-CN': '一位同事身体不适，正在照顾中。详情已私信主管，请大家不要在群里讨论。',
    en: 'A colleague is unwell and being looked after. The details went to the supervisors privately; please do not discuss it here.',
  },
  steps: { 'zh-CN': '**处理步骤**', en: '**Steps**' },
  stepLine: { 'zh-CN': '{n}. {text} · {owner}{limit}', en: '{n}. {text} · {owner}{limit}' },
  stepLimit: { 'zh-CN': ' · {min} 分钟内', en: ' · within {min} min' },
  stepOverdue: { 'zh-CN': ' · 【已超时】', en: ' · [OVERDUE]' },
  stepDone: { 'zh-CN': ' · 已完成（{who} {at}）', en: ' · done ({who} {at})' },
  unassigned: { 'zh-CN': '待指派', en: 'unassigned' },
  wordingFrom: { 'zh-CN': '话术库 #{id}「{title}」· /script {id}', en: 'Script #{id} "{title}" · /script {id}' },
  wording: { 'zh-CN': '**对顾客统一口径**', en: '**What we tell customers**' },
  timeline: { 'zh-CN': '**经过**', en: '**Timeline**' },
  summary: { 'zh-CN': '**总结**：{text}', en: '**Summary**: {text}' },
  nextStep: {
    'zh-CN': '⏰ {at} 前无人认领将电话值班主管',
    en: '⏰ Unacknowledged by {at}: the on-duty supervisor is phoned',
  },
  notePlaceholder: { 'zh-CN': '进展 / 总结 / 改派写「步骤号 人名」', en: 'update / summary / reassign as "step name"' },
  btnAck: { 'zh-CN': '认领', en: 'Acknowledge' },
  btnUpdate: { 'zh-CN': '发布进展', en: 'Post update' },
  btnReassign: { 'zh-CN': '改派', en: 'Reassign' },
  btnMitigated: { 'zh-CN': '已缓解', en: 'Mitigated' },
  btnSev: { 'zh-CN': '改为 S{sev}', en: 'Make it S{sev}' },
  btnClose: { 'zh-CN': '关闭', en: 'Close' },
  closeConfirm: { 'zh-CN': '用输入框里的内容作为总结关闭？', en: 'Close with the text in the box as the summary?' },
  hint: {
    'zh-CN': '也可以发送 /incident {id} update 进展、/incident {id} step 2 done、/incident {id} close 总结',
    en: 'Or send /incident {id} update <text>, /incident {id} step 2 done, /incident {id} close <summary>',
  },
  reviewAsk: {
    'zh-CN':
      '请补充复盘项（要改什么、谁负责、何时完成），会提醒到完成：/incident {id} review 改进内容 @负责人 [by 2026-12-08|7d]',
    en: 'Add review items (what to change, who, by when); they are reminded until done: /incident {id} review <what> @owner [by 2026-12-08|7d]',
  },

  evStarted: { 'zh-CN': '{at} {who} 发起', en: '{at} started by {who}' },
  evAck: { 'zh-CN': '{at} {who} 认领', en: '{at} acknowledged by {who}' },
  evStep: { 'zh-CN': '{at} {who} 完成第 {n} 步', en: '{at} {who} did step {n}' },
  evReassign: { 'zh-CN': '{at} {who} 把第 {n} 步改派给 {to}', en: '{at} {who} gave step {n} to {to}' },
  evUpdate: { 'zh-CN': '{at} {who}：{text}', en: '{at} {who}: {text}' },
  evUpdatePrivate: {
    'zh-CN': '{at} {who} 更新了进展（已私信主管）',
    en: '{at} {who} posted an update (sent to supervisors)',
  },
  evSev: {
    'zh-CN': '{at} {who} 把级别从 S{from} 改为 S{to}',
    en: '{at} {who} changed the severity from S{from} to S{to}',
  },
  evMitigated: { 'zh-CN': '{at} {who} 标记已缓解', en: '{at} {who} marked it mitigated' },
  evWording: { 'zh-CN': '{at} {who} 确定统一口径', en: '{at} {who} set the agreed wording' },
  evOverdue: { 'zh-CN': '{at} 第 {n} 步超时未完成', en: '{at} step {n} is overdue' },
  evReminder: { 'zh-CN': '{at} 提醒 {who} 更新进展', en: '{at} reminded {who} to post an update' },
  evClosed: { 'zh-CN': '{at} {who} 关闭', en: '{at} closed by {who}' },
  evBuzz: { 'zh-CN': '{at} 电话加急 {who}', en: '{at} phoned {who}' },
  evSkipped: { 'zh-CN': '{at} 跳过一步（{why}），直接下一步', en: '{at} skipped a step ({why}), went straight on' },
  evUnreached: { 'zh-CN': '{at} 无人响应，已通知全群', en: '{at} nobody answered; the group was told' },
  evBuzzFailed: { 'zh-CN': '{at} 加急 {who} 失败', en: '{at} buzz to {who} failed' },
  evFollowup: { 'zh-CN': '{at} 复盘项 F{n}：{text}（{who}）', en: '{at} review item F{n}: {text} ({who})' },
  whyNobody: { 'zh-CN': '现在没有人', en: 'nobody holds it now' },
  whyUnreachable: { 'zh-CN': '{who} 无法加急', en: '{who} cannot be buzzed' },

  // Answers.
  started: {
    'zh-CN': '已发起突发 #{id}（{kind}·S{sev}），卡片已发到群里。',
    en: 'Started incident #{id} ({kind} · S{sev}); the card is in the group.',
  },
  acked: { 'zh-CN': '已认领 #{id}，电话升级已停止。', en: 'Acknowledged #{id}; the phone escalation has stopped.' },
  alreadyAcked: { 'zh-CN': '#{id} 已由 {who} 认领。', en: '#{id} was already acknowledged by {who}.' },
  stepDoneOk: { 'zh-CN': '第 {n} 步已完成。', en: 'Step {n} done.' },
  stepAlready: { 'zh-CN': '第 {n} 步已由 {who} 完成了。', en: 'Step {n} was already done by {who}.' },
  noStep: {
    'zh-CN': '#{id} 没有第 {n} 步（共 {count} 步）。',
    en: 'Incident #{id} has no step {n} (it has {count}).',
  },
  reassigned: { 'zh-CN': '第 {n} 步已改派给 {who}。', en: 'Step {n} now belongs to {who}.' },
  notMember: {
    'zh-CN': '「{name}」不是本组成员，没有改派。请 @ 本组的人，或写本组成员的名字。',
    en: '"{name}" is not a member of this team; nothing was reassigned. Mention someone of the team, or write a member’s name.',
  },
  updated: { 'zh-CN': '#{id} 的进展已更新。', en: 'Incident #{id} updated.' },
  sevChanged: { 'zh-CN': '#{id} 已改为 S{sev}。', en: 'Incident #{id} is now S{sev}.' },
  sevSame: { 'zh-CN': '#{id} 已经是 S{sev}。', en: 'Incident #{id} is S{sev} already.' },
  mitigatedOk: { 'zh-CN': '#{id} 已标记为已缓解。', en: 'Incident #{id} is marked mitigated.' },
  wordingSet: { 'zh-CN': '#{id} 的统一口径已更新到卡片。', en: 'The agreed wording of #{id} is on the card.' },
  closed: { 'zh-CN': '#{id} 已关闭。', en: 'Incident #{id} is closed.' },
  closedAlready: {
    'zh-CN': '#{id} 已经关闭，不能再修改。需要时请发起新的突发。',
    en: 'Incident #{id} is closed and cannot change. Start a new one if needed.',
  },
  needSummary: {
    'zh-CN': '关闭需要写总结：/incident {id} close 发生了什么、怎么解决的（或在卡片输入框写好再点「关闭」）。',
    en: 'Closing needs a summary: /incident {id} close <what happened and how it was solved> (or type it in the card’s box, then tap Close).',
  },
  needText: { 'zh-CN': '请先在输入框里写内容。', en: 'Type something in the box first.' },
  notFound: {
    'zh-CN': '本组没有突发 #{id}。/incident list 可以看到进行中的突发。',
    en: 'This team has no incident #{id}. /incident list shows the open ones.',
  },
  handover: {
    'zh-CN': '店铺异常走 /anomaly 流程：已上报异常 #{id}（{store}），运营 5 分钟未认领将电话值班主管。',
    en: 'Store anomalies go through /anomaly: reported anomaly #{id} ({store}); unclaimed by operations after 5 minutes, the duty supervisor is phoned.',
  },
  handoverMerged: {
    'zh-CN': '店铺异常 #{id}（{store}）已经在处理中，已合并你的上报。',
    en: 'Store anomaly #{id} ({store}) is already open; your report was merged into it.',
  },
  handoverUsage: {
    'zh-CN': '店铺异常要写店铺和情况，例如：/incident store 天猫旗舰店 优惠券叠加后价格变成 9.9',
    en: 'A store anomaly needs the store and what happened, e.g. /incident store "Tmall flagship" coupons stack to 9.9',
  },
  unknownKind: {
    'zh-CN': '没有「{word}」这种突发。可用类型：{list}',
    en: 'There is no incident kind "{word}". Kinds: {list}',
  },
  didYouMean: { 'zh-CN': '你是不是想写：{list}', en: 'Did you mean: {list}' },
  badSev: { 'zh-CN': 'sev 只能是 1、2 或 3，例如 sev=1', en: 'sev is 1, 2 or 3, e.g. sev=1' },
  tooLong: { 'zh-CN': '内容最多 {n} 个字。', en: 'At most {n} characters.' },
  privateDetails: {
    'zh-CN': '🔒 突发 #{id}（身心健康）详情，仅主管可见：{text}\n发起人：{who}',
    en: '🔒 Incident #{id} (staff health), for supervisors only: {text}\nStarted by: {who}',
  },
  privateUpdate: {
    'zh-CN': '🔒 突发 #{id}（身心健康）{who} 更新：{text}',
    en: '🔒 Incident #{id} (staff health) update by {who}: {text}',
  },
  privateDm: {
    'zh-CN': '涉及个人健康的情况，建议私聊我发送 /incident health 详情，群里只会显示“一位同事正在被照顾”。',
    en: 'For someone’s health, you can send /incident health <details> to me privately; the group only sees that a colleague is looked after.',
  },
  remindUpdate: {
    'zh-CN':
      '{who} 突发 #{id}（{kind}）已经 {minutes} 没有更新进展了，请发送 /incident {id} update 进展，或在卡片上「发布进展」。',
    en: '{who} incident #{id} ({kind}) has had no update for {minutes}. Post one with /incident {id} update <text>, or "Post update" on the card.',
  },
  remindSet: {
    'zh-CN': '已设置：突发进行中每 {every} 没有更新就提醒负责人。',
    en: 'Set: the owner of an open incident is reminded after {every} without an update.',
  },
  remindOff: { 'zh-CN': '已关闭进展提醒。', en: 'Update reminders are off.' },
  remindShow: {
    'zh-CN': '目前：每 {every} 没有更新提醒负责人。修改：/incident remind 30m（off 关闭）',
    en: 'Now: the owner is reminded after {every} without an update. Change: /incident remind 30m (off to stop)',
  },
  remindShowOff: {
    'zh-CN': '目前不提醒更新进展。开启：/incident remind 30m',
    en: 'No update reminders now. Turn on: /incident remind 30m',
  },

  followupAdded: {
    'zh-CN':
      '已记录复盘项 F{n}：{text}，负责人 {who}，{due} 前完成，到期未完成每天提醒。完成后发送 /incident followup {n} done',
    en: 'Review item F{n} recorded: {text}, owner {who}, due {due}; reminded daily once due until done. When done: /incident followup {n} done',
  },
  followupNeedsOwner: {
    'zh-CN': '复盘项需要 @负责人，例如：/incident {id} review 备用热点放到前台 @李组长 by 7d',
    en: 'A review item needs an @owner, e.g. /incident {id} review keep a spare hotspot at the desk @leader by 7d',
  },
  followupBadDue: {
    'zh-CN': '完成时间写成 by 2026-12-08 或 by 7d。',
    en: 'Write the due date as by 2026-12-08 or by 7d.',
  },
  followupReminder: {
    'zh-CN': '{who} 复盘项 F{n}（突发 #{id}）：{text}，{due} 到期，还没完成。完成后发送 /incident followup {n} done',
    en: '{who} review item F{n} (incident #{id}): {text}, due {due}, is not done. When done: /incident followup {n} done',
  },
  followupDone: { 'zh-CN': '复盘项 F{n} 已完成。', en: 'Review item F{n} is done.' },
  followupAlready: { 'zh-CN': '复盘项 F{n} 早已完成。', en: 'Review item F{n} was done already.' },
  followupNotFound: { 'zh-CN': '本组没有复盘项 F{n}。', en: 'This team has no review item F{n}.' },
  openOnlyReview: {
    'zh-CN': '复盘项在关闭后添加：先 /incident {id} close 总结。',
    en: 'Review items come after closing: first /incident {id} close <summary>.',
  },

  listTitle: { 'zh-CN': '进行中的突发（{n}）', en: 'Open incidents ({n})' },
  listNone: { 'zh-CN': '目前没有进行中的突发。', en: 'No open incidents.' },
  listLine: {
    'zh-CN': '**#{id}** {kind}·S{sev} · {phase} · {since} 起 · 步骤 {done}/{total}',
    en: '**#{id}** {kind} · S{sev} · {phase} · since {since} · steps {done}/{total}',
  },
  followupsTitle: { 'zh-CN': '**未完成的复盘项**', en: '**Open review items**' },
  followupLine: { 'zh-CN': 'F{n} {text} · {who} · {due} 前', en: 'F{n} {text} · {who} · due {due}' },
  statsTitle: { 'zh-CN': '突发统计 · 最近 {period}', en: 'Incidents · last {period}' },
  statsNone: { 'zh-CN': '最近 {period} 没有突发。', en: 'No incidents in the last {period}.' },
  statsLine: {
    'zh-CN': '**{kind}**：{count} 起（进行中 {open}）· 认领 {mtta} · 关闭 {mttr}',
    en: '**{kind}**: {count} ({open} open) · to acknowledge {mtta} · to close {mttr}',
  },
  statsStep: { 'zh-CN': '　{text}：平均 {mean}（{n} 次）', en: '　{text}: mean {mean} ({n})' },
  statsNote: {
    'zh-CN': 'MTTA = 发起到认领，MTTR = 发起到关闭，步骤用时从发起算起。',
    en: 'MTTA = start to acknowledgement, MTTR = start to close; step times count from the start.',
  },

  digestTitle: { 'zh-CN': '突发', en: 'Incidents' },
  digestLine: {
    'zh-CN': '#{id} {kind}·S{sev} · {phase} · 步骤 {done}/{total}',
    en: '#{id} {kind} · S{sev} · {phase} · steps {done}/{total}',
  },
  digestFollowups: { 'zh-CN': '未完成复盘项 {n} 项', en: '{n} open review items' },

  surgeTitle: { 'zh-CN': '📈 是否启动接待量暴涨预案?', en: '📈 Start the traffic-surge playbook?' },
  surgeBody: {
    'zh-CN': '**{store}** {hour} 点咨询 **{count}** 人，是近 7 天同时段平均（{baseline}）的 **{ratio} 倍**。',
    en: '**{store}** had **{count}** consults at {hour}:00, **{ratio}×** the same hour’s 7-day mean ({baseline}).',
  },
  surgeTeam: { 'zh-CN': '全组', en: 'The team' },
  surgeBtn: { 'zh-CN': '启动预案', en: 'Start the playbook' },
  surgeNote: { 'zh-CN': '不会自动启动，需要有人确认。', en: 'Nothing starts until a person confirms.' },
  surgeStarted: { 'zh-CN': '{who} 已启动：突发 #{id}', en: 'Started by {who}: incident #{id}' },
  surgeWhat: {
    'zh-CN': '{store} {hour} 点咨询 {count} 人，是平时的 {ratio} 倍',
    en: '{store}: {count} consults at {hour}:00, {ratio}× usual',
  },
  surgeAlready: { 'zh-CN': '已经启动了：突发 #{id}', en: 'Already started: incident #{id}' },

  // /playbook
  pbTitle: {
    'zh-CN': '预案 · {name}（{kind}）· 默认 S{sev} · 第 {version} 版',
    en: 'Playbook · {name} ({kind}) · S{sev} · version {version}',
  },
  pbDefault: { 'zh-CN': '默认预案', en: 'default' },
  pbEdited: { 'zh-CN': '本组修改过', en: 'edited by the team' },
  pbList: { 'zh-CN': '**本组的预案**', en: '**The team’s playbooks**' },
  pbListLine: {
    'zh-CN': '{kind}（{key}）· S{sev} · {n} 步 · {state}',
    en: '{kind} ({key}) · S{sev} · {n} steps · {state}',
  },
  pbHint: {
    'zh-CN':
      '修改：/playbook {kind} add 步骤 [负责角色] · remove 2 · move 3 1 · sev 1 · wording 对顾客话术。负责角色：值班主管/主管/组长/运营/客服/发起人 或 @某人。进行中的突发不受影响。',
    en: 'Edit: /playbook {kind} add <step> [owner role] · remove 2 · move 3 1 · sev 1 · wording <text for customers>. Owner roles: duty/supervisor/leader/ops/agent/reporter or @someone. Open incidents keep their version.',
  },
  pbListHint: {
    'zh-CN': '查看：/playbook 类型；新类型：/playbook 停水 add 通知行政 值班主管',
    en: 'Show one: /playbook <kind>; a kind of your own: /playbook water-outage add tell facilities duty',
  },
  pbAdded: {
    'zh-CN': '已加到「{name}」第 {n} 步（第 {version} 版）。',
    en: 'Added as step {n} of "{name}" (version {version}).',
  },
  pbCreated: { 'zh-CN': '已新建预案「{name}」（默认 S2）。', en: 'Created the playbook "{name}" (S2 by default).' },
  pbRemoved: {
    'zh-CN': '已删除「{name}」第 {n} 步（第 {version} 版）。',
    en: 'Removed step {n} of "{name}" (version {version}).',
  },
  pbMoved: {
    'zh-CN': '已把「{name}」第 {n} 步移到第 {m} 步（第 {version} 版）。',
    en: 'Moved step {n} of "{name}" to {m} (version {version}).',
  },
  pbWording: {
    'zh-CN': '「{name}」的对顾客统一口径已更新（第 {version} 版）。',
    en: 'The customer wording of "{name}" is updated (version {version}).',
  },
  pbSev: { 'zh-CN': '「{name}」默认级别改为 S{sev}。', en: '"{name}" now starts as S{sev}.' },
  pbNoStep: { 'zh-CN': '「{name}」没有第 {n} 步（共 {count} 步）。', en: '"{name}" has no step {n} (it has {count}).' },
  pbLastStep: { 'zh-CN': '预案至少要留一步。', en: 'A playbook keeps at least one step.' },
  pbTooMany: { 'zh-CN': '一个预案最多 {n} 步。', en: 'A playbook has at most {n} steps.' },
  pbHandover: {
    'zh-CN': '店铺异常用 /anomaly 流程，这里不能修改；升级策略用 /policy 异常 调整。',
    en: 'Store anomalies use the /anomaly flow and cannot be edited here; change its escalation with /policy anomaly.',
  },
  pbReserved: { 'zh-CN': '「{word}」是命令用词，不能做类型名。', en: '"{word}" is a command word, not a kind name.' },
  pbUnknownNew: {
    'zh-CN': '没有「{word}」这个预案。新类型请先加一步：/playbook {word} add 步骤 [负责角色]',
    en: 'There is no playbook "{word}". To make one, add a step: /playbook {word} add <step> [owner role]',
  },
  pbUsage: {
    'zh-CN':
      '用法：/playbook [类型] · /playbook <类型> add <步骤> [负责角色] · remove <n> · move <n> <m> · sev <1-3> · wording <口径>',
    en: 'Usage: /playbook [kind] · /playbook <kind> add <step> [owner role] · remove <n> · move <n> <m> · sev <1-3> · wording <text>',
  },
  pbExample: {
    'zh-CN': '例如：/playbook outage add 通知客户成功团队 组长',
    en: 'Example: /playbook outage add tell customer success leader',
  },
  pbLimit: { 'zh-CN': '（{min} 分钟）', en: ' ({min} min)' },

  idUsage: {
    'zh-CN':
      '用法：/incident <编号> update <进展> | step <n> done | assign <n> @某人 | sev <1-3> | mitigated | wording <口径> | close <总结> | review <内容> @负责人 [by 日期]',
    en: 'Usage: /incident <id> update <text> | step <n> done | assign <n> @someone | sev <1-3> | mitigated | wording <text> | close <summary> | review <what> @owner [by date]',
  },
  idUnknown: { 'zh-CN': '看不懂「{word}」。', en: 'I do not understand "{word}".' },
  needStepNumber: { 'zh-CN': '请写步骤号，例如 step 2 done。', en: 'Give the step number, e.g. step 2 done.' },
  needUpdateText: {
    'zh-CN': '请写内容，例如 /incident {id} update 备用热点已接上。',
    en: 'Write the text, e.g. /incident {id} update the hotspots are on.',
  },
  idExample: { 'zh-CN': '例如：/incident 12 step 2 done', en: 'Example: /incident 12 step 2 done' },
  startUsage: {
    'zh-CN': '用法：/incident <类型> [发生了什么] [sev=1|2|3]',
    en: 'Usage: /incident <kind> [what happened] [sev=1|2|3]',
  },
  startExample: {
    'zh-CN': '例如：/incident 断电断网 三楼整层停电 sev=1',
    en: 'Example: /incident outage the 3rd floor lost power sev=1',
  },
} as const;
