/** What the mood feature says, in both languages. Nothing here that goes to a group names a level, a note or a person. */
import type { Text } from '../../i18n';

/** The four levels of emotional control, in the floor's own words. */
export const LEVEL_TEXT: Record<1 | 2 | 3 | 4, Text> = {
  1: { 'zh-CN': '彻底被情绪控制', en: 'Fully controlled by the emotion' },
  2: { 'zh-CN': '受情绪影响，但能意识到', en: 'Affected, but aware of it' },
  3: { 'zh-CN': '能管理好自己的情绪', en: 'Managing my own emotion' },
  4: { 'zh-CN': '能操控情绪，营造积极氛围', en: 'In control, lifting the room' },
};

/** The supervisor's six steps (domain §5), ticked on the care card. */
export const CARE_STEPS: Text[] = [
  { 'zh-CN': '安排顶班接手账号，让其先下线', en: 'Put a replacement on their accounts and take them offline' },
  { 'zh-CN': '带到安静、私密的地方', en: 'Take them somewhere private and quiet' },
  { 'zh-CN': '递上纸巾和温水', en: 'Tissues and warm water' },
  { 'zh-CN': '耐心倾听，不急于给建议', en: 'Listen without rushing to advise' },
  {
    'zh-CN': '先处理情绪，再处理事情；分享自己的经历，不说教',
    en: 'Emotion first, the matter second; share your own experience, do not instruct',
  },
  { 'zh-CN': '确认情绪稳定后再回到岗位', en: 'Confirm they are stable before they go back' },
];

export const MX = {
  // Check-in
  sentPrivately: { 'zh-CN': '已私信你', en: 'Sent to you privately' },
  cardTitle: { 'zh-CN': '情绪打卡 · 此刻的你', en: 'Check-in · how are you right now' },
  cardIntro: {
    'zh-CN': '只有主管（和你的组长）能看到你的打卡，不计入任何考核。选一个最接近你此刻的状态：',
    en: 'Only supervisors (and your own leader) see check-ins; they never count in any score. Pick the one closest to how you are:',
  },
  notePlaceholder: {
    'zh-CN': '想说点什么（可不填，最多 500 字）',
    en: 'Anything to add (optional, up to 500 characters)',
  },
  levelBtn: { 'zh-CN': '{n} {text}', en: '{n} {text}' },
  recorded: {
    'zh-CN': '已记录：{n} {text}。谢谢你告诉我们。',
    en: 'Recorded: {n} {text}. Thank you for telling us.',
  },
  recordedCare: {
    'zh-CN': '已记录：{n} {text}。主管会私下来找你，先照顾好自己。',
    en: 'Recorded: {n} {text}. A supervisor will come to you privately; take care of yourself first.',
  },
  alreadyAnswered: { 'zh-CN': '这张卡片已经打过卡了。', en: 'This card has been answered already.' },
  answeredTitle: { 'zh-CN': '情绪打卡 · 已记录', en: 'Check-in · recorded' },
  promptTitle: { 'zh-CN': '情绪打卡 · {time}', en: 'Check-in · {time}' },
  promptNote: {
    'zh-CN': '自愿填写，不填也没关系，不会有人追问。',
    en: 'Voluntary: not answering is fine, nobody will chase you.',
  },
  badLevel: {
    'zh-CN': '「{word}」不是 1–4 的等级。1 {l1}；2 {l2}；3 {l3}；4 {l4}。',
    en: '"{word}" is not a level 1–4. 1 {l1}; 2 {l2}; 3 {l3}; 4 {l4}.',
  },
  noteTooLong: {
    'zh-CN': '备注最多 500 个字，请缩短后再发。',
    en: 'The note is at most 500 characters; please shorten it.',
  },
  usage: {
    'zh-CN': '用法：/mood [1-4] [备注]（请在与机器人的私聊中使用）',
    en: 'Usage: /mood [1-4] [note] (use it in your private chat with the bot)',
  },
  example: { 'zh-CN': '例如：/mood 2 被客户骂了', en: 'Example: /mood 2 a customer yelled at me' },
  // History and forget
  historyTitle: { 'zh-CN': '我的情绪打卡（近 90 天）', en: 'My check-ins (last 90 days)' },
  historyEmpty: { 'zh-CN': '你还没有打卡记录。', en: 'You have no check-ins.' },
  historyMore: { 'zh-CN': '……另有 {n} 条更早的记录', en: '… and {n} earlier ones' },
  forgetTitle: { 'zh-CN': '删除我的全部打卡记录？', en: 'Delete all my check-ins?' },
  forgetBody: {
    'zh-CN': '共 {n} 条，删除后无法恢复（相关的关怀记录也会一并删除）。',
    en: '{n} in all; this cannot be undone (the care records about them go too).',
  },
  forgetBtn: { 'zh-CN': '确认删除', en: 'Delete them' },
  forgetConfirm: { 'zh-CN': '确定删除全部打卡记录？', en: 'Really delete every check-in?' },
  forgotten: { 'zh-CN': '已删除你的 {n} 条打卡记录。', en: 'Deleted your {n} check-ins.' },
  forgetNothing: { 'zh-CN': '你没有打卡记录，无需删除。', en: 'You have no check-ins to delete.' },
  notYours: { 'zh-CN': '这不是你的卡片。', en: 'This card is not yours.' },
  // Team view, prompts, leaders
  privateOnly: {
    'zh-CN': '个人情绪记录只能在与机器人的私聊中查看，请私聊我发送 /mood team。',
    en: 'Individual check-ins are shown only in a private chat: send /mood team to me privately.',
  },
  teamTitle: { 'zh-CN': '团队情绪 · 近 {days} 天', en: 'Team check-ins · last {days} days' },
  teamEmpty: { 'zh-CN': '这段时间没有打卡。', en: 'No check-ins in this period.' },
  teamLine: { 'zh-CN': '{when} · {who} · {n} {text}{note}', en: '{when} · {who} · {n} {text}{note}' },
  badDays: {
    'zh-CN': '「{word}」不是 1–90 天，例如 /mood team 7d',
    en: '"{word}" is not 1–90 days, e.g. /mood team 7d',
  },
  promptSet: {
    'zh-CN': '已设置：每天 {times} 私信每位客服打卡（自愿，不追问）。',
    en: 'Set: every day at {times} each agent gets the check-in privately (voluntary, never chased).',
  },
  promptOff: { 'zh-CN': '已关闭定时打卡提醒。', en: 'Check-in prompts are off.' },
  promptShow: { 'zh-CN': '当前打卡提醒时间：{times}', en: 'Check-in prompt times: {times}' },
  promptNone: { 'zh-CN': '当前没有打卡提醒（默认无）。', en: 'No check-in prompts (the default).' },
  badTime: {
    'zh-CN': '「{word}」不是时间，请写成 HH:MM，多个用逗号分隔（最多 6 个），例如 /mood prompt 09:00,14:00',
    en: '"{word}" is not a time: write HH:MM, several separated by commas (at most 6), e.g. /mood prompt 09:00,14:00',
  },
  leaderSet: { 'zh-CN': '已设置 {leader} 为 {agents} 的组长。', en: '{leader} is now the leader of {agents}.' },
  leaderNeedsPeople: {
    'zh-CN': '请 @ 组长，再 @ 一位或几位客服，例如 /mood leader @李组长 @小王',
    en: 'Mention the leader, then one or more agents, e.g. /mood leader @Li @Wang',
  },
  // Care card
  careTitle: { 'zh-CN': '情绪关怀 #{id} · {who}', en: 'Care #{id} · {who}' },
  careTitleRepeat: {
    'zh-CN': '情绪关怀 #{id} · {who} · 24 小时内再次 1 级',
    en: 'Care #{id} · {who} · level 1 again within 24 h',
  },
  careWho: { 'zh-CN': '客服', en: 'Agent' },
  careLevel: { 'zh-CN': '状态', en: 'Level' },
  careWhen: { 'zh-CN': '时间', en: 'When' },
  careNote: { 'zh-CN': '备注', en: 'Note' },
  careNoNote: { 'zh-CN': '（无）', en: '(none)' },
  careSteps: { 'zh-CN': '**关怀六步**', en: '**The six steps**' },
  careTicked: { 'zh-CN': '{step}（{who} {at}）', en: '{step} ({who} {at})' },
  careAckBtn: { 'zh-CN': '我来处理', en: 'I’ll take care of it' },
  careAcked: { 'zh-CN': '{who} {at} 已确认处理', en: '{who} acknowledged at {at}' },
  careAckHint: {
    'zh-CN': '⏰ 10 分钟内无人确认将加急提醒主管。',
    en: '⏰ Unacknowledged after 10 minutes, supervisors are buzzed.',
  },
  careCloseBtn: { 'zh-CN': '已恢复上线', en: 'Back online' },
  careClosed: { 'zh-CN': '{who} {at} 确认已恢复上线', en: '{who} confirmed back online at {at}' },
  coverTitle: { 'zh-CN': '**可以顶班的同事**', en: '**Who could cover now**' },
  coverNone: {
    'zh-CN': '暂无可顶班的客服（可用 /store agents 店铺 @客服 设置谁负责哪些店铺）。',
    en: 'Nobody to cover right now (set who works which store with /store agents <store> @agent).',
  },
  coverLine: { 'zh-CN': '{who}（{stores}）{status}', en: '{who} ({stores}) {status}' },
  coverNoStores: { 'zh-CN': '未设置店铺', en: 'no stores set' },
  coverAsked: { 'zh-CN': '· 已询问', en: '· asked' },
  coverAccepted: { 'zh-CN': '· ✅ 已接受', en: '· ✅ accepted' },
  coverDeclined: { 'zh-CN': '· 婉拒', en: '· declined' },
  coverAskBtn: { 'zh-CN': '请 {who} 顶班', en: 'Ask {who}' },
  agentStores: { 'zh-CN': '负责店铺', en: 'Stores' },
  // Cover ask (to the colleague; no level, no note)
  askTitle: { 'zh-CN': '顶班请求', en: 'Can you cover?' },
  askBody: {
    'zh-CN': '{boss} 请你临时接手 {who} 的账号：{stores}。',
    en: '{boss} asks you to take over {who}’s accounts for now: {stores}.',
  },
  askAccept: { 'zh-CN': '接受', en: 'Accept' },
  askDecline: { 'zh-CN': '婉拒', en: 'Decline' },
  askAnswered: { 'zh-CN': '已回复：{answer}', en: 'Answered: {answer}' },
  askAccepted: { 'zh-CN': '接受', en: 'accepted' },
  askDeclined: { 'zh-CN': '婉拒', en: 'declined' },
  asked: { 'zh-CN': '已私信询问 {who}。', en: 'Asked {who} privately.' },
  // Care results
  careNotFound: { 'zh-CN': '找不到关怀 #{id}。', en: 'Care #{id} was not found.' },
  careNotAllowed: {
    'zh-CN': '只有主管或该客服的组长可以处理。',
    en: 'Only supervisors or the agent’s leader may do this.',
  },
  careIsClosed: { 'zh-CN': '关怀 #{id} 已结束。', en: 'Care #{id} is closed.' },
  careAckedToast: { 'zh-CN': '已确认，由你跟进。', en: 'Acknowledged: it is yours.' },
  careClosedToast: { 'zh-CN': '已记录恢复上线。', en: 'Recorded: back online.' },
  careStepToast: { 'zh-CN': '已更新。', en: 'Updated.' },
  careRemind: {
    'zh-CN': '情绪关怀 #{id}（{who}）已开启 {minutes}，还没有结束。照顾好后请点「已恢复上线」。',
    en: 'Care #{id} ({who}) has been open {minutes}. When they are fine, tap “Back online”.',
  },
  // Escalation (what the engine says in the group: never a name, a level or a note)
  subjectTitle: { 'zh-CN': '情绪关怀', en: 'Care cases' },
  subjectNoun: { 'zh-CN': '情绪关怀', en: 'care cases' },
  subjectInList: { 'zh-CN': '私密关怀提醒', en: 'private care alert' },
  subjectAtOnce: {
    'zh-CN': '私信值班主管（和组长）关怀卡片',
    en: 'the care card privately to the on-duty supervisor (and leader)',
  },
  escSkipped: {
    'zh-CN': '一条私密关怀提醒未能送达部分人（{skipped}），已加急 {who}。',
    en: 'A private care alert could not reach some people ({skipped}); buzzed {who}.',
  },
  escSkippedNoDuty: { 'zh-CN': '当前无人值班', en: 'nobody on duty' },
  escSkippedNoSupervisors: { 'zh-CN': '本组没有主管', en: 'no supervisors' },
  escSkippedNoRole: { 'zh-CN': '没有人是{role}', en: 'nobody is {role}' },
  escSkippedUnreachable: { 'zh-CN': '{role} {who} 无法联系', en: '{role} {who} unreachable' },
  escUnreached: {
    'zh-CN': '有一条私密关怀提醒 {minutes} 无人确认（已加急 {who}），请主管查看与机器人的私聊。',
    en: 'A private care alert has had no acknowledgement for {minutes} (buzzed {who}): supervisors, check your private chat with the bot.',
  },
  escUnreachedNobody: {
    'zh-CN': '有一条私密关怀提醒无人可通知，请主管查看与机器人的私聊。',
    en: 'A private care alert reached nobody: supervisors, check your private chat with the bot.',
  },
  escReminder: {
    'zh-CN': '{who} 有一条私密关怀提醒尚未结束，请查看私聊。',
    en: '{who} a private care alert is still open: check your private chat.',
  },
  escQuota: { 'zh-CN': '加急额度已用完', en: 'the buzz quota is used up' },
  escGroupForbids: { 'zh-CN': '群设置不允许加急', en: 'the group does not allow buzzes' },
  escNotOwn: { 'zh-CN': '不是机器人发出的消息', en: 'not the bot’s message' },
  escInvalid: { 'zh-CN': '{who} 无法加急', en: '{who} cannot be buzzed' },
  escTooMany: { 'zh-CN': '{who} 未读加急过多', en: '{who} has too many unread buzzes' },
  // Digest
  digestTitle: { 'zh-CN': '团队情绪', en: 'Team mood' },
  digestLine: {
    'zh-CN': '{people} 人打卡 {answers} 次，平均 {mean}：1 级 {c1} · 2 级 {c2} · 3 级 {c3} · 4 级 {c4}',
    en: '{people} people, {answers} check-ins, mean {mean}: level 1 {c1} · 2 {c2} · 3 {c3} · 4 {c4}',
  },
  digestTrend: { 'zh-CN': '（上期平均 {mean}）', en: '(previous period: {mean})' },
  digestTooFew: { 'zh-CN': '样本不足', en: 'Too few answers to show' },
  digestOpenCares: { 'zh-CN': '未结束的情绪关怀：{n} 个', en: 'Open care cases: {n}' },
  // Help
  help: {
    'zh-CN': '情绪打卡：请在与机器人的私聊中发送，群里只会回复「已私信你」',
    en: 'Emotion check-ins: send it in your private chat with the bot; in a group the bot only says it wrote to you',
  },
} satisfies Record<string, Text>;
