/**
 * DingTalk robot callbacks (HTTP body or a Stream frame's data) and card callbacks → floorwalker's
 * InboundEvent. DingTalk's shapes stop here. Pure: never throws, says why it ignores or rejects.
 *
 * - The sender is the org userId (`senderStaffId`), present only once the robot is published;
 *   external members have none. Neither can be a member: the first gets a clear answer, the
 *   second is ignored (dingtalk.md §2.1, §6).
 * - In a group only messages that @ the bot arrive, with the bot's own @name already removed
 *   (a leading space left): every such message is for the bot, as every 1:1 message is.
 * - `atUsers` names the @-mentioned by id only; their names are the "@name" runs of the text, in order.
 * - De-duplication on (robotCode, msgId): a Stream re-push has a new frame id but the same msgId.
 */
import { createHash } from 'node:crypto';
import type { FileRef, InboundCardAction, InboundMessage, Mention } from '../../core/inbound';
import { decodeDingTalkPress } from './card-render';
import { encodeRef } from './message-ref';
import { DINGTALK_NAME } from './traits';

export type DingTalkNormalized =
  | { kind: 'event'; event: InboundMessage | InboundCardAction }
  | { kind: 'ignored'; reason: string }
  /** A member of the org whose id DingTalk withheld (robot not published): answer, store nothing. */
  | { kind: 'unidentified'; reply: { messageId: string }; reason: string }
  | { kind: 'invalid'; reason: string };

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string => (typeof v === 'string' ? v.replace(/\0/g, '') : '');
const SLASH = /^[/／]/;

export interface NormalizeContext {
  /** Our robot: a callback for another robot code is not ours. */
  robotCode: string;
}

/** A body is a card callback when it has an outTrackId and the callback content. */
export const isCardCallback = (body: unknown): boolean => isObj(body) && 'outTrackId' in body && 'content' in body;

export function normalizeDingTalk(body: unknown, ctx: NormalizeContext): DingTalkNormalized {
  if (!isObj(body)) return { kind: 'invalid', reason: 'the body is not a JSON object' };
  return isCardCallback(body) ? cardCallback(body) : robotMessage(body, ctx);
}

function robotMessage(b: Obj, ctx: NormalizeContext): DingTalkNormalized {
  const msgId = str(b.msgId);
  const conversationId = str(b.conversationId);
  const conversationType = str(b.conversationType);
  if (!msgId || !conversationId || (conversationType !== '1' && conversationType !== '2'))
    return { kind: 'invalid', reason: 'msgId, conversationId and conversationType "1"/"2" are required' };
  const robotCode = str(b.robotCode) || ctx.robotCode;
  if (robotCode !== ctx.robotCode) return { kind: 'ignored', reason: `robotCode ${robotCode} is not this app's` };
  const p2p = conversationType === '1';
  const corpId = str(b.chatbotCorpId) || str(b.senderCorpId);
  const staffId = str(b.senderStaffId);
  const webhook = str(b.sessionWebhook);
  const webhookExpiresAt = Number(b.sessionWebhookExpiredTime) || 0;
  const ref = encodeRef({
    kind: 'in',
    msgId,
    conversationId,
    p2p,
    senderStaffId: staffId,
    ...(webhook ? { webhook, webhookExpiresAt } : {}),
  });
  if (!staffId) {
    const external = Boolean(str(b.senderCorpId)) && str(b.senderCorpId) !== str(b.chatbotCorpId);
    return external
      ? { kind: 'ignored', reason: 'an external member (no staff id)' }
      : { kind: 'unidentified', reply: { messageId: ref }, reason: 'no senderStaffId: the robot is not published yet' };
  }
  const converted = convert(b);
  if (converted === 'unknown') return { kind: 'ignored', reason: `msgtype ${str(b.msgtype) || '(none)'}` };
  if (converted === 'empty')
    return { kind: 'ignored', reason: `no content${b.errorMessage ? `: ${str(b.errorMessage)}` : ''}` };

  const text = converted.text.replace(/[ \t\u00a0\u3000]{2,}/g, ' ').trim();
  const mentions = mentionsOf(b, text);
  const botMentioned = !p2p || b.isInAtList === true;
  let command: string | null = null;
  if (converted.commandable && (p2p || botMentioned)) command = SLASH.test(text) ? text : `/${text}`;
  const created = Number(b.createAt);
  const event: InboundMessage = {
    type: 'message',
    platform: DINGTALK_NAME,
    id: `msg:${robotCode}:${msgId}`,
    eventId: msgId,
    tenantKey: corpId,
    messageId: ref,
    chatId: conversationId,
    chatType: p2p ? 'p2p' : 'group',
    sender: { openId: staffId, ...(str(b.senderNick) ? { name: str(b.senderNick) } : {}) },
    mentions,
    botMentioned,
    text,
    command,
    ...(converted.file ? { file: converted.file } : {}),
    createdAt: Number.isFinite(created) && created > 0 ? new Date(created).toISOString() : '',
  };
  return { kind: 'event', event };
}

type Converted = { text: string; commandable: boolean; file?: FileRef } | 'unknown' | 'empty';

function convert(b: Obj): Converted {
  const content = isObj(b.content) ? b.content : undefined;
  switch (str(b.msgtype)) {
    case 'text': {
      // An org over its robot quota gets messages without text (and an errorMessage).
      const t = isObj(b.text) ? str(b.text.content) : '';
      return t.trim() ? { text: t, commandable: true } : 'empty';
    }
    case 'richText': {
      const parts = content && Array.isArray(content.richText) ? content.richText : [];
      const t = parts.map((p) => (isObj(p) ? str(p.text) : '')).join('');
      return t.trim() ? { text: t, commandable: true } : 'empty';
    }
    case 'file': {
      const key = str(content?.downloadCode);
      const name = str(content?.fileName);
      if (!key) return 'empty';
      return { text: `[file] ${name}`.trim(), commandable: false, file: { key, name } };
    }
    case 'picture':
    case 'audio':
    case 'video':
      return { text: `[${str(b.msgtype)}]`, commandable: false };
    default:
      return 'unknown';
  }
}

/** The mentioned people other than the bot, named by the "@name" runs of the text in order. */
function mentionsOf(b: Obj, text: string): Mention[] {
  const bot = str(b.chatbotUserId);
  const at = (Array.isArray(b.atUsers) ? b.atUsers : [])
    .filter(isObj)
    .filter((u) => str(u.dingtalkId) !== bot && str(u.staffId));
  const names = [...text.matchAll(/@([^\s@]+)/g)].map((m) => m[1]!);
  return at.map((u, i) => {
    const staffId = str(u.staffId);
    const name = names[i] ?? staffId;
    return { key: `@${name}`, openId: staffId, name, isBot: false };
  });
}

function cardCallback(b: Obj): DingTalkNormalized {
  const outTrackId = str(b.outTrackId);
  const userId = str(b.userId);
  if (!outTrackId || !userId) return { kind: 'invalid', reason: 'outTrackId and userId are required' };
  let content: unknown;
  try {
    content = typeof b.content === 'string' ? JSON.parse(b.content) : b.content;
  } catch {
    return { kind: 'invalid', reason: 'content is not JSON' };
  }
  const priv = isObj(content) && isObj(content.cardPrivateData) ? content.cardPrivateData : undefined;
  const press = priv
    ? decodeDingTalkPress(priv as { actionIds?: string[]; params?: Record<string, unknown> })
    : undefined;
  if (!press) return { kind: 'ignored', reason: 'a card callback without a floorwalker button value' };
  const spaceType = str(b.spaceType);
  const spaceId = str(b.spaceId);
  // A group card's space is its conversation; a 1:1 card's is the person (no team: the value names it).
  const chatId = spaceType === 'IM_GROUP' || spaceType === 'im_group' ? spaceId : `robot:${spaceId || userId}`;
  const action = String(press.value.action ?? '');
  // Applied once per (card as it was, person, action and its arguments, form): a double press or a
  // re-push acts once; the same button pressed again after the card changed acts again.
  const pressed = `${press.version ? `${press.version}:` : ''}${stableJson(press.value)}${press.formValue ? `:${stableJson(press.formValue)}` : ''}`;
  const event: InboundCardAction = {
    type: 'card_action',
    platform: DINGTALK_NAME,
    id: `card:${outTrackId}:${userId}:${pressed}`.slice(0, 500),
    // What the press's replies are keyed by (their outbox uuids): one per press, not per action, or
    // a second button of the same action on the same card would have its messages dropped as sent.
    eventId: `${outTrackId}:${userId}:${action}:${createHash('sha256').update(pressed).digest('base64url').slice(0, 16)}`,
    tenantKey: str(b.corpId),
    operator: { openId: userId },
    chatId,
    messageId: encodeRef({ kind: 'card', outTrackId }),
    token: encodeRef({ kind: 'card', outTrackId }),
    value: press.value,
    ...(press.formValue ? { formValue: press.formValue } : {}),
  };
  return { kind: 'event', event };
}

function stableJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(stableJson).join(',')}]`;
  if (isObj(v))
    return `{${Object.keys(v)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${stableJson(v[k])}`)
      .join(',')}}`;
  return JSON.stringify(v) ?? 'null';
}
