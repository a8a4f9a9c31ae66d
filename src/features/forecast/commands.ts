/** What /forecast and /calendar do (the thin command files in commands/ parse the words). */
import { card, divider, interactive, markdown, note } from '../../cards/card';
import type { CommandContext } from '../../core/context';
import { weekdayName } from '../../domain/local-time';
import {
  addDays,
  builtinPromo,
  parseDay,
  parseMultiplier,
  promosBetween,
  weekdayOf,
  type PromoDay,
} from './calendar-rules';
import { capacityOf, deleteCalendarDay, putCalendarDay, setCapacity, teamCalendar } from './repo';
import { localDay, MAX_AHEAD_DAYS, teamForecast } from './service';
import { FX } from './texts';
import { forecastCardElements } from './view';

/** How far /calendar looks ahead. */
const LIST_DAYS = 90;
/** Days may be marked this far back (to keep past promotions out of the baseline) and ahead. */
const MARK_RANGE_DAYS = 731;

const weekday = (ctx: CommandContext, day: string) => weekdayName(weekdayOf(day), ctx.locale);

/** `/forecast [date]`: the day's hourly forecast and staffing as a card (default tomorrow). */
export async function showForecast(ctx: CommandContext, word: string | undefined): Promise<void> {
  const today = localDay(ctx.now, ctx.team.timeZone);
  const day = word === undefined ? addDays(today, 1) : parseDay(word, today);
  if (!day) return ctx.reply(ctx.t(FX.badDay, { word: word! }));
  if (day <= today) return ctx.reply(ctx.t(FX.pastDay, { day, max: MAX_AHEAD_DAYS }));
  if (day > addDays(today, MAX_AHEAD_DAYS)) return ctx.reply(ctx.t(FX.farDay, { day, max: MAX_AHEAD_DAYS }));
  const view = await teamForecast(ctx.deps, ctx.team, day, ctx.now);
  await ctx.reply(
    interactive(
      card({
        title: ctx.t(FX.cardTitle, { day: day.slice(5), weekday: weekday(ctx, day) }),
        color: view.forecast.ok ? 'blue' : 'grey',
        elements: forecastCardElements(view, ctx.locale),
      }),
    ),
  );
}

/** `/forecast capacity [n]`: shows or sets the consults one agent handles in an hour. */
export async function capacityCommand(ctx: CommandContext, n: number | undefined): Promise<void> {
  if (n === undefined)
    return ctx.reply(ctx.t(FX.capacityNow, { capacity: await capacityOf(ctx.deps.db, ctx.team.id) }));
  await setCapacity(ctx.deps.db, ctx.team.id, n, ctx.caller.openId, ctx.now);
  await ctx.reply(ctx.t(FX.capacitySet, { capacity: n }));
}

function calLine(ctx: CommandContext, p: PromoDay, off = false): string {
  return ctx.t(FX.calLine, {
    day: p.day,
    weekday: weekday(ctx, p.day),
    name: p.name,
    multiplier: p.multiplier,
    source: ctx.t(off ? FX.calOff : p.source === 'team' ? FX.calTeam : FX.calBuiltin),
  });
}

/** `/calendar`: the promotions of the next 90 days, built-in and the team's. */
export async function listCalendar(ctx: CommandContext): Promise<void> {
  const today = localDay(ctx.now, ctx.team.timeZone);
  const to = addDays(today, LIST_DAYS);
  const team = await teamCalendar(ctx.deps.db, ctx.team.id);
  const lines = promosBetween(today, to, team).map((p) => calLine(ctx, p));
  // The built-in days the team switched off, so they can be switched on again.
  for (const d of team.values())
    if (d.multiplier === 1 && d.day >= today && d.day <= to && builtinPromo(d.day))
      lines.push(calLine(ctx, { ...d, source: 'team' }, true));
  lines.sort();
  const past = [...team.values()].filter((d) => d.day < today && d.multiplier !== 1).length;
  await ctx.reply(
    interactive(
      card({
        title: ctx.t(FX.calTitle, { days: LIST_DAYS }),
        color: 'blue',
        elements: [
          markdown(lines.length ? lines.join('\n') : ctx.t(FX.calNone, { days: LIST_DAYS })),
          divider(),
          note([...(past ? [ctx.t(FX.calPast, { n: past })] : []), ctx.t(FX.calHowTo)].join('\n')),
        ],
      }),
    ),
  );
}

/** The date of /calendar add|remove, or the message saying why not. */
function markDay(ctx: CommandContext, word: string): { day: string } | { error: string } {
  const today = localDay(ctx.now, ctx.team.timeZone);
  const day = parseDay(word, today);
  if (!day) return { error: ctx.t(FX.badDay, { word }) };
  if (day < addDays(today, -MARK_RANGE_DAYS) || day > addDays(today, MARK_RANGE_DAYS))
    return { error: ctx.t(FX.calFar, { day }) };
  return { day };
}

/** `/calendar add <date> <name> [x<multiplier>]`: the last word is the multiplier when it reads as one. */
export async function addCalendarDay(ctx: CommandContext, dayWord: string, rest: string): Promise<void> {
  const at = markDay(ctx, dayWord);
  if ('error' in at) return ctx.reply(at.error);
  const { day } = at;
  const words = rest.split(/\s+/).filter(Boolean);
  const last = words.at(-1);
  let multiplier = last !== undefined && words.length > 1 ? parseMultiplier(last) : undefined;
  if (multiplier !== undefined) words.pop();
  else if (last !== undefined && /^[x×*]/i.test(last.normalize('NFKC')) && words.length > 1)
    return ctx.reply(ctx.t(FX.calBadMultiplier, { word: last }));
  const name = words.join(' ').slice(0, 40);
  // "/calendar add 11-30 x2": a multiplier, but no name.
  if (!name || (words.length === 1 && /^[x×*]/i.test(name.normalize('NFKC')) && parseMultiplier(name)))
    return ctx.reply(ctx.t(FX.calNeedName));
  const builtin = builtinPromo(day);
  multiplier ??= builtin?.multiplier;
  if (multiplier === undefined) return ctx.reply(ctx.t(FX.calNeedMultiplier, { day, name }));
  await putCalendarDay(ctx.deps.db, ctx.team.id, { day, name, multiplier }, ctx.caller.openId, ctx.now);
  await ctx.reply(ctx.t(FX.calAdded, { day, weekday: weekday(ctx, day), name, multiplier }));
}

/**
 * `/calendar remove <date>`: forgets the team's mark; on a built-in promotion's day with no mark,
 * stores ×1 so the team's forecast treats it as an ordinary day. Removing twice acts once.
 */
export async function removeCalendarDay(ctx: CommandContext, dayWord: string): Promise<void> {
  const at = markDay(ctx, dayWord);
  if ('error' in at) return ctx.reply(at.error);
  const { day } = at;
  const builtin = builtinPromo(day);
  const team = await teamCalendar(ctx.deps.db, ctx.team.id);
  const own = team.get(day);
  if (own && !(builtin && own.multiplier === 1)) {
    await deleteCalendarDay(ctx.deps.db, ctx.team.id, day);
    return ctx.reply(
      builtin
        ? ctx.t(FX.calRemovedBuiltinBack, { day, name: builtin.name, multiplier: builtin.multiplier })
        : ctx.t(FX.calRemoved, { day }),
    );
  }
  if (!builtin) return ctx.reply(ctx.t(FX.calNotFound, { day }));
  await putCalendarDay(
    ctx.deps.db,
    ctx.team.id,
    { day, name: builtin.name, multiplier: 1 },
    ctx.caller.openId,
    ctx.now,
  );
  await ctx.reply(ctx.t(FX.calBuiltinOff, { day, name: builtin.name, multiplier: builtin.multiplier }));
}
