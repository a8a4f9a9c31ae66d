/**
 * Event bodies exactly as Feishu sends them (v2 schema), before encryption. Shapes follow
 * test/fixtures/feishu: message create_time in ms, card callback create_time in µs.
 */
import type { EmulatorApp, EventMention, StoredMessage, User } from './model';

interface Tenant {
  app: EmulatorApp;
  tenantKey: string;
}

const header = (t: Tenant, eventType: string, eventId: string, createTime: string) => ({
  event_id: eventId,
  event_type: eventType,
  create_time: createTime,
  token: t.app.verificationToken,
  app_id: t.app.appId,
  tenant_key: t.tenantKey,
});

export function messageReceiveEnvelope(
  t: Tenant,
  o: {
    eventId: string;
    now: number;
    sender: User;
    message: StoredMessage;
    chatType: 'group' | 'p2p';
    mentions: EventMention[];
  },
) {
  const m = o.message;
  return {
    schema: '2.0',
    header: header(t, 'im.message.receive_v1', o.eventId, String(o.now)),
    event: {
      sender: {
        sender_id: { union_id: o.sender.unionId, user_id: o.sender.userId, open_id: o.sender.openId },
        sender_type: 'user',
        tenant_key: t.tenantKey,
      },
      message: {
        message_id: m.messageId,
        ...(m.rootId ? { root_id: m.rootId } : {}),
        ...(m.parentId ? { parent_id: m.parentId } : {}),
        create_time: String(m.createTime),
        update_time: String(m.updateTime),
        chat_id: m.chatId,
        chat_type: o.chatType,
        message_type: m.msgType,
        content: JSON.stringify(m.content),
        ...(o.mentions.length ? { mentions: o.mentions } : {}),
      },
    },
  };
}

export function cardActionEnvelope(
  t: Tenant,
  o: {
    eventId: string;
    now: number;
    operator: User;
    callbackToken: string;
    messageId: string;
    chatId: string;
    value: Record<string, unknown>;
    name?: string;
    formValue?: Record<string, unknown>;
    /** A checker pressed: its new state (Feishu sends it beside the value). */
    checked?: boolean;
  },
) {
  return {
    schema: '2.0',
    header: header(t, 'card.action.trigger', o.eventId, String(o.now * 1000)),
    event: {
      operator: {
        tenant_key: t.tenantKey,
        user_id: o.operator.userId,
        open_id: o.operator.openId,
        union_id: o.operator.unionId,
      },
      token: o.callbackToken,
      action: {
        value: o.value,
        tag: o.checked === undefined ? 'button' : 'checker',
        ...(o.checked === undefined ? {} : { checked: o.checked }),
        timezone: 'Asia/Shanghai',
        ...(o.name ? { name: o.name } : {}),
        ...(o.formValue ? { form_value: o.formValue } : {}),
      },
      host: 'im_message',
      context: { open_message_id: o.messageId, open_chat_id: o.chatId },
    },
  };
}

export const urlVerificationBody = (t: Tenant, challenge: string) => ({
  challenge,
  token: t.app.verificationToken,
  type: 'url_verification',
});
