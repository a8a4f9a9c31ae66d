/**
 * The sandbox on the DingTalk emulator (FLOORWALKER_SANDBOX_PLATFORM=dingtalk): the emulator's
 * API and oapi routes under /sandbox/dingtalk on the bot's own server, the bot's real DingTalk
 * PlatformApi pointed there, and robot messages and card callbacks delivered signed over HTTP into
 * the bot's own /dingtalk/events (DINGTALK_EVENT_MODE=http). Cards are interactive card instances
 * of floorwalker's template, so their buttons call back and the card changes in place.
 */
import { createHash } from 'node:crypto';
import type { Hono } from 'hono';
import type { Config } from '../config';
import type { Deps } from '../core/deps';
import { DingTalkEmulator, type DtCall, type DtDing, type DtEmitted, type DtMessage } from '../emulator/dingtalk';
import type { DtTranscript } from '../emulator/dingtalk';
import type { Logger } from '../log';
import { createDingTalkPlatform } from '../platforms/dingtalk/api';
import { receiveDingTalkEvent, DINGTALK_EVENTS_PATH } from '../platforms/dingtalk/events';
import { pressedButtonForm, showDingTalkMessage } from './render/dingtalk';
import type { PeopleLookup } from './render/escape';
import type {
  ChatView,
  Clicked,
  DriverChange,
  SandboxDriver,
  ShownCall,
  ShownDelivery,
  ShownUrgent,
  ShownViolation,
} from './driver';
import { BOT_NAME, DEMO_PEOPLE, GROUP_NAME } from './team';
import { fileHref } from './views';

const PREFIX = '/sandbox/dingtalk';

const digest = (what: string) => createHash('sha256').update(`floorwalker-sandbox/dingtalk/${what}`).digest();
const cid = (what: string) => `cid${digest(what).subarray(0, 16).toString('base64')}`;

/** Fixed ids derived from names, as on Feishu: a restart meets the same org the bot's database knows. */
export const dingTalkIds = {
  corpId: `ding${digest('corp').toString('hex').slice(0, 16)}`,
  groupChatId: cid(`group/${GROUP_NAME}`),
  person: (name: string) => `dt${digest(`user/${name}`).toString('hex').slice(0, 14)}`,
  p2pChatId: (name: string) => cid(`p2p/${name}`),
};

const KIND_NAMES = { app: '应用内 DING', sms: '短信 DING', phone: '电话 DING' } as const;

/** DingTalk's refusals the bot can run into, in the console's words (dingtalk.md §7's error codes). */
const RULE_TEXTS: Record<string, string> = {
  'invalidParameter.msgParam.invalid': '机器人消息的 msgParam 不是 JSON 或超过 15000 字节',
  'invalidParameter.msgKey.invalid': '不支持的机器人消息类型（msgKey）',
  'invalidParameter.userIds.overMax': '单聊批量发送一次最多 20 人',
  'invalidParameter.param.invalid': '参数不对（outTrackId 为空或超过 64 字符、openSpaceId 或 remindType 不对）',
  'invalidParameter.robotCode.auth': 'robotCode 与应用不匹配',
  'invalid.openConversationId': '机器人不在群里或群不存在',
  'card.outTrackId.notExist': '要更新的卡片（outTrackId）不存在',
  'staffId.notExisted': '接收人不是本组织成员',
  'ding.receivercount.limit': 'DING 接收人太多（电话 / 短信最多 20 人）',
  'ding.serverquota.insufficient': 'DING 额度不足（电话 / 短信）',
  'Forbidden.AccessDenied.QpsLimitForAppkeyAndApi': '每个应用每个接口每秒最多 20 次（403）',
  'send.too.fast': '发送太快：机器人每分钟最多向一个群发 20 条消息',
  invalidClientIdOrSecret: 'clientId 或 clientSecret 不对，取不到 accessToken',
};
/** Answers that are a normal part of the protocol, not a rule broken. */
const NOT_A_RULE = new Set(['InvalidAuthentication', 'NotFound']);

export function dingTalkDriver(o: { config: Config; baseUrl: string; log: Logger; now: () => Date }): SandboxDriver {
  const d = o.config.dingtalk;
  const emulator = new DingTalkEmulator({
    app: { clientId: d.clientId, clientSecret: d.clientSecret, robotCode: d.robotCode },
    corpId: dingTalkIds.corpId,
    clock: { now: o.now },
    botName: BOT_NAME,
  });
  emulator.baseUrl = `${o.baseUrl}${PREFIX}`;
  const deliveries: ShownDelivery[] = [];
  const listeners = new Set<(c: DriverChange) => void>();
  const tell = (c: DriverChange) => {
    for (const l of listeners) l(c);
  };

  const people: PeopleLookup = (id) => (id === d.robotCode ? BOT_NAME : emulator.user(id)?.name);
  const names = new Set([BOT_NAME, ...DEMO_PEOPLE.map((p) => p.name)]);
  const shown = (m: DtMessage) =>
    showDingTalkMessage(m, people, names, {
      size: (msg) => {
        const code = msg.content.downloadCode ?? msg.content.mediaId;
        return typeof code === 'string' ? emulator.memberFile(code)?.bytes.length : undefined;
      },
      href: fileHref,
    });
  const shownDing = (g: DtDing): ShownUrgent => ({
    time: g.time,
    kind: g.kind,
    kindName: KIND_NAMES[g.kind],
    // A DING is a message of its own: the card it is about is named in its text.
    messageId: '',
    about: g.content,
    callees: g.receivers.map((id) => people(id) ?? id),
    invalid: [],
    result: g.result === 'ok' ? 'ok' : `${g.result.code} ${g.result.message}`,
  });
  const shownCall = (c: DtCall): ShownCall => ({
    seq: c.seq,
    time: c.time,
    method: c.method,
    path: c.path,
    status: c.status,
    code: c.code,
    ...(c.injected ? { msg: 'injected' } : {}),
  });
  const violationOf = (c: DtCall): ShownViolation | undefined => {
    if (c.injected || c.status < 400 || !c.code || NOT_A_RULE.has(c.code)) return undefined;
    return {
      time: c.time,
      rule: c.code,
      ruleText: RULE_TEXTS[c.code],
      status: c.status,
      code: c.code,
      method: c.method,
      path: c.path,
      detail: RULE_TEXTS[c.code] ?? '',
    };
  };

  emulator.subscribe((ch) => {
    switch (ch.type) {
      case 'message.added':
      case 'message.updated':
        return tell({ type: 'message', message: shown(ch.message), fromBot: ch.message.sender.type === 'bot' });
      case 'ding':
        return tell({ type: 'urgent', call: shownDing(ch.ding) });
      case 'api.call': {
        tell({ type: 'call', call: shownCall(ch.call) });
        const v = violationOf(ch.call);
        if (v) tell({ type: 'violation', violation: v });
        return;
      }
      case 'reset':
        return tell({ type: 'reset' });
    }
  });

  /** Every push to the bot, timed for the call log (the DingTalk emulator keeps no delivery log). */
  async function delivered(eventType: string, push: () => Promise<DtEmitted>): Promise<DtEmitted> {
    const started = performance.now();
    const r = await push();
    const delivery: ShownDelivery = {
      time: o.now().getTime(),
      eventType,
      status: r.status ?? 0,
      elapsedMs: Math.round(performance.now() - started),
      ...(r.reason ? { error: r.reason } : {}),
    };
    deliveries.push(delivery);
    if (deliveries.length > 200) deliveries.splice(0, deliveries.length - 200);
    if (r.delivered || r.status) tell({ type: 'delivery', delivery });
    return r;
  }

  function populate(): void {
    for (const p of DEMO_PEOPLE) emulator.addUser({ name: p.name, openId: dingTalkIds.person(p.name) });
    emulator.addChat({
      name: GROUP_NAME,
      chatId: dingTalkIds.groupChatId,
      memberOpenIds: DEMO_PEOPLE.map((p) => dingTalkIds.person(p.name)),
    });
    for (const p of DEMO_PEOPLE)
      emulator.addChat({
        name: p.name,
        type: 'p2p',
        chatId: dingTalkIds.p2pChatId(p.name),
        memberOpenIds: [dingTalkIds.person(p.name)],
      });
  }

  return {
    platform: 'dingtalk',
    platformName: '钉钉',
    tenantKey: emulator.corpId,
    groupChatId: dingTalkIds.groupChatId,
    bot: { openId: d.robotCode, name: BOT_NAME },
    notes: {
      urgentKinds: 'DING：应用内 / 短信 / 电话',
      noUrgent:
        '还没有 DING。店铺异常 5 分钟没人认领时，机器人会给值班人发电话 DING（钉钉的 DING 是单独的一条提醒，写明是哪张卡片）。',
      rules: '机器人触碰的钉钉限制',
      noRules:
        '✓ 暂无：机器人没有触碰钉钉的平台限制（每个接口每秒 20 次、msgParam ≤ 15000 字节、DING 额度、机器人须在群里）。',
    },
    groupAtNote: `群聊里以 / 开头的消息自动 @${BOT_NAME}（钉钉群里只有 @机器人 的消息才会推给机器人）`,
    api: createDingTalkPlatform({
      clientId: d.clientId,
      clientSecret: d.clientSecret,
      robotCode: d.robotCode,
      domain: `${o.baseUrl}${PREFIX}`,
      // Both from config.ts: the sandbox's template id and professional edition unless set otherwise.
      cardTemplateId: d.cardTemplateId,
      edition: d.edition,
      eventMode: 'http',
      log: o.log,
    }),
    populate,
    personId: dingTalkIds.person,
    p2pChatId: dingTalkIds.p2pChatId,
    chats(): ChatView[] {
      const ids = [dingTalkIds.groupChatId, ...DEMO_PEOPLE.map((p) => dingTalkIds.p2pChatId(p.name))];
      return ids.flatMap((id) => {
        const c = emulator.chat(id);
        return c ? [{ chatId: c.chatId, name: c.name, type: c.type, memberOpenIds: c.memberOpenIds }] : [];
      });
    },
    messages: () => emulator.messages().map(shown),
    urgentCalls: () => emulator.dings().map(shownDing),
    violations: () => emulator.calls().flatMap((c) => violationOf(c) ?? []),
    calls: () => emulator.calls().slice(-100).map(shownCall),
    deliveries: () => deliveries.slice(-50),
    quota: () => ({ ...emulator.quota }),
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async send(b) {
      const before = emulator.messages().length;
      const r = await delivered('im.bot.message', () =>
        emulator.emitMessage({ chatId: b.chatId, senderOpenId: b.senderOpenId, text: b.text }),
      );
      // DingTalk has no threads: a reply is a new message (parentId is not sent).
      const mine = emulator
        .messages()
        .slice(before)
        .find((m) => m.sender.type === 'user');
      return {
        messageId: mine?.messageId ?? String(r.body.msgId ?? ''),
        delivered: r.delivered,
        status: r.status,
        // The console is in zh-CN; the emulator says why in English for tests.
        reason:
          !r.delivered && r.status === undefined && emulator.chat(b.chatId)?.type === 'group'
            ? `钉钉群里只有 @${BOT_NAME} 的消息才会推给机器人`
            : (r.reason ?? (r.delivered ? undefined : `HTTP ${r.status}`)),
      };
    },
    async sendFile(b) {
      let messageId = '';
      const r = await delivered('im.bot.message (file)', async () => {
        const e = await emulator.emitFile(b);
        messageId = e.message.messageId;
        return e;
      });
      const inGroup = !r.delivered && r.status === undefined && emulator.chat(b.chatId)?.type === 'group';
      return {
        messageId,
        delivered: r.delivered,
        status: r.status,
        reason: inGroup ? '钉钉群里的文件不会推给机器人：请在和机器人的单聊里发送' : r.reason,
      };
    },
    async click(b): Promise<Clicked> {
      const card = emulator.message(b.messageId);
      if (!card?.outTrackId)
        return {
          status: 0,
          error: '这条消息不是互动卡片：钉钉的机器人消息（Markdown、ActionCard）不能回调',
          cardUpdated: false,
        };
      const form = pressedButtonForm((card.content.cardParamMap ?? {}) as Record<string, string>, b.value);
      const before = card.updateTime;
      const r = await delivered('card.callback', () =>
        emulator.clickButton({
          outTrackId: card.outTrackId!,
          operatorOpenId: b.operatorOpenId,
          value: b.value,
          ...(form || b.formValue ? { form: { ...(form ? { form } : {}), ...b.formValue } } : {}),
        }),
      );
      const last = deliveries.at(-1);
      return {
        status: r.status ?? 0,
        error: r.reason,
        // DingTalk shows no toast: the card's new params are the answer.
        toast: null,
        cardUpdated: (emulator.message(b.messageId)?.updateTime ?? before) !== before,
        elapsedMs: last?.elapsedMs,
      };
    },
    file(messageId) {
      const m = emulator.message(messageId);
      const code = m?.content.downloadCode ?? m?.content.mediaId;
      const f = typeof code === 'string' ? emulator.memberFile(code) : undefined;
      return f ? { fileName: f.name, bytes: f.bytes } : undefined;
    },
    answered(chatId, messageId) {
      const all = emulator.messages(chatId);
      const i = all.findIndex((m) => m.messageId === messageId);
      return i >= 0 && all.slice(i + 1).some((m) => m.sender.type === 'bot');
    },
    reset() {
      emulator.reset();
      deliveries.length = 0;
      populate();
    },
    snapshot: () => ({ ...emulator.transcript() }),
    restore: (saved) => emulator.restore(saved as unknown as DtTranscript),
    routes(hono: Hono, deps: () => Deps | undefined) {
      // The emulator's own paths (/v1.0/…, /topapi/…, /robot/sendBySession, /files/…) under PREFIX.
      hono.all(`${PREFIX}/*`, async (c) => {
        const req = c.req.raw;
        const url = new URL(req.url);
        url.pathname = url.pathname.slice(PREFIX.length) || '/';
        const body = req.method === 'GET' || req.method === 'HEAD' ? undefined : await req.arrayBuffer();
        return emulator.handle(new Request(url, { method: req.method, headers: req.headers, body }));
      });
      // Only in this sandbox (createApp mounts it where DingTalk is the platform): its secret is public.
      hono.post(DINGTALK_EVENTS_PATH, (c) => {
        const dd = deps();
        return dd ? receiveDingTalkEvent(c.req.raw, dd) : c.json({ ok: false, error: 'starting' }, 503);
      });
      emulator.setTarget({ http: (req) => hono.fetch(req) });
    },
  };
}
