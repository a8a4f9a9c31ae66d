/**
 * Files in a bot test world: a member sends a file to the bot privately, posts one in the group,
 * or replies to a message with a command. Each returns what the bot sent after it.
 *
 * Interim: until the emulator stores file messages itself, the messages are stored as text
 * placeholders in the emulator, their events are built here and handed to handleEvent, and the
 * platform's messageFile / downloadFile read the bytes kept here.
 */
import { randomUUID } from 'node:crypto';
import { handleEvent } from '../../src/core/handle-event';
import type { FileRef, InboundMessage } from '../../src/core/inbound';
import type { StoredMessage, User } from '../../src/emulator/feishu';
import { PlatformError, type PlatformApi } from '../../src/port/platform';
import type { startBot } from './bot';

type Bot = Awaited<ReturnType<typeof startBot>>;

export function fileWorld(bot: Bot) {
  const files = new Map<string, { file: FileRef; bytes: Uint8Array }>();
  let downloads = 0;
  const real = bot.deps.platformFor('feishu');
  const platform: PlatformApi = {
    ...real,
    messageFile: async (messageId) => files.get(messageId)?.file,
    downloadFile: async (messageId, file, maxBytes) => {
      const f = files.get(messageId);
      if (!f || f.file.key !== file.key)
        throw new PlatformError('no such file', 'file_not_found', { kind: 'permanent' });
      downloads++;
      if (f.bytes.length > maxBytes) throw new PlatformError('too large', 'file_too_large', { kind: 'permanent' });
      return f.bytes;
    },
  };
  (bot.deps as { platformFor: (n: string) => PlatformApi }).platformFor = () => platform;

  /** A message stored in the emulator without being delivered (the event is built below). */
  async function store(user: User, chatId: string, text: string): Promise<StoredMessage> {
    bot.emulator.setWebhook(undefined);
    try {
      return (await bot.emulator.emitMessage({ chatId, senderOpenId: user.openId, text })).message;
    } finally {
      bot.emulator.setWebhook((req: Request) => bot.app.fetch(req));
    }
  }

  function p2pChat(user: User): string {
    const found = bot.emulator.chats().find((c) => c.type === 'p2p' && c.memberOpenIds.includes(user.openId));
    return found?.chatId ?? bot.emulator.addChat({ name: user.name, type: 'p2p', memberOpenIds: [user.openId] }).chatId;
  }

  function event(m: StoredMessage, user: User, o: Partial<InboundMessage>): InboundMessage {
    return {
      type: 'message',
      platform: 'feishu',
      id: `msg:${m.messageId}`,
      eventId: randomUUID(),
      tenantKey: bot.emulator.tenantKey,
      messageId: m.messageId,
      chatId: m.chatId,
      chatType: 'group',
      sender: { openId: user.openId },
      mentions: [],
      botMentioned: false,
      text: '',
      command: null,
      createdAt: new Date().toISOString(),
      ...o,
    };
  }

  async function deliver(e: InboundMessage, times = 1): Promise<StoredMessage[]> {
    const before = new Set(bot.emulator.messages().map((m) => m.messageId));
    for (let i = 0; i < times; i++) await (await handleEvent({ ...e, eventId: randomUUID() }, bot.deps)).done;
    await bot.settle();
    return bot.emulator.messages().filter((m) => !before.has(m.messageId) && m.sender.type === 'bot');
  }

  const fileRef = (name: string): FileRef => ({ key: `file_v2_${randomUUID()}`, name });

  return {
    downloads: () => downloads,
    async sendPrivately(user: User, name: string, bytes: Uint8Array, o: { replay?: boolean } = {}) {
      const m = await store(user, p2pChat(user), `[file] ${name}`);
      const file = fileRef(name);
      files.set(m.messageId, { file, bytes });
      return deliver(event(m, user, { chatType: 'p2p', file }), o.replay ? 2 : 1);
    },
    async postFileInGroup(user: User, name: string, bytes: Uint8Array): Promise<StoredMessage> {
      const m = await store(user, bot.chat.chatId, `[file] ${name}`);
      files.set(m.messageId, { file: fileRef(name), bytes });
      return m;
    },
    async replyTo(user: User, parent: StoredMessage, text: string) {
      const m = await store(user, parent.chatId, text);
      const command = text.replace(/^@floorwalker\s*/, '');
      return deliver(event(m, user, { text: command, command, botMentioned: true, parentId: parent.messageId }));
    },
  };
}

export type FileWorld = ReturnType<typeof fileWorld>;
