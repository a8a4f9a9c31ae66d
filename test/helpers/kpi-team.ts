/**
 * The KPI tests' team: the bot's group on 2026-12-01 10:00 in Shanghai ("yesterday" is 2026-11-30)
 * with 天猫旗舰店 and 京东自营店, and 李组长 a leader.
 */
import { findTeam } from '../../src/core/teams';
import { startBot, type AnyBot, type Platform } from './bot';

export type KpiBot = AnyBot;

/** On `platform` (default Feishu). */
export async function startKpiTeam(platform: Platform = 'feishu'): Promise<{ bot: AnyBot; teamId: number }> {
  const bot = await startBot({ platform, at: new Date('2026-12-01T02:00:00Z') });
  await bot.say(bot.users.supervisor, '/store add 天猫旗舰店');
  await bot.say(bot.users.supervisor, '/store add 京东自营店');
  await bot.say(bot.users.supervisor, '@floorwalker /role @李组长 组长');
  const team = await findTeam(bot.deps.db, {
    platform: bot.platform,
    tenantKey: bot.emulator.tenantKey,
    chatId: bot.chat.chatId,
  });
  return { bot, teamId: team!.id };
}
