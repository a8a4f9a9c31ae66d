/**
 * What a recorded failure means and what the operator should do, in both languages, by the neutral
 * reason the platform gave it. Where a fact depends on the platform — its name, where its
 * credentials are configured, its limits — the platform's own words (PlatformApi.words) fill it in.
 */
import type { PlatformWords } from '../port/platform';
import type { Text } from '../i18n';
import { MAX_ATTEMPTS } from './classify';

/** For a failure whose platform is not known here (rows recorded before their words were stored). */
export const GENERIC_WORDS: PlatformWords = {
  name: { 'zh-CN': '聊天平台', en: 'The chat platform' },
  credentials: { 'zh-CN': '应用 ID 和密钥的配置', en: 'the configured app id and secret' },
};

/** The scopes a missing-permission message names ("… required: [im:message, im:message:send_as_bot] …"). */
export function scopesIn(message: string | null | undefined): string[] {
  const m = /\[([^\]]+)\]/.exec(message ?? '');
  return m
    ? [
        ...new Set(
          m[1]!
            .split(',')
            .map((s) => s.trim())
            .filter(Boolean),
        ),
      ]
    : [];
}

const EXPLANATIONS: Record<string, Text> = {
  bot_not_in_group: {
    'zh-CN': '机器人不在群里：请把机器人重新拉进群。',
    en: 'The bot is not in the group: add the bot to the group again.',
  },
  no_permission: {
    'zh-CN': '机器人没有在这个群发消息的权限：请在群设置里允许机器人发言（或设为群管理员）。',
    en: 'The bot may not post in this group: allow it to speak in the group settings (or make it a group admin).',
  },
  chat_dissolved: {
    'zh-CN': '这个群已经解散：请在新群里重新 /setup。',
    en: 'The group was dissolved: run /setup again in the new group.',
  },
  chat_not_found: {
    'zh-CN': '找不到这个群：请确认群还在、机器人还在群里。',
    en: 'The group cannot be found: check that it still exists and the bot is in it.',
  },
  card_invalid: {
    'zh-CN': '{platform}拒绝了这张卡片（格式不合法）：这是 floorwalker 的问题，请把下面的错误发给管理员。{detail}',
    en: '{Platform} rejected the card as invalid: this is a floorwalker bug, send the error below to your admin. {detail}',
  },
  missing_scope: {
    'zh-CN': '应用缺少权限 {scopes}：请在{platform}开发者后台开通，并发布新版本。',
    en: 'Missing scope {scopes}: add it in the developer console and publish a new version.',
  },
  token_invalid: {
    'zh-CN': '{platform}不接受应用的访问凭证：请检查 {credentials}，并确认应用已发布。',
    en: "{Platform} rejected the app's access token: check {credentials} and that the app is published.",
  },
  app_credentials: {
    'zh-CN': '应用 ID 或密钥不对：请检查 {credentials}。',
    en: 'The app id or secret is wrong: check {credentials}.',
  },
  bot_ability_off: {
    'zh-CN': '应用没有开启机器人能力：请在开发者后台启用「机器人」并发布新版本。',
    en: 'The app has no bot ability: enable "Bot" in the developer console and publish a new version.',
  },
  not_own_message: {
    'zh-CN': '只能加急机器人自己发的消息：这是 floorwalker 的问题，请告诉管理员。',
    en: 'Only messages the bot sent can be buzzed: this is a floorwalker bug, tell your admin.',
  },
  not_allowed: {
    'zh-CN': '群设置不允许加急：请在群设置里打开「允许所有成员加急」，或把机器人设为群管理员。',
    en: 'The group does not allow buzzing: turn on "all members may buzz" in the group settings, or make the bot a group admin.',
  },
  quota_exhausted: {
    'zh-CN': '企业的电话/短信加急额度已用完：请{platform}管理员补充额度；在此之前只能应用内加急。',
    en: "The company's phone/SMS buzz quota is used up: ask your {platform} admin to top it up; until then only in-app buzzes work.",
  },
  too_many_unread: {
    'zh-CN': '对方未读的加急已达上限{unreadLimit}：请对方先处理未读加急。',
    en: 'The person has too many unread buzzes{unreadLimit}: they need to clear them first.',
  },
  message_recalled: {
    'zh-CN': '原消息已被撤回，无法更新或加急。',
    en: 'The message was recalled; it cannot be updated or buzzed.',
  },
  message_deleted: {
    'zh-CN': '原消息已被删除，无法更新、加急或读取。',
    en: 'The message was deleted; it cannot be updated, buzzed or read.',
  },
  // Downloads of a message's file (the chat import); they are no outbox rows, but read the same way.
  file_not_found: {
    'zh-CN': '找不到这个文件：消息可能已撤回或删除，或文件不属于这条消息。请重新发送文件。',
    en: 'The file cannot be found: the message may have been recalled or deleted, or the file is not in it. Send the file again.',
  },
  file_too_large: {
    'zh-CN': '文件太大，无法读取：请只导出需要的日期和店铺，再发送。',
    en: 'The file is too large to read: export only the days and shops needed, then send it again.',
  },
  message_too_old: {
    'zh-CN': '消息发出太久了{editableDays}，不能再更新。',
    en: 'The message is too old{editableDays} and can no longer be updated.',
  },
  invalid_request: {
    'zh-CN': '{platform}认为请求参数不对：这是 floorwalker 的问题，请把下面的错误发给管理员。{detail}',
    en: '{Platform} says the request is invalid: this is a floorwalker bug, send the error below to your admin. {detail}',
  },
  gave_up: {
    'zh-CN':
      '{platform}连续 {attempts} 次没有处理成功，已放弃这条消息：请检查网络和{platform}服务状态。最后一次：{detail}',
    en: '{Platform} kept failing ({attempts} tries), so this message was given up: check the network and {platform} status. Last error: {detail}',
  },
  target_not_sent: {
    'zh-CN': '要更新或加急的那条消息没有发出去（见上一条问题），所以这一步也没有执行。',
    en: 'The message this step updates or buzzes was never sent (see the problem above), so this step did not run either.',
  },
  target_missing: {
    'zh-CN': '找不到要更新或加急的那条消息：这是 floorwalker 的问题，请告诉管理员。',
    en: 'The message to update or buzz does not exist: this is a floorwalker bug, tell your admin.',
  },
  internal: {
    'zh-CN': 'floorwalker 内部出错，已放弃这条消息：请把下面的错误发给管理员。{detail}',
    en: 'floorwalker failed internally and gave this message up: send the error below to your admin. {detail}',
  },
  uncertain: {
    'zh-CN':
      '{platform}没有回应，这条消息可能已经发出，也可能没有；{platform}的接口不能防重复，所以没有自动重发。请看群里是否收到，没有的话再发一次命令。{detail}',
    en: '{Platform} did not answer: the message may or may not have gone out, and {platform} offers no duplicate protection, so it was not sent again. Check the group and repeat the command if it is missing. {detail}',
  },
  monthly_quota: {
    'zh-CN': '企业本月的 {platform} API 调用次数已用完（标准版每月 10,000 次）：请升级到专业版，或等到下个月。',
    en: "The org's {platform} API calls for this month are used up (10,000 on the standard edition): upgrade to the professional edition, or wait for next month.",
  },
  rejected: {
    'zh-CN': '{platform}拒绝了这条消息（错误码 {code}）：{detail}',
    en: '{Platform} refused this message (code {code}): {detail}',
  },
};

/**
 * Shown by /setup, and by any feature that reads outbox rows (`error_reason`, `error_code`,
 * `last_error`); the outbox also stores it with the row (`result.explanation`).
 */
export function explainFailure(
  f: { reason: string; code?: number | null; message?: string | null; attempts?: number },
  words: PlatformWords = GENERIC_WORDS,
): Text {
  const text = EXPLANATIONS[f.reason] ?? EXPLANATIONS.rejected!;
  const scopes = scopesIn(f.message).join(', ');
  const common: Record<string, string> = {
    code: f.code ? String(f.code) : '—',
    detail: (f.message ?? '').slice(0, 300),
    attempts: String(f.attempts ?? MAX_ATTEMPTS),
  };
  const zh: Record<string, string> = {
    ...common,
    platform: words.name['zh-CN'],
    Platform: words.name['zh-CN'],
    credentials: words.credentials['zh-CN'],
    scopes: scopes || `（见${words.name['zh-CN']}的报错）`,
    unreadLimit: words.unreadBuzzLimit ? `（${words.unreadBuzzLimit} 条）` : '',
    editableDays: words.editableDays ? `（超过 ${words.editableDays} 天）` : '',
  };
  const enName = words.name.en;
  const en: Record<string, string> = {
    ...common,
    // Mid-sentence a generic name is lower case ("check the network and the chat platform status").
    platform: enName === GENERIC_WORDS.name.en ? enName.toLowerCase() : enName,
    Platform: enName,
    credentials: words.credentials.en,
    scopes: scopes || `(see the ${enName === GENERIC_WORDS.name.en ? 'platform' : enName} error)`,
    unreadLimit: words.unreadBuzzLimit ? ` (${words.unreadBuzzLimit})` : '',
    editableDays: words.editableDays ? ` (over ${words.editableDays} days)` : '',
  };
  const fill = (s: string, params: Record<string, string>) =>
    s.replace(/\{(\w+)\}/g, (m, k: string) => params[k] ?? m).trim();
  return { 'zh-CN': fill(text['zh-CN'], zh), en: fill(text.en, en) };
}
