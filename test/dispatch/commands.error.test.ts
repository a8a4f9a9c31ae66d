import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { query } from '../../src/db/client';
import { startBot, textOf } from '../helpers/bot';

const storeCount = async (bot: Awaited<ReturnType<typeof startBot>>) =>
  Number((await query<{ n: number }>(bot.deps.db, sql`select count(*)::int as n from stores`))[0]!.n);

describe('bad input gets a clear message and changes nothing (zh-CN)', () => {
  let bot: Awaited<ReturnType<typeof startBot>>;
  beforeAll(async () => {
    bot = await startBot();
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

  it('never lets the last supervisor step down', async () => {
    const text = textOf((await bot.say(bot.users.supervisor, '@floorwalker /role @王主管 客服'))[0]);
    expect(text).toContain('唯一的主管');
  });

  it('does nothing for a message that is not for the bot', async () => {
    expect(await bot.say(bot.users.agent, '大家早上好')).toEqual([]);
  });

  it('tells someone it has never seen in private chat how to start', async () => {
    const stranger = bot.emulator.addUser({ name: '新同事' });
    const p2p = bot.emulator.addChat({ name: '', type: 'p2p', memberOpenIds: [stranger.openId] });
    expect(textOf((await bot.say(stranger, '/help', p2p.chatId))[0])).toContain('请先在组群里 @我');
  });

  it('hides a crash behind a reference, not a stack trace', async () => {
    const original = bot.deps.platform.chatInfo;
    bot.deps.platform.chatInfo = async () => {
      throw new Error('boom');
    };
    const [r] = await bot.say(bot.users.supervisor, '@floorwalker /setup');
    bot.deps.platform.chatInfo = original;
    // /setup survives a failing chat-info call: it reports it instead of failing.
    expect(textOf(r)).toContain('读不到群信息');
    expect(textOf(r)).not.toMatch(/at .*\.ts:\d+/);
  });
});

describe('English when FLOORWALKER_LOCALE=en', () => {
  let bot: Awaited<ReturnType<typeof startBot>>;
  beforeAll(async () => {
    bot = await startBot({ env: { FLOORWALKER_LOCALE: 'en' } });
  });
  afterAll(() => bot.close());

  it('speaks English in usage errors and refusals', async () => {
    await bot.say(bot.users.supervisor, '@floorwalker /help');
    expect(textOf((await bot.say(bot.users.supervisor, '@floorwalker /store add'))[0])).toContain('Usage: /store add <name> [platform]');
    expect(textOf((await bot.say(bot.users.agent, '@floorwalker /store remove x'))[0])).toContain('needs the supervisor or leader role');
    expect(textOf((await bot.say(bot.users.agent, '@floorwalker /hepl'))[0])).toContain('Did you mean: /help');
  });
});
