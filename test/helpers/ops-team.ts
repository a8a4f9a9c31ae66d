/**
 * The bot's group set up for alert tests: the clock at `at`, these stores, 李组长 a leader,
 * 运营小张 the team's ops, and a data-API token — with `tick` (move the clock, run what is due)
 * and `postJson` (a data-API call with the token).
 */
import { issueToken } from '../../src/core/api-tokens';
import { findTeam } from '../../src/core/teams';
import { startBot, type Platform } from './bot';

/** On `o.platform` (default Feishu). */
export async function startOpsTeam(o: { at: Date; stores: string[]; platform?: Platform }) {
  const bot = await startBot({ platform: o.platform ?? 'feishu', at: o.at });
  for (const s of o.stores) await bot.say(bot.users.supervisor, `/store add ${s}`);
  await bot.say(bot.users.supervisor, '/role @李组长 组长');
  await bot.say(bot.users.supervisor, '/role @运营小张 运营');
  const team = (await findTeam(bot.deps.db, {
    platform: bot.platform,
    tenantKey: bot.emulator.tenantKey,
    chatId: bot.chat.chatId,
  }))!;
  const token = (await issueToken(bot.deps.db, team.id, bot.users.supervisor.openId, bot.deps.clock.now())).token;
  return {
    bot,
    teamId: team.id,
    token,
    /** Moves the clock and runs what became due. */
    async tick(ms: number) {
      bot.deps.clock.advance(ms);
      await bot.settle();
    },
    postJson: (path: string, body: unknown) =>
      bot.app.request(path, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      }),
  };
}
