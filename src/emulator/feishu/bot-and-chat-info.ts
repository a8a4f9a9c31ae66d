/** GET /open-apis/bot/v3/info and GET /open-apis/im/v1/chats/:chat_id, in Feishu's shapes. */
import { Codes, FeishuApiError } from './feishu-error';
import type { ApiAnswer } from './messages';
import type { EmulatorContext } from './model';

export function botInfo(ctx: EmulatorContext): ApiAnswer {
  const { bot } = ctx.state;
  return {
    body: {
      code: 0,
      msg: 'ok',
      bot: { activate_status: 2, app_name: bot.name, avatar_url: '', ip_white_list: [], open_id: bot.openId },
    },
  };
}

export function chatInfo(ctx: EmulatorContext, chatId: string, query: Record<string, string>): ApiAnswer {
  const { state } = ctx;
  const chat = state.chats.get(chatId);
  if (!chat) throw new FeishuApiError(400, Codes.chatIdInvalid, 'Your request specifies a chat_id which is invalid.');
  if (!chat.botIsMember)
    throw new FeishuApiError(400, Codes.botNotInChatInfo, 'Operator can NOT be out of the chat.', {
      rule: 'bot_not_in_chat',
    });
  const idType = query.user_id_type ?? 'open_id';
  const owner = state.users.get(chat.ownerOpenId);
  const ownerId = idType === 'user_id' ? owner?.userId : idType === 'union_id' ? owner?.unionId : chat.ownerOpenId;
  return {
    body: {
      code: 0,
      msg: 'success',
      data: {
        avatar: '',
        name: chat.name,
        description: '',
        i18n_names: {},
        add_member_permission: 'all_members',
        share_card_permission: 'allowed',
        at_all_permission: 'all_members',
        edit_permission: 'all_members',
        owner_id_type: idType,
        owner_id: ownerId ?? '',
        chat_mode: chat.type === 'p2p' ? 'p2p' : 'group',
        chat_type: 'private',
        chat_tag: 'inner',
        external: false,
        tenant_key: state.tenantKey,
        user_count: String(chat.memberOpenIds.length),
        bot_count: chat.botIsMember ? '1' : '0',
        urgent_setting: chat.membersMayBuzz ? 'all_members' : 'only_owner',
      },
    },
  };
}
