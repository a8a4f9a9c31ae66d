/**
 * A customer-service team on the Feishu or the DingTalk emulator and a real database, for the
 * feature behaviour tests: people with roles, a store, commands sent through handleEvent, card
 * buttons pressed, and `pump()` standing in for the Node work loop (due timers, then the outbox).
 * The World reads the same on both platforms (`describe.each(PLATFORMS)` + `openWorld(platform)`):
 * groupTexts, phoneCalls, buzzes, cardTextOf, emulatorMessages. `w.feishu` / `w.dingtalk` are for
 * the checks only one platform has.
 */
import { randomUUID } from 'node:crypto';
import { and, eq, sql } from 'drizzle-orm';
import { ManualClock } from '../../src/clock';
import type { App } from '../../src/core/app-def';
import type { Deps } from '../../src/core/deps';
import { handleEvent } from '../../src/core/handle-event';
import type { CardActionAnswer, InboundCardAction, InboundMessage } from '../../src/core/inbound';
import { runDueTimers } from '../../src/core/timers';
import { query, type Database } from '../../src/db/client';
import { members, teams, type Role } from '../../src/db/schema';
import { stores } from '../../src/features/stores/schema';
import type { StoredMessage } from '../../src/emulator/feishu';
import type { DtMessage } from '../../src/emulator/dingtalk';
import { NOTE_PARAM } from '../../src/platforms/dingtalk/mention-card';
import { loadConfig } from '../../src/config';
import { cardAnswer } from '../../src/platforms/dingtalk/deliver';
import { decodeRef } from '../../src/platforms/dingtalk/message-ref';
import { normalizeDingTalk } from '../../src/platforms/dingtalk/normalize';
import { CARD_VERSION_KEY } from '../../src/platforms/dingtalk/card-template';
import { isOwnOutTrackId, outTrackIdFor } from '../../src/platforms/dingtalk/out-track';
import type { PlatformApi } from '../../src/port/platform';
import { dispatchOutbox } from '../../src/outbox/dispatcher';
import { openTestDatabase, type TestDatabase } from './db';
import { createTestDeps } from './deps';
import { textOf } from './bot';
import { startFakeDingTalk, type FakeDingTalk } from './fake-dingtalk';
import { privateChat, startFakeFeishu, type FakeFeishu } from './fake-feishu';

export interface Person {
  openId: string;
  name: string;
}

/** The platforms a World runs on (test/helpers/bot.ts PLATFORMS). */
export type WorldPlatform = 'feishu' | 'dingtalk';

/** A message on either emulator, read the same way: the bot's or a person's, with its readable text. */
export interface WorldMessage {
  messageId: string;
  chatId: string;
  sender: { type: 'bot' | 'user'; openId: string };
  /** The kind of chat it is in. */
  chatType: 'group' | 'p2p';
  msgType: string;
  /** A text the platform sent as a card (DingTalk: a text that @s people goes as a note card, to notify them). */
  note?: boolean;
  /** Text messages: the text; Feishu cards: their JSON; DingTalk markdown: title and text; DingTalk cards: their params' text. */
  text: string;
  /** The platform's own content (Feishu card JSON, DingTalk cardParamMap…), for platform-only checks. */
  content: Record<string, unknown>;
  /** A card's header colour (Feishu header.template, DingTalk's color param: red, green, blue… on both). */
  color?: string;
  /** A card's header title and subtitle. */
  title?: string;
  subtitle?: string;
  /** The people the message @-mentions (ids), in order, each once. */
  mentioned: string[];
  /** The values of a card's buttons, in order (what a press of each sends). */
  buttons: Record<string, unknown>[];
  createTime: number;
}

/** A buzz (Feishu urgent_app/sms/phone, DingTalk DING remindType 1/2/3) read the same way. */
export interface WorldBuzz {
  kind: 'app' | 'sms' | 'phone';
  callees: string[];
  invalid: string[];
  result: unknown;
  time: number;
  /** Feishu: the message buzzed about; DingTalk: the DING's id (a DING is its own message). */
  messageId: string;
}

export interface World {
  /** Which emulator this world runs on. */
  platform: WorldPlatform;
  clock: ManualClock;
  /** The Feishu emulator and its PlatformApi. Feishu worlds only: a DingTalk world throws on reading it. */
  feishu: FakeFeishu;
  /** The DingTalk emulator and its PlatformApi. DingTalk worlds only: a Feishu world throws on reading it. */
  dingtalk: FakeDingTalk;
  deps: Deps & { clock: ManualClock };
  chat: { chatId: string; name: string };
  teamId: number;
  /** The team's tenant: Feishu's tenant key, DingTalk's corp id. */
  tenantKey: string;
  /** What handleEvent said of the last say() or press(): 'ok', 'forbidden', 'bad_args', 'error'… */
  lastOutcome?: string;
  /** 王主管 (owner, supervisor), 赵主管 (supervisor), 李组长 (leader), 张运营 (ops), 小王 / 小李 (agents). */
  p: Record<'boss' | 'boss2' | 'leader' | 'ops' | 'agent' | 'agent2', Person>;
  /** Sends a command as `from`; mentions are the people named with @ in the text, in order. */
  say(from: Person, command: string, mentions?: Person[]): Promise<string[]>;
  /** Sends `text` to the bot in `from`'s 1:1 chat with it; returns what the bot answered there. */
  /**
   * `from` presses a button of a card in their private chat with the bot; the value names the team,
   * as such cards' values do.
   */
  pressPrivately(
    from: Person,
    value: Record<string, unknown>,
    opts?: { messageId?: string; formValue?: Record<string, unknown> },
  ): Promise<CardActionAnswer | undefined>;
  sayPrivately(from: Person, text: string): Promise<string[]>;
  /**
   * Presses a card button as `from`; `formValue`: what the card's form inputs held (a submit button).
   * `opts.messageId`: the card pressed (a message id the bot stored: Feishu om_…, DingTalk card:…);
   * by default the newest card in the group (or in `opts.privateOf`'s 1:1 chat) carrying that value.
   */
  press(
    from: Person,
    value: Record<string, unknown>,
    formValue?: Record<string, unknown>,
    opts?: { messageId?: string; privateOf?: Person },
  ): Promise<CardActionAnswer | undefined>;
  /** Runs due timers and sends what is due, as the work loop would, without moving the clock past now + 1 s. */
  pump(deps?: Deps): Promise<void>;
  /** Moves the clock and pumps. */
  advance(ms: number): Promise<void>;
  phoneCalls(): { callees: string[]; invalid: string[]; result: unknown; time: number }[];
  /** Every buzz since the world's emulator began (of `kind`, if given). */
  buzzes(kind?: WorldBuzz['kind']): WorldBuzz[];
  /** Texts the bot posted in the group since the world began (cards as their JSON, DingTalk cards as their params' text). */
  groupTexts(): string[];
  /** The bot's messages in the group, oldest first. */
  groupMessages(): WorldMessage[];
  /** What the bot sent `p` in their 1:1 chat with it. */
  privateTexts(p: Person): string[];
  /** `p`'s 1:1 chat with the bot (made when there is none yet). */
  privateChatId(p: Person): string;
  /** Messages on the emulator (in `chatId`, if given), oldest first. */
  emulatorMessages(chatId?: string): WorldMessage[];
  /** A message by the id the bot stored for it (outbox result_message_id). */
  messageById(messageId: string): WorldMessage | undefined;
  /** The card of anomaly `id` as the group sees it now. */
  cardOf(id: number): Promise<Record<string, unknown> | undefined>;
  /** Anomaly `id`'s card now, read the same on both platforms (color, title, subtitle, text, mentioned). */
  cardMessageOf(id: number): Promise<WorldMessage | undefined>;
  /** The readable text of anomaly `id`'s card now (Feishu: its markdown and titles; DingTalk: its params). */
  cardTextOf(id: number): Promise<string>;
  /** How the platform writes a mention of `p` in a reply to a command (a substring to look for). */
  mentionOf(p: Person): string;
  /**
   * Whether `text` the bot sent mentions `p` in any way its platform writes one (Feishu: <at user_id=…>
   * in text, <at id=…> in cards; DingTalk: "@staffId" in replies, "@name" in robot messages and cards).
   */
  mentions(text: string, p: Person): boolean;
  /** The group's bot messages that are not cards (notices, replies), as text. */
  groupNotes(): string[];
  /** A person in the org who is not in the group (yet). */
  addPerson(name: string): Person;
  close(): Promise<void>;
}

export const START = new Date('2026-11-23T02:02:00.000Z'); // 10:02 in Shanghai, a Monday

/** How each emulator is driven: people, chats, what they type and press, and what can be read back. */
interface Side {
  platform: WorldPlatform;
  tenantKey: string;
  platformApi: PlatformApi;
  env: Record<string, string>;
  addPerson(name: string): Person;
  addChat(name: string, members: Person[], owner: Person): { chatId: string; name: string };
  privateChatId(p: Person): string;
  /** The event a person's message becomes, as the platform's own normaliser produces it. */
  message(from: Person, text: string, chatId: string, mentions: Person[], n: number): Promise<InboundMessage>;
  /** Runs a press through the platform: `handle` gets the event and returns the answer. */
  press(
    from: Person,
    value: Record<string, unknown>,
    formValue: Record<string, unknown> | undefined,
    where: { chatId: string; messageId?: string },
    handle: (e: InboundCardAction) => Promise<CardActionAnswer | undefined>,
  ): Promise<void>;
  messages(chatId?: string): WorldMessage[];
  messageById(id: string): WorldMessage | undefined;
  buzzes(): WorldBuzz[];
  /** Readable text of a card as it is now, by the id the bot stored. */
  cardText(id: string): string;
  mentionOf(p: Person): string;
  mentionForms(p: Person): string[];
  feishu?: FakeFeishu;
  dingtalk?: FakeDingTalk;
  close(): Promise<void>;
}

export async function createWorld(
  database: TestDatabase | Database,
  opts: {
    clock?: ManualClock;
    /** Default feishu; a `feishu` or `dingtalk` given picks its platform. */
    platform?: WorldPlatform;
    feishu?: FakeFeishu;
    dingtalk?: FakeDingTalk;
    /** Another world to share the clock and emulator with (a second team on the same platform). */
    alongside?: World;
    app?: App;
  } = {},
): Promise<World> {
  const clock = opts.clock ?? opts.alongside?.clock ?? new ManualClock(START);
  clock.freeze();
  const platform: WorldPlatform = opts.platform ?? opts.alongside?.platform ?? (opts.dingtalk ? 'dingtalk' : 'feishu');
  const shared = opts.alongside
    ? platform === 'feishu'
      ? { feishu: opts.alongside.feishu }
      : { dingtalk: opts.alongside.dingtalk }
    : { ...(opts.feishu ? { feishu: opts.feishu } : {}), ...(opts.dingtalk ? { dingtalk: opts.dingtalk } : {}) };
  const side =
    platform === 'feishu' ? await feishuSide(clock, shared.feishu) : await dingTalkSide(clock, shared.dingtalk);
  const mk = (name: string) => side.addPerson(name);
  const p = {
    boss: mk('王主管'),
    boss2: mk('赵主管'),
    leader: mk('李组长'),
    ops: mk('张运营'),
    agent: mk('小王'),
    agent2: mk('小李'),
  };
  const chat = side.addChat(`客服一组-${randomUUID().slice(0, 6)}`, Object.values(p), p.boss);
  const deps = createTestDeps({
    database,
    platform: side.platformApi,
    clock,
    env: side.env,
    ...(opts.app ? { app: opts.app } : {}),
  });

  const botTexts = (chatId: string, after: number) =>
    side
      .messages(chatId)
      .slice(after)
      .filter((m) => m.sender.type === 'bot')
      .map((m) => m.text);

  let n = 0;
  const send = async (from: Person, text: string, chatId: string, mentions: Person[]): Promise<string[]> => {
    const before = side.messages(chatId).length;
    const event = await side.message(from, text, chatId, mentions, ++n);
    const handling = await handleEvent(event, deps);
    world.lastOutcome = (await handling.done).outcome;
    await world.pump();
    // Only what came after the person's own message (which the emulator stored first).
    return botTexts(chatId, before);
  };

  const press: World['press'] = async (from, value, formValue, where = {}) => {
    let answer: CardActionAnswer | undefined;
    const chatId = where.privateOf ? side.privateChatId(where.privateOf) : chat.chatId;
    await side.press(
      from,
      value,
      formValue,
      { chatId, ...(where.messageId ? { messageId: where.messageId } : {}) },
      async (event) => {
        const handling = await handleEvent(event, deps);
        const handled = await handling.done;
        world.lastOutcome = handled.outcome;
        answer = handled.answer;
        return answer;
      },
    );
    await world.pump();
    return answer;
  };

  const pump = async (d: Deps = deps) => {
    for (let round = 0; round < 1_000; round++) {
      let timers = 0;
      for (let k = await runDueTimers(d, d.app.timers); k > 0; k = await runDueTimers(d, d.app.timers)) timers += k;
      const r = await dispatchOutbox(d, { runnerId: 'test', nextDue: true });
      const moved = r.sent + r.failed + r.cancelled;
      if (timers === 0 && moved === 0) {
        // Rows waiting a moment (for their card, a rate slot) are let through within a second.
        if (r.nextDueAt && r.nextDueAt.getTime() - clock.now().getTime() <= 1_000) {
          clock.set(new Date(Math.max(clock.now().getTime(), r.nextDueAt.getTime())));
          continue;
        }
        return;
      }
    }
    throw new Error('pump: still busy after 1,000 rounds');
  };

  const cardMessageId = async (id: number) => {
    const [row] = await query<{ result_message_id: string }>(
      deps.db,
      sql`select result_message_id from outbox where ref = ${`anomaly:${id}:card`} and status = 'sent'`,
    );
    return row?.result_message_id;
  };

  const only = <T>(what: T | undefined, name: string): T => {
    if (!what) throw new Error(`w.${name} exists on ${name} worlds only; this one runs on ${platform}`);
    return what;
  };

  const world: World = {
    platform,
    clock,
    get feishu() {
      return only(side.feishu, 'feishu');
    },
    get dingtalk() {
      return only(side.dingtalk, 'dingtalk');
    },
    deps,
    chat,
    teamId: 0,
    tenantKey: side.tenantKey,
    p,
    say: (from, command, mentions = []) => send(from, command, chat.chatId, mentions),
    sayPrivately: (from, text) => send(from, text, side.privateChatId(from), []),
    pressPrivately: (from, value, o = {}) =>
      world.press(from, { team: world.teamId, ...value }, o.formValue, {
        privateOf: from,
        ...(o.messageId ? { messageId: o.messageId } : {}),
      }),
    press,
    pump,
    async advance(ms) {
      clock.advance(ms);
      await pump();
    },
    phoneCalls: () =>
      side
        .buzzes()
        .filter((c) => c.kind === 'phone')
        .map((c) => ({ callees: c.callees, invalid: c.invalid, result: c.result, time: c.time })),
    buzzes: (kind) => side.buzzes().filter((c) => !kind || c.kind === kind),
    groupTexts: () => botTexts(chat.chatId, 0),
    groupMessages: () => side.messages(chat.chatId).filter((m) => m.sender.type === 'bot'),
    privateTexts: (person) => botTexts(side.privateChatId(person), 0),
    privateChatId: (person) => side.privateChatId(person),
    emulatorMessages: (chatId) => side.messages(chatId),
    messageById: (id) => side.messageById(id),
    async cardOf(id) {
      const messageId = await cardMessageId(id);
      return messageId ? side.messageById(messageId)?.content : undefined;
    },
    async cardMessageOf(id) {
      const messageId = await cardMessageId(id);
      return messageId ? side.messageById(messageId) : undefined;
    },
    async cardTextOf(id) {
      const messageId = await cardMessageId(id);
      return messageId ? side.cardText(messageId) : '';
    },
    mentionOf: (person) => side.mentionOf(person),
    mentions: (text, person) => side.mentionForms(person).some((f) => text.includes(f)),
    groupNotes: () =>
      side
        .messages(chat.chatId)
        .filter((m) => m.sender.type === 'bot' && (m.note || (m.msgType !== 'interactive' && m.msgType !== 'card')))
        .map((m) => m.text),
    addPerson: (name) => side.addPerson(name),
    close: async () => {
      if (!opts.alongside && !opts.feishu && !opts.dingtalk) await side.close();
    },
  };

  // The team exists on first contact; roles and a store are set up the way a supervisor would.
  await world.say(p.boss, '/help');
  const [team] = await deps.db.select().from(teams).where(eq(teams.chatId, chat.chatId));
  world.teamId = team!.id;
  await setRoles(deps, world.teamId, [
    [p.boss, 'supervisor'],
    [p.boss2, 'supervisor'],
    [p.leader, 'leader'],
    [p.ops, 'ops'],
    [p.agent, 'agent'],
    [p.agent2, 'agent'],
  ]);
  await deps.db.insert(stores).values([
    { teamId: world.teamId, name: '天猫旗舰店', platform: 'tmall', createdAt: clock.now() },
    { teamId: world.teamId, name: '京东自营店', platform: 'jd', createdAt: clock.now() },
  ]);
  return world;
}

/** Feishu: events built as the Feishu normaliser makes them (the world calls handleEvent itself). */
async function feishuSide(clock: ManualClock, given?: FakeFeishu): Promise<Side> {
  const feishu = given ?? (await startFakeFeishu({ clock }));
  const e = feishu.emulator;
  const asWorld = (m: StoredMessage): WorldMessage => ({
    messageId: m.messageId,
    chatId: m.chatId,
    sender: { type: m.sender.type === 'bot' ? 'bot' : 'user', openId: m.sender.openId ?? '' },
    chatType: e.chat(m.chatId)?.type === 'p2p' ? 'p2p' : 'group',
    msgType: m.msgType,
    text: m.msgType === 'text' ? String(m.content.text) : JSON.stringify(m.content),
    content: m.content,
    ...(m.msgType === 'interactive' ? feishuHeader(m.content) : {}),
    buttons: feishuButtons(m.content),
    // Text writes <at user_id="…">, cards <at id=…>.
    mentioned: [
      ...new Set([...JSON.stringify(m.content).matchAll(/<at (?:user_)?id=\\?"?([^"\\> ]+)/g)].map((x) => x[1]!)),
    ],
    createTime: m.createTime,
  });
  const privateChatId = (person: Person) => privateChat(e, e.user(person.openId)!).chatId;
  return {
    platform: 'feishu',
    tenantKey: e.tenantKey,
    platformApi: feishu.platform,
    env: {},
    feishu,
    addPerson: (name) => ({ openId: e.addUser({ name }).openId, name }),
    addChat: (name, members, owner) =>
      e.addChat({ name, memberOpenIds: members.map((x) => x.openId), ownerOpenId: owner.openId }),
    privateChatId,
    async message(from, text, chatId, mentions, n) {
      // The message exists on the fake server (no webhook: nothing is delivered), so replies to it work.
      const { message } = await e.emitMessage({ chatId, senderOpenId: from.openId, text });
      const messageId = message.messageId;
      const group = e.chat(chatId)?.type !== 'p2p';
      return {
        type: 'message',
        platform: 'feishu',
        id: `msg:${messageId}`,
        eventId: `evt_${n}_${randomUUID()}`,
        tenantKey: e.tenantKey,
        messageId,
        chatId,
        chatType: group ? 'group' : 'p2p',
        sender: { openId: from.openId },
        mentions: mentions.map((m, i) => ({ key: `@_user_${i + 1}`, openId: m.openId, name: m.name, isBot: false })),
        botMentioned: group,
        text,
        command: text,
        createdAt: String(clock.now().getTime()),
      };
    },
    async press(from, value, formValue, where, handle) {
      await handle({
        type: 'card_action',
        platform: 'feishu',
        id: `evt:${randomUUID()}`,
        eventId: randomUUID(),
        tenantKey: e.tenantKey,
        operator: { openId: from.openId },
        chatId: where.chatId,
        messageId: where.messageId ?? (e.chat(where.chatId)?.type === 'p2p' ? `om_${randomUUID()}` : 'om_card'),
        token: `c-${randomUUID()}`,
        value,
        ...(formValue ? { formValue } : {}),
      });
    },
    messages: (chatId) => e.messages(chatId).map(asWorld),
    messageById(id) {
      const m = e.message(id);
      return m ? asWorld(m) : undefined;
    },
    buzzes: () =>
      e.urgentCalls().map((c) => ({
        kind: c.kind as WorldBuzz['kind'],
        callees: c.callees,
        invalid: c.invalid,
        result: c.result,
        time: c.time,
        messageId: c.messageId,
      })),
    cardText: (id) => {
      const m = e.message(id);
      return m ? textOf(m) : '';
    },
    mentionOf: (person) => `<at user_id="${person.openId}">`,
    // Card JSON is read as its JSON text, where the card's own quotes come escaped.
    mentionForms: (person) => [
      `<at user_id="${person.openId}">`,
      `<at id=${person.openId}>`,
      `<at id=${person.openId} `,
    ],
    close: () => feishu.close(),
  };
}

/**
 * DingTalk: a person's message goes through the emulator, which builds the robot callback body;
 * the body is caught before it reaches the bot's route and run through the real normaliser, so
 * the world's events are DingTalk's own. A press is the emulator's card callback, normalised the
 * same way, and its answer goes back to the emulator, which updates the card as DingTalk does.
 */
async function dingTalkSide(clock: ManualClock, given?: FakeDingTalk): Promise<Side> {
  const dt = given ?? (await startFakeDingTalk({ clock }));
  const e = dt.emulator;
  const config = loadConfig({ LOG_LEVEL: 'silent', ...dt.env }).dingtalk;
  const normalize = (body: unknown) => {
    const n = normalizeDingTalk(body, { robotCode: config.robotCode });
    if (n.kind !== 'event') throw new Error(`the DingTalk normaliser did not make an event: ${JSON.stringify(n)}`);
    return n.event;
  };
  /** Catches the next body the emulator delivers, answering it with `answer(body)`. */
  const catchNext = (answer: (body: unknown) => Promise<unknown>) => {
    let caught: unknown;
    e.setTarget({
      http: async (req) => {
        caught = await req.json();
        return Response.json((await answer(caught)) ?? { msgtype: 'empty' });
      },
    });
    return () => caught;
  };
  const asWorld = (m: DtMessage): WorldMessage => ({
    messageId: m.messageId,
    chatId: m.chatId,
    sender: m.sender,
    chatType: e.chat(m.chatId)?.type === 'p2p' ? 'p2p' : 'group',
    msgType: m.msgType,
    text:
      m.msgType === 'markdown' && m.content.title
        ? `${String(m.content.title)}\n${String(m.content.text ?? '')}`
        : isNoteCard(m)
          ? noteText(m)
          : m.msgType === 'card'
            ? // The card as people read it, then its params as sent: the buttons' values are there,
              // as they are in a Feishu card's JSON text (the emulator's readable text hides them).
              `${String(m.content.text ?? '')}\n${JSON.stringify(m.content.cardParamMap ?? {})}`
            : String(m.content.text ?? ''),
    content: m.content,
    ...(m.msgType === 'card' ? dingTalkHeader(m.content.cardParamMap as Record<string, string>) : {}),
    ...(isNoteCard(m) ? { note: true } : {}),
    buttons: dingTalkButtons(m.content.cardParamMap),
    // Cards and robot messages list them in atUserIds; webhook text writes "@staffId" as well.
    mentioned: [...new Set(m.atUserIds ?? [])],
    createTime: m.createTime,
  });
  /** The stored message behind an id the bot keeps (card:…, msg:…, oto:…) or the emulator's own. */
  const find = (id: string): DtMessage | undefined => {
    const ref = decodeRef(id);
    if (ref?.kind === 'card') return e.card(ref.outTrackId);
    if (ref?.kind === 'msg' || ref?.kind === 'oto')
      return e.messages().find((m) => m.processQueryKey === ref.processQueryKey);
    return e.message(id);
  };
  const privateChatId = (person: Person) => e.privateChat(e.user(person.openId)!).chatId;
  /** The value as the card's button carries it (stamped with the card's version), if it has one. */
  const stampedOn = (card: DtMessage | undefined, value: Record<string, unknown>) => {
    // Loosely: a test's id read back from Postgres is a string ('7') where the card has 7.
    const want = stable(value, String);
    return dingTalkButtons(card?.content.cardParamMap).find(
      ({ [CARD_VERSION_KEY]: _version, ...v }) => stable(v, String) === want,
    );
  };
  /** The newest card in `chatId` with a button carrying `value` (else the newest card there). */
  const cardFor = (chatId: string, value: Record<string, unknown>): DtMessage | undefined => {
    const cards = e.messages(chatId).filter((m) => m.msgType === 'card' && m.outTrackId);
    return [...cards].reverse().find((c) => stampedOn(c, value)) ?? cards.at(-1);
  };
  return {
    platform: 'dingtalk',
    tenantKey: e.corpId,
    platformApi: dt.platform,
    env: dt.env,
    dingtalk: dt,
    addPerson: (name) => ({ openId: e.addUser({ name }).openId, name }),
    // DingTalk groups have no owner the bot is told of: the world's roles are set in the database.
    addChat: (name, members) => e.addChat({ name, memberOpenIds: members.map((x) => x.openId) }),
    privateChatId,
    async message(from, text, chatId, mentions) {
      const group = e.chat(chatId)?.type === 'group';
      // In a group only a message that @s the robot reaches it, as on DingTalk.
      const typed = group && !text.includes(`@${e.bot.name}`) ? `@${e.bot.name} ${text}` : text;
      const body = catchNext(async () => undefined);
      const emitted = await e.emitMessage({ chatId, senderOpenId: from.openId, text: typed });
      if (!emitted.delivered) throw new Error(`not delivered: ${emitted.reason ?? emitted.status}`);
      const event = normalize(body());
      if (event.type !== 'message') throw new Error('a message became a card action');
      // The people the test names are the ones picked in DingTalk's @ picker.
      const ids = event.mentions.map((m) => m.openId);
      const named = mentions.map((m) => m.openId);
      if (JSON.stringify(ids) !== JSON.stringify(named))
        throw new Error(`mentions ${JSON.stringify(ids)} are not the ones named ${JSON.stringify(named)}`);
      return event;
    },
    async press(from, value, formValue, where, handle) {
      // The card named by the bot's id for it (card:…) or by the emulator's message id.
      const ref = where.messageId ? decodeRef(where.messageId) : undefined;
      const named = where.messageId
        ? ref?.kind === 'card'
          ? e.card(ref.outTrackId)
          : e.message(where.messageId)
        : undefined;
      const card = named ?? cardFor(where.chatId, value);
      // A form's inputs come back as the template reports them: slots f1…, named by the button's `form`.
      const names = Object.keys(formValue ?? {});
      const form: Record<string, string> = formValue
        ? {
            form: JSON.stringify(
              Object.fromEntries(
                names.map((name, i) => [
                  `f${i + 1}`,
                  { name, kind: typeof formValue[name] === 'boolean' ? 'check' : 'text' },
                ]),
              ),
            ),
            ...Object.fromEntries(names.map((name, i) => [`f${i + 1}`, String(formValue[name])])),
          }
        : {};
      const answered = catchNext(async (body) => {
        const event = normalize(body);
        if (event.type !== 'card_action') throw new Error('a card callback became a message');
        const ownRef = decodeRef(event.messageId);
        if (ownRef?.kind !== 'card' || !isOwnOutTrackId(ownRef.outTrackId, config.clientSecret))
          throw new Error(`the press names a card the bot never made: ${event.messageId}`);
        return cardAnswer(await handle(event), config.cardTemplateId);
      });
      if (card?.outTrackId) {
        // DingTalk calls back with the button's params as the card has them now (its version in them).
        const pressed = stampedOn(e.card(card.outTrackId), value) ?? value;
        const r = await e.clickButton({
          outTrackId: card.outTrackId,
          operatorOpenId: from.openId,
          value: pressed,
          form,
        });
        if (!r.delivered) throw new Error(`press not delivered: ${r.status ?? r.reason}`);
      } else {
        // No card of the bot's in that chat (a forged or stale value): a callback naming a card the
        // bot could have made, in the space the press happened in.
        const inGroup = e.chat(where.chatId)?.type === 'group';
        const r = await e.pushRaw(
          {
            type: 'actionCallback',
            outTrackId: outTrackIdFor(randomUUID(), config.clientSecret),
            userId: from.openId,
            corpId: e.corpId,
            spaceType: inGroup ? 'IM_GROUP' : 'IM_ROBOT',
            spaceId: inGroup ? where.chatId : from.openId,
            userIdType: 1,
            content: JSON.stringify({
              cardPrivateData: { actionIds: ['action'], params: { value: JSON.stringify(value), ...form } },
            }),
            extension: '{}',
          },
          'good',
          '/v1.0/card/instances/callback',
        );
        if (!r.delivered) throw new Error(`press not delivered: ${r.status ?? r.reason}`);
      }
      void answered;
    },
    messages: (chatId) => e.messages(chatId).map(asWorld),
    messageById(id) {
      const m = find(id);
      return m ? asWorld(m) : undefined;
    },
    buzzes: () =>
      e.dings().map((d) => ({
        kind: d.kind,
        callees: d.receivers,
        invalid: d.invalid ?? [],
        result: d.result,
        time: d.time,
        messageId: d.openDingId,
      })),
    cardText: (id) => String(find(id)?.content.text ?? ''),
    // Session-webhook text writes "@staffId"; robot messages and cards write the name.
    mentionOf: (person) => `@${person.openId}`,
    mentionForms: (person) => [`@${person.openId}`, `@${person.name}`],
    close: () => dt.close(),
  };
}

/** Feishu: every callback behaviour's `value` (buttons, tick boxes). */
function feishuButtons(content: unknown): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  const walk = (v: unknown): void => {
    if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object') {
      const o = v as Record<string, unknown>;
      if (o.type === 'callback' && o.value && typeof o.value === 'object') out.push(o.value as Record<string, unknown>);
      Object.values(o).forEach(walk);
    }
  };
  walk(content);
  return out;
}

/** DingTalk: the template's button places (b1_value…) and tick boxes in each block, JSON inside JSON-encoded params. */
function dingTalkButtons(params: unknown): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  const walk = (v: unknown): void => {
    if (typeof v === 'string' && (v.startsWith('[') || v.startsWith('{'))) {
      try {
        walk(JSON.parse(v));
      } catch {
        // a param that only looks like JSON
      }
    } else if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object') {
      for (const [k, x] of Object.entries(v as Record<string, unknown>)) {
        const checker = k === 'value' && (v as Record<string, unknown>).type === 'checker';
        if ((checker || /^b\d+_value$/.test(k)) && typeof x === 'string') {
          try {
            out.push(JSON.parse(x) as Record<string, unknown>);
          } catch {
            // not a value
          }
        } else walk(x);
      }
    }
  };
  walk(params);
  return out;
}

const feishuHeader = (c: Record<string, unknown>) => {
  const h = (c.header ?? {}) as { template?: string; title?: { content?: string }; subtitle?: { content?: string } };
  return {
    ...(h.template ? { color: h.template } : {}),
    ...(h.title?.content !== undefined ? { title: h.title.content } : {}),
    ...(h.subtitle?.content !== undefined ? { subtitle: h.subtitle.content } : {}),
  };
};

const dingTalkHeader = (p: Record<string, string>) => ({
  ...(p.color ? { color: p.color } : {}),
  ...(p.title !== undefined ? { title: p.title } : {}),
  ...(p.subtitle !== undefined ? { subtitle: p.subtitle } : {}),
});

/** JSON with sorted keys, to compare a button's value with the one pressed. */
function stable(v: unknown, scalar: (x: unknown) => unknown = (x) => x): string {
  if (Array.isArray(v)) return `[${v.map((x) => stable(x, scalar)).join(',')}]`;
  if (v && typeof v === 'object')
    return `{${Object.keys(v)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${stable((v as Record<string, unknown>)[k], scalar)}`)
      .join(',')}}`;
  return JSON.stringify(scalar(v)) ?? 'null';
}

export async function setRoles(deps: Deps, teamId: number, people: [Person, Role][]): Promise<void> {
  const now = deps.clock.now();
  for (const [person, role] of people) {
    await deps.db
      .insert(members)
      .values({ teamId, openId: person.openId, name: person.name, role, createdAt: now, updatedAt: now })
      .onConflictDoUpdate({ target: [members.teamId, members.openId], set: { role, name: person.name } });
  }
}

export async function memberRow(deps: Deps, teamId: number, openId: string) {
  const [row] = await deps.db
    .select()
    .from(members)
    .where(and(eq(members.teamId, teamId), eq(members.openId, openId)));
  return row;
}

export const MIN = 60_000;

/**
 * A test file's world on a database of its own: `beforeAll(async () => ({ db, w } = await openWorld()))`
 * and `afterAll(() => w.close())`, which also drops the database.
 */
export async function openWorld(platform: WorldPlatform = 'feishu'): Promise<{ db: TestDatabase; w: World }> {
  const db = await openTestDatabase();
  const w = await createWorld(db, { platform });
  const close = w.close;
  w.close = async () => {
    await close();
    await db.destroy();
  };
  return { db, w };
}

/** A DingTalk note card: a text that @s people, sent as a card so they are notified (src/platforms/dingtalk/mention-card.ts). */
const isNoteCard = (m: DtMessage): boolean =>
  m.msgType === 'card' && (m.content.cardParamMap as Record<string, string> | undefined)?.[NOTE_PARAM] === 'true';

/** A note card's text as it was written: its one markdown block. */
function noteText(m: DtMessage): string {
  const blocks = JSON.parse((m.content.cardParamMap as Record<string, string>).blocks ?? '[]') as { text?: string }[];
  return blocks.map((b) => b.text ?? '').join('\n');
}
