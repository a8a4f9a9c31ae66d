/**
 * startBot for DingTalk: a real test database, the DingTalk emulator on a local port, the real
 * DingTalk PlatformApi pointed at it, the bot's own Hono app as the emulator's HTTP delivery
 * target (or Stream: `stream: true`), and the group 客服一组. `say()` goes the whole way: a signed
 * robot callback into POST /dingtalk/events (or a Stream frame), handleEvent, the outbox, the
 * adapter, the emulator — and returns what the bot posted after it.
 */
import { ManualClock } from '../../src/clock';
import { loadConfig, type Config } from '../../src/config';
import type { Logger } from '../../src/log';
import type { App } from '../../src/core/app-def';
import { createApp } from '../../src/http/app';
import { DingTalkEmulator, serveDingTalk, type DtMessage, type DtUser } from '../../src/emulator/dingtalk';
import { createDingTalkPlatform } from '../../src/platforms/dingtalk/api';
import { startStream } from '../../src/platforms/dingtalk/stream';
import { workOnce } from '../../src/runtime/work-loop';
import { openTestDatabase } from './db';
import { createTestDeps } from './deps';
import { PEOPLE, type Person, type Pressed } from './bot';

/** What DINGTALK_CARD_TEMPLATE_ID says in the tests' env: cards are interactive card instances. */
export const TEST_CARD_TEMPLATE_ID = 'floorwalker-test.schema';

export async function startDingTalkBot(
  opts: {
    env?: Record<string, string>;
    config?: Partial<Config>;
    app?: App;
    log?: Logger;
    at?: Date;
    stream?: boolean;
    /** The first member is a supervisor from the start (as a Feishu group owner is): for the shared tests. */
    ownerIsSupervisor?: boolean;
    /**
     * 'template' (the shared tests): the team imported the card template, so cards are interactive
     * instances whose buttons call back, as on Feishu; 'markdown': robot messages, no callbacks.
     */
    cards?: 'template' | 'markdown';
  } = {},
) {
  const database = await openTestDatabase();
  // Named as the Feishu tests' bot, so "@floorwalker /help" reads the same on both platforms.
  const emulator = new DingTalkEmulator({ botName: 'floorwalker' });
  const running = await serveDingTalk(emulator);
  const users = PEOPLE.map((name) => emulator.addUser({ name }));
  const [supervisor, leader, agent, ops] = users as [DtUser, DtUser, DtUser, DtUser];
  const chat = emulator.addChat({ name: '客服一组', memberOpenIds: users.map((u) => u.openId) });
  const env = {
    LOG_LEVEL: 'silent',
    DINGTALK_CLIENT_ID: emulator.app.clientId,
    DINGTALK_CLIENT_SECRET: emulator.app.clientSecret,
    DINGTALK_DOMAIN: running.url,
    DINGTALK_EVENT_MODE: opts.stream ? 'stream' : 'http',
    ...(opts.cards === 'template' ? { DINGTALK_CARD_TEMPLATE_ID: TEST_CARD_TEMPLATE_ID } : {}),
    ...opts.env,
    ...(opts.ownerIsSupervisor
      ? { FLOORWALKER_ADMINS: [supervisor.openId, opts.env?.FLOORWALKER_ADMINS].filter(Boolean).join(',') }
      : {}),
  };
  const platform = createDingTalkPlatform({ ...loadConfig(env).dingtalk, timeoutMs: 3_000 });
  const deps = createTestDeps({
    database,
    platform,
    env,
    ...(opts.app ? { app: opts.app } : {}),
    ...(opts.config ? { config: opts.config } : {}),
    ...(opts.log ? { log: opts.log } : {}),
    ...(opts.at ? { clock: new ManualClock(opts.at) } : {}),
  });
  const app = createApp(deps);
  let stream: { close(): void } | undefined;
  if (opts.stream) {
    stream = startStream(deps);
    running.useStream();
    for (let i = 0; i < 100 && running.streamClients() === 0; i++) await new Promise((r) => setTimeout(r, 50));
  } else emulator.setTarget({ http: (req) => app.fetch(req) });

  async function settle(): Promise<void> {
    for (let i = 0; i < 50; i++) {
      await deps.settle();
      const r = await workOnce(deps, 'test', { nextDue: true });
      if (r.timers > 0 || r.sent > 0) continue;
      const wait = r.nextDueAt ? r.nextDueAt.getTime() - deps.clock.now().getTime() : Infinity;
      if (wait > 2_000) return;
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, wait) + 5));
    }
    throw new Error('the bot did not settle after 50 passes');
  }

  /** A member types in the group (an "@现场管家 " is put in front, as DingTalk needs) or in `chatId`. */
  async function say(user: Person, text: string, chatId = chat.chatId): Promise<DtMessage[]> {
    const before = new Set(emulator.messages().map((m) => m.messageId));
    const inGroup = emulator.chat(chatId)?.type === 'group';
    const typed = inGroup && !text.includes(`@${emulator.bot.name}`) ? `@${emulator.bot.name} ${text}` : text;
    const emitted = await emulator.emitMessage({ chatId, senderOpenId: user.openId, text: typed });
    if (!emitted.delivered) throw new Error(`event not delivered: ${emitted.reason ?? ''} ${emitted.status ?? ''}`);
    await settle();
    return emulator.messages().filter((m) => !before.has(m.messageId) && m.sender.type === 'bot');
  }

  /**
   * A member sends a file to the bot privately (or into `chatId`); returns the bot's messages in that
   * chat that followed. A group file never reaches a DingTalk robot (`delivered: false`, no reply):
   * a team hands the bot files in the 1:1 chat.
   */
  async function sendFile(
    user: Person,
    fileName: string,
    bytes: Uint8Array,
    o: { chatId?: string } = {},
  ): Promise<{ message: DtMessage; replies: DtMessage[] }> {
    const before = new Set(emulator.messages().map((m) => m.messageId));
    const chatId = o.chatId ?? emulator.privateChat(emulator.user(user.openId)!).chatId;
    const emitted = await emulator.emitFile({ chatId, senderOpenId: user.openId, fileName, bytes });
    if (!emitted.delivered && emulator.chat(chatId)?.type !== 'group')
      throw new Error(`file not delivered: ${emitted.reason ?? ''} ${emitted.status ?? ''}`);
    await settle();
    const replies = emulator
      .messages()
      .filter((m) => !before.has(m.messageId) && m.sender.type === 'bot' && m.chatId === chatId);
    return { message: emitted.message, replies };
  }

  /**
   * `who` presses the button labelled `buttonText` on the card `message` (an interactive card
   * instance: `cards: 'template'`), typing `formValue` into its form first; settles afterwards.
   * The press is what DingTalk calls back with: the button's value and the form's slots.
   */
  async function press(
    message: { messageId: string },
    who: Person,
    buttonText: string,
    formValue?: Record<string, unknown>,
  ): Promise<Pressed> {
    const card = emulator.message(message.messageId);
    if (!card?.outTrackId) throw new Error('not an interactive card (start the bot with cards: "template")');
    const button = cardButtons(card).find((b) => b.text === buttonText);
    if (!button) throw new Error(`no button 「${buttonText}」 on the card`);
    const form: Record<string, string> = {};
    if (button.form) {
      form.form = button.form;
      const slots = JSON.parse(button.form) as Record<string, { name: string }>;
      for (const [slot, s] of Object.entries(slots))
        if (formValue?.[s.name] !== undefined) form[slot] = String(formValue[s.name]);
    }
    const before = new Set(emulator.messages().map((m) => m.messageId));
    const r = await emulator.clickButton({
      outTrackId: card.outTrackId,
      operatorOpenId: who.openId,
      value: button.value,
      form,
    });
    await settle();
    // No toasts on DingTalk: an answer that leaves the card as it is reaches the presser privately.
    const privately = emulator.privateChat(emulator.user(who.openId)!).chatId;
    const told = emulator
      .messages(privately)
      .find((m) => !before.has(m.messageId) && m.sender.type === 'bot' && m.msgType === 'text');
    return { delivered: r.delivered, ...(told ? { toast: String(told.content.text) } : {}) };
  }

  return {
    platform: 'dingtalk' as const,
    deps,
    database,
    app,
    emulator,
    url: running.url,
    chat,
    users: { supervisor, leader, agent, ops },
    say,
    sendFile,
    press,
    settle,
    async close() {
      stream?.close();
      await deps.settle();
      await running.close();
      await database.destroy();
    },
  };
}

/** Everything readable in a message the emulator stored. */
export const dtText = (m: DtMessage | undefined): string => String(m?.content.text ?? '');

/** The buttons an interactive card instance shows: label, value and form (the template's blocks). */
export function cardButtons(card: DtMessage): { text: string; value: Record<string, unknown>; form?: string }[] {
  const params = (card.content.cardParamMap ?? {}) as Record<string, string>;
  const blocks = JSON.parse(params.blocks ?? '[]') as Record<string, string>[];
  const out: { text: string; value: Record<string, unknown>; form?: string }[] = [];
  for (const b of blocks.filter((x) => x.type === 'buttons'))
    for (const at of Object.keys(b)
      .filter((k) => k.endsWith('_text'))
      .map((k) => k.slice(0, -'text'.length))) {
      if (b[`${at}status`] === 'disabled') continue;
      out.push({
        text: b[`${at}text`]!,
        value: JSON.parse(b[`${at}value`] ?? '{}') as Record<string, unknown>,
        ...(b[`${at}form`] ? { form: b[`${at}form`] } : {}),
      });
    }
  return out;
}
