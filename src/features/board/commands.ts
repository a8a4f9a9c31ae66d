/** /board and /board rotate: the link goes to the supervisor privately; the group only hears that it went. */
import type { CommandContext } from '../../core/context';
import { baseUrl } from './routes';
import { BX } from './texts';
import { boardToken, boardUrl, rotateBoardToken } from './tokens';

export async function sendBoardLink(ctx: CommandContext, rotate: boolean): Promise<void> {
  const { db } = ctx.deps;
  const token = rotate
    ? await rotateBoardToken(db, ctx.team.id, ctx.caller.openId, ctx.now)
    : await boardToken(db, ctx.team.id, ctx.caller.openId, ctx.now);
  const url = boardUrl(baseUrl(ctx.deps), ctx.team.id, token);
  const text = ctx.t(BX.link, { team: ctx.team.name || ctx.team.chatId, url });
  await ctx.dm(ctx.caller.openId, rotate ? `${ctx.t(BX.rotated)}\n\n${text}` : text);
  if (ctx.event.chatType === 'group') await ctx.reply(ctx.t(BX.sentPrivately));
}
