/**
 * /export as the chat runs it: checks the words, then leaves a timer to make the file (build.ts),
 * keyed by the command's event — a replayed event schedules nothing new.
 */
import type { CommandContext } from '../../core/context';
import { scheduleTimer } from '../../core/timers';
import { t } from '../../i18n';
import { findKind, kindList } from './context';
import { BUILD_TIMER, type BuildPayload } from './build';
import { lastDays, parseChatPeriod } from './period';
import { EX } from './texts';

export async function startExport(ctx: CommandContext, args: { kind?: string; period?: string }): Promise<void> {
  const kinds = ctx.deps.app.exports;
  const list = kindList(kinds);
  const usage = ctx.t(EX.usage, { kinds: list });
  if (!args.kind) return ctx.reply(usage);
  const found = findKind(kinds, args.kind);
  if (!found.ok)
    return ctx.reply(
      found.why === 'mood'
        ? ctx.t(EX.mood, { kinds: list })
        : [ctx.t(EX.unknownKind, { word: args.kind, kinds: list }), usage].join('\n'),
    );
  const days = parseChatPeriod(args.period);
  if (days === undefined) return ctx.reply([ctx.t(EX.badPeriod, { word: args.period ?? '' }), usage].join('\n'));
  const range = lastDays(days, ctx.now, ctx.team.timeZone);
  const payload: BuildPayload = {
    kind: found.kind.kind,
    fromDay: range.fromDay,
    toDay: range.toDay,
    openId: ctx.caller.openId,
  };
  await scheduleTimer(
    ctx.deps.db,
    {
      teamId: ctx.team.id,
      kind: BUILD_TIMER,
      ref: `export:${ctx.event.id}`,
      dueAt: ctx.now,
      payload: payload as unknown as Record<string, unknown>,
    },
    ctx.now,
  );
  const words = { title: t(ctx.locale, found.kind.title), from: range.fromDay, to: range.toDay };
  await ctx.reply(ctx.t(ctx.event.chatType === 'group' ? EX.workingPrivately : EX.working, words));
  ctx.deps.wake();
}
