/**
 * A whole team in a box for dispatch tests: a real test database, the Feishu emulator behind a
 * local HTTP server that the real SDK talks to, the bot's own Hono app as the emulator's webhook,
 * and a group 客服一组 with people in it. `say()` goes the whole way: a signed, encrypted event into
 * POST /feishu/events, handleEvent, the outbox, the SDK, the emulator — and returns what the group saw.
 */
import { ManualClock } from '../../src/clock';
import type { Config } from '../../src/config';
import type { App } from '../../src/core/app-def';
import type { Logger } from '../../src/log';
import { createApp } from '../../src/http/app';
import type { StoredMessage, User } from '../../src/emulator/feishu';
import { workOnce } from '../../src/runtime/work-loop';
import { openTestDatabase, type TestDatabase } from './db';
import { createTestDeps } from './deps';
import { privateChat, seedGroup, startFakeFeishu, type FakeFeishu } from './fake-feishu';
import type { startDingTalkBot } from './dingtalk-bot';

export const PEOPLE = ['王主管', '李组长', '小王', '运营小张'] as const;

/**
 * The platform the shared dispatch tests run on: FLOORWALKER_TEST_PLATFORM=dingtalk runs them
 * against the DingTalk emulator (test/helpers/dingtalk-bot.ts), which answers the same say(),
 * sendFile(), press(), settle(), users, chat, deps and emulator.messages() (textOf reads both).
 * Feishu-only members (feishu, reply, failNext on Feishu paths, urgentCalls…) exist only on Feishu.
 */
export const TEST_PLATFORM = process.env.FLOORWALKER_TEST_PLATFORM === 'dingtalk' ? 'dingtalk' : 'feishu';

/**
 * Both platforms, for `describe.each(PLATFORMS)(…, (platform) => … startBot({ platform }))`: the
 * shared behaviour tests that run on each (README, "platform differences", lists them).
 */
export const PLATFORMS = ['feishu', 'dingtalk'] as const;

export type Platform = (typeof PLATFORMS)[number];

/** Who acts in a shared test: both emulators' people have an openId (DingTalk's is the staff id). */
export interface Person {
  openId: string;
  name: string;
}

/** What a button press came to: DingTalk shows no toasts, so only Feishu's has one. */
export interface Pressed {
  delivered: boolean;
  toast?: string;
  /** The card Feishu's answer showed at once (DingTalk's answer updates the card in place). */
  card?: Record<string, unknown>;
}

type StartOpts = {
  env?: Record<string, string>;
  config?: Partial<Config>;
  app?: App;
  log?: Logger;
  /**
   * Where the clock starts (it then runs with real time). A test pinned to a date must start
   * there: the clock only moves forward, so a `set` to a date real time has passed does nothing.
   */
  at?: Date;
};

export type FeishuBot = Awaited<ReturnType<typeof startFeishuBot>>;
export type DingTalkBot = Awaited<ReturnType<typeof startDingTalkBot>>;
/**
 * A bot of either platform (`describe.each(PLATFORMS)`): what both share — say, sendFile, press,
 * settle, users, chat, deps, app, emulator.messages()/message()/chat()/tenantKey — is callable
 * as is; the rest after `bot.platform === 'feishu'` (or onFeishu).
 */
export type AnyBot = FeishuBot | DingTalkBot;
/** The bot of platform `P`: of either for the PLATFORMS union (distributes). */
export type BotOn<P extends Platform> = P extends 'dingtalk' ? DingTalkBot : FeishuBot;

/**
 * Without `platform`, FLOORWALKER_TEST_PLATFORM decides (else Feishu); the return type then says
 * Feishu, which is only true without the variable: a file run that way uses the shared members only.
 */
export function startBot(opts: StartOpts & { platform: 'dingtalk' }): Promise<DingTalkBot>;
export function startBot(opts?: StartOpts & { platform?: 'feishu' }): Promise<FeishuBot>;
export function startBot(opts: StartOpts & { platform: Platform }): Promise<AnyBot>;
export async function startBot(opts: StartOpts & { platform?: Platform } = {}): Promise<AnyBot> {
  if ((opts.platform ?? TEST_PLATFORM) === 'dingtalk') {
    const { startDingTalkBot } = await import('./dingtalk-bot');
    // The group's first member stands in for the Feishu group owner: a supervisor from the start;
    // the team imported the card template, so card buttons call back as on Feishu.
    return startDingTalkBot({ ...opts, ownerIsSupervisor: true, cards: 'template' });
  }
  return startFeishuBot(opts);
}

/** The Feishu bot of a shared test, for a Feishu-only check (throws on DingTalk: a test bug). */
export function onFeishu(bot: AnyBot): FeishuBot {
  if (bot.platform !== 'feishu') throw new Error('a Feishu-only check ran on DingTalk');
  return bot;
}

async function startFeishuBot(opts: {
  env?: Record<string, string>;
  config?: Partial<Config>;
  app?: App;
  log?: Logger;
  at?: Date;
}) {
  const database: TestDatabase = await openTestDatabase();
  const feishu: FakeFeishu = await startFakeFeishu();
  const { chat, users } = seedGroup(feishu.emulator, { name: '客服一组', members: PEOPLE });
  const [supervisor, leader, agent, ops] = users;
  const deps = createTestDeps({
    database,
    platform: feishu.platform,
    env: { LOG_LEVEL: 'silent', ...opts.env },
    config: opts.config,
    ...(opts.app ? { app: opts.app } : {}),
    ...(opts.log ? { log: opts.log } : {}),
    ...(opts.at ? { clock: new ManualClock(opts.at) } : {}),
  });
  const app = createApp(deps);
  feishu.emulator.setWebhook((req: Request) => app.fetch(req));

  /** Runs everything that is due (deferred work, timers, the outbox) until nothing moves. */
  async function settle(): Promise<void> {
    for (let i = 0; i < 50; i++) {
      await deps.settle();
      const r = await workOnce(deps, 'test', { nextDue: true });
      if (r.timers > 0 || r.sent > 0) continue;
      // Rate-limited rows wait for the next second of real time (Feishu's limits are real time).
      const wait = r.nextDueAt ? r.nextDueAt.getTime() - deps.clock.now().getTime() : Infinity;
      if (wait > 2_000) return;
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, wait) + 5));
    }
    throw new Error('the bot did not settle after 50 passes');
  }

  /** A member types a message in the group (or in `chatId`); returns the bot's messages that followed. */
  async function say(user: Person, text: string, chatId = chat.chatId): Promise<StoredMessage[]> {
    const before = new Set(feishu.emulator.messages().map((m) => m.messageId));
    const emitted = await feishu.emulator.emitMessage({ chatId, senderOpenId: user.openId, text });
    if (!emitted.delivered) throw new Error(`event not delivered: ${emitted.reason ?? ''} ${emitted.status ?? ''}`);
    await settle();
    return feishu.emulator.messages().filter((m) => !before.has(m.messageId) && m.sender.type === 'bot');
  }

  /**
   * A member sends a file to the bot privately (or into `chatId`, optionally as a reply to
   * `parentId`); returns the bot's messages that followed. Not being delivered is not an error here:
   * a group file reaches the bot only with the all-group-messages scope.
   */
  async function sendFile(
    user: Person,
    fileName: string,
    bytes: Uint8Array,
    opts: { chatId?: string; parentId?: string } = {},
  ): Promise<{ message: StoredMessage; replies: StoredMessage[] }> {
    const before = new Set(feishu.emulator.messages().map((m) => m.messageId));
    const chatId = opts.chatId ?? privateChat(feishu.emulator, feishu.emulator.user(user.openId)!).chatId;
    const emitted = await feishu.emulator.emitFile({
      chatId,
      senderOpenId: user.openId,
      fileName,
      bytes,
      ...(opts.parentId ? { parentId: opts.parentId } : {}),
    });
    await settle();
    // Only the answers in that chat: the test clock runs with real time, so an alert card of data
    // stored earlier can reach the group meanwhile on a slow machine.
    const replies = feishu.emulator
      .messages()
      .filter((m) => !before.has(m.messageId) && m.sender.type === 'bot' && m.chatId === chatId);
    return { message: emitted.message, replies };
  }

  /** A member replies to `parentId` (a file message, say) in the group (or in `chatId`). */
  async function reply(user: Person, parentId: string, text: string, chatId = chat.chatId): Promise<StoredMessage[]> {
    const before = new Set(feishu.emulator.messages().map((m) => m.messageId));
    const emitted = await feishu.emulator.emitMessage({ chatId, senderOpenId: user.openId, text, parentId });
    if (!emitted.delivered) throw new Error(`event not delivered: ${emitted.reason ?? ''} ${emitted.status ?? ''}`);
    await settle();
    return feishu.emulator.messages().filter((m) => !before.has(m.messageId) && m.sender.type === 'bot');
  }

  /** `who` presses the button labelled `buttonText` on the card `message`; settles afterwards. */
  async function press(
    message: { messageId: string },
    who: Person,
    buttonText: string,
    formValue?: Record<string, unknown>,
  ): Promise<Pressed> {
    const r = await feishu.emulator.clickButton({
      messageId: message.messageId,
      operatorOpenId: who.openId,
      buttonText,
      ...(formValue ? { formValue } : {}),
    });
    await settle();
    return {
      delivered: r.status === 200,
      ...(r.toast ? { toast: r.toast.content } : {}),
      ...(r.card ? { card: r.card } : {}),
    };
  }

  return {
    platform: 'feishu' as const,
    deps,
    /** The test database (its url on Postgres: a second replica opens its own pool on it). */
    database,
    app,
    feishu,
    emulator: feishu.emulator,
    chat,
    users: { supervisor, leader, agent, ops },
    say,
    sendFile,
    reply,
    press,
    settle,
    async close() {
      await deps.settle();
      await feishu.close();
      await database.destroy();
    },
  };
}

/**
 * A card's title and header colour, on either platform: Feishu's card JSON header, or the DingTalk
 * template's `title` and `color` params (its palette is smaller: HEADER_COLORS in card-template.ts).
 */
export function cardHeader(m: { content: Record<string, unknown> } | undefined): { title: string; color: string } {
  const c = (m?.content ?? {}) as {
    header?: { title?: { content?: string }; template?: string };
    cardParamMap?: Record<string, string>;
  };
  if (c.cardParamMap) return { title: c.cardParamMap.title ?? '', color: c.cardParamMap.color ?? '' };
  return { title: c.header?.title?.content ?? '', color: c.header?.template ?? '' };
}

/** Whether the message is a card: Feishu's interactive message, or a DingTalk card instance. */
export const isCard = (m: { msgType: string } | undefined): boolean =>
  m?.msgType === 'interactive' || m?.msgType === 'card';

/** Everything readable in a bot message: the text, or a card's title and markdown joined. */
export function textOf(m: { content: Record<string, unknown> } | undefined): string {
  if (!m) return '';
  const c = m.content as Record<string, unknown>;
  if (typeof c.text === 'string') return c.text;
  const parts: string[] = [];
  const walk = (v: unknown): void => {
    if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object') {
      const o = v as Record<string, unknown>;
      if (typeof o.content === 'string') parts.push(o.content);
      Object.values(o).forEach(walk);
    }
  };
  walk(c);
  return parts.join('\n');
}
