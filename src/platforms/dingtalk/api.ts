/**
 * PlatformApi for DingTalk's enterprise internal app robot (dingtalk.md §3–§6), over fetch.
 * `domain` decides where every call goes — DingTalk's hosts or the local emulator — and nothing
 * above this folder knows which.
 *
 * What differs from Feishu, and how the port's calls map:
 * - send: a group robot message (groupMessages/send) or a 1:1 one (oToMessages/batchSend); a card
 *   through the card instance API when a template is configured (card-render.ts decides).
 * - reply: DingTalk has no threads. The inbound message's session webhook while it is valid
 *   (only to DingTalk's hosts or the configured domain), else a send into the same conversation.
 * - patchCard: only an interactive card can change (PUT /v1.0/card/instances); a robot message
 *   cannot be edited, so its "patch" is dropped (logged).
 * - urgent: a standalone DING (remindType 1 app, 2 SMS, 3 phone) to the people, not a flag on the
 *   message: the message only names what the DING is about.
 * - No idempotency key: a send without an answer is recorded as uncertain, not repeated (cards
 *   keep their outTrackId, so those are repeated).
 */
import type { DingTalkConfig } from '../../config';
import type { Card } from '../../cards/card';
import { mentionedIds, plainMentions, renderMentions } from '../../cards/mention';
import {
  PlatformError,
  type ChatInfo,
  type MessageBody,
  type OutgoingFile,
  type PlatformApi,
  type UrgentKind,
} from '../../port/platform';
import { silentLogger, type Logger } from '../../log';
import { readStream } from '../feishu/api-errors';
import { renderDingTalkCard, type DingTalkCardMessage } from './card-render';
import { TOKEN_INVALID } from './errors';
import { jsonCall, type JsonCall } from './http-call';
import { decodeRef, encodeRef, type InboundRef } from './message-ref';
import { mentionCard, NOTE_PARAM } from './mention-card';
import { outTrackIdFor } from './out-track';
import { dingTalkTraits } from './traits';

export interface DingTalkPlatformOptions {
  clientId: string;
  clientSecret: string;
  robotCode: string;
  /** One base URL for api.* and oapi.* (the emulator); undefined: DingTalk's own hosts. */
  domain?: string | undefined;
  cardTemplateId?: string | undefined;
  edition?: DingTalkConfig['edition'];
  /** How card callbacks come back: over the Stream connection or to the HTTP route. */
  eventMode?: DingTalkConfig['eventMode'];
  log?: Logger;
  timeoutMs?: number;
  now?: () => number;
}

export const DINGTALK_API = 'https://api.dingtalk.com';
export const DINGTALK_OAPI = 'https://oapi.dingtalk.com';
/** The media upload's limit for files (dingtalk.md §3: sampleFile takes a mediaId). */
export const DINGTALK_MAX_FILE_BYTES = 20 * 1024 * 1024;
/** The route key card callbacks are registered under in HTTP mode (POST /v1.0/card/callbacks/register). */
export const CARD_CALLBACK_ROUTE_KEY = 'floorwalker';

/** A session webhook this close to its expiry is not used: the send into the conversation is. */
const WEBHOOK_MARGIN_MS = 60_000;
const DING_RECEIVERS_PER_CALL = 20;

type Obj = Record<string, unknown>;

/** True for DingTalk's own hosts and for the configured domain's host. */
export function allowedWebhook(url: string, domain: string | undefined): boolean {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return false;
  }
  if (domain) {
    try {
      if (u.host === new URL(domain).host) return true;
    } catch {
      // a bad domain allows nothing extra
    }
  }
  return u.protocol === 'https:' && (u.hostname === 'dingtalk.com' || u.hostname.endsWith('.dingtalk.com'));
}

/** Mentions in text DingTalk shows: "@staffId" is what its clients render as a mention with `at`. */
const atText = (text: string) => renderMentions(text, (p) => `@${p.id}`);

export function createDingTalkPlatform(opts: DingTalkPlatformOptions): PlatformApi {
  const log = (opts.log ?? silentLogger).child({ component: 'dingtalk-api' });
  const api = opts.domain ?? DINGTALK_API;
  const oapi = opts.domain ?? DINGTALK_OAPI;
  const now = opts.now ?? Date.now;
  const timeoutMs = opts.timeoutMs ?? 10_000;
  const render = opts.cardTemplateId ? { templateId: opts.cardTemplateId } : {};
  /** A card sent by API: without a template a robot message, which cannot @, so it writes names. */
  const byApi = { ...render, namesInMarkdown: true };
  const robotCode = opts.robotCode;
  let token: { value: string; until: number } | undefined;
  let pendingToken: Promise<string> | undefined;

  async function accessToken(): Promise<string> {
    if (token && token.until > now()) return token.value;
    pendingToken ??= (async () => {
      try {
        const r = await jsonCall({
          what: 'access token',
          method: 'POST',
          url: `${api}/v1.0/oauth2/accessToken`,
          body: { appKey: opts.clientId, appSecret: opts.clientSecret },
          timeoutMs,
          idempotent: true,
        });
        const value = typeof r.accessToken === 'string' ? r.accessToken : '';
        if (!value)
          throw new PlatformError('dingtalk access token: no accessToken in the answer', 'app_credentials', {
            kind: 'permanent',
          });
        // Refreshed five minutes early, as DingTalk's own SDKs do.
        const seconds = Number(r.expireIn) || 7200;
        token = { value, until: now() + Math.max(60, seconds - 300) * 1000 };
        return value;
      } finally {
        pendingToken = undefined;
      }
    })();
    return pendingToken;
  }

  /** A new-API call with the token header; a rejected token is replaced once. */
  async function call(c: Omit<JsonCall, 'url' | 'timeoutMs' | 'headers'> & { path: string }): Promise<Obj> {
    for (let attempt = 1; ; attempt++) {
      const t = await accessToken();
      try {
        return await jsonCall({
          ...c,
          url: `${api}${c.path}`,
          headers: { 'x-acs-dingtalk-access-token': t },
          timeoutMs,
        });
      } catch (err) {
        const code = err instanceof PlatformError ? bodyCode(err.body) : undefined;
        if (attempt === 1 && code && TOKEN_INVALID.has(code)) {
          token = undefined;
          continue;
        }
        if (err instanceof PlatformError)
          log.debug('call failed', { what: c.what, status: err.httpStatus, reason: err.reason });
        throw err;
      }
    }
  }

  function robotMessage(body: MessageBody, rendered?: DingTalkCardMessage): { msgKey: string; msgParam: string } {
    if (body.msgType === 'text') {
      return { msgKey: 'sampleText', msgParam: JSON.stringify({ content: namedText(body.content.text) }) };
    }
    const r = rendered ?? renderDingTalkCard(body.content, byApi);
    if (r.kind !== 'markdown') throw new Error('a template card is not a robot message');
    return { msgKey: r.msgKey, msgParam: JSON.stringify(r.msgParam) };
  }

  /** Robot messages cannot @ anyone (no at field): mentions read as names. */
  const namedText = (text: string) => renderMentions(text, (p) => `@${p.name || p.id}`);

  /** A card, or a text that names people as a note card where the template can notify them. */
  function asCard(body: MessageBody): DingTalkCardMessage | undefined {
    if (body.msgType === 'interactive') return renderDingTalkCard(body.content, byApi);
    const note = opts.cardTemplateId ? mentionCard(body.content.text) : undefined;
    if (!note) return undefined;
    const r = renderDingTalkCard(note, byApi);
    return r.kind === 'template' ? { ...r, cardParamMap: { ...r.cardParamMap, [NOTE_PARAM]: 'true' } } : undefined;
  }

  async function sendToGroup(conversationId: string, body: MessageBody, uuid: string): Promise<{ messageId: string }> {
    const rendered = asCard(body);
    if (rendered?.kind === 'template') return deliverCard({ group: conversationId }, rendered, uuid);
    const r = await call({
      what: 'send',
      method: 'POST',
      path: '/v1.0/robot/groupMessages/send',
      body: { robotCode, openConversationId: conversationId, ...robotMessage(body, rendered) },
      idempotent: false,
    });
    return { messageId: encodeRef({ kind: 'msg', conversationId, processQueryKey: keyOf('send', r) }) };
  }

  async function sendToPerson(userId: string, body: MessageBody, uuid: string): Promise<{ messageId: string }> {
    const rendered = body.msgType === 'interactive' ? renderDingTalkCard(body.content, byApi) : undefined;
    if (rendered?.kind === 'template') return deliverCard({ user: userId }, rendered, uuid);
    const r = await call({
      what: 'send',
      method: 'POST',
      path: '/v1.0/robot/oToMessages/batchSend',
      body: { robotCode, userIds: [userId], ...robotMessage(body, rendered) },
      idempotent: false,
    });
    if (Array.isArray(r.invalidStaffIdList) && r.invalidStaffIdList.includes(userId))
      throw new PlatformError(
        `dingtalk send: ${userId} is not a staff id of this org`,
        'invalid_request',
        { kind: 'permanent' },
        { httpStatus: 200, body: r },
      );
    if (Array.isArray(r.flowControlledStaffIdList) && r.flowControlledStaffIdList.includes(userId))
      throw new PlatformError(
        `dingtalk send: ${userId} is flow-controlled`,
        'chat_rate_limited',
        { kind: 'rate_limited', scope: 'chat' },
        { httpStatus: 200, body: r },
      );
    return { messageId: encodeRef({ kind: 'oto', userId, processQueryKey: keyOf('send', r) }) };
  }

  async function deliverCard(
    to: { group: string } | { user: string },
    card: Extract<DingTalkCardMessage, { kind: 'template' }>,
    uuid: string,
  ): Promise<{ messageId: string }> {
    const outTrackId = outTrackIdFor(uuid, opts.clientSecret);
    const group = 'group' in to;
    const r = await call({
      what: 'send card',
      method: 'POST',
      path: '/v1.0/card/instances/createAndDeliver',
      body: {
        cardTemplateId: card.cardTemplateId,
        outTrackId,
        cardData: { cardParamMap: card.cardParamMap },
        callbackType: opts.eventMode === 'http' ? 'HTTP' : 'STREAM',
        ...(opts.eventMode === 'http' ? { callbackRouteKey: CARD_CALLBACK_ROUTE_KEY } : {}),
        userIdType: 1,
        ...(group
          ? {
              openSpaceId: `dtv1.card//IM_GROUP.${to.group}`,
              imGroupOpenSpaceModel: { supportForward: true },
              imGroupOpenDeliverModel: {
                robotCode,
                ...(Object.keys(card.atUserIds).length ? { atUserIds: card.atUserIds } : {}),
              },
            }
          : {
              openSpaceId: `dtv1.card//IM_ROBOT.${to.user}`,
              imRobotOpenSpaceModel: { supportForward: false },
              imRobotOpenDeliverModel: { spaceType: 'IM_ROBOT', robotCode },
            }),
      },
      // The outTrackId is fixed by the row: sending again names the same card.
      idempotent: true,
    });
    const result = (r.result ?? {}) as { deliverResults?: { success?: boolean; errorMsg?: string }[] };
    const failed = (result.deliverResults ?? []).find((d) => d.success === false);
    if (failed)
      throw new PlatformError(
        `dingtalk send card: not delivered (${failed.errorMsg ?? 'no reason given'})`,
        'rejected',
        { kind: 'permanent' },
        { httpStatus: 200, body: r },
      );
    return { messageId: encodeRef({ kind: 'card', outTrackId }) };
  }

  async function viaWebhook(ref: InboundRef, body: MessageBody): Promise<{ messageId: string } | undefined> {
    if (!ref.webhook || (ref.webhookExpiresAt ?? 0) < now() + WEBHOOK_MARGIN_MS) return undefined;
    if (!allowedWebhook(ref.webhook, opts.domain)) {
      log.warn('session webhook refused', { reason: "host is not DingTalk's", host: safeHost(ref.webhook) });
      return undefined;
    }
    let payload: Obj;
    if (body.msgType === 'text') {
      const text = body.content.text;
      payload = {
        msgtype: 'text',
        text: { content: atText(text) },
        at: { atUserIds: mentionedIds(text), isAtAll: false },
      };
    } else {
      const r = renderDingTalkCard(body.content, render);
      if (r.kind !== 'markdown') return undefined;
      const text = r.msgParam.text ?? '';
      payload = {
        msgtype: 'markdown',
        markdown: { title: plainMentions(r.msgParam.title ?? ''), text },
        at: { atUserIds: r.atUserIds, isAtAll: false },
      };
    }
    // The session webhook needs no token; DingTalk takes none there either.
    await jsonCall({ what: 'reply', method: 'POST', url: ref.webhook, body: payload, timeoutMs, idempotent: false });
    return { messageId: `sess:${ref.conversationId}:${ref.msgId}` };
  }

  /**
   * A file to one person or group: the media upload (oapi, multipart), then a sampleFile robot
   * message naming it. DingTalk takes no idempotency key: an upload repeated by a retry is only a
   * second unused media id; the message itself is sent once (not retried after no answer).
   */
  async function sendFile(
    to: { chatId: string } | { openId: string },
    file: OutgoingFile,
    _uuid: string,
  ): Promise<{ messageId: string }> {
    if (file.size > DINGTALK_MAX_FILE_BYTES)
      throw new PlatformError(
        `dingtalk upload file: ${file.name} is ${file.size} bytes, over DingTalk's 20 MB`,
        'file_too_large',
        { kind: 'permanent' },
      );
    // At most 20 MB (checked above), so holding it for the multipart body is bounded.
    const parts: Uint8Array[] = [];
    for await (const c of file.chunks()) parts.push(c);
    const form = new FormData();
    form.append('media', new Blob(parts as BlobPart[]), file.name);
    const t = await accessToken();
    const up = await jsonCall({
      what: 'upload file',
      method: 'POST',
      url: `${oapi}/media/upload?access_token=${encodeURIComponent(t)}&type=file`,
      form,
      timeoutMs: Math.max(timeoutMs, 60_000),
      idempotent: true,
    });
    const mediaId = typeof up.media_id === 'string' ? up.media_id : '';
    if (!mediaId)
      throw new PlatformError(
        'dingtalk upload file: no media_id in the answer',
        'rejected',
        { kind: 'transient' },
        {
          httpStatus: 200,
          body: up,
        },
      );
    const fileType = /\.([a-z0-9]{1,6})$/i.exec(file.name)?.[1]?.toLowerCase() ?? 'file';
    const message = { msgKey: 'sampleFile', msgParam: JSON.stringify({ mediaId, fileName: file.name, fileType }) };
    if ('chatId' in to) {
      const r = await call({
        what: 'send file',
        method: 'POST',
        path: '/v1.0/robot/groupMessages/send',
        body: { robotCode, openConversationId: to.chatId, ...message },
        idempotent: false,
      });
      return { messageId: encodeRef({ kind: 'msg', conversationId: to.chatId, processQueryKey: keyOf('send', r) }) };
    }
    const r = await call({
      what: 'send file',
      method: 'POST',
      path: '/v1.0/robot/oToMessages/batchSend',
      body: { robotCode, userIds: [to.openId], ...message },
      idempotent: false,
    });
    return { messageId: encodeRef({ kind: 'oto', userId: to.openId, processQueryKey: keyOf('send', r) }) };
  }

  return {
    ...dingTalkTraits({ edition: opts.edition ?? 'standard', templateId: opts.cardTemplateId }),

    async botInfo() {
      // An internal app robot is known by its robotCode; its name is what the org calls it.
      return { openId: robotCode, name: '现场管家' };
    },

    async chatInfo(chatId: string): Promise<ChatInfo> {
      const r = await call({
        what: 'chat info',
        method: 'POST',
        path: '/v1.0/im/groups/baseInfos/query',
        body: { openConversationId: chatId },
        idempotent: true,
      });
      const result = (r.result ?? {}) as { title?: unknown };
      // DingTalk's group API names no owner (dingtalk.md §6): supervisors come from /setup.
      return { name: typeof result.title === 'string' ? result.title : '' };
    },

    sendFile,

    send(to, body, uuid) {
      return 'chatId' in to ? sendToGroup(to.chatId, body, uuid) : sendToPerson(to.openId, body, uuid);
    },

    async reply(messageId, body, uuid) {
      const ref = decodeRef(messageId);
      if (ref?.kind !== 'in')
        throw new PlatformError(
          `dingtalk reply: ${messageId.slice(0, 40)} is no message a person sent`,
          'invalid_request',
          { kind: 'permanent' },
        );
      const sent = await viaWebhook(ref, body);
      if (sent) return sent;
      return ref.p2p ? sendToPerson(ref.senderStaffId, body, uuid) : sendToGroup(ref.conversationId, body, uuid);
    },

    async patchCard(messageId, card: Card) {
      const ref = decodeRef(messageId);
      const r = renderDingTalkCard(card, render);
      if (ref?.kind !== 'card' || r.kind !== 'template') {
        log.debug('card not updated', {
          reason: 'a DingTalk robot message cannot be edited',
          messageId: messageId.slice(0, 60),
        });
        return;
      }
      await call({
        what: 'patch card',
        method: 'PUT',
        path: '/v1.0/card/instances',
        body: {
          outTrackId: ref.outTrackId,
          cardData: { cardParamMap: r.cardParamMap },
          cardUpdateOptions: { updateCardDataByKey: true },
        },
        idempotent: true,
      });
    },

    async urgent(messageId, kind: UrgentKind, openIds) {
      void messageId;
      const remindType = kind === 'app' ? 1 : kind === 'sms' ? 2 : 3;
      const invalid: string[] = [];
      for (let i = 0; i < openIds.length; i += DING_RECEIVERS_PER_CALL) {
        const r = await call({
          what: `urgent ${kind}`,
          method: 'POST',
          path: '/v1.0/robot/ding/send',
          body: {
            robotCode,
            remindType,
            receiverUserIdList: openIds.slice(i, i + DING_RECEIVERS_PER_CALL),
            content: DING_CONTENT,
          },
          // A DING that may have rung is never rung again blindly.
          idempotent: false,
        });
        const failed = r.failedList;
        if (failed && typeof failed === 'object')
          for (const ids of Object.values(failed as Obj))
            if (Array.isArray(ids)) invalid.push(...ids.filter((x): x is string => typeof x === 'string'));
      }
      return { invalidOpenIds: [...new Set(invalid)] };
    },

    async updateCardByToken(token, card) {
      // A DingTalk card press names its card (outTrackId); the "token" is that card's id.
      await this.patchCard(token, card);
    },

    async messageFile() {
      // DingTalk has no API to read a message back: only the message itself carries its file.
      return undefined;
    },

    async downloadFile(_messageId, file, maxBytes) {
      const r = await call({
        what: 'download file',
        method: 'POST',
        path: '/v1.0/robot/messageFiles/download',
        body: { downloadCode: file.key, robotCode },
        idempotent: true,
      });
      const url = typeof r.downloadUrl === 'string' ? r.downloadUrl : '';
      if (!url)
        throw new PlatformError('dingtalk download file: no downloadUrl', 'file_not_found', { kind: 'permanent' });
      const res = await fetch(url, { signal: AbortSignal.timeout(60_000) });
      if (!res.ok || !res.body)
        throw new PlatformError(
          `dingtalk download file: HTTP ${res.status}`,
          'file_not_found',
          { kind: 'permanent' },
          { httpStatus: res.status },
        );
      return readStream(res.body, maxBytes, () => {
        throw new PlatformError(
          `dingtalk download file: ${file.name || file.key} is larger than ${maxBytes} bytes`,
          'file_too_large',
          { kind: 'permanent' },
        );
      });
    },
  };
}

/** What a DING says (it is read out on a phone DING): the group card says the rest. */
export const DING_CONTENT = '现场管家：有一条紧急消息需要你处理，请打开钉钉群查看并在卡片上认领。';

function keyOf(what: string, r: Obj): string {
  if (typeof r.processQueryKey === 'string' && r.processQueryKey) return r.processQueryKey;
  throw new PlatformError(
    `dingtalk ${what}: the answer carried no processQueryKey`,
    'rejected',
    { kind: 'permanent' },
    { httpStatus: 200, body: r },
  );
}

function bodyCode(body: unknown): string | undefined {
  if (!body || typeof body !== 'object') return undefined;
  const b = body as { code?: unknown; errcode?: unknown };
  return typeof b.code === 'string' ? b.code : typeof b.errcode === 'number' ? String(b.errcode) : undefined;
}

function safeHost(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return '(not a URL)';
  }
}
