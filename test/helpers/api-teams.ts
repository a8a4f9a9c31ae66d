/**
 * Two teams for data-API tests: the bot's group with 天猫旗舰店 and 京东自营店, and a second group
 * whose one store has the same name as the first team's — so a test can show that each token
 * reaches only its own team's data.
 */
import { issueToken } from '../../src/core/api-tokens';
import { findTeam } from '../../src/core/teams';
import { startBot, type AnyBot, type BotOn, type Platform } from './bot';

export type ApiBot = AnyBot;

/** On `platform` (default Feishu). */
export async function startApiTeams<P extends Platform = 'feishu'>(platform?: P) {
  const started: AnyBot = await startBot({ platform: platform ?? 'feishu' });
  const bot = started as BotOn<P>;
  const teamOf = async (chatId: string) =>
    (await findTeam(bot.deps.db, { platform: bot.platform, tenantKey: bot.emulator.tenantKey, chatId }))!;
  const tokenOf = async (teamId: number) =>
    (await issueToken(bot.deps.db, teamId, bot.users.supervisor.openId, bot.deps.clock.now())).token;
  await bot.say(bot.users.supervisor, '/store add 天猫旗舰店');
  await bot.say(bot.users.supervisor, '/store add 京东自营店');
  const team = await teamOf(bot.chat.chatId);
  const second =
    bot.platform === 'feishu'
      ? bot.emulator.addChat({
          name: '客服二组',
          memberOpenIds: [bot.users.supervisor.openId],
          ownerOpenId: bot.users.supervisor.openId,
        })
      : // DingTalk names no owner: the supervisor is an admin (FLOORWALKER_ADMINS) in every group.
        bot.emulator.addChat({ name: '客服二组', memberOpenIds: [bot.users.supervisor.openId] });
  await bot.say(bot.users.supervisor, '/store add 天猫旗舰店', second.chatId);
  const team2 = await teamOf(second.chatId);
  return {
    bot,
    teamId: team.id,
    token: await tokenOf(team.id),
    otherTeamId: team2.id,
    other: await tokenOf(team2.id),
  };
}
