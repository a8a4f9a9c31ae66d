import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { defineFeature } from '../../src/core/feature';
import { query } from '../../src/db/client';
import { appWith } from '../helpers/app';
import { onFeishu, startBot, textOf, PLATFORMS } from '../helpers/bot';

type Bot = Awaited<ReturnType<typeof startBot>>;

const teamRow = async (bot: Bot) =>
  (
    await query<{ time_zone: string; locale: string | null }>(bot.deps.db, sql`select time_zone, locale from teams`)
  )[0]!;
const roleOf = async (bot: Bot, openId: string) =>
  (await query<{ role: string }>(bot.deps.db, sql`select role from members where open_id = ${openId}`))[0]?.role;
const first = async (bot: Bot, who: Bot['users']['supervisor'], text: string) =>
  textOf((await bot.say(who, `@floorwalker ${text}`))[0]);

describe.each(PLATFORMS)('/setup timezone and /setup locale (%s)', (platform) => {
  let bot: Bot;
  beforeAll(async () => {
    bot = await startBot({ platform });
  });
  afterAll(() => bot.close());

  it('shows the team’s zone and language, and who may change them', async () => {
    const text = await first(bot, bot.users.supervisor, '/setup');
    expect(text).toContain('Asia/Shanghai（当地 ');
    expect(text).toContain('中文 (zh-CN)（部署默认）');
    expect(text).toContain('/setup timezone Europe/Berlin');
  });

  it('lets only supervisors change them', async () => {
    await bot.say(bot.users.supervisor, '@floorwalker /role @李组长 组长');
    expect(await first(bot, bot.users.leader, '/setup timezone Europe/Berlin')).toContain('需要主管');
    expect(await first(bot, bot.users.agent, '/setup locale en')).toContain('需要主管');
    expect(await teamRow(bot)).toEqual({ time_zone: 'Asia/Shanghai', locale: null });
  });

  it('answers a bad zone or language clearly and changes nothing', async () => {
    const zone = await first(bot, bot.users.supervisor, '/setup timezone Beijing');
    expect(zone).toContain('没有改动：「Beijing」不是时区名');
    expect(zone).toContain('Asia/Shanghai');
    expect(await first(bot, bot.users.supervisor, '/setup timezone')).toContain('缺少时区');
    expect(await first(bot, bot.users.supervisor, '/setup locale fr')).toContain('没有改动：「fr」不是支持的语言');
    expect(await teamRow(bot)).toEqual({ time_zone: 'Asia/Shanghai', locale: null });
  });

  it('changes the zone (spelled any case), and says so once', async () => {
    expect(await first(bot, bot.users.supervisor, '/setup timezone europe/berlin')).toContain(
      '从 Asia/Shanghai 改为 Europe/Berlin',
    );
    expect((await teamRow(bot)).time_zone).toBe('Europe/Berlin');
    expect(await first(bot, bot.users.supervisor, '/setup 时区 Europe/Berlin')).toContain(
      '已经是 Europe/Berlin，没有改动',
    );
    expect(await first(bot, bot.users.supervisor, '/setup')).toContain('Europe/Berlin（当地 ');
  });

  // Feishu only: reads a card-button toast, which DingTalk cards do not have.
  it.skipIf(platform === 'dingtalk')(
    'speaks the team’s language in every command once it is set, and goes back to the default',
    async () => {
      expect(await first(bot, bot.users.supervisor, '/setup locale en')).toBe(
        'OK — from now on I speak English in this team.',
      );
      expect((await teamRow(bot)).locale).toBe('en');
      expect(await first(bot, bot.users.agent, '/store list')).toContain('No stores yet');
      expect(await first(bot, bot.users.agent, '/stroe list')).toContain('There is no command "/stroe"');
      expect(await first(bot, bot.users.leader, '/setup timezone Asia/Tokyo')).toContain('needs');
      expect(await first(bot, bot.users.supervisor, '/setup timezone Beijing')).toContain(
        'Nothing changed: "Beijing" is not a time zone',
      );
      expect(await first(bot, bot.users.supervisor, '/setup')).toContain('English (en)');
      // Card buttons answer in it too.
      const [help] = await bot.say(bot.users.agent, '@floorwalker /help');
      const click = await onFeishu(bot).emulator.clickButton({
        messageId: help!.messageId,
        operatorOpenId: bot.users.agent.openId,
        value: { action: 'help.usage', command: 'role' },
      });
      expect(click.toast?.content).toBe('Usage of /role is on the card');
      expect(await first(bot, bot.users.supervisor, '/setup language 中文')).toBe('好的，以后我在本群说中文。');
      expect(await first(bot, bot.users.agent, '/store list')).toContain('还没有店铺');
      expect(await first(bot, bot.users.supervisor, '/setup locale default')).toBe(
        '好的，本群语言恢复为部署默认：中文 (zh-CN)。',
      );
      expect((await teamRow(bot)).locale).toBeNull();
    },
  );
});

describe.each(PLATFORMS)('FLOORWALKER_ADMINS act as supervisors everywhere (%s)', (platform) => {
  const ADMIN = 'ou_admin0000000000000001';
  let bot: Bot;
  let admin: Bot['users']['supervisor'];
  beforeAll(async () => {
    bot = await startBot({ platform, env: { FLOORWALKER_ADMINS: ADMIN } });
    admin = bot.emulator.addUser({ name: '管理员', openId: ADMIN });
    bot.emulator.updateChat(bot.chat.chatId, { memberOpenIds: [...bot.chat.memberOpenIds, ADMIN] });
    await bot.say(bot.users.supervisor, '@floorwalker /help'); // the team is created
    await bot.say(admin, '@floorwalker /help');
    // Whatever the table says: the rule, not the row, makes an admin a supervisor.
    await bot.deps.db.execute(sql`update members set role = 'agent' where open_id = ${ADMIN}`);
  });
  afterAll(() => bot.close());

  it('runs supervisor-only commands as an admin', async () => {
    expect(await first(bot, admin, '/setup timezone Asia/Tokyo')).toContain('改为 Asia/Tokyo');
    expect(await first(bot, admin, '/role @小王 组长')).toContain('从客服改为组长');
    expect(await roleOf(bot, bot.users.agent.openId)).toBe('leader');
  });

  // Feishu only: asserts Feishu's <at> markup.
  it.skipIf(platform === 'dingtalk')('lists the admin among the supervisors in /role and /setup', async () => {
    for (const text of [await first(bot, bot.users.agent, '/role'), await first(bot, admin, '/setup')]) {
      const supervisors = text.split('\n').find((l) => /^(\*\*)?主管(\*\*)?：/.test(l)) ?? '';
      expect(supervisors).toContain(`<at id=${ADMIN}></at>`);
      expect(supervisors).toContain(`<at id=${bot.users.supervisor.openId}></at>`);
    }
  });

  it('does not change an admin’s role: the setting does', async () => {
    expect(await first(bot, bot.users.supervisor, '/role @管理员 客服')).toContain('FLOORWALKER_ADMINS');
    expect(await first(bot, bot.users.supervisor, '/role @管理员 主管')).toContain('已经是主管');
    expect(await roleOf(bot, ADMIN)).toBe('agent');
  });

  // Feishu only: DingTalk names no group owner: the helper's first member is itself an admin there.
  it.skipIf(platform === 'dingtalk')(
    'lets the last non-admin supervisor step down while an admin supervises',
    async () => {
      expect(await first(bot, admin, '/role @王主管 组长')).toContain('从主管改为组长');
      expect(await roleOf(bot, bot.users.supervisor.openId)).toBe('leader');
    },
  );
});

describe.each(PLATFORMS)('/setup with a feature that has a schedule (%s)', (platform) => {
  const probe = defineFeature({
    name: 'probe',
    schedules: {
      'probe.morning': {
        description: { 'zh-CN': '晨检', en: 'Morning check' },
        time: '08:30',
        weekdays: [1, 2, 3, 4, 5],
        catchUpMinutes: 60,
        run: async () => {},
      },
    },
  });
  let bot: Bot;
  beforeAll(async () => {
    bot = await startBot({ platform, app: appWith(probe) });
  });
  afterAll(() => bot.close());

  const pendingSlot = async () =>
    (
      await query<{ payload: { slot: string } }>(
        bot.deps.db,
        // The probe's own: the app's features (the digests) have schedules too.
        sql`select payload from timers where kind = 'schedule' and payload->>'key' = 'probe.morning' and done_at is null and cancelled_at is null`,
      )
    ).map((r) => r.payload.slot);

  it('shows the team’s schedules, and a zone change moves their next run to the new local time', async () => {
    expect(await first(bot, bot.users.supervisor, '/setup')).toContain('晨检：周一至周五 08:30');
    const [before] = await pendingSlot();
    expect(
      new Date(before!).toLocaleTimeString('en-GB', { timeZone: 'Asia/Shanghai', hour: '2-digit', minute: '2-digit' }),
    ).toBe('08:30');
    await bot.say(bot.users.supervisor, '@floorwalker /setup timezone America/New_York');
    const after = await pendingSlot();
    expect(after).toHaveLength(1);
    expect(
      new Date(after[0]!).toLocaleTimeString('en-GB', {
        timeZone: 'America/New_York',
        hour: '2-digit',
        minute: '2-digit',
      }),
    ).toBe('08:30');
  });
});
