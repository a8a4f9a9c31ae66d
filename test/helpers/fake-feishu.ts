/**
 * The fake Feishu Open API for tests: the emulator on 127.0.0.1 (free port) and the real SDK-backed
 * PlatformApi pointed at it. Close it in afterAll/afterEach.
 *
 *   const feishu = await startFakeFeishu();
 *   const { chat, users } = seedGroup(feishu.emulator, { name: '客服一组', members: ['王主管', '李客服'] });
 *   await feishu.platform.send({ chatId: chat.chatId }, { msgType: 'text', content: { text: 'hi' } }, 'uuid-1');
 *   feishu.emulator.messages(chat.chatId)  // what the group sees
 */
import type { PlatformApi } from '../../src/port/platform';
import { serveEmulator, FeishuEmulator, type EmulatorOptions } from '../../src/emulator/feishu';
import type { Chat, User } from '../../src/emulator/feishu';
import { createFeishuPlatform, type FeishuPlatformOptions } from '../../src/platforms/feishu/api';
import { silentLogger } from '../../src/log';

export interface FakeFeishu {
  url: string;
  emulator: FeishuEmulator;
  platform: PlatformApi;
  close(): Promise<void>;
}

export async function startFakeFeishu(
  opts: EmulatorOptions & { platform?: Partial<Omit<FeishuPlatformOptions, 'domain'>> } = {},
): Promise<FakeFeishu> {
  const { platform: platformOpts, ...emulatorOpts } = opts;
  // Tests do not time the bot's answers on the wall clock (a busy CI machine is not a bot bug):
  // the "answered too slowly" rule is off unless a test turns it on (answerBudget: a clock).
  const emulator = new FeishuEmulator({ answerBudget: 'off', ...emulatorOpts });
  const running = await serveEmulator(emulator);
  const platform = createFeishuPlatform({
    appId: emulator.app.appId,
    appSecret: emulator.app.appSecret,
    log: silentLogger,
    ...platformOpts,
    domain: running.url,
  });
  return { url: running.url, emulator, platform, close: running.close };
}

/** A group with named members (the first is its owner) and the bot in it. */
export function seedGroup<const Names extends readonly string[]>(
  emulator: FeishuEmulator,
  o: { name: string; members: Names; botIsMember?: boolean; membersMayBuzz?: boolean },
): { chat: Chat; users: { [K in keyof Names]: User } } {
  const users = o.members.map((name) => emulator.addUser({ name })) as { [K in keyof Names]: User };
  const chat = emulator.addChat({
    name: o.name,
    memberOpenIds: users.map((u) => u.openId),
    ...(o.botIsMember !== undefined ? { botIsMember: o.botIsMember } : {}),
    ...(o.membersMayBuzz !== undefined ? { membersMayBuzz: o.membersMayBuzz } : {}),
  });
  return { chat, users };
}

/** Chats with these exact ids (e.g. 'oc_busy'), the bot and one member in each; returns the member. */
export function seedChats(
  emulator: FeishuEmulator,
  chatIds: readonly string[],
  member: { openId?: string; name?: string } = {},
): User {
  const user =
    emulator.user(member.openId ?? '') ??
    emulator.addUser({ name: member.name ?? '李客服', ...(member.openId ? { openId: member.openId } : {}) });
  for (const chatId of chatIds) emulator.addChat({ name: chatId, chatId, memberOpenIds: [user.openId] });
  return user;
}

/** The private chat of `user` with the bot (Feishu's p2p chat), created when there is none yet. */
export function privateChat(emulator: FeishuEmulator, user: User): Chat {
  return (
    emulator.chats().find((c) => c.type === 'p2p' && c.memberOpenIds.includes(user.openId)) ??
    emulator.addChat({ name: user.name, type: 'p2p', memberOpenIds: [user.openId] })
  );
}

/** Bytes that are the same for the same `size` and `seed`, so a download can be compared with what was sent. */
export function sampleBytes(size: number, seed = 1): Uint8Array {
  const out = new Uint8Array(size);
  let x = seed >>> 0 || 1;
  for (let i = 0; i < size; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out[i] = x & 0xff;
  }
  return out;
}

/** The sends (POST /im/v1/messages) the emulator answered, with what they carried, oldest first. */
export function sendsOf(emulator: FeishuEmulator) {
  return emulator.calls({ method: 'POST', path: /^\/open-apis\/im\/v1\/messages$/ }).map((c) => {
    const b = c.body as { receive_id: string; msg_type: string; content: string; uuid?: string };
    const content = JSON.parse(b.content) as { text?: string };
    return {
      at: c.time,
      to: b.receive_id,
      uuid: b.uuid,
      text: content.text,
      content,
      status: c.status,
      dedup: Boolean(c.dedup),
    };
  });
}

/** The most calls any window of `windowMs` saw (calls sorted by time). */
export function maxInWindow(times: number[], windowMs = 1000): number {
  const t = [...times].sort((a, b) => a - b);
  let best = 0;
  for (let i = 0, j = 0; i < t.length; i++) {
    while (t[i]! - t[j]! >= windowMs) j++;
    best = Math.max(best, i - j + 1);
  }
  return best;
}
