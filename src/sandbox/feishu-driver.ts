/**
 * The sandbox on the Feishu emulator (the default): its Open API under /sandbox/open-apis, events
 * signed and encrypted into the bot's /feishu/events, the bot's real SDK client pointed at it.
 */
import type { Hono } from 'hono';
import { SANDBOX_APP, type Config } from '../config';
import {
  FeishuEmulator,
  openApiRoutes,
  type ApiCall,
  type Delivery,
  type EmittedMessage,
  type StoredMessage,
  type UrgentCall,
  type Violation,
} from '../emulator/feishu';
import { RULE_TEXTS } from '../emulator/feishu/rule-texts';
import type { Logger } from '../log';
import { createFeishuPlatform } from '../platforms/feishu/api';
import type { PeopleLookup } from './render/escape';
import { showMessage, summary, type ShownMessage } from './render/message';
import type { ChatView, DriverChange, Emitted, SandboxDriver, ShownUrgent } from './driver';
import { BOT_NAME, GROUP_NAME, populateTenant, sandboxIds } from './team';
import { fileHref } from './views';

const KIND_NAMES = { app: '应用内加急', sms: '短信加急', phone: '电话加急' } as const;

const emitted = (r: EmittedMessage): Emitted => ({
  messageId: r.message.messageId,
  delivered: r.delivered,
  status: r.status,
  reason: r.reason,
});

export function feishuDriver(o: { config: Config; baseUrl: string; log: Logger; now: () => Date }): SandboxDriver {
  const f = o.config.feishu;
  const app = {
    appId: f.appId || SANDBOX_APP.appId,
    appSecret: f.appSecret || SANDBOX_APP.appSecret,
    encryptKey: f.encryptKey ?? SANDBOX_APP.encryptKey,
    verificationToken: f.verificationToken ?? SANDBOX_APP.verificationToken,
  };
  const emulator = new FeishuEmulator({
    app,
    tenantKey: sandboxIds.tenantKey,
    bot: { openId: sandboxIds.botOpenId, name: BOT_NAME },
    clock: { now: o.now },
    webhook: `${o.baseUrl}/feishu/events`,
  });
  const people: PeopleLookup = (openId) =>
    openId === emulator.bot.openId ? emulator.bot.name : emulator.user(openId)?.name;
  const shown = (m: StoredMessage): ShownMessage =>
    showMessage(m, people, m.parentId ? emulator.message(m.parentId) : undefined, {
      size: (key) => emulator.file(key)?.bytes.length,
      href: fileHref,
    });
  const shownUrgent = (c: UrgentCall): ShownUrgent => {
    const m = emulator.message(c.messageId);
    return {
      time: c.time,
      kind: c.kind,
      kindName: KIND_NAMES[c.kind],
      messageId: c.messageId,
      chatId: m?.chatId,
      about: m ? summary(m, people) : c.messageId,
      callees: c.callees.map((id) => people(id) ?? id),
      invalid: c.invalid,
      result: c.result === 'ok' ? 'ok' : `${c.result.code} ${c.result.msg}`,
    };
  };
  const shownViolation = (v: Violation) => ({ ...v, ruleText: RULE_TEXTS[v.rule] });
  const shownCall = (c: ApiCall) => ({
    seq: c.seq,
    time: c.time,
    method: c.method,
    path: c.path,
    status: c.status,
    code: c.code,
    msg: c.msg,
    dedup: c.dedup,
  });
  const shownDelivery = (d: Delivery) => ({
    time: d.time,
    eventType: d.eventType,
    status: d.status,
    elapsedMs: d.elapsedMs,
    error: d.error,
  });

  return {
    platform: 'feishu',
    platformName: '飞书',
    tenantKey: emulator.tenantKey,
    groupChatId: sandboxIds.groupChatId,
    bot: { openId: emulator.bot.openId, name: emulator.bot.name },
    notes: {
      urgentKinds: '应用内 / 短信 / 电话',
      noUrgent: '还没有加急。店铺异常 5 分钟没人认领时，机器人会电话加急值班人。',
      rules: '机器人触碰的飞书限制',
      noRules:
        '✓ 暂无：机器人没有触碰飞书的平台限制（每群 5 QPS、只加急自己的消息、卡片 ≤ 30 KB / 200 个元素、3 秒内应答）。',
    },
    groupAtNote: `群聊里以 / 开头的消息自动 @${BOT_NAME}（飞书没有原生斜杠命令，命令要 @机器人）`,
    api: createFeishuPlatform({
      appId: app.appId,
      appSecret: app.appSecret,
      domain: `${o.baseUrl}/sandbox`,
      log: o.log,
    }),
    populate: () => populateTenant(emulator),
    personId: (name) => sandboxIds.person(name).openId,
    p2pChatId: (name) => sandboxIds.p2pChatId(name),
    chats: (): ChatView[] =>
      emulator.chats().map((c) => ({
        chatId: c.chatId,
        name: c.type === 'group' ? c.name || GROUP_NAME : c.name,
        type: c.type,
        ownerOpenId: c.ownerOpenId,
        memberOpenIds: c.memberOpenIds,
      })),
    messages: () => emulator.messages().map(shown),
    urgentCalls: () => emulator.urgentCalls().map(shownUrgent),
    violations: () => emulator.violations().map(shownViolation),
    calls: () => emulator.calls().slice(-100).map(shownCall),
    deliveries: () => emulator.deliveries().slice(-50).map(shownDelivery),
    quota: () => emulator.quota(),
    subscribe(listener) {
      return emulator.subscribe((ch) => {
        let out: DriverChange | undefined;
        switch (ch.type) {
          case 'message.added':
          case 'message.updated':
            out = { type: 'message', message: shown(ch.message), fromBot: ch.message.sender.type === 'bot' };
            break;
          case 'urgent':
            out = { type: 'urgent', call: shownUrgent(ch.call) };
            break;
          case 'violation':
            out = { type: 'violation', violation: shownViolation(ch.violation) };
            break;
          case 'api.call':
            out = { type: 'call', call: shownCall(ch.call) };
            break;
          case 'delivery':
            out = { type: 'delivery', delivery: shownDelivery(ch.delivery) };
            break;
          case 'reset':
            out = { type: 'reset' };
            break;
        }
        if (out) listener(out);
      });
    },
    send: async (b) => emitted(await emulator.emitMessage({ ...b, ...(b.parentId ? { parentId: b.parentId } : {}) })),
    sendFile: async (b) =>
      emitted(
        await emulator.emitFile({
          chatId: b.chatId,
          senderOpenId: b.senderOpenId,
          fileName: b.fileName,
          bytes: b.bytes,
          ...(b.parentId ? { parentId: b.parentId } : {}),
        }),
      ),
    async click(b) {
      const r = await emulator.clickButton({
        messageId: b.messageId,
        operatorOpenId: b.operatorOpenId,
        value: b.value,
        ...(b.formValue ? { formValue: b.formValue } : {}),
      });
      return {
        status: r.status,
        error: r.delivery.error,
        toast: r.toast ?? null,
        cardUpdated: Boolean(r.card),
        elapsedMs: r.delivery.elapsedMs,
      };
    },
    file(messageId) {
      const m = emulator.message(messageId);
      const key = m?.msgType === 'file' ? m.content.file_key : undefined;
      const file = typeof key === 'string' ? emulator.file(key) : undefined;
      return file ? { fileName: file.fileName, bytes: file.bytes } : undefined;
    },
    answered: (chatId, messageId) =>
      emulator.messages(chatId).some((m) => m.sender.type === 'bot' && m.parentId === messageId),
    reset() {
      emulator.reset();
      populateTenant(emulator);
    },
    snapshot: () => ({
      messages: emulator.messages(),
      urgentCalls: emulator.urgentCalls(),
      violations: emulator.violations(),
      quota: emulator.quota(),
    }),
    restore: (saved) => emulator.restore(saved as Parameters<FeishuEmulator['restore']>[0]),
    routes(hono: Hono) {
      hono.route('/sandbox', openApiRoutes(emulator));
    },
  };
}
