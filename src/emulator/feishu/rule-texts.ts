/**
 * What each emulator rule means, in the sandbox console's words (zh-CN). Kept beside the rules so a
 * new rule is named here in the same change; the console shows the key itself for one missing.
 */
export const RULE_TEXTS: Record<string, string> = {
  rate_5qps_chat: '同一个群每秒最多 5 条消息（230020）',
  rate_5qps_user: '同一个人每秒最多收 5 条消息（230020）',
  rate_5qps_message: '同一条消息每秒最多更新 5 次（230020）',
  rate_50qps_app: '应用每秒最多 50 次调用（99991400）',
  rate_1000qpm_api: '同一接口每分钟最多 1000 次调用（99991400）',
  // The name the per-API minute budget had before it was per API; older transcripts still carry it.
  rate_1000qpm_app: '同一接口每分钟最多 1000 次调用（99991400）',
  buzz_not_bot_message: '只能加急机器人自己发的消息（230012）',
  buzz_not_allowed_in_group: '群设置不允许成员加急，机器人也不是群管理员（230052）',
  buzz_unread_limit: '对方未读加急超过 200 条（230023）',
  buzz_quota_exhausted: '短信 / 电话加急额度用完（230024）',
  bot_not_in_chat: '机器人不在这个群里（230002）',
  card_invalid: '卡片内容无效（230099）',
  card_too_large: '卡片超过 30 KB（230099）',
  card_too_many_elements: '卡片超过 200 个元素（230099）',
  card_token_unknown: '卡片回调 token 不存在或卡片已删除',
  card_token_expired: '卡片回调 token 超过 30 分钟已失效',
  card_token_used_up: '卡片回调 token 只能用两次',
  callback_card_invalid: '按钮回调返回的卡片无效',
  answer_not_200: '事件回调没有返回 HTTP 200',
  answer_too_slow: '事件回调超过时限才应答（3 秒）',
  patch_too_old: '只能更新 14 天内的消息',
  patch_not_own_message: '只能更新机器人自己发的消息',
  patch_not_card: '只能用 PATCH 更新卡片',
  credentials: 'app_id 或 app_secret 不对，取不到 tenant_access_token',
  auth: '请求没有带有效的 tenant_access_token',
};
