/**
 * A platform storm (issue #18, "Faults") as each platform has it, for test/db/outbox-storm.test.ts:
 * the client with a short time-out and an answer held back longer (a time-out after the platform
 * accepted the call), the faults in that platform's shapes, what a group shows, every send attempt,
 * and the limits no attempt may exceed.
 */
import type { Clock } from '../../src/clock';
import { silentLogger } from '../../src/log';
import { createDingTalkPlatform } from '../../src/platforms/dingtalk/api';
import { createFeishuPlatform } from '../../src/platforms/feishu/api';
import type { PlatformApi } from '../../src/port/platform';
import { TEST_DINGTALK_TEMPLATE_ID, type FakeDingTalk } from './fake-dingtalk';
import { seedChats, sendsOf, type FakeFeishu } from './fake-feishu';

export interface Attempt {
  at: number;
  to: string;
  status: number;
  injected: boolean;
  answeredLate: boolean;
}

/** A fault and how many calls of the storm met it (each is ~7.5% of them). */
export interface StormFault {
  name: string;
  met: () => number;
}

export interface StormSide {
  platform: PlatformApi;
  chatIds: string[];
  /** Arms the faults, each for the calls whose draw falls in its band. */
  inject(band: (lo: number, hi: number) => (call: object) => boolean): StormFault[];
  /** What a group shows, in order: each message's text. */
  seen(chatId: string): string[];
  attempts(): Attempt[];
  /** Every call of the app to the platform, by time (the app's windows). */
  appCalls(): number[];
  /** [limit, windowMs] that attempts into one group, refused or not, stay within. */
  perGroup: [number, number][];
  /** [limit, windowMs] that the app's sends stay within. */
  perApp: [number, number][];
  /** Refusals from the platform's own rules (not injected): none may happen. */
  violations(): unknown[];
  /** A resend after a time-out is safe (an idempotency key): false, and a late answer leaves the row uncertain. */
  resendsAreSafe: boolean;
}

/** Feishu: a 100 ms time-out, answers 400 ms late. A time-out the machine causes is resent safely by uuid. */
const FEISHU_TIMING = { timeoutMs: 100, lateMs: 400 };
/**
 * DingTalk: 500 ms and 800 ms. A robot message that times out is never resent, so a time-out the
 * machine causes (PGlite holding the event loop before the request is out) would lose it — at
 * 100 ms it did: the time-out is kept well above what a loopback call takes on a loaded machine.
 */
const DINGTALK_TIMING = { timeoutMs: 500, lateMs: 800 };

export function feishuStorm(feishu: FakeFeishu, groups: number): StormSide {
  const { emulator } = feishu;
  const chatIds = Array.from({ length: groups }, (_, g) => `oc_storm_${g}`);
  seedChats(emulator, chatIds);
  const sends = { method: 'POST', path: /^\/open-apis\/im\/v1\/messages$/, times: Infinity } as const;
  const calls = () => emulator.calls(sends);
  return {
    platform: createFeishuPlatform({
      appId: emulator.app.appId,
      appSecret: emulator.app.appSecret,
      domain: feishu.url,
      log: silentLogger,
      timeoutMs: FEISHU_TIMING.timeoutMs,
    }),
    chatIds,
    inject(band) {
      emulator.failNext({ ...sends, status: 429, headers: { 'x-ogw-ratelimit-reset': '1' }, when: band(0, 0.075) });
      emulator.failNext({ ...sends, code: 230020, when: band(0.075, 0.15) });
      emulator.failNext({ ...sends, status: 500, code: 1500, when: band(0.15, 0.225) });
      emulator.failNext({ ...sends, answerLateMs: FEISHU_TIMING.lateMs, when: band(0.225, 0.3) });
      const met = (f: (c: ReturnType<typeof calls>[number]) => boolean) => () => calls().filter(f).length;
      return [
        { name: '429', met: met((c) => Boolean(c.injected) && c.status === 429) },
        { name: '230020 (the chat is over its limit)', met: met((c) => Boolean(c.injected) && c.code === 230020) },
        { name: '500', met: met((c) => Boolean(c.injected) && c.status === 500) },
        { name: 'answered after the time-out', met: met((c) => Boolean(c.answeredLate)) },
      ];
    },
    seen: (chatId) => emulator.messages(chatId).map((m) => (m.content as { text: string }).text),
    attempts: () => {
      const to = sendsOf(emulator);
      return calls().map((c, i) => ({
        at: c.time,
        to: to[i]!.to,
        status: c.status,
        injected: Boolean(c.injected),
        answeredLate: Boolean(c.answeredLate),
      }));
    },
    appCalls: () => calls().map((c) => c.time),
    // Feishu allows 5 a second into a group; floorwalker keeps 4. The app: 50/s, 1,000/min per API.
    perGroup: [[4, 1000]],
    perApp: [
      [50, 1000],
      [1000, 60_000],
    ],
    violations: () => emulator.violations(),
    resendsAreSafe: true,
  };
}

/**
 * DingTalk: robot messages (groupMessages/send), or, with `cards`, interactive card instances
 * (createAndDeliver) under the row's outTrackId. The faults: the app's QPS limit (403), the gateway's
 * 429, the group's send.too.fast, 500 system.error, and an answer after the time-out.
 */
export function dingTalkStorm(
  dingtalk: FakeDingTalk,
  groups: number,
  clock: Clock,
  o: { cards?: boolean } = {},
): StormSide {
  const { emulator } = dingtalk;
  const chatIds = Array.from({ length: groups }, (_, g) => `cidstorm${g}==`);
  const member = emulator.addUser({ name: '李客服' });
  for (const chatId of chatIds) emulator.addChat({ name: chatId, chatId, memberOpenIds: [member.openId] });
  const path = o.cards ? '/v1.0/card/instances/createAndDeliver' : '/v1.0/robot/groupMessages/send';
  const sends = { method: 'POST', path, times: Infinity } as const;
  const calls = () => emulator.calls(sends);
  const groupOf = (body: unknown): string => {
    const b = body as { openConversationId?: string; openSpaceId?: string };
    return b.openConversationId ?? (b.openSpaceId ?? '').replace(/^dtv1\.card\/\/IM_GROUP\./, '');
  };
  const met = (f: (c: ReturnType<typeof calls>[number]) => boolean) => () => calls().filter(f).length;
  const injected = (code: string) => met((c) => Boolean(c.injected) && c.code === code);
  return {
    platform: createDingTalkPlatform({
      clientId: emulator.app.clientId,
      clientSecret: emulator.app.clientSecret,
      robotCode: emulator.app.robotCode,
      domain: dingtalk.url,
      ...(o.cards ? { cardTemplateId: TEST_DINGTALK_TEMPLATE_ID } : {}),
      eventMode: 'http',
      log: silentLogger,
      timeoutMs: DINGTALK_TIMING.timeoutMs,
      now: () => clock.now().getTime(),
    }),
    chatIds,
    inject(band) {
      emulator.failNext({ ...sends, code: 'Forbidden.AccessDenied.QpsLimitForAppkeyAndApi', when: band(0, 0.05) });
      emulator.failNext({ ...sends, status: 429, when: band(0.05, 0.075) });
      emulator.failNext({ ...sends, code: 'send.too.fast', when: band(0.075, 0.15) });
      emulator.failNext({ ...sends, status: 500, when: band(0.15, 0.225) });
      emulator.failNext({ ...sends, answerLateMs: DINGTALK_TIMING.lateMs, when: band(0.225, 0.3) });
      return [
        { name: '403 QpsLimitForAppkeyAndApi', met: injected('Forbidden.AccessDenied.QpsLimitForAppkeyAndApi') },
        { name: "the gateway's 429", met: met((c) => Boolean(c.injected) && c.status === 429) },
        { name: 'send.too.fast', met: injected('send.too.fast') },
        { name: '500 system.error', met: injected('system.error') },
        { name: 'answered after the time-out', met: met((c) => Boolean(c.answeredLate)) },
      ];
    },
    seen: (chatId) => emulator.messages(chatId).map((m) => String(m.content.text ?? '')),
    attempts: () =>
      calls().map((c) => ({
        at: c.time,
        to: groupOf(c.body),
        status: c.status,
        injected: Boolean(c.injected),
        answeredLate: Boolean(c.answeredLate),
      })),
    appCalls: () => calls().map((c) => c.time),
    // A robot's 20 messages a minute into a group, and floorwalker's 4 calls a second; 20 a second per API.
    perGroup: [
      [4, 1000],
      [20, 60_000],
    ],
    perApp: [[20, 1000]],
    violations: () => emulator.violations(),
    resendsAreSafe: Boolean(o.cards),
  };
}
