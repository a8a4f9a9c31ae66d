import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { query } from '../../src/db/client';
import { z } from 'zod';
import { commands } from '../../commands';
import { jobs } from '../../jobs';
import { features } from '../../src/app';
import { defineApp } from '../../src/core/app-def';
import { defineCommand, defineSubcommand } from '../../src/core/command-def';
import { createLogger } from '../../src/log';
import { startBot, textOf, PLATFORMS } from '../helpers/bot';

/** A test-only command with a bug: what every command's unexpected failure looks like. */
const boom = defineCommand({
  name: 'boom',
  aliases: [],
  description: { 'zh-CN': '测试用：总是出错', en: 'test only: always fails' },
  subcommands: [
    defineSubcommand({
      name: null,
      description: { 'zh-CN': '出错', en: 'fails' },
      example: '/boom',
      args: z.object({}),
      run: async () => {
        throw new Error('kaboom: relation "secret_table" does not exist');
      },
    }),
  ],
});
const appWithBoom = defineApp({ features, commands: [...commands, boom], jobs });
/** What the bot logs, parsed. */
const logged: Record<string, unknown>[] = [];
const log = createLogger('error', (line) => logged.push(JSON.parse(line) as Record<string, unknown>));

const storeCount = async (bot: Awaited<ReturnType<typeof startBot>>) =>
  Number((await query<{ n: number }>(bot.deps.db, sql`select count(*)::int as n from stores`))[0]!.n);

describe.each(PLATFORMS)('bad input gets a clear message and changes nothing (zh-CN) (%s)', (platform) => {
  let bot: Awaited<ReturnType<typeof startBot>>;
  beforeAll(async () => {
    bot = await startBot({ platform, app: appWithBoom, log });
    await bot.say(bot.users.supervisor, '@floorwalker /help');
  });
  afterAll(() => bot.close());

  it('suggests the closest command for a typo', async () => {
    const text = textOf((await bot.say(bot.users.agent, '@floorwalker /stor list'))[0]);
    expect(text).toContain('没有「/stor」这个命令');
    expect(text).toContain('/store');
  });

  it('points an unknown command with nothing close to /help', async () => {
    expect(textOf((await bot.say(bot.users.agent, '@floorwalker /xyzzy'))[0])).toContain('发送 /help');
  });

  it('answers a bad subcommand with did-you-mean and the usage lines', async () => {
    const text = textOf((await bot.say(bot.users.supervisor, '@floorwalker /store ad 天猫旗舰店'))[0]);
    expect(text).toContain('「ad」不是 /store 能用的写法');
    expect(text).toContain('/store add');
    expect(text).toContain('用法：/store add <店铺名> [平台]');
    expect(await storeCount(bot)).toBe(0);
  });

  it('takes a misspelt subcommand of a command that also runs bare as a misspelt subcommand, not as extra words', async () => {
    const text = textOf((await bot.say(bot.users.supervisor, '@floorwalker /policy anomoly 5m'))[0]);
    expect(text).toContain('「anomoly」不是 /policy 能用的写法');
    expect(text).toContain('/policy anomaly');
    expect(text).toContain('用法：/policy anomaly <首次延迟>');
    expect(text).not.toContain('多了');
  });

  it('answers bad arguments with the problem, the usage line and an example', async () => {
    const text = textOf((await bot.say(bot.users.supervisor, '@floorwalker /store add 天猫旗舰店 amazon'))[0]);
    expect(text).toContain('参数不对：平台应为');
    expect(text).toContain('用法：/store add <店铺名> [平台]');
    expect(text).toContain('例如：/store add 天猫旗舰店 tmall');
    const missing = textOf((await bot.say(bot.users.supervisor, '@floorwalker /store add'))[0]);
    expect(missing).toContain('缺少店铺名');
    const extra = textOf((await bot.say(bot.users.supervisor, '@floorwalker /store add 天猫 tmall 多余'))[0]);
    expect(extra).toContain('多了「多余」');
    expect(await storeCount(bot)).toBe(0);
  });

  it('refuses politely and names the role needed', async () => {
    const text = textOf((await bot.say(bot.users.agent, '@floorwalker /store add 天猫旗舰店'))[0]);
    expect(text).toContain('需要主管或组长才能使用');
    expect(text).toContain('你目前的角色是客服');
    expect(textOf((await bot.say(bot.users.agent, '@floorwalker /role @小王 主管'))[0])).toContain('设置角色需要主管');
    expect(await storeCount(bot)).toBe(0);
  });

  // Feishu only: DingTalk names no group owner: the shared helper makes the first member a supervisor through FLOORWALKER_ADMINS, whom /role cannot demote.
  it.skipIf(platform === 'dingtalk')('never lets the last supervisor step down', async () => {
    const text = textOf((await bot.say(bot.users.supervisor, '@floorwalker /role @王主管 客服'))[0]);
    expect(text).toContain('唯一的主管');
  });

  // Feishu only: in a DingTalk group only @-messages reach the bot (the helper's say() adds the @); dingtalk-events.security covers what is ignored.
  it.skipIf(platform === 'dingtalk')('does nothing for a message that is not for the bot', async () => {
    expect(await bot.say(bot.users.agent, '大家早上好')).toEqual([]);
  });

  it('tells someone it has never seen in private chat how to start', async () => {
    const stranger = bot.emulator.addUser({ name: '新同事' });
    const p2p = bot.emulator.addChat({ name: '', type: 'p2p', memberOpenIds: [stranger.openId] });
    expect(textOf((await bot.say(stranger, '/help', p2p.chatId))[0])).toContain('请先在组群里 @我');
  });

  it('hides a crash behind a reference, not a stack trace: the log has the same reference and the stack', async () => {
    logged.length = 0;
    const [r, ...more] = await bot.say(bot.users.agent, '@floorwalker /boom');
    expect(more).toEqual([]);
    const text = textOf(r);
    const ref = /编号 ([0-9a-f]{8})）/.exec(text)?.[1];
    expect(text).toBe(`处理「/boom」时出了问题，已记录（编号 ${ref}）。请稍后再试；如果一直失败，请把编号发给管理员。`);
    expect(text).not.toContain('kaboom');
    expect(text).not.toContain('secret_table');
    expect(text).not.toMatch(/\bat .*:\d+/);
    const failures = logged.filter((l) => l.msg === 'command failed');
    expect(failures).toHaveLength(1);
    expect(failures[0]).toMatchObject({ level: 'error', ref, command: 'boom' });
    expect(String(failures[0]!.error)).toMatch(/^Error: kaboom: relation "secret_table" does not exist\n\s+at /); // the stack
    // Each failure gets its own reference.
    const again = textOf((await bot.say(bot.users.agent, '@floorwalker /boom'))[0]);
    expect(again).not.toContain(ref);
    expect(logged.filter((l) => l.msg === 'command failed').map((l) => l.ref)).toEqual([
      ref,
      /编号 ([0-9a-f]{8})）/.exec(again)?.[1],
    ]);
  });

  it('/setup survives a failing chat-info call: it reports it instead of failing', async () => {
    const original = bot.deps.platform.chatInfo;
    bot.deps.platform.chatInfo = async () => {
      throw new Error('boom');
    };
    logged.length = 0;
    const [r] = await bot.say(bot.users.supervisor, '@floorwalker /setup');
    bot.deps.platform.chatInfo = original;
    expect(textOf(r)).toContain('读不到群信息');
    expect(textOf(r)).not.toMatch(/at .*\.ts:\d+/);
    expect(logged.filter((l) => l.msg === 'command failed')).toEqual([]);
  });
});

describe.each(PLATFORMS)('English when FLOORWALKER_LOCALE=en (%s)', (platform) => {
  let bot: Awaited<ReturnType<typeof startBot>>;
  beforeAll(async () => {
    bot = await startBot({ platform, env: { FLOORWALKER_LOCALE: 'en' } });
  });
  afterAll(() => bot.close());

  it('speaks English in usage errors and refusals', async () => {
    await bot.say(bot.users.supervisor, '@floorwalker /help');
    expect(textOf((await bot.say(bot.users.supervisor, '@floorwalker /store add'))[0])).toContain(
      'Usage: /store add <name> [platform]',
    );
    expect(textOf((await bot.say(bot.users.agent, '@floorwalker /store remove x'))[0])).toContain(
      'needs the supervisor or leader role',
    );
    expect(textOf((await bot.say(bot.users.agent, '@floorwalker /hepl'))[0])).toContain('Did you mean: /help');
  });
});
