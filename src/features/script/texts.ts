import type { Text } from '../../i18n';
import type { ScriptTier } from './schema';

export const TIER_NAMES: Record<ScriptTier, Text> = {
  public: { 'zh-CN': '公共', en: 'public' },
  department: { 'zh-CN': '部门', en: 'department' },
  personal: { 'zh-CN': '个人', en: 'personal' },
};

const x = (zh: string, en: string): Text => ({ 'zh-CN': zh, en });

/** The library's texts, Chinese first. */
export const SX = {
  resultsTitle: x('话术库：{query}', 'Scripts: {query}'),
  resultsSub: x(
    '找到 {n} 条，按公共 → 部门 → 个人、再按使用次数排列',
    '{n} found: public → department → personal, then by use',
  ),
  resultLine: x(
    '**#{id} {title}** · {tier} · 用过 {uses} 次{tags}\n{text}',
    '**#{id} {title}** · {tier} · used {uses}×{tags}\n{text}',
  ),
  more: x('另有 {n} 条，换个更具体的词试试。', '{n} more; try a more specific word.'),
  copyBtn: x('复制 #{id}', 'Copy #{id}'),
  noResults: x(
    '话术库里没有找到「{query}」。可以 /script add <标题> <话术> 添加，或 /script synonym {query} <同义词> 让它能被搜到。',
    'Nothing in the library for "{query}". Add one with /script add <title> <text>, or /script synonym {query} <word> so it is found.',
  ),
  summary: x(
    '话术库：公共 {public} 条、部门 {department} 条{personal}。\n搜索：/script 发货慢　添加：/script add <标题> <话术> [公共|部门|个人] [#标签]',
    'Library: {public} public, {department} department{personal}.\nSearch: /script late delivery   Add: /script add <title> <text> [public|department|personal] [#tag]',
  ),
  summaryPersonal: x('、你的个人 {n} 条', ', {n} personal of yours'),
  added: x('已添加{tier}话术 #{id}「{title}」。', 'Added {tier} script #{id} "{title}".'),
  addedAlready: x('这条话术已添加过：#{id}「{title}」。', 'This script was added already: #{id} "{title}".'),
  edited: x('已更新话术 #{id}（第 {version} 版）。', 'Updated script #{id} (version {version}).'),
  editedSame: x('话术 #{id} 没有变化。', 'Script #{id} is unchanged.'),
  removed: x('已删除话术 #{id}（历史保留）。', 'Removed script #{id} (its history is kept).'),
  removedSame: x('话术 #{id} 已经删除了。', 'Script #{id} is removed already.'),
  removeLinked: x(
    '话术 #{id} 正用在 {places}，先用 /script link <位置> <编号> 换一条再删除。',
    'Script #{id} fills {places}; link another one there first (/script link <place> <id>).',
  ),
  notFound: x('没有编号为 #{id} 的话术。', 'There is no script #{id}.'),
  personalInGroup: x(
    '个人话术只属于你自己，请在与机器人的私聊里管理。',
    'Personal scripts are yours alone: manage them in your private chat with the bot.',
  ),
  mayNot: x('{tier}话术只有{who}可以修改。', 'Only {who} may change {tier} scripts.'),
  whoPublic: x('主管', 'supervisors'),
  whoDepartment: x('组长和主管', 'leaders and supervisors'),
  whoPersonal: x('它的主人', 'its owner'),
  noText: x(
    '请写上话术内容，例如 /script add 催发货安抚 亲，您的包裹已加急处理 #物流',
    'Write the text, e.g. /script add chase-soothe We have expedited your parcel #logistics',
  ),
  badTier: x('话术级别只能是 公共、部门 或 个人。', 'The tier is public, department or personal.'),
  tooLong: x('话术最长 {n} 个字。', 'A script is at most {n} characters.'),
  detailTitle: x('话术 #{id} {title}', 'Script #{id} {title}'),
  detailMeta: x('{tier} · 用过 {uses} 次{last}{tags}', '{tier} · used {uses}×{last}{tags}'),
  lastUsed: x('，最近 {at}', ', last {at}'),
  removedMark: x('（已删除）', ' (removed)'),
  historyTitle: x('**修改记录**', '**History**'),
  change_add: x('添加', 'added'),
  change_edit: x('修改', 'edited'),
  change_remove: x('删除', 'removed'),
  historyLine: x('v{version} {at} {who} {change}', 'v{version} {at} {who} {change}'),
  system: x('系统（原有口径）', 'system (the wording before)'),
  linkedTo: x('用在：{places}', 'Fills: {places}'),
  synonymAdded: x(
    '已记下同义词：{words}。搜索其中任何一个都会找到另外几个。',
    'Synonyms recorded: {words}. A search for any finds the others.',
  ),
  synonymSame: x('这组同义词已经有了：{words}。', 'These synonyms are recorded already: {words}.'),
  synonymNeedTwo: x(
    '同义词至少写两个词，例如 /script synonym 物流延迟 发货慢 快递慢',
    'Write at least two words, e.g. /script synonym late-delivery slow-shipping',
  ),
  synonymList: x('同义词：\n{list}', 'Synonyms:\n{list}'),
  synonymNone: x(
    '还没有同义词。例如 /script synonym 物流延迟 发货慢 快递慢',
    'No synonyms yet. E.g. /script synonym late-delivery slow-shipping',
  ),
  linkList: x(
    '话术用在这些位置（/script link <位置> <编号> 更换）：\n{list}',
    'Where scripts are shown (/script link <place> <id> to change):\n{list}',
  ),
  linkLine: x('{place}（{key}）→ {script}', '{place} ({key}) → {script}'),
  linkNone: x('（未关联）', '(none)'),
  linkUnknown: x('没有「{place}」这个位置。可用的位置：{list}', 'There is no place "{place}". Places: {list}'),
  linkPersonal: x(
    '个人话术不能用在卡片上，请选公共或部门话术。',
    'A personal script cannot fill a card; pick a public or department one.',
  ),
  linked: x('{place} 现在显示话术 #{id}「{title}」。', '{place} now shows script #{id} "{title}".'),
  linkedSame: x('{place} 已经显示话术 #{id}。', '{place} shows script #{id} already.'),
  copied: x('话术 #{id} 已私信发给你，长按即可复制。', 'Script #{id} is in your private chat, ready to copy.'),
  copiedAlready: x(
    '话术 #{id} 已发过，请看与机器人的私聊。',
    'Script #{id} was sent already: see your private chat with the bot.',
  ),
  gone: x('这条话术已不在话术库里。', 'This script is no longer in the library.'),
  draftTitle: x('为「{keyword}」添加话术', 'A script for "{keyword}"'),
  draftHint: x(
    '顾客最近常说「{keyword}」。写一条应对话术，大家搜索时就能找到。',
    'Customers keep saying "{keyword}". Write a script for it so everyone finds it.',
  ),
  draftSent: x('已私信你一张添加话术的卡片。', 'A card to add the script is in your private chat.'),
  draftBtn: x('为此添加话术', 'Add a script for this'),
  fieldTitle: x('标题', 'Title'),
  fieldText: x('话术', 'Text'),
  fieldTags: x('标签（逗号分隔）', 'Tags (comma-separated)'),
  fieldTier: x('级别：公共 / 部门 / 个人', 'Tier: public / department / personal'),
  textPlaceholder: x('亲，……', 'Dear customer, …'),
  saveBtn: x('添加到话术库', 'Add to the library'),
  missingTitle: x('请写上标题。', 'Write a title.'),
  digestTitle: x('话术待复查', 'Scripts to review'),
  digestLine: x('#{id} {title}（{tier}）：{why}', '#{id} {title} ({tier}): {why}'),
  digestUnused: x('{days} 天没用过', 'unused for {days} days'),
  digestNeverUsed: x('从没用过', 'never used'),
  digestUnchanged: x('{days} 天没更新', 'unchanged for {days} days'),
  digestMore: x('……另有 {n} 条，/script 查看', '… {n} more; see /script'),
  digestHead: x(
    '{n} 条话术 90 天没用过或没更新，请复查：',
    '{n} scripts unused or unchanged for 90 days; please review:',
  ),
  cardScriptTitle: x('**话术 #{id}**（{title}）', '**Script #{id}** ({title})'),
} satisfies Record<string, Text>;
