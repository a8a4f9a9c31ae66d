/**
 * A customer-service team on the fake Feishu server and a real database, for the duty and anomaly
 * tests: people with roles, a store, commands sent through handleEvent, card buttons pressed, and
 * `pump()` standing in for the Node work loop (due timers, then the outbox).
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
import type { Chat } from '../../src/emulator/feishu';
import { dispatchOutbox } from '../../src/outbox/dispatcher';
import { openTestDatabase, type TestDatabase } from './db';
import { createTestDeps } from './deps';
import { startFakeFeishu, type FakeFeishu } from './fake-feishu';

export interface Person {
  openId: string;
  name: string;
}

export interface World {
  clock: ManualClock;
  feishu: FakeFeishu;
  deps: Deps & { clock: ManualClock };
  chat: Chat;
  teamId: number;
  /** What handleEvent said of the last say() or press(): 'ok', 'forbidden', 'bad_args', 'error'… */
  lastOutcome?: string;
  /** 王主管 (owner, supervisor), 赵主管 (supervisor), 李组长 (leader), 张运营 (ops), 小王 / 小李 (agents). */
  p: Record<'boss' | 'boss2' | 'leader' | 'ops' | 'agent' | 'agent2', Person>;
  /** Sends a command as `from`; mentions are the people named with @ in the text, in order. */
  say(from: Person, command: string, mentions?: Person[]): Promise<string[]>;
  /** Presses a card button as `from`; `formValue`: what the card's form inputs held (a submit button). */
  press(
    from: Person,
    value: Record<string, unknown>,
    formValue?: Record<string, unknown>,
  ): Promise<CardActionAnswer | undefined>;
  /** Runs due timers and sends what is due, as the work loop would, without moving the clock past now + 1 s. */
  pump(deps?: Deps): Promise<void>;
  /** Moves the clock and pumps. */
  advance(ms: number): Promise<void>;
  phoneCalls(): { callees: string[]; invalid: string[]; result: unknown; time: number }[];
  /** Texts the bot posted in the group since the world began (cards as their JSON). */
  groupTexts(): string[];
  /** The card of anomaly `id` as the group sees it now. */
  cardOf(id: number): Promise<Record<string, unknown> | undefined>;
  close(): Promise<void>;
}

export const START = new Date('2026-11-23T02:02:00.000Z'); // 10:02 in Shanghai, a Monday

export async function createWorld(
  database: TestDatabase | Database,
  opts: { clock?: ManualClock; feishu?: FakeFeishu; app?: App } = {},
): Promise<World> {
  const clock = opts.clock ?? new ManualClock(START);
  clock.freeze();
  const feishu = opts.feishu ?? (await startFakeFeishu({ clock }));
  const e = feishu.emulator;
  const mk = (name: string) => ({ openId: e.addUser({ name }).openId, name });
  const p = {
    boss: mk('王主管'),
    boss2: mk('赵主管'),
    leader: mk('李组长'),
    ops: mk('张运营'),
    agent: mk('小王'),
    agent2: mk('小李'),
  };
  const chat = e.addChat({
    name: `客服一组-${randomUUID().slice(0, 6)}`,
    memberOpenIds: Object.values(p).map((x) => x.openId),
    ownerOpenId: p.boss.openId,
  });
  const deps = createTestDeps({ database, platform: feishu.platform, clock, ...(opts.app ? { app: opts.app } : {}) });

  let n = 0;
  const say = async (from: Person, command: string, mentions: Person[] = []): Promise<string[]> => {
    const before = e.messages(chat.chatId).length;
    // The message exists on the fake server (no webhook: nothing is delivered), so replies to it work.
    const { message } = await e.emitMessage({ chatId: chat.chatId, senderOpenId: from.openId, text: command });
    const messageId = message.messageId;
    const event: InboundMessage = {
      type: 'message',
      platform: 'feishu',
      id: `msg:${messageId}`,
      eventId: `evt_${++n}_${randomUUID()}`,
      tenantKey: e.tenantKey,
      messageId,
      chatId: chat.chatId,
      chatType: 'group',
      sender: { openId: from.openId },
      mentions: mentions.map((m, i) => ({ key: `@_user_${i + 1}`, openId: m.openId, name: m.name, isBot: false })),
      botMentioned: true,
      text: command,
      command,
      createdAt: String(clock.now().getTime()),
    };
    const handling = await handleEvent(event, deps);
    world.lastOutcome = (await handling.done).outcome;
    await world.pump();
    return e
      .messages(chat.chatId)
      .slice(before)
      .filter((m) => m.sender.type === 'bot')
      .map((m) => (m.msgType === 'text' ? String(m.content.text) : JSON.stringify(m.content)));
  };

  const press = async (from: Person, value: Record<string, unknown>, formValue?: Record<string, unknown>) => {
    const event: InboundCardAction = {
      type: 'card_action',
      platform: 'feishu',
      id: `evt:${randomUUID()}`,
      eventId: randomUUID(),
      tenantKey: e.tenantKey,
      operator: { openId: from.openId },
      chatId: chat.chatId,
      messageId: 'om_card',
      token: `c-${randomUUID()}`,
      value,
      ...(formValue ? { formValue } : {}),
    };
    const handling = await handleEvent(event, deps);
    const handled = await handling.done;
    world.lastOutcome = handled.outcome;
    await world.pump();
    return handled.answer;
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

  const world: World = {
    clock,
    feishu,
    deps,
    chat,
    teamId: 0,
    p,
    say,
    press,
    pump,
    async advance(ms) {
      clock.advance(ms);
      await pump();
    },
    phoneCalls: () =>
      e
        .urgentCalls()
        .filter((c) => c.kind === 'phone')
        .map((c) => ({ callees: c.callees, invalid: c.invalid, result: c.result, time: c.time })),
    groupTexts: () =>
      e
        .messages(chat.chatId)
        .filter((m) => m.sender.type === 'bot')
        .map((m) => (m.msgType === 'text' ? String(m.content.text) : JSON.stringify(m.content))),
    async cardOf(id) {
      const [row] = await query<{ result_message_id: string }>(
        deps.db,
        sql`select result_message_id from outbox where ref = ${`anomaly:${id}:card`} and status = 'sent'`,
      );
      return row ? e.message(row.result_message_id)?.content : undefined;
    },
    close: async () => {
      if (!opts.feishu) await feishu.close();
    },
  };

  // The team exists on first contact; roles and a store are set up the way a supervisor would.
  await say(p.boss, '/help');
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
export async function openWorld(): Promise<{ db: TestDatabase; w: World }> {
  const db = await openTestDatabase();
  const w = await createWorld(db);
  const close = w.close;
  w.close = async () => {
    await close();
    await db.destroy();
  };
  return { db, w };
}
