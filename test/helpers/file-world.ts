/**
 * Files in a bot test world, through the emulator: a member sends a file to the bot privately,
 * posts one in the group, or replies to a message with a command; each returns what the bot sent
 * after it. Also: how often the bot downloaded a file, and the same event delivered again.
 */
import { resumeEvent } from '../../src/core/handle-event';
import type { InboundMessage } from '../../src/core/inbound';
import type { StoredMessage, User } from '../../src/emulator/feishu';
import type { startBot } from './bot';
import { privateChat } from './fake-feishu';

type Bot = Awaited<ReturnType<typeof startBot>>;

const RESOURCE = /^\/open-apis\/im\/v1\/messages\/[^/]+\/resources\//;

export function fileWorld(bot: Bot) {
  const botMessagesAfter = (before: Set<string>) =>
    bot.emulator.messages().filter((m) => !before.has(m.messageId) && m.sender.type === 'bot');

  return {
    /** Downloads of message resources the bot made so far. */
    downloads: () => bot.emulator.calls({ method: 'GET', path: RESOURCE }).length,

    /**
     * `replay`: Feishu delivers the same event again, and the work is run once more as after a
     * crash (past the inbox, which would drop it): one import and one preview all the same.
     */
    async sendPrivately(user: User, name: string, bytes: Uint8Array, o: { replay?: boolean } = {}) {
      if (!o.replay) return (await bot.sendFile(user, name, bytes)).replies;
      const before = new Set(bot.emulator.messages().map((m) => m.messageId));
      const chatId = privateChat(bot.emulator, user).chatId;
      const sent = await bot.emulator.emitFile({ chatId, senderOpenId: user.openId, fileName: name, bytes });
      await bot.settle();
      await bot.emulator.deliverEvent(sent.event);
      await resumeEvent(inbound(bot, user, sent.message), bot.deps);
      await bot.settle();
      return botMessagesAfter(before);
    },

    async postFileInGroup(user: User, name: string, bytes: Uint8Array): Promise<StoredMessage> {
      const sent = await bot.sendFile(user, name, bytes, { chatId: bot.chat.chatId });
      // A file in the group reaches no bot without the all-group-messages scope.
      if (sent.replies.length) throw new Error('the bot answered a plain group file');
      return sent.message;
    },

    replyTo: (user: User, parent: StoredMessage, text: string) => bot.reply(user, parent.messageId, text),
  };
}
/** The normalised event of a member's private file message, as handleEvent received it. */
function inbound(bot: Bot, user: User, m: StoredMessage): InboundMessage {
  const c = m.content as { file_key: string; file_name: string };
  return {
    type: 'message',
    platform: 'feishu',
    id: `msg:${m.messageId}`,
    eventId: `resumed-${m.messageId}`,
    tenantKey: bot.emulator.tenantKey,
    messageId: m.messageId,
    chatId: m.chatId,
    chatType: 'p2p',
    sender: { openId: user.openId },
    mentions: [],
    botMentioned: false,
    text: '',
    command: '/kpi import',
    file: { key: c.file_key, name: c.file_name },
    createdAt: new Date().toISOString(),
  };
}

export type FileWorld = ReturnType<typeof fileWorld>;
