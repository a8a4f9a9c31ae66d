/**
 * Feishu payloads for tests and the bench: the documented fixtures (a fresh copy each time), a
 * builder for message events, and requests signed and encrypted the way Feishu sends them.
 */
import cardAction from '../fixtures/feishu/card.action.trigger.json';
import postMessage from '../fixtures/feishu/im.message.receive_v1.post.json';
import textMessage from '../fixtures/feishu/im.message.receive_v1.text.json';
import urlVerification from '../fixtures/feishu/url_verification.json';
import { encrypt, signature } from '../../src/platforms/feishu/crypto';

const fixtures = {
  'im.message.receive_v1.text': textMessage,
  'im.message.receive_v1.post': postMessage,
  'card.action.trigger': cardAction,
  url_verification: urlVerification,
};

export type FixtureName = keyof typeof fixtures;

export function fixture<N extends FixtureName>(name: N): (typeof fixtures)[N] {
  return structuredClone(fixtures[name]);
}

/** The open_id the text fixture's mention carries (the docs' example reuses the sender's). */
export const TEXT_FIXTURE_BOT = textMessage.event.message.mentions[0]!.id.open_id;

export interface MessageSpec {
  text: string;
  messageId?: string;
  eventId?: string;
  chatId?: string;
  chatType?: 'group' | 'p2p';
  senderOpenId?: string;
  tenantKey?: string;
  token?: string;
  /** Mentions for the placeholders used in text, in order: @_user_1, @_user_2, … */
  mentions?: { openId: string; name: string }[];
  /** The message this one replies to. */
  parentId?: string;
}

/** An im.message.receive_v1 file message (message_type "file"), as Feishu delivers one. */
export function fileMessageEvent(
  spec: Omit<MessageSpec, 'text' | 'mentions'> & { fileKey: string; fileName: string },
): Record<string, unknown> {
  const body = messageEvent({ ...spec, text: '' });
  const message = (body.event as { message: Record<string, unknown> }).message;
  message.message_type = 'file';
  message.content = JSON.stringify({ file_key: spec.fileKey, file_name: spec.fileName });
  return body;
}

let seq = 0;

/** An im.message.receive_v1 text event in Feishu's v2 envelope. */
export function messageEvent(spec: MessageSpec): Record<string, unknown> {
  const n = ++seq;
  return {
    schema: '2.0',
    header: {
      event_id: spec.eventId ?? `evt_${Date.now().toString(36)}_${n}`,
      event_type: 'im.message.receive_v1',
      create_time: String(Date.now()),
      token: spec.token ?? 'test-verification-token',
      app_id: 'cli_a0000000000000aa',
      tenant_key: spec.tenantKey ?? 'tenant_test',
    },
    event: {
      sender: {
        sender_id: { open_id: spec.senderOpenId ?? 'ou_sender', union_id: 'on_sender', user_id: 'u_sender' },
        sender_type: 'user',
        tenant_key: spec.tenantKey ?? 'tenant_test',
      },
      message: {
        message_id: spec.messageId ?? `om_${Date.now().toString(36)}_${n}`,
        create_time: String(Date.now()),
        chat_id: spec.chatId ?? 'oc_test_group',
        chat_type: spec.chatType ?? 'group',
        ...(spec.parentId ? { root_id: spec.parentId, parent_id: spec.parentId } : {}),
        message_type: 'text',
        content: JSON.stringify({ text: spec.text }),
        mentions: (spec.mentions ?? []).map((m, i) => ({
          key: `@_user_${i + 1}`,
          id: { open_id: m.openId, union_id: `on_${m.openId}`, user_id: '' },
          name: m.name,
          tenant_key: spec.tenantKey ?? 'tenant_test',
        })),
      },
    },
  };
}

export interface SignedRequest {
  body: string;
  headers: Record<string, string>;
}

/**
 * A request as Feishu sends it with an Encrypt Key: body `{"encrypt": …}`, signed over the exact
 * bytes sent. `encrypted: false` sends the JSON as is (still signed when a key is given).
 */
export async function feishuRequest(
  payload: unknown,
  opts: { encryptKey?: string; encrypted?: boolean; sign?: boolean; timestamp?: string; nonce?: string } = {},
): Promise<SignedRequest> {
  const json = JSON.stringify(payload);
  const body =
    opts.encryptKey && opts.encrypted !== false
      ? JSON.stringify({ encrypt: await encrypt(opts.encryptKey, json) })
      : json;
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (opts.encryptKey && opts.sign !== false) {
    const timestamp = opts.timestamp ?? String(Math.floor(Date.now() / 1000));
    const nonce = opts.nonce ?? Math.random().toString(36).slice(2);
    headers['x-lark-request-timestamp'] = timestamp;
    headers['x-lark-request-nonce'] = nonce;
    headers['x-lark-signature'] = await signature({ timestamp, nonce, encryptKey: opts.encryptKey, rawBody: body });
  }
  return { body, headers };
}
