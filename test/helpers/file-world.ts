/**
 * Files in a bot test world, through the emulator of the bot's platform: a member sends a file to
 * the bot privately, posts one in the group, or replies to a message with a command; each returns
 * what the bot sent after it. Also: how often the bot downloaded a file, and the same event
 * delivered again. Posting in the group and replying exist on Feishu only: a DingTalk robot gets
 * no group files and no replies (README, platform differences).
 */
import { resumeEvent, withFileCommand } from '../../src/core/handle-event';
import type { InboundMessage } from '../../src/core/inbound';
import type { StoredMessage } from '../../src/emulator/feishu';
import { normalizeDingTalk } from '../../src/platforms/dingtalk/normalize';
import { onFeishu, type AnyBot, type DingTalkBot, type FeishuBot, type Person } from './bot';
import { privateChat } from './fake-feishu';

const RESOURCE = /^\/open-apis\/im\/v1\/messages\/[^/]+\/resources\//;

export function fileWorld(bot: AnyBot) {
  const botMessagesAfter = (before: Set<string>) =>
    bot.emulator.messages().filter((m) => !before.has(m.messageId) && m.sender.type === 'bot');

  return {
    /** Downloads of members' files the bot made so far. */
    downloads: () =>
      bot.platform === 'feishu'
        ? bot.emulator.calls({ method: 'GET', path: RESOURCE }).length
        : bot.emulator.calls({ method: 'POST', path: '/v1.0/robot/messageFiles/download' }).length,

    /**
     * `replay`: the platform delivers the same message again, and the work is run once more as
     * after a crash (past the inbox, which would drop it): one import and one preview all the same.
     */
    async sendPrivately(user: Person, name: string, bytes: Uint8Array, o: { replay?: boolean } = {}) {
      if (!o.replay) return (await bot.sendFile(user, name, bytes)).replies;
      const before = new Set(bot.emulator.messages().map((m) => m.messageId));
      if (bot.platform === 'feishu') await replayFeishu(bot, user, name, bytes);
      else await replayDingTalk(bot, user, name, bytes);
      await bot.settle();
      return botMessagesAfter(before);
    },

    /** Feishu only: DingTalk delivers no group file to a robot. */
    async postFileInGroup(user: Person, name: string, bytes: Uint8Array): Promise<StoredMessage> {
      const sent = await onFeishu(bot).sendFile(user, name, bytes, { chatId: bot.chat.chatId });
      // A file in the group reaches no bot without the all-group-messages scope.
      if (sent.replies.length) throw new Error('the bot answered a plain group file');
      return sent.message;
    },

    /**
     * Feishu only: a DingTalk robot is told of no reply. Returns the bot's threaded answers only:
     * the test clock runs with real time, so an alert card of values imported earlier can reach
     * the group meanwhile on a slow machine.
     */
    replyTo: async (user: Person, parent: StoredMessage, text: string) =>
      (await onFeishu(bot).reply(user, parent.messageId, text)).filter((m) => m.parentId !== undefined),
  };
}

async function replayFeishu(bot: FeishuBot, user: Person, name: string, bytes: Uint8Array) {
  const chatId = privateChat(bot.emulator, bot.emulator.user(user.openId)!).chatId;
  const sent = await bot.emulator.emitFile({ chatId, senderOpenId: user.openId, fileName: name, bytes });
  await bot.settle();
  await bot.emulator.deliverEvent(sent.event);
  await resumeEvent(inbound(bot, user, sent.message), bot.deps);
}

/** A Stream/HTTP re-push of the same robot message (same msgId), then its work run once more. */
async function replayDingTalk(bot: DingTalkBot, user: Person, name: string, bytes: Uint8Array) {
  const chatId = bot.emulator.privateChat(bot.emulator.user(user.openId)!).chatId;
  const sent = await bot.emulator.emitFile({ chatId, senderOpenId: user.openId, fileName: name, bytes });
  await bot.settle();
  await bot.emulator.pushRaw(sent.body);
  const n = normalizeDingTalk(sent.body, { robotCode: bot.emulator.app.robotCode });
  if (n.kind !== 'event') throw new Error(`the file message did not normalise: ${n.kind}`);
  await resumeEvent(withFileCommand(n.event, bot.deps.app), bot.deps);
}

/** The normalised event of a member's private file message, as handleEvent received it. */
function inbound(bot: FeishuBot, user: Person, m: StoredMessage): InboundMessage {
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
