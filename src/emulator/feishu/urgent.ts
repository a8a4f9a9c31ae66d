/**
 * Buzz (加急): PATCH /im/v1/messages/:id/urgent_app|urgent_sms|urgent_phone. Only the bot's own
 * messages, only in groups that let members buzz, ≤ 200 unread buzzes per user, SMS and phone
 * spend the tenant's quota. Unknown users come back in invalid_user_id_list. Every attempt, refused
 * or not, lands in the urgent call log.
 */
import { Codes, FeishuApiError, invalidParam } from './feishu-error';
import type { ApiAnswer } from './messages';
import { appendLog } from './retention';
import type { EmulatorContext, UrgentCall, UrgentKindName } from './model';

const MAX_CALLEES = 200;
const MAX_UNREAD = 200;

export function urgentMessage(
  ctx: EmulatorContext,
  kind: UrgentKindName,
  messageId: string,
  query: Record<string, string>,
  body: unknown,
): ApiAnswer {
  const requested = ((body ?? {}) as { user_id_list?: unknown }).user_id_list;
  const ids = Array.isArray(requested) ? requested.filter((x): x is string => typeof x === 'string') : [];
  const log = (entry: Omit<UrgentCall, 'time' | 'kind' | 'messageId'>) => {
    const call: UrgentCall = { time: ctx.now(), kind, messageId, ...entry };
    appendLog(ctx.state.urgentCalls, call, ctx.state.retain.log);
    ctx.notify({ type: 'urgent', call });
  };
  try {
    const { callees, invalid } = buzz(ctx, kind, messageId, query, requested, ids);
    log({ callees, invalid, result: 'ok' });
    return { body: { code: 0, msg: 'success', data: { invalid_user_id_list: invalid } } };
  } catch (err) {
    if (err instanceof FeishuApiError) log({ callees: [], invalid: [], result: { code: err.code, msg: err.msg } });
    throw err;
  }
}

function buzz(
  ctx: EmulatorContext,
  kind: UrgentKindName,
  messageId: string,
  query: Record<string, string>,
  requested: unknown,
  ids: string[],
) {
  const { state } = ctx;
  if (query.user_id_type !== 'open_id') throw invalidParam('user_id_type must be open_id in the emulator');
  if (!Array.isArray(requested) || ids.length !== requested.length || ids.length === 0 || ids.length > MAX_CALLEES) {
    throw invalidParam('user_id_list must hold 1 to 200 user ids');
  }
  const message = state.messages.get(messageId);
  if (!message) throw invalidParam('invalid message_id');
  if (message.sender.type !== 'bot') {
    throw new FeishuApiError(400, Codes.notBotsMessage, 'Bot is NOT the sender of the message.', {
      rule: 'buzz_not_bot_message',
    });
  }
  const chat = state.chats.get(message.chatId);
  if (!chat || !chat.botIsMember)
    throw new FeishuApiError(400, Codes.botNotInChat, 'The bot can not be outside the group.', {
      rule: 'bot_not_in_chat',
    });
  if (chat.type === 'group' && !chat.membersMayBuzz) {
    throw new FeishuApiError(
      400,
      Codes.buzzNotAllowedInGroup,
      'The group does not allow members to send urgent messages and the bot is not a group admin.',
      {
        rule: 'buzz_not_allowed_in_group',
      },
    );
  }
  const unique = [...new Set(ids)];
  const invalid = unique.filter((id) => !state.users.has(id));
  const callees = unique.filter((id) => state.users.has(id));
  if (callees.some((id) => (state.unreadBuzzes.get(id) ?? 0) >= MAX_UNREAD)) {
    throw new FeishuApiError(400, Codes.tooManyUnreadBuzzes, 'The user has too many unread urgent messages.', {
      rule: 'buzz_unread_limit',
    });
  }
  if (kind !== 'app') {
    if (state.quota[kind] < callees.length) {
      throw new FeishuApiError(400, Codes.buzzQuotaExhausted, 'Reach the upper limit of urgent message.', {
        rule: 'buzz_quota_exhausted',
      });
    }
    state.quota[kind] -= callees.length;
  }
  for (const id of callees) state.unreadBuzzes.set(id, (state.unreadBuzzes.get(id) ?? 0) + 1);
  return { callees, invalid };
}
