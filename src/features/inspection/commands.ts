/** What /inspect does (the command file stays thin): post, confirm by command, settings, history. */
import { DateTime } from 'luxon';
import { interactive } from '../../cards/card';
import { mention } from '../../cards/mention';
import type { CommandContext } from '../../core/context';
import { parseTimeOfDay, formatTimeOfDay } from '../../core/schedule-rules';
import { schedulesOfTeam, setTeamSchedule } from '../../core/schedules';
import { formatLocal } from '../../domain/local-time';
import { parseWeekdays } from '../duty/spec';
import { repeatText } from '../duty/view';
import { markAnswer, mayConfirm } from './actions';
import { historyCard, historyStats } from './history';
import { editItems, MAX_ITEM_NAME, MAX_ITEMS, progress, type ItemDef, type ListEdit } from './items';
import { inspectionOfDay, inspectionsBetween, loadSettings, saveSettings, SCHEDULE_KEY } from './repo';
import { localDay, markItem, postInspection } from './service';
import { IX } from './texts';

/** /inspect alone: today's card now, or where it is. */
export async function inspectNow(ctx: CommandContext): Promise<void> {
  const r = await ctx.deps.db.transaction((tx) => postInspection({ ...ctx.deps, db: tx }, ctx.team, ctx.now));
  ctx.deps.wake();
  if (!r.created) await ctx.reply(ctx.t(IX.alreadyPosted, progress(r.row.items)));
}

/** /inspect <n> ok | problem <note> @owner */
export async function inspectMark(
  ctx: CommandContext,
  args: { n: string; verb: string; note?: string; mentions: { openId: string }[] },
): Promise<void> {
  if (!mayConfirm(ctx.caller.role)) return ctx.reply(ctx.t(IX.notAllowed));
  const row = await inspectionOfDay(ctx.deps.db, ctx.team.id, localDay(ctx.now, ctx.team.timeZone));
  if (!row) return ctx.reply(ctx.t(IX.noInspection));
  const n = Number(args.n);
  const problem = /^(problem|有问题|问题|issue)$/i.test(args.verb);
  if (problem && !args.note?.trim()) return ctx.reply(ctx.t(IX.needNote));
  const c = problem
    ? {
        n,
        state: 'problem' as const,
        note: args.note!.trim().slice(0, 200),
        owner: args.mentions[0]?.openId ?? ctx.caller.openId,
      }
    : { n, state: 'ok' as const };
  const r = await markItem(ctx.deps, ctx.team, row.id, c, ctx.caller.openId, ctx.now);
  await ctx.reply(markAnswer(ctx.t, r, c).toast.content);
}

/** "08:30 deadline 10:00 days mon-fri" (the words after /inspect time). */
export function readTimeWords(
  words: readonly string[],
):
  | { ok: true; time: string; deadline?: number; days?: number[] }
  | { ok: false; problem: 'time' | 'days'; word: string } {
  const [time, ...rest] = words;
  if (!time || parseTimeOfDay(time) === undefined) return { ok: false, problem: 'time', word: time ?? '' };
  let deadline: number | undefined;
  let days: number[] | undefined;
  for (let i = 0; i < rest.length; i++) {
    const w = rest[i]!.toLowerCase();
    const next = rest[i + 1] ?? '';
    if (/^(deadline|截止)$/.test(w)) {
      deadline = parseTimeOfDay(next);
      if (deadline === undefined) return { ok: false, problem: 'time', word: next };
      i++;
    } else if (/^(days|星期|每周)$/.test(w)) {
      days = parseWeekdays(next);
      if (!days) return { ok: false, problem: 'days', word: next };
      i++;
    } else {
      days = parseWeekdays(rest[i]!);
      if (!days) return { ok: false, problem: 'days', word: rest[i]! };
    }
  }
  return { ok: true, time, ...(deadline !== undefined ? { deadline } : {}), ...(days ? { days } : {}) };
}

export async function inspectTime(ctx: CommandContext, words: string[]): Promise<void> {
  if (!words.length) return inspectSettings(ctx);
  const r = readTimeWords(words);
  if (!r.ok) return ctx.reply(ctx.t(r.problem === 'time' ? IX.badTime : IX.badDays, { word: r.word }));
  const settings = await loadSettings(ctx.deps.db, ctx.team.id);
  const deadline = r.deadline ?? settings.deadlineMinute;
  const minute = parseTimeOfDay(r.time)!;
  if (deadline <= minute)
    return ctx.reply(ctx.t(IX.deadlineBefore, { deadline: formatTimeOfDay(deadline), time: formatTimeOfDay(minute) }));
  const set = await setTeamSchedule(
    ctx.deps,
    ctx.team,
    SCHEDULE_KEY,
    { time: r.time, ...(r.days ? { weekdays: r.days } : {}), enabled: true },
    ctx.caller.openId,
  );
  if (!set.ok) return ctx.reply(ctx.t(IX.badTime, { word: r.time }));
  await saveSettings(ctx.deps.db, ctx.team.id, { deadlineMinute: deadline }, ctx.caller.openId, ctx.now);
  await ctx.reply(
    ctx.t(IX.timeSet, {
      time: formatTimeOfDay(set.schedule.minuteOfDay),
      days: repeatText(ctx.locale, [...set.schedule.weekdays]),
      deadline: formatTimeOfDay(deadline),
      next: set.next ? formatLocal(set.next, ctx.team.timeZone, ctx.locale, ctx.now) : '–',
    }),
  );
}

export async function inspectOwner(
  ctx: CommandContext,
  args: { word?: string; mentions: { openId: string; name: string }[] },
) {
  const who = args.mentions[0];
  if (!who) {
    await saveSettings(ctx.deps.db, ctx.team.id, { owner: null }, ctx.caller.openId, ctx.now);
    return ctx.reply(ctx.t(IX.ownerReset));
  }
  await saveSettings(ctx.deps.db, ctx.team.id, { owner: who.openId }, ctx.caller.openId, ctx.now);
  await ctx.reply(ctx.t(IX.ownerSet, { who: mention(who.openId, who.name) }));
}

const itemLines = (items: readonly ItemDef[]) =>
  items.map((it, i) => `${i + 1}. ${it.name}${it.hint ? ` — ${it.hint}` : ''}`).join('\n');

export async function inspectSettings(ctx: CommandContext): Promise<void> {
  const settings = await loadSettings(ctx.deps.db, ctx.team.id);
  const schedule = (await schedulesOfTeam(ctx.deps, ctx.team.id)).find((s) => s.key === SCHEDULE_KEY)!;
  await ctx.reply(
    ctx.t(IX.settings, {
      time: formatTimeOfDay(schedule.minuteOfDay),
      days: schedule.enabled ? repeatText(ctx.locale, [...schedule.weekdays]) : ctx.t(IX.scheduleOff),
      deadline: formatTimeOfDay(settings.deadlineMinute),
      owner: settings.owner ? mention(settings.owner) : ctx.t(IX.ownerDefault),
      n: settings.items.length,
      items: itemLines(settings.items),
    }),
  );
}

/** /inspect items [add <name> [hint] | remove <n> | move <n> <m>] */
export async function inspectItems(ctx: CommandContext, words: string[]): Promise<void> {
  const [op, a, ...rest] = words;
  if (!op) return inspectSettings(ctx);
  const settings = await loadSettings(ctx.deps.db, ctx.team.id);
  const o = op.toLowerCase();
  const edit: ListEdit | undefined = /^(add|添加)$/.test(o)
    ? { op: 'add', name: a ?? '', ...(rest.length ? { hint: rest.join(' ') } : {}) }
    : /^(remove|删除)$/.test(o)
      ? { op: 'remove', n: Number(a) }
      : /^(move|移动)$/.test(o)
        ? { op: 'move', n: Number(a), to: Number(rest[0]) }
        : undefined;
  if (!edit) return ctx.reply(ctx.t(IX.editBad, { why: ctx.t(IX.whyBadNumber, { n: settings.items.length }) }));
  const r = editItems(settings.items, edit);
  if (!r.ok) {
    const why = {
      bad_number: ctx.t(IX.whyBadNumber, { n: settings.items.length }),
      too_many: ctx.t(IX.whyTooMany, { max: MAX_ITEMS }),
      duplicate: ctx.t(IX.whyDuplicate),
      bad_name: ctx.t(IX.whyBadName, { max: MAX_ITEM_NAME }),
      last_item: ctx.t(IX.whyLastItem),
    }[r.why];
    return ctx.reply(ctx.t(IX.editBad, { why }));
  }
  await saveSettings(ctx.deps.db, ctx.team.id, { items: r.items }, ctx.caller.openId, ctx.now);
  await ctx.reply(ctx.t(IX.itemsChanged, { items: itemLines(r.items) }));
}

export async function inspectHistory(ctx: CommandContext, word: string | undefined): Promise<void> {
  const days = word && /^(30d|30天|month)$/i.test(word) ? 30 : 7;
  const today = DateTime.fromJSDate(ctx.now, { zone: ctx.team.timeZone });
  const from = today.minus({ days: days - 1 }).toISODate()!;
  const rows = await inspectionsBetween(ctx.deps.db, ctx.team.id, from, today.toISODate()!);
  if (!rows.length) return ctx.reply(ctx.t(IX.historyNone, { days }));
  await ctx.reply(interactive(historyCard(historyStats(rows, ctx.now), days, ctx.locale)));
}
