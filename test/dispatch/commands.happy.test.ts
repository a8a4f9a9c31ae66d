import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { query } from '../../src/db/client';
import { onFeishu, startBot, textOf, PLATFORMS } from '../helpers/bot';

/** A FLOORWALKER_ADMINS open_id (a regional manager, say), not a supervisor in any team's table. */
const ADMIN = 'ou_floorwalker_admin';

describe.each(PLATFORMS)('foundation commands, end to end through the emulator (%s)', (platform) => {
  let bot: Awaited<ReturnType<typeof startBot>>;
  beforeAll(async () => {
    bot = await startBot({ platform, env: { FLOORWALKER_ADMINS: ADMIN } });
  });
  afterAll(() => bot.close());

  // Feishu only: DingTalk's group API names no owner (supervisors come from FLOORWALKER_ADMINS and the first /setup): dingtalk.test.ts covers it.
  it.skipIf(platform === 'dingtalk')(
    'makes the group a team on first contact, with its owner as supervisor',
    async () => {
      const replies = await onFeishu(bot).say(bot.users.supervisor, '@floorwalker /help');
      expect(replies).toHaveLength(1);
      expect(replies[0]!.parentId).toBeDefined(); // a reply to the command
      expect(textOf(replies[0])).toContain('/store');
      const [team] = await query<{ name: string }>(bot.deps.db, sql`select name from teams`);
      expect(team!.name).toBe('客服一组');
      const [owner] = await query<{ role: string }>(
        bot.deps.db,
        sql`select role from members where open_id = ${bot.users.supervisor.openId}`,
      );
      expect(owner!.role).toBe('supervisor');
    },
  );

  // Feishu only: DingTalk cards have no toasts, and presses go through clickCard (dingtalk-card-sim).
  it.skipIf(platform === 'dingtalk')(
    'shows one command’s usage, and a card button does the same with a toast',
    async () => {
      const [usage] = await bot.say(bot.users.agent, '@floorwalker /help store');
      expect(textOf(usage)).toContain('/store add <店铺名> [平台]');
      const [list] = await bot.say(bot.users.agent, '@floorwalker /帮助');
      const click = await onFeishu(bot).emulator.clickButton({
        messageId: list!.messageId,
        operatorOpenId: bot.users.agent.openId,
        value: { action: 'help.usage', command: 'role' },
      });
      expect(click.toast?.content).toContain('/role');
      expect(textOf(bot.emulator.message(list!.messageId))).toContain('/role');
    },
  );

  it('adds, lists and removes stores, guessing the platform from the name', async () => {
    expect(textOf((await bot.say(bot.users.supervisor, '@floorwalker /store add 天猫旗舰店'))[0])).toContain(
      '已添加店铺「天猫旗舰店」（天猫）',
    );
    expect(textOf((await bot.say(bot.users.supervisor, '@floorwalker /店铺 添加 京东自营店 jd'))[0])).toContain('京东');
    expect(textOf((await bot.say(bot.users.supervisor, '@floorwalker /store add 天猫旗舰店'))[0])).toContain(
      '已经在列表里',
    );
    const list = textOf((await bot.say(bot.users.agent, '@floorwalker /store'))[0]);
    expect(list).toContain('1. 天猫旗舰店');
    expect(list).toContain('2. 京东自营店');
    expect(textOf((await bot.say(bot.users.supervisor, '@floorwalker /store remove 拼多多'))[0])).toBe(
      '没有找到店铺「拼多多」。本组店铺：天猫旗舰店、京东自营店',
    );
    expect(textOf((await bot.say(bot.users.supervisor, '@floorwalker /store remove 店'))[0])).toContain(
      '「店」能对上多个店铺：天猫旗舰店、京东自营店',
    );
    expect(textOf((await bot.say(bot.users.supervisor, '@floorwalker /store remove 京东'))[0])).toContain(
      '已移除店铺「京东自营店」',
    );
    expect(textOf((await bot.say(bot.users.agent, '@floorwalker /store list'))[0])).not.toContain('京东');
  });

  // Feishu only: asserts Feishu's <at> markup; DingTalk's @ rendering is in dingtalk.test.ts.
  it.skipIf(platform === 'dingtalk')('lets a supervisor set roles, and shows who is who', async () => {
    const [r] = await bot.say(bot.users.supervisor, '@floorwalker /role @运营小张 运营');
    expect(textOf(r)).toContain('从客服改为运营');
    await bot.say(bot.users.supervisor, '@floorwalker /role @李组长 leader');
    const [who] = await bot.say(bot.users.agent, '@floorwalker /role');
    expect(textOf(who)).toContain(`<at id=${bot.users.ops.openId}></at>`);
    const [leader] = await query<{ role: string }>(
      bot.deps.db,
      sql`select role from members where open_id = ${bot.users.leader.openId}`,
    );
    expect(leader!.role).toBe('leader');
  });

  it('shows configuration and delivery health in /setup', async () => {
    const [s] = await bot.say(bot.users.leader, '@floorwalker /setup');
    const text = textOf(s);
    expect(text).toContain('本群已绑定为客服团队（客服一组）');
    expect(text).toContain('天猫旗舰店');
    expect(text).toContain('没有发现送达问题');
  });

  it('counts someone who speaks as reachable again after a failed buzz flagged them', async () => {
    await bot.deps.db.execute(
      sql`update members set unreachable_since = now() where open_id = ${bot.users.agent.openId}`,
    );
    await bot.say(bot.users.agent, '@floorwalker /store list');
    const [row] = await query<{ unreachable_since: unknown }>(
      bot.deps.db,
      sql`select unreachable_since from members where open_id = ${bot.users.agent.openId}`,
    );
    expect(row!.unreachable_since).toBeNull();
  });

  it('takes commands in a private chat for people it knows', async () => {
    const p2p = bot.emulator.addChat({ name: '', type: 'p2p', memberOpenIds: [bot.users.agent.openId] });
    const [r] = await bot.say(bot.users.agent, 'store list', p2p.chatId);
    expect(textOf(r)).toContain('天猫旗舰店');
  });

  it('lets a FLOORWALKER_ADMINS member act as supervisor in a group where the table says agent', async () => {
    const admin = bot.emulator.addUser({ name: '区域经理', openId: ADMIN });
    bot.emulator.updateChat(bot.chat.chatId, {
      memberOpenIds: [...bot.emulator.chat(bot.chat.chatId)!.memberOpenIds, admin.openId],
    });
    await bot.say(admin, '@floorwalker /help');
    const roleOf = async (openId: string) =>
      (await query<{ role: string }>(bot.deps.db, sql`select role from members where open_id = ${openId}`))[0]?.role;
    // The table says agent (say they were an agent here before FLOORWALKER_ADMINS named them).
    await bot.deps.db.execute(sql`update members set role = 'agent' where open_id = ${ADMIN}`);
    expect(await roleOf(ADMIN)).toBe('agent');
    // A plain agent is refused what needs a supervisor; the admin is not.
    expect(textOf((await bot.say(bot.users.agent, '@floorwalker /store add 抖音小店'))[0])).toContain(
      '需要主管或组长才能使用',
    );
    expect(textOf((await bot.say(admin, '@floorwalker /store add 抖音小店'))[0])).toContain('已添加店铺「抖音小店」');
    expect(textOf((await bot.say(admin, '@floorwalker /store remove 抖音小店'))[0])).not.toContain('需要主管');
    // Setting roles is for supervisors only: the admin may.
    expect(textOf((await bot.say(bot.users.agent, '@floorwalker /role @小王 组长'))[0])).toContain('设置角色需要主管');
    expect(textOf((await bot.say(admin, '@floorwalker /role @小王 组长'))[0])).toContain(
      '已把 小王 的角色从客服改为组长',
    );
    expect(await roleOf(bot.users.agent.openId)).toBe('leader');
    expect(await roleOf(ADMIN)).toBe('agent'); // the table still says agent: the env decides
    await bot.say(admin, '@floorwalker /role @小王 客服');
    expect(await roleOf(bot.users.agent.openId)).toBe('agent');
  });
});

describe('a team created by two events at once', () => {
  it('still makes the group owner its supervisor', async () => {
    const bot = await startBot();
    try {
      // The owner and an agent speak in the same instant, before the team exists.
      await Promise.all([
        bot.emulator.emitMessage({
          chatId: bot.chat.chatId,
          senderOpenId: bot.users.agent.openId,
          text: '@floorwalker /help',
        }),
        bot.emulator.emitMessage({
          chatId: bot.chat.chatId,
          senderOpenId: bot.users.supervisor.openId,
          text: '@floorwalker /help',
        }),
      ]);
      await bot.settle();
      const rows = await query<{ open_id: string; role: string }>(bot.deps.db, sql`select open_id, role from members`);
      expect(rows.find((r) => r.open_id === bot.users.supervisor.openId)?.role).toBe('supervisor');
      expect(rows.find((r) => r.open_id === bot.users.agent.openId)?.role).toBe('agent');
      expect(await query(bot.deps.db, sql`select 1 from teams`)).toHaveLength(1);
    } finally {
      await bot.close();
    }
  });
});
