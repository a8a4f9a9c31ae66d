import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { commands } from '../../commands';
import { jobs } from '../../jobs';
import { features } from '../../src/app';
import { AppDefinitionError, defineApp } from '../../src/core/app-def';
import { defineCommand, defineSubcommand } from '../../src/core/command-def';
import { defineFeature, type FeatureDef } from '../../src/core/feature';
import { handleEvent, withFileCommand } from '../../src/core/handle-event';
import type { FileRef, InboundMessage } from '../../src/core/inbound';
import { onFeishu, PLATFORMS, startBot, textOf, type AnyBot } from '../helpers/bot';
import { sampleBytes } from '../helpers/fake-feishu';
import { inboundMessage } from '../helpers/inbound';

/** What the probe command saw, one entry per run (and the size of the file it downloaded). */
const runs: { file?: FileRef; command: string | null; size?: number; parentId?: string }[] = [];

const probeCommand = defineCommand({
  name: 'probe',
  aliases: [],
  description: { 'zh-CN': '测试用：收文件', en: 'test only: takes files' },
  subcommands: [
    defineSubcommand({
      name: 'import',
      description: { 'zh-CN': '收文件', en: 'takes a file' },
      example: '/probe import',
      args: z.object({}),
      run: async (ctx) => {
        const { file, parentId } = ctx.event;
        // A file sent privately, or the file of the message replied to.
        const target = file ?? (parentId ? await ctx.deps.platform.messageFile(parentId) : undefined);
        const messageId = file ? ctx.event.messageId : parentId;
        const size =
          target && messageId ? (await ctx.deps.platform.downloadFile(messageId, target, 1 << 20)).length : undefined;
        runs.push({
          ...(file ? { file } : {}),
          command: ctx.event.command,
          ...(size !== undefined ? { size } : {}),
          ...(parentId ? { parentId } : {}),
        });
        await ctx.reply(target ? `got ${target.name}` : 'no file');
      },
    }),
  ],
});
const probe = defineFeature({ name: 'probe', files: { command: 'probe import' } });
// The real features without any claim on files, so that this test does not depend on which one has it.
const unclaimed: FeatureDef[] = features.map(({ files: _files, ...f }) => f);
const appOf = (...extra: FeatureDef[]) =>
  defineApp({ features: [...unclaimed, ...extra], commands: [...commands, probeCommand], jobs });

const FILE: FileRef = { key: 'file_v2_abc', name: '客服绩效_20261130.xlsx' };

describe('defineApp: files sent to the bot', () => {
  it('names the command of the one feature claiming files', () => {
    expect(appOf(probe).fileCommand).toBe('probe import');
    expect(appOf().fileCommand).toBeUndefined();
    expect(appOf(defineFeature({ name: 'probe', files: { command: '/probe import' } })).fileCommand).toBe(
      'probe import',
    );
  });

  it('refuses two features claiming files, and a claim for a command that does not exist', () => {
    const other = defineFeature({ name: 'other', files: { command: 'probe import' } });
    expect(() => appOf(probe, other)).toThrow(AppDefinitionError);
    expect(() => appOf(probe, other)).toThrow(/"probe" and "other" both claim files/);
    expect(() => appOf(defineFeature({ name: 'probe', files: { command: 'nosuch import' } }))).toThrow(
      /unknown command/,
    );
    expect(() => appOf(defineFeature({ name: 'probe', files: { command: ' / ' } }))).toThrow(/empty command/);
  });
});

describe('withFileCommand', () => {
  const p2pFile = (over: Partial<InboundMessage> = {}): InboundMessage => ({
    ...inboundMessage('om_file', '[file] x'),
    chatType: 'p2p',
    botMentioned: false,
    command: null,
    file: FILE,
    ...over,
  });
  const app = { fileCommand: 'probe import' };

  it('gives a private file message the claimed command', () => {
    expect(withFileCommand(p2pFile(), app)).toMatchObject({ command: '/probe import', file: FILE });
  });

  it('leaves everything else as it is', () => {
    for (const e of [p2pFile({ chatType: 'group' }), p2pFile({ file: undefined }), p2pFile({ command: '/help' })]) {
      expect(withFileCommand(e, app)).toBe(e);
    }
    const unclaimedFile = p2pFile();
    expect(withFileCommand(unclaimedFile, {})).toBe(unclaimedFile);
  });
});

describe.each(PLATFORMS)('a file sent to the bot privately runs as the claimed command (%s)', (platform) => {
  let bot: AnyBot;
  beforeAll(async () => {
    bot = await startBot({ platform, app: appOf(probe) });
    // The supervisor becomes a member of the team by speaking in its group.
    await bot.say(bot.users.supervisor, '@floorwalker /help');
  });
  afterAll(() => bot.close());

  const fileFrom = (openId: string, id: string, over: Partial<InboundMessage> = {}): InboundMessage => ({
    ...inboundMessage(id, '[file] 客服绩效_20261130.xlsx', 'oc_p2p_supervisor'),
    platform: bot.platform,
    tenantKey: bot.emulator.tenantKey,
    chatType: 'p2p',
    sender: { openId },
    botMentioned: false,
    command: null,
    file: FILE,
    ...over,
  });
  /** The key the platform gives the bot for a member's file: Feishu's file_key, DingTalk's downloadCode. */
  const keyOf = (m: { content: Record<string, unknown> }) =>
    String(bot.platform === 'feishu' ? m.content.file_key : m.content.downloadCode);

  it('runs /probe import with ctx.event.file set, once for a replayed event', async () => {
    runs.length = 0;
    const { message, replies } = await bot.sendFile(bot.users.supervisor, '客服绩效_20261130.xlsx', sampleBytes(3000));
    const file = { key: keyOf(message), name: '客服绩效_20261130.xlsx' };
    expect(runs).toEqual([{ file, command: '/probe import', size: 3000 }]);
    expect(replies.map(textOf)).toEqual(['got 客服绩效_20261130.xlsx']);
    if (bot.platform === 'feishu') {
      // Feishu delivers again when it missed the answer: the same event acts once.
      const event = { ...fileFrom(bot.users.supervisor.openId, message.messageId), file };
      expect((await handleEvent(event, bot.deps)).duplicate).toBe(true);
    } else {
      // DingTalk re-pushes with the same msgId (a Stream redelivery): the same message acts once.
      const again = await bot.emulator.emitFile({
        chatId: message.chatId,
        senderOpenId: bot.users.supervisor.openId,
        fileName: '客服绩效_20261130.xlsx',
        bytes: sampleBytes(3000),
        msgId: message.messageId,
      });
      expect(again.delivered).toBe(true);
    }
    await bot.settle();
    expect(runs).toHaveLength(1);
  });

  // Feishu only: a group file reaches a Feishu bot through a reply to it (parentId, messageFile).
  it.skipIf(platform === 'dingtalk')('a reply to a file in the group reaches it through parentId', async () => {
    runs.length = 0;
    const feishu = onFeishu(bot);
    const { message } = await feishu.sendFile(bot.users.agent, '飞鸽客服数据_2026-11-30.xlsx', sampleBytes(10), {
      chatId: bot.chat.chatId,
    });
    expect(runs).toEqual([]); // a file in a group is no command
    const replies = await feishu.reply(bot.users.supervisor, message.messageId, '@floorwalker /probe import');
    expect(runs).toEqual([{ command: '/probe import', size: 10, parentId: message.messageId }]);
    expect(replies.map(textOf)).toEqual(['got 飞鸽客服数据_2026-11-30.xlsx']);
  });

  // DingTalk only: a robot gets no group file and no reply; the command in the group finds none.
  it.skipIf(platform === 'feishu')('a file in a DingTalk group never reaches the robot', async () => {
    runs.length = 0;
    const { replies } = await bot.sendFile(bot.users.agent, '飞鸽客服数据_2026-11-30.xlsx', sampleBytes(10), {
      chatId: bot.chat.chatId,
    });
    expect(replies).toEqual([]);
    expect(runs).toEqual([]);
    expect((await bot.say(bot.users.supervisor, '/probe import')).map(textOf)).toEqual(['no file']);
    expect(runs).toEqual([{ command: '/probe import' }]);
  });

  it('ignores a file in a group, and a private file when no feature claims files (no reply)', async () => {
    runs.length = 0;
    const before = bot.emulator.messages().length;
    const inGroup = fileFrom(bot.users.supervisor.openId, 'om_group_file', {
      chatType: 'group',
      chatId: bot.chat.chatId,
    });
    expect(await (await handleEvent(inGroup, bot.deps)).done).toMatchObject({ outcome: 'ignored' });
    const noClaim = { ...bot.deps, app: appOf() };
    const privately = fileFrom(bot.users.supervisor.openId, 'om_p2p_file_2');
    expect(await (await handleEvent(privately, noClaim)).done).toMatchObject({ outcome: 'ignored' });
    await bot.settle();
    expect(runs).toEqual([]);
    expect(bot.emulator.messages()).toHaveLength(before);
  });
});
