import type { Text } from './';

/** Texts the framework itself says. Command-specific texts live with their command. */
export const M = {
  unknownCommand: { 'zh-CN': '没有「/{name}」这个命令。', en: 'There is no command "/{name}".' },
  unknownSubcommand: {
    'zh-CN': '「{word}」不是 {command} 能用的写法。',
    en: '"{word}" is not something {command} understands.',
  },
  didYouMean: { 'zh-CN': '你是不是想用：{list}', en: 'Did you mean: {list}' },
  seeHelp: { 'zh-CN': '发送 /help 查看你能用的命令。', en: 'Send /help to see the commands you can use.' },
  badArgs: { 'zh-CN': '参数不对：{problem}', en: 'That did not parse: {problem}' },
  usage: { 'zh-CN': '用法：{usage}', en: 'Usage: {usage}' },
  example: { 'zh-CN': '例如：{example}', en: 'Example: {example}' },
  notAllowed: {
    'zh-CN': '抱歉，{command} 需要{roles}才能使用。你目前的角色是{role}。如需调整，请联系主管（/role）。',
    en: 'Sorry, {command} needs the {roles} role. Your role is {role}. Ask a supervisor to change it (/role).',
  },
  or: { 'zh-CN': '或', en: ' or ' },
  missingParam: { 'zh-CN': '缺少「{param}」', en: '"{param}" is missing' },
  invalidParam: { 'zh-CN': '「{param}」不对', en: '"{param}" is not valid' },
  extraWords: { 'zh-CN': '多了「{words}」', en: 'unexpected "{words}"' },
  internalError: {
    'zh-CN': '处理「{command}」时出了问题，已记录（编号 {ref}）。请稍后再试；如果一直失败，请把编号发给管理员。',
    en: 'Something went wrong while handling "{command}" (reference {ref}). Please try again; if it keeps failing, send the reference to your admin.',
  },
  p2pNoTeam: {
    'zh-CN': '我还不知道你属于哪个客服组。请先在组群里 @我 发一条命令（例如 /help），之后私聊也可以用。',
    en: "I don't know your team yet. @mention me in your team's group once (e.g. /help); after that, private chat works too.",
  },
  storeNotFound: { 'zh-CN': '没有找到店铺「{name}」。本组店铺：{list}', en: 'No store "{name}". Stores: {list}' },
  storeAmbiguous: {
    'zh-CN': '「{name}」能对上多个店铺：{list}。请写全名。',
    en: '"{name}" matches several stores: {list}. Please give the full name.',
  },
  noStoresListed: { 'zh-CN': '（无）', en: '(none)' },
  actionExpired: {
    'zh-CN': '这个按钮已失效，请重新发送命令。',
    en: 'This button has expired; please send the command again.',
  },
  actionFailed: { 'zh-CN': '操作失败，请稍后再试。', en: 'That did not work; please try again.' },
} satisfies Record<string, Text>;

export const ROLE_NAMES = {
  supervisor: { 'zh-CN': '主管', en: 'supervisor' },
  leader: { 'zh-CN': '组长', en: 'leader' },
  agent: { 'zh-CN': '客服', en: 'agent' },
  ops: { 'zh-CN': '运营', en: 'operations' },
} satisfies Record<string, Text>;
