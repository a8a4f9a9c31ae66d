/**
 * A DingTalk org in memory (dingtalk.md §7): the OpenAPI and oapi routes the bot calls (handle),
 * the people who type and press card buttons (emitMessage, clickButton) delivered over HTTP
 * (signed, to the bot's /dingtalk/events) or Stream (server.ts), and everything observable —
 * messages, cards, DINGs, calls — for tests and the sandbox. Failures are injected with failNext
 * (the shared fault injector, ../faults.ts); DingTalk's own limits are enforced (rate-rules.ts).
 */
import { randomBytes } from 'node:crypto';
import { SANDBOX_DINGTALK_APP } from '../../config';
import { systemClock, type Clock } from '../../clock';
import { dingTalkSign } from '../../platforms/dingtalk/sign';
import { FaultInjector, type FaultHandle } from '../faults';
import { dingTalkFailure, failureResponse, newApiError } from './api-error';
import type { DingTalkApp, DtCall, DtChat, DtDing, DtFault, DtMessage, DtUser } from './model';
import { DtRateRules, type DtViolation } from './rate-rules';
import type { DtChange, DtTranscript } from './observe';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const rid = (prefix: string, n = 12) => `${prefix}${randomBytes(n).toString('base64url')}`;

/** Where the emulator pushes robot messages and card callbacks. */
export interface DtDeliveryTarget {
  /** HTTP mode: the bot's app (its /dingtalk/events); Stream mode: the connected clients (server.ts). */
  http?: (req: Request) => Promise<Response> | Response;
  stream?: (topic: string, data: Obj) => Promise<unknown>;
}

export interface DtEmitted {
  delivered: boolean;
  status?: number;
  reason?: string;
  body: Obj;
  answer?: unknown;
}

/** Bad signatures the HTTP delivery can be told to send. */
export type SignMode = 'good' | 'stale' | 'wrong' | 'missing';

const SESSION_TTL_MS = 90 * 60_000;

export class DingTalkEmulator {
  readonly app: DingTalkApp;
  readonly corpId: string;
  readonly bot: { chatbotUserId: string; name: string };
  private readonly clock: Clock;
  /** The emulator's own base URL (server.ts sets it): session webhooks point here. */
  baseUrl = 'http://dingtalk.invalid';
  private target: DtDeliveryTarget = {};
  private readonly users = new Map<string, DtUser>();
  private readonly chats = new Map<string, DtChat>();
  private readonly msgs: DtMessage[] = [];
  private readonly cards = new Map<string, DtMessage>();
  private readonly sessions = new Map<string, { chatId: string; expiresAt: number }>();
  private readonly tokens = new Set<string>();
  private readonly media = new Map<string, { name: string; bytes: Uint8Array }>();
  /** Files members sent, by the downloadCode their message carries. */
  private readonly sentFiles = new Map<string, { name: string; bytes: Uint8Array }>();
  private readonly faults = new FaultInjector<string>(dingTalkFailure);
  /** DingTalk's rate limits, on the emulator's clock. */
  private readonly rules = new DtRateRules(() => this.clock.now().getTime());
  readonly dingLog: DtDing[] = [];
  readonly callLog: DtCall[] = [];
  private seq = 0;
  /** DING quota left (SMS and phone share the org's 权益包). */
  quota = { sms: 1000, phone: 1000 };
  /** Calls counted against the org's monthly OpenAPI allowance (token calls do not count). */
  monthlyCalls = 0;

  constructor(opts: { app?: Partial<DingTalkApp>; corpId?: string; clock?: Clock; botName?: string } = {}) {
    this.app = {
      clientId: opts.app?.clientId ?? SANDBOX_DINGTALK_APP.clientId,
      clientSecret: opts.app?.clientSecret ?? SANDBOX_DINGTALK_APP.clientSecret,
      robotCode: opts.app?.robotCode ?? opts.app?.clientId ?? SANDBOX_DINGTALK_APP.clientId,
    };
    this.corpId = opts.corpId ?? rid('ding', 8);
    this.bot = { chatbotUserId: rid('$:LWCP_v1:$', 16), name: opts.botName ?? '现场管家' };
    this.clock = opts.clock ?? systemClock;
  }

  /** Same name as the Feishu emulator's, for tests that read both. */
  get tenantKey(): string {
    return this.corpId;
  }

  setTarget(t: DtDeliveryTarget): void {
    this.target = { ...this.target, ...t };
  }

  // ── seeding and reading ───────────────────────────────────────────────
  addUser(u: { name: string; openId?: string; internal?: boolean }): DtUser {
    const user: DtUser = {
      openId: u.openId ?? `user${randomBytes(5).toString('hex')}`,
      name: u.name,
      dingtalkId: rid('$:LWCP_v1:$', 16),
      internal: u.internal ?? true,
    };
    this.users.set(user.openId, user);
    return { ...user };
  }
  addChat(c: {
    name: string;
    type?: 'group' | 'p2p';
    chatId?: string;
    memberOpenIds?: string[];
    botIsMember?: boolean;
  }): DtChat {
    const chat: DtChat = {
      chatId: c.chatId ?? `cid${randomBytes(16).toString('base64')}`,
      name: c.name,
      type: c.type ?? 'group',
      memberOpenIds: [...(c.memberOpenIds ?? [])],
      botIsMember: c.botIsMember ?? true,
    };
    this.chats.set(chat.chatId, chat);
    return { ...chat };
  }
  /** Someone leaves the org: their staff id is no longer one DingTalk knows (DINGs refuse it). */
  removeUser(id: string): void {
    this.users.delete(id);
    for (const c of this.chats.values()) c.memberOpenIds = c.memberOpenIds.filter((m) => m !== id);
  }
  updateChat(chatId: string, patch: Partial<Omit<DtChat, 'chatId'>>): void {
    const c = this.chats.get(chatId);
    if (c) Object.assign(c, patch);
  }
  user(id: string): DtUser | undefined {
    return this.users.get(id);
  }
  chat(id: string): DtChat | undefined {
    return this.chats.get(id);
  }
  /** The person's 1:1 conversation with the robot. */
  privateChat(user: DtUser): DtChat {
    const found = [...this.chats.values()].find((c) => c.type === 'p2p' && c.memberOpenIds.includes(user.openId));
    return found ?? this.addChat({ name: user.name, type: 'p2p', memberOpenIds: [user.openId] });
  }
  messages(chatId?: string): DtMessage[] {
    return this.msgs.filter((m) => !chatId || m.chatId === chatId);
  }
  message(messageId: string): DtMessage | undefined {
    return this.msgs.find((m) => m.messageId === messageId);
  }
  card(outTrackId: string): DtMessage | undefined {
    return this.cards.get(outTrackId);
  }
  calls(filter: { method?: string; path?: string | RegExp } = {}): DtCall[] {
    return this.callLog.filter(
      (c) =>
        (!filter.method || c.method === filter.method.toUpperCase()) &&
        (!filter.path || (typeof filter.path === 'string' ? c.path.includes(filter.path) : filter.path.test(c.path))),
    );
  }
  dings(): DtDing[] {
    return [...this.dingLog];
  }
  /** Make the next `times` calls matching method + path fail (or answer late). See FaultSpec. */
  failNext(f: DtFault): FaultHandle {
    return this.faults.add(f);
  }
  clearFaults(): void {
    this.faults.clear();
  }
  /** Calls DingTalk's limits refused (not injected faults): a bot going faster than it may. */
  violations(rule?: string): DtViolation[] {
    return this.rules.log.filter((v) => !rule || v.rule === rule);
  }
  /** Forget tokens: the next call gets 400 InvalidAuthentication. */
  expireTokens(): void {
    this.tokens.clear();
  }
  /** Session webhooks expire: replies must go through the send APIs. */
  expireSessions(): void {
    for (const s of this.sessions.values()) s.expiresAt = 0;
  }

  // ── the API ───────────────────────────────────────────────────────────
  async handle(req: Request): Promise<Response> {
    const url = new URL(req.url);
    const path = url.pathname;
    if (req.method === 'POST' && path === '/media/upload') {
      // Multipart: faults are taken here, before the form is read.
      const failure = this.faults.take('POST', path)?.failure;
      return failure
        ? this.record('POST', path, {}, failureResponse(failure), { injected: true })
        : this.mediaUpload(req, url);
    }
    if (req.method === 'GET' && path.startsWith('/files/')) return this.fileDownload(path);
    const text = req.method === 'GET' ? '' : await req.text();
    let body: Obj = {};
    try {
      const parsed: unknown = text ? JSON.parse(text) : {};
      body = isObj(parsed) ? parsed : {};
    } catch {
      return this.record(req.method, path, body, newApiError(400, 'MissingParameter', 'the body is not JSON'));
    }
    const fault = this.faults.take(req.method, path, { query: Object.fromEntries(url.searchParams), body });
    if (fault?.delayMs) await sleep(fault.delayMs);
    if (fault?.until) await Promise.resolve(fault.until).catch(() => {});
    if (fault?.failure) {
      const f = fault.failure;
      const code = typeof f.body === 'object' && f.body && 'code' in f.body ? String(f.body.code) : undefined;
      return this.record(req.method, path, body, failureResponse(f), { ...(code ? { code } : {}), injected: true });
    }
    const res = await this.record(req.method, path, body, await this.route(req.method, path, url, body, req.headers), {
      ...(fault?.answerLateMs ? { answeredLate: true } : {}),
    });
    // The call took effect; its answer comes too late for the client (a time-out after acceptance).
    if (fault?.answerLateMs) await sleep(fault.answerLateMs);
    return res;
  }

  private async record(
    method: string,
    path: string,
    body: Obj,
    res: Response,
    flags: { code?: string; injected?: boolean; answeredLate?: boolean } = {},
  ): Promise<Response> {
    const { code, injected, answeredLate } = flags;
    let answerCode = code;
    if (!answerCode && !res.ok) {
      const j = (await res
        .clone()
        .json()
        .catch(() => ({}))) as { code?: string };
      answerCode = j.code;
    }
    const redacted = {
      ...body,
      ...('appSecret' in body ? { appSecret: '***' } : {}),
      ...('clientSecret' in body ? { clientSecret: '***' } : {}),
    };
    this.callLog.push({
      seq: ++this.seq,
      time: this.clock.now().getTime(),
      method,
      path,
      body: redacted,
      status: res.status,
      ...(answerCode ? { code: answerCode } : {}),
      ...(injected ? { injected } : {}),
      ...(answeredLate ? { answeredLate } : {}),
    });
    this.notify({ type: 'api.call', call: this.callLog.at(-1)! });
    return res;
  }

  /** oapi's media upload (multipart `media`, the token as ?access_token=): the file kept for the sampleFile message. */
  private async mediaUpload(req: Request, url: URL): Promise<Response> {
    const token = url.searchParams.get('access_token') ?? '';
    if (!this.tokens.has(token))
      return this.record(
        'POST',
        '/media/upload',
        {},
        Response.json({ errcode: 40014, errmsg: '不合法的access_token' }),
      );
    this.monthlyCalls++;
    let file: File | undefined;
    try {
      const f = (await req.formData()).get('media');
      file = f instanceof File ? f : undefined;
    } catch {
      file = undefined;
    }
    if (!file) return this.record('POST', '/media/upload', {}, Response.json({ errcode: 40004, errmsg: '缺少 media' }));
    const id = rid('@media', 20);
    this.media.set(id, { name: file.name, bytes: new Uint8Array(await file.arrayBuffer()) });
    return this.record(
      'POST',
      '/media/upload',
      { name: file.name, size: file.size },
      Response.json({ errcode: 0, errmsg: 'ok', type: 'file', media_id: id, created_at: Date.now() }),
    );
  }

  /**
   * The downloadUrl messageFiles/download hands out: no token (DingTalk's is a signed, short-lived
   * OSS URL). A file removed with forgetFile answers 404, as an expired or recalled one does.
   */
  private fileDownload(path: string): Response {
    const fault = this.faults.take('GET', path)?.failure;
    const f = fault ? undefined : this.sentFiles.get(decodeURIComponent(path.slice('/files/'.length)));
    this.callLog.push({
      seq: ++this.seq,
      time: this.clock.now().getTime(),
      method: 'GET',
      path,
      body: {},
      status: f ? 200 : 404,
    });
    if (!f) return new Response('NoSuchKey', { status: fault?.status ?? 404 });
    return new Response(f.bytes as BlobPart, { headers: { 'content-type': 'application/octet-stream' } });
  }

  /** The file a member sent is gone (recalled, expired): its download answers 404. */
  forgetFile(downloadCode: string): void {
    this.sentFiles.delete(downloadCode);
  }

  /** A file the bot uploaded (tests read it back). */
  mediaFile(id: string): { name: string; bytes: Uint8Array } | undefined {
    return this.media.get(id);
  }

  private authed(headers: Headers): Response | undefined {
    const t = headers.get('x-acs-dingtalk-access-token');
    if (!t) return newApiError(400, 'AuthenticationFailed.MissingParameter', 'x-acs-dingtalk-access-token is required');
    if (!this.tokens.has(t)) return newApiError(400, 'InvalidAuthentication', '不合法的access_token');
    this.monthlyCalls++;
    return undefined;
  }

  private async route(method: string, path: string, url: URL, b: Obj, headers: Headers): Promise<Response> {
    const key = `${method} ${path}`;
    if (key === 'POST /v1.0/oauth2/accessToken') {
      if (b.appKey !== this.app.clientId || b.appSecret !== this.app.clientSecret)
        return newApiError(400, 'invalidClientIdOrSecret', '无效的clientId或者clientSecret');
      const t = rid('tok', 16);
      this.tokens.add(t);
      return Response.json({ accessToken: t, expireIn: 7200 });
    }
    if (key === 'GET /gettoken') {
      if (
        url.searchParams.get('appkey') !== this.app.clientId ||
        url.searchParams.get('appsecret') !== this.app.clientSecret
      )
        return Response.json({ errcode: 40096, errmsg: '不合法的appKey或appSecret' });
      const t = rid('tok', 16);
      this.tokens.add(t);
      return Response.json({ errcode: 0, errmsg: 'ok', access_token: t, expires_in: 7200 });
    }
    if (key === 'POST /robot/sendBySession') return this.bySession(url, b);
    if (key === 'POST /v1.0/gateway/connections/open') {
      if (b.clientId !== this.app.clientId || b.clientSecret !== this.app.clientSecret)
        return newApiError(400, 'invalidClientIdOrSecret', '无效的clientId或者clientSecret');
      return Response.json({ endpoint: `${this.baseUrl.replace(/^http/, 'ws')}/connect`, ticket: rid('tk', 12) });
    }
    const denied = this.authed(headers) ?? this.rules.api(method, path);
    if (denied) return denied;
    if ('robotCode' in b && b.robotCode !== this.app.robotCode)
      return newApiError(400, 'invalidParameter.robotCode.auth', 'robotCode 与应用不匹配');
    switch (key) {
      case 'POST /v1.0/robot/groupMessages/send': {
        const chat = this.chats.get(String(b.openConversationId));
        if (!chat || chat.type !== 'group' || !chat.botIsMember)
          return newApiError(400, 'invalid.openConversationId', '机器人不在群里或群不存在');
        const over = this.rules.groupMessage(chat.chatId, method, path);
        if (over) return over;
        const m = this.robotMessage(chat.chatId, String(b.msgKey), b.msgParam, 'groupMessages/send');
        if (m instanceof Response) return m;
        return Response.json({ processQueryKey: m.processQueryKey });
      }
      case 'POST /v1.0/robot/oToMessages/batchSend': {
        const ids = Array.isArray(b.userIds) ? b.userIds.map(String) : [];
        if (ids.length > 20) return newApiError(400, 'invalidParameter.userIds.overMax', 'userIds 最多 20 个');
        const invalid = ids.filter((id) => !this.users.get(id)?.internal);
        let key2 = '';
        for (const id of ids.filter((x) => !invalid.includes(x))) {
          const chat = this.privateChat(this.users.get(id)!);
          const m = this.robotMessage(chat.chatId, String(b.msgKey), b.msgParam, 'oToMessages/batchSend');
          if (m instanceof Response) return m;
          key2 = m.processQueryKey ?? key2;
        }
        return Response.json({
          processQueryKey: key2 || rid('pqk'),
          invalidStaffIdList: invalid,
          flowControlledStaffIdList: [],
        });
      }
      case 'POST /v1.0/robot/groupMessages/recall':
      case 'POST /v1.0/robot/otoMessages/batchRecall': {
        const keys = Array.isArray(b.processQueryKeys) ? b.processQueryKeys.map(String) : [];
        const ok: string[] = [];
        const failed: Record<string, string> = {};
        for (const k of keys) {
          const m = this.msgs.find((x) => x.processQueryKey === k);
          if (m) {
            m.recalled = true;
            ok.push(k);
          } else failed[k] = 'not found';
        }
        return Response.json({ successResult: ok, failedResult: failed });
      }
      case 'POST /v1.0/robot/groupMessages/query': {
        const m = this.msgs.find((x) => x.processQueryKey === String(b.processQueryKey));
        return Response.json({ sendStatus: m?.recalled ? 'RECALLED' : 'SUCCESS', readUserIds: [], hasMore: false });
      }
      case 'POST /v1.0/robot/ding/send':
        return this.ding(b);
      case 'POST /v1.0/robot/ding/recall':
        return Response.json({ openDingId: String(b.openDingId ?? '') });
      case 'POST /v1.0/card/instances/createAndDeliver':
        return this.createCard(b);
      case 'PUT /v1.0/card/instances': {
        const card = this.cards.get(String(b.outTrackId));
        if (!card) return newApiError(400, 'card.outTrackId.notExist', 'outTrackId 不存在');
        const params =
          isObj(b.cardData) && isObj(b.cardData.cardParamMap)
            ? (b.cardData.cardParamMap as Record<string, string>)
            : {};
        const merged = { ...(card.content.cardParamMap as Record<string, string>), ...params };
        card.content = { ...card.content, cardParamMap: merged, text: cardText(merged) };
        card.updateTime = this.clock.now().getTime();
        this.notify({ type: 'message.updated', message: card });
        return Response.json({ success: true, result: true });
      }
      case 'POST /v1.0/robot/messageFiles/download':
        return Response.json({ downloadUrl: `${this.baseUrl}/files/${encodeURIComponent(String(b.downloadCode))}` });
      case 'POST /v1.0/im/groups/baseInfos/query': {
        const chat = this.chats.get(String(b.openConversationId));
        if (!chat) return newApiError(400, 'invalid.openConversationId', '群不存在');
        return Response.json({
          success: true,
          result: { openConversationId: chat.chatId, title: chat.name, memberCount: chat.memberOpenIds.length },
        });
      }
      case 'POST /v1.0/im/groups/managements/query': {
        const chat = this.chats.get(String(b.openConversationId));
        return Response.json({
          groupInfoList: chat
            ? [{ groupOwner: '', groupAdminList: [], groupTitle: chat.name, memberCount: chat.memberOpenIds.length }]
            : [],
        });
      }
      case 'POST /v1.0/im/innerGroups/members/query': {
        const chat = this.chats.get(String(b.openConversationId));
        return Response.json({ userIds: chat?.memberOpenIds ?? [], hasMore: false, nextToken: '' });
      }
      case 'POST /topapi/v2/user/get': {
        const u = this.users.get(String(b.userid));
        return u
          ? Response.json({ errcode: 0, result: { userid: u.openId, unionid: u.dingtalkId, name: u.name } })
          : Response.json({ errcode: 60121, errmsg: '找不到该用户' });
      }
    }
    return newApiError(404, 'NotFound', `no such API: ${key}`);
  }

  private robotMessage(chatId: string, msgKey: string, rawParam: unknown, via: string): DtMessage | Response {
    let param: Obj;
    try {
      const p: unknown = typeof rawParam === 'string' ? JSON.parse(rawParam) : undefined;
      if (!isObj(p)) throw new Error('not an object');
      param = p;
    } catch {
      return newApiError(400, 'invalidParameter.msgParam.invalid', 'msgParam 必须是 JSON 字符串');
    }
    if (typeof rawParam === 'string' && Buffer.byteLength(rawParam) > 15_000)
      return newApiError(400, 'invalidParameter.msgParam.invalid', 'msgParam 超过 15000 字节');
    const kinds: Record<string, string> = { sampleText: 'text', sampleMarkdown: 'markdown', sampleFile: 'file' };
    const msgType = kinds[msgKey] ?? (msgKey.startsWith('sampleActionCard') ? 'actionCard' : '');
    if (!msgType) return newApiError(400, 'invalidParameter.msgKey.invalid', `不支持的 msgKey ${msgKey}`);
    const text = String(param.content ?? param.text ?? param.fileName ?? '');
    return this.store({
      chatId,
      msgType,
      content: { ...param, text, ...(param.title ? { title: String(param.title) } : {}) },
      via,
      processQueryKey: rid('pqk'),
    });
  }

  private store(
    m: Omit<DtMessage, 'messageId' | 'sender' | 'createTime' | 'updateTime'> & { sender?: DtMessage['sender'] },
  ): DtMessage {
    const now = this.clock.now().getTime();
    const msg: DtMessage = {
      messageId: rid('msg'),
      sender: { type: 'bot', openId: this.app.robotCode },
      createTime: now,
      updateTime: now,
      ...m,
    };
    this.msgs.push(msg);
    this.notify({ type: 'message.added', message: msg });
    return msg;
  }

  private bySession(url: URL, b: Obj): Response {
    const s = this.sessions.get(url.searchParams.get('session') ?? '');
    if (!s) return Response.json({ errcode: 300001, errmsg: 'session 不存在' });
    if (s.expiresAt < this.clock.now().getTime()) return Response.json({ errcode: 300001, errmsg: 'session 已过期' });
    const type = String(b.msgtype);
    const at = isObj(b.at) && Array.isArray(b.at.atUserIds) ? b.at.atUserIds.map(String) : [];
    if (type === 'text' && isObj(b.text))
      this.store({
        chatId: s.chatId,
        msgType: 'text',
        content: { text: String(b.text.content ?? '') },
        via: 'sessionWebhook',
        atUserIds: at,
      });
    else if (type === 'markdown' && isObj(b.markdown))
      this.store({
        chatId: s.chatId,
        msgType: 'markdown',
        content: { title: String(b.markdown.title ?? ''), text: String(b.markdown.text ?? '') },
        via: 'sessionWebhook',
        atUserIds: at,
      });
    else if (type === 'actionCard' && isObj(b.actionCard))
      this.store({
        chatId: s.chatId,
        msgType: 'actionCard',
        content: { ...b.actionCard, text: String(b.actionCard.text ?? '') },
        via: 'sessionWebhook',
        atUserIds: at,
      });
    else return Response.json({ errcode: 40035, errmsg: `不支持的 msgtype ${type}` });
    return Response.json({ errcode: 0, errmsg: 'ok' });
  }

  private ding(b: Obj): Response {
    const remindType = Number(b.remindType) as 1 | 2 | 3;
    const kind = remindType === 1 ? 'app' : remindType === 2 ? 'sms' : remindType === 3 ? 'phone' : undefined;
    if (!kind) return newApiError(400, 'invalidParameter.param.invalid', 'remindType 只能是 1、2、3');
    const receivers = Array.isArray(b.receiverUserIdList) ? b.receiverUserIdList.map(String) : [];
    if (receivers.length > (kind === 'app' ? 200 : 20))
      return newApiError(400, 'ding.receivercount.limit', '接收人太多');
    const base = {
      time: this.clock.now().getTime(),
      remindType,
      kind,
      receivers,
      content: String(b.content ?? ''),
    } as const;
    if (kind !== 'app') {
      if (this.quota[kind] < receivers.length) {
        this.dingLog.push({
          ...base,
          openDingId: '',
          result: { code: 'ding.serverquota.insufficient', message: 'DING 额度不足' },
        });
        this.notify({ type: 'ding', ding: this.dingLog.at(-1)! });
        return newApiError(400, 'ding.serverquota.insufficient', 'DING 额度不足');
      }
      this.quota[kind] -= receivers.length;
    }
    const bad = receivers.filter((id) => !this.users.get(id)?.internal);
    const openDingId = rid('ding');
    this.dingLog.push({
      ...base,
      receivers: receivers.filter((r) => !bad.includes(r)),
      ...(bad.length ? { invalid: bad } : {}),
      openDingId,
      result: 'ok',
    });
    this.notify({ type: 'ding', ding: this.dingLog.at(-1)! });
    return Response.json({ openDingId, ...(bad.length ? { failedList: { 'staffId.notExisted': bad } } : {}) });
  }

  private createCard(b: Obj): Response {
    const outTrackId = String(b.outTrackId ?? '');
    if (!outTrackId || outTrackId.length > 64)
      return newApiError(400, 'invalidParameter.param.invalid', 'outTrackId 为空或超过 64 字符');
    const space = String(b.openSpaceId ?? '');
    const m = /^dtv1\.card\/\/(IM_GROUP|IM_ROBOT)\.(.+)$/.exec(space);
    if (!m) return newApiError(400, 'invalidParameter.param.invalid', 'openSpaceId 不对');
    const [, spaceType, spaceId] = m as unknown as [string, string, string];
    // The same outTrackId again is the same card (a resend): answered as delivered.
    const existing = this.cards.get(outTrackId);
    if (existing)
      return Response.json({
        success: true,
        result: { outTrackId, deliverResults: [{ spaceType, spaceId, success: true, carrierId: existing.messageId }] },
      });
    let chatId: string;
    if (spaceType === 'IM_GROUP') {
      const chat = this.chats.get(spaceId);
      if (!chat || !chat.botIsMember) return newApiError(400, 'invalid.openConversationId', '机器人不在群里或群不存在');
      const over = this.rules.groupMessage(chat.chatId, 'POST', '/v1.0/card/instances/createAndDeliver');
      if (over) return over;
      chatId = chat.chatId;
    } else {
      const u = this.users.get(spaceId);
      if (!u) return newApiError(400, 'staffId.notExisted', '用户不存在');
      chatId = this.privateChat(u).chatId;
    }
    const params =
      isObj(b.cardData) && isObj(b.cardData.cardParamMap) ? (b.cardData.cardParamMap as Record<string, string>) : {};
    const at =
      isObj(b.imGroupOpenDeliverModel) && isObj(b.imGroupOpenDeliverModel.atUserIds)
        ? Object.keys(b.imGroupOpenDeliverModel.atUserIds)
        : [];
    const msg = this.store({
      chatId,
      msgType: 'card',
      content: { cardTemplateId: String(b.cardTemplateId ?? ''), cardParamMap: params, text: cardText(params) },
      via: 'card/instances/createAndDeliver',
      outTrackId,
      atUserIds: at,
    });
    this.cards.set(outTrackId, msg);
    return Response.json({
      success: true,
      result: { outTrackId, deliverResults: [{ spaceType, spaceId, success: true, carrierId: msg.messageId }] },
    });
  }

  // ── watching, resetting, keeping (the sandbox console) ─────────────────
  private readonly listeners = new Set<(change: DtChange) => void>();

  /** Every observable change, as it happens (the console's stream); returns the unsubscribe. */
  subscribe(listener: (change: DtChange) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private notify(change: DtChange): void {
    for (const l of this.listeners) {
      try {
        l(change);
      } catch {
        // A broken listener must not break the API the bot is calling.
      }
    }
  }

  /** The org as if new: no people, conversations, messages, cards, DINGs, calls or files (tokens stay valid). */
  reset(): void {
    for (const m of [this.users, this.chats, this.cards, this.sessions, this.media, this.sentFiles]) m.clear();
    this.msgs.length = 0;
    this.faults.clear();
    this.rules.clear();
    this.dingLog.length = 0;
    this.callLog.length = 0;
    this.notify({ type: 'reset' });
  }

  /** What a restart should find again: the messages (cards by their outTrackId) and DINGs. */
  transcript(): DtTranscript {
    return { messages: [...this.msgs], dings: [...this.dingLog], quota: { ...this.quota } };
  }

  restore(t: DtTranscript): void {
    this.msgs.splice(0, this.msgs.length, ...t.messages);
    this.cards.clear();
    for (const m of this.msgs) if (m.outTrackId) this.cards.set(m.outTrackId, m);
    this.dingLog.splice(0, this.dingLog.length, ...t.dings);
    if (t.quota) this.quota = { ...t.quota };
  }

  /** A file a member sent (by its download code) or the bot uploaded (by its media id). */
  memberFile(code: string): { name: string; bytes: Uint8Array } | undefined {
    return this.sentFiles.get(code) ?? this.media.get(code);
  }

  // ── people acting ─────────────────────────────────────────────────────
  /**
   * A member types `text` ("@Name" mentions people; "@现场管家" the bot). In a group only a
   * message that @s the bot is delivered, as on DingTalk.
   */
  async emitMessage(o: {
    chatId: string;
    senderOpenId: string;
    text: string;
    sign?: SignMode;
    /** Send this exact body (bad-input tests); the rest is ignored. */
    rawBody?: Obj;
    /** Deliver the same msgId again (a re-push). */
    msgId?: string;
  }): Promise<DtEmitted> {
    const chat = this.chats.get(o.chatId);
    const user = this.users.get(o.senderOpenId);
    if (!chat || !user) throw new Error(`no chat ${o.chatId} or user ${o.senderOpenId}`);
    const botAt = `@${this.bot.name}`;
    const mentionsBot = o.text.includes(botAt);
    const named = [...o.text.matchAll(/@([^\s@]+)/g)].map((m) => m[1]!).filter((n) => n !== this.bot.name);
    // Names are not unique in an org: the @ picker offers the conversation's members first.
    const byName = (n: string) =>
      chat.memberOpenIds.map((id) => this.users.get(id)).find((u) => u?.name === n) ??
      [...this.users.values()].find((u) => u.name === n);
    const atUsers = [
      ...(mentionsBot ? [{ dingtalkId: this.bot.chatbotUserId }] : []),
      ...named
        .map(byName)
        .filter((u): u is DtUser => Boolean(u))
        .map((u) => ({ dingtalkId: u.dingtalkId, ...(u.internal ? { staffId: u.openId } : {}) })),
    ];
    const stored = this.store({
      chatId: chat.chatId,
      msgType: 'text',
      content: { text: o.text },
      sender: { type: 'user', openId: user.openId },
    });
    if (chat.type === 'group' && !mentionsBot)
      return { delivered: false, reason: 'in a group only @-messages reach the robot', body: {} };
    const body: Obj =
      o.rawBody ??
      this.inboundBody(chat, user, o.msgId ?? stored.messageId, {
        atUsers,
        isInAtList: chat.type === 'group' ? mentionsBot : true,
        msgtype: 'text',
        // The bot's own @name is removed, leaving its space.
        text: { content: o.text.replace(botAt, '') },
      });
    return this.push('/v1.0/im/bot/messages/get', body, o.sign ?? 'good');
  }

  /**
   * A member sends a file. Only a 1:1 file reaches the robot (dingtalk.md §2.1: in groups files
   * cannot be sent to a robot): a robot message with msgtype 'file' and a downloadCode, which the
   * bot trades for a downloadUrl (messageFiles/download). A group file is stored, not delivered.
   */
  async emitFile(o: {
    chatId: string;
    senderOpenId: string;
    fileName: string;
    bytes: Uint8Array;
    /** Deliver the same msgId again (a re-push). */
    msgId?: string;
  }): Promise<DtEmitted & { message: DtMessage }> {
    const chat = this.chats.get(o.chatId);
    const user = this.users.get(o.senderOpenId);
    if (!chat || !user) throw new Error(`no chat ${o.chatId} or user ${o.senderOpenId}`);
    const downloadCode = rid('dlc', 24);
    this.sentFiles.set(downloadCode, { name: o.fileName, bytes: o.bytes });
    const message = this.store({
      chatId: chat.chatId,
      msgType: 'file',
      content: { text: o.fileName, fileName: o.fileName, downloadCode, size: o.bytes.length },
      sender: { type: 'user', openId: user.openId },
    });
    if (chat.type === 'group')
      return { delivered: false, reason: 'in a group files do not reach the robot', body: {}, message };
    const body = this.inboundBody(chat, user, o.msgId ?? message.messageId, {
      msgtype: 'file',
      content: { downloadCode, fileName: o.fileName, fileId: rid('fid', 8), spaceId: rid('', 6) },
      isInAtList: true,
      atUsers: [],
    });
    return { ...(await this.push('/v1.0/im/bot/messages/get', body, 'good')), message };
  }

  /** A robot callback's common fields for a member's message in `chat`, with a fresh session webhook. */
  private inboundBody(chat: DtChat, user: DtUser, msgId: string, rest: Obj): Obj {
    const now = this.clock.now().getTime();
    const session = rid('', 16);
    this.sessions.set(session, { chatId: chat.chatId, expiresAt: now + SESSION_TTL_MS });
    return {
      conversationId: chat.chatId,
      conversationType: chat.type === 'p2p' ? '1' : '2',
      ...(chat.type === 'group' ? { conversationTitle: chat.name } : {}),
      chatbotCorpId: this.corpId,
      chatbotUserId: this.bot.chatbotUserId,
      msgId,
      senderNick: user.name,
      isAdmin: false,
      ...(user.internal ? { senderStaffId: user.openId } : {}),
      sessionWebhookExpiredTime: now + SESSION_TTL_MS,
      createAt: now,
      senderCorpId: user.internal ? this.corpId : rid('dingext', 6),
      senderId: user.dingtalkId,
      sessionWebhook: `${this.baseUrl}/robot/sendBySession?session=${session}`,
      robotCode: this.app.robotCode,
      ...rest,
    };
  }

  /**
   * A member presses a button on a card: DingTalk calls back with the button's params, which
   * floorwalker's templates set to `value` = the button's JSON value (+ the form's inputs).
   */
  clickButton(o: {
    outTrackId: string;
    operatorOpenId: string;
    value: Record<string, unknown>;
    form?: Record<string, string>;
    sign?: SignMode;
  }): Promise<DtEmitted> {
    return this.push('/v1.0/card/instances/callback', this.callbackBody(o), o.sign ?? 'good');
  }

  /** The callback body of a press (clickButton pushes it; tests hand it to the normaliser). */
  callbackBody(o: {
    outTrackId: string;
    operatorOpenId: string;
    value: Record<string, unknown>;
    form?: Record<string, string>;
  }): Obj {
    const card = this.cards.get(o.outTrackId);
    const chat = card ? this.chats.get(card.chatId) : undefined;
    const body: Obj = {
      type: 'actionCallback',
      outTrackId: o.outTrackId,
      userId: o.operatorOpenId,
      corpId: this.corpId,
      spaceType: chat?.type === 'p2p' ? 'IM_ROBOT' : 'IM_GROUP',
      spaceId: chat?.type === 'p2p' ? o.operatorOpenId : (chat?.chatId ?? ''),
      userIdType: 1,
      content: JSON.stringify({
        cardPrivateData: { actionIds: ['action'], params: { value: JSON.stringify(o.value), ...o.form } },
      }),
      extension: '{}',
    };
    return body;
  }

  /** Any body, pushed as a robot message (bad-input tests). */
  pushRaw(body: Obj, sign: SignMode = 'good', topic = '/v1.0/im/bot/messages/get'): Promise<DtEmitted> {
    return this.push(topic, body, sign);
  }

  private async push(topic: string, body: Obj, sign: SignMode): Promise<DtEmitted> {
    if (this.target.stream) {
      const answer = await this.target.stream(topic, body);
      this.applyAnswer(body, answer);
      return { delivered: true, body, answer };
    }
    if (!this.target.http) return { delivered: false, reason: 'no delivery target', body };
    const ts = String(sign === 'stale' ? Date.now() - 2 * 60 * 60_000 : Date.now());
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (sign !== 'missing') {
      headers.timestamp = ts;
      headers.sign = sign === 'wrong' ? dingTalkSign(ts, 'not-the-secret') : dingTalkSign(ts, this.app.clientSecret);
    }
    const res = await this.target.http(
      new Request('http://bot.local/dingtalk/events', { method: 'POST', headers, body: JSON.stringify(body) }),
    );
    const answer: unknown = await res.json().catch(() => undefined);
    if (res.ok) this.applyAnswer(body, answer);
    return { delivered: res.ok, status: res.status, body, answer };
  }

  /** A card callback's answer updates the card, as DingTalk does. */
  private applyAnswer(body: Obj, answer: unknown): void {
    if (typeof body.outTrackId !== 'string' || !isObj(answer) || !isObj(answer.cardData)) return;
    const card = this.cards.get(body.outTrackId);
    const params = answer.cardData.cardParamMap;
    if (!card || !isObj(params)) return;
    const merged = { ...(card.content.cardParamMap as Record<string, string>), ...(params as Record<string, string>) };
    card.content = { ...card.content, cardParamMap: merged, text: cardText(merged) };
    card.updateTime = this.clock.now().getTime();
    this.notify({ type: 'message.updated', message: card });
  }
}

/**
 * Readable text of a card instance (what tests and the console show): its string params, the
 * template's blocks as the words a member sees — texts, field labels and values, button labels —
 * not the values, colours and switches the template binds.
 */
export function cardText(params: Record<string, string>): string {
  return Object.entries(params)
    .filter(([k, v]) => typeof v === 'string' && k !== 'color' && k !== 'note')
    .flatMap(([k, v]) => (k === 'blocks' ? blockTexts(v) : [v]))
    .join('\n');
}

const HIDDEN_FIELD = /^(type|align|slot|mark|checked|value|status|initial)$|_(show|value|color|status|form)$/;

function blockTexts(raw: string): string[] {
  let blocks: unknown;
  try {
    blocks = JSON.parse(raw);
  } catch {
    return [raw];
  }
  if (!Array.isArray(blocks)) return [raw];
  return blocks.filter(isObj).flatMap((b) => {
    const shown = Object.entries(b).filter(([k, v]) => typeof v === 'string' && v && !HIDDEN_FIELD.test(k));
    // A fields block reads "label: value" pairs, as the template lays them out side by side.
    if (b.type === 'fields')
      return [1, 2]
        .filter((i) => b[`l${i}`] || b[`v${i}`])
        .map((i) => `${String(b[`l${i}`] ?? '')}：${String(b[`v${i}`] ?? '')}`);
    return shown.map(([, v]) => String(v));
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
