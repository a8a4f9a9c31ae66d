import { z } from 'zod';
import { defineCommand, defineSubcommand } from '../src/core/command-def';
import type { CommandContext } from '../src/core/context';
import { card, divider, interactive, markdown, note } from '../src/cards/card';
import { oneOffWindow } from '../src/features/duty/rules';
import { parseClock, parseDate, parseWeekdays, type LocalDate } from '../src/features/duty/spec';
import { formatLocal, localToday } from '../src/domain/local-time';
import {
  activeShifts,
  addShift,
  endStanding,
  loadRules,
  removeShift,
  setStanding,
  teamPeople,
  type NewShift,
} from '../src/features/duty/roster';
import { dutyStatus, dutyTimeline, gapLines, peopleText, shiftLine, sourceText } from '../src/features/duty/view';

const TX = {
  title: { 'zh-CN': '值班', en: 'On duty' },
  now: { 'zh-CN': '**现在值班**：{people}　{source}', en: '**On duty now**: {people} · {source}' },
  nobodyNow: {
    'zh-CN': '**现在没有人值班**：店铺异常会直接电话主管。',
    en: '**Nobody is on duty now**: store anomalies go straight to the supervisors.',
  },
  until: { 'zh-CN': '**下次换班**：{at} → {people}', en: '**Next change**: {at} → {people}' },
  untilNobody: { 'zh-CN': '**下次换班**：{at} 之后无人值班', en: '**Next change**: nobody from {at}' },
  noChange: { 'zh-CN': '未来 7 天没有换班。', en: 'No change in the next 7 days.' },
  covered: {
    'zh-CN': '✅ 未来 24 小时都有人值班，且都能加急。',
    en: '✅ The next 24 h are covered by people the bot can buzz.',
  },
  howTo: {
    'zh-CN': '主管/组长：/duty set @主值班 [@备份]　/duty add @某人 09:00 18:00 每天 [备份 @某人]　/duty list',
    en: 'Supervisors/leaders: /duty set @primary [@backup] · /duty add @someone 09:00 18:00 daily [backup @someone] · /duty list',
  },
  setDone: {
    'zh-CN': '已设置：从现在起由 {people}值班，直到更改。',
    en: 'Done: {people} on duty from now until changed.',
  },
  setOverridesRota: {
    'zh-CN': '注意：手动指定优先于排班表；发送 /duty clear 恢复按排班值班。',
    en: 'Note: this overrides the rota; send /duty clear to go back to the rota.',
  },
  added: { 'zh-CN': '已添加 {line}', en: 'Added {line}' },
  addedOnce: {
    'zh-CN': '已添加临时替班（这段时间优先于排班）：{line}',
    en: 'Added a one-off shift (it beats the rota for its window): {line}',
  },
  standingStillWins: {
    'zh-CN': '注意：目前有 /duty set 手动指定的值班，它优先于排班；发送 /duty clear 让排班生效。',
    en: 'Note: a /duty set is in force and beats the rota; send /duty clear to let the rota apply.',
  },
  removed: { 'zh-CN': '已删除 #{id}。', en: 'Removed #{id}.' },
  notFound: {
    'zh-CN': '没有找到排班 #{id}。/duty list 可以看到编号。',
    en: 'There is no shift #{id}. /duty list shows the numbers.',
  },
  cleared: { 'zh-CN': '已取消手动指定，恢复按排班值班。', en: 'The hand-set duty is cleared; the rota applies again.' },
  nothingToClear: { 'zh-CN': '目前没有手动指定的值班。', en: 'Nothing was set by hand.' },
  listTitle: { 'zh-CN': '未来 7 天值班', en: 'On duty, next 7 days' },
  shiftsTitle: { 'zh-CN': '**排班表**', en: '**Roster**' },
  noShifts: { 'zh-CN': '还没有排班。', en: 'No shifts yet.' },
  badDate: { 'zh-CN': '日期「{word}」不存在。', en: 'The date "{word}" does not exist.' },
  zone: { 'zh-CN': '时区：{zone}', en: 'Time zone: {zone}' },
};

const person = z.object({ openId: z.string(), name: z.string() });
const BACKUP_WORDS = new Set(['backup', 'bk', '备份', '备班', '副班']);

const clock = z
  .string({ message: '缺少时间，例如 09:00|a time is missing, e.g. 09:00' })
  .transform((w) => parseClock(w))
  .refine((m): m is number => m !== undefined, { message: '时间写成 09:00 或 9点半|write times like 09:00' });

/** The words after start/end: a repeat (每天, 工作日, mon,wed), or a date (12-01, 明天), and "备份". */
const whenWords = z
  .string()
  .optional()
  .transform((s, ctx) => {
    let weekdays: number[] | undefined;
    let dateWord: string | undefined;
    let backupWord = false;
    for (const w of (s ?? '').split(/\s+/).filter(Boolean)) {
      if (BACKUP_WORDS.has(w.toLowerCase())) backupWord = true;
      else if (!weekdays && parseWeekdays(w)) weekdays = parseWeekdays(w);
      else if (!dateWord && parseDate(w, { year: 2000, month: 1, day: 1 })) dateWord = w;
      else {
        ctx.addIssue({
          code: 'custom',
          message: `看不懂「${w}」：重复写 每天/工作日/周末/周一,周三，日期写 12-01 或 明天，备份写「备份 @某人」|"${w}" is not a repeat (daily, weekdays, mon,wed), a date (12-01, tomorrow) or "backup @someone"`,
        });
        return z.NEVER;
      }
    }
    if (weekdays && dateWord) {
      ctx.addIssue({ code: 'custom', message: '重复的排班不需要日期|a repeating shift takes no date' });
      return z.NEVER;
    }
    return { weekdays, dateWord, backupWord };
  });

const roster = ['leader'] as const;

async function showDuty(ctx: CommandContext): Promise<void> {
  const { team, now, locale } = ctx;
  const [rules, people] = await Promise.all([loadRules(ctx.deps.db, team.id), teamPeople(ctx.deps, team.id)]);
  const status = dutyStatus(rules, now, team.timeZone, people.canBuzz);
  const lines: string[] = [];
  lines.push(
    status.now
      ? ctx.t(TX.now, { people: peopleText(locale, people.names, status.now), source: sourceText(locale, status.now) })
      : ctx.t(TX.nobodyNow),
  );
  if (!status.next) lines.push(ctx.t(TX.noChange));
  else if (status.next.duty)
    lines.push(
      ctx.t(TX.until, {
        at: formatLocal(status.next.at, team.timeZone, locale, now),
        people: peopleText(locale, people.names, status.next.duty),
      }),
    );
  else lines.push(ctx.t(TX.untilNobody, { at: formatLocal(status.next.at, team.timeZone, locale, now) }));
  const gaps = gapLines(locale, team.timeZone, now, people.names, status.gaps);
  const color = !status.now ? 'red' : gaps.length ? 'orange' : 'green';
  await ctx.reply(
    interactive(
      card({
        title: ctx.t(TX.title),
        color,
        elements: [
          markdown(lines.join('\n')),
          divider(),
          markdown(gaps.length ? gaps.join('\n') : ctx.t(TX.covered)),
          note(`${ctx.t(TX.howTo)}\n${ctx.t(TX.zone, { zone: team.timeZone })}`),
        ],
      }),
    ),
  );
}

export const duty = defineCommand({
  name: 'duty',
  aliases: ['值班'],
  description: {
    'zh-CN': '谁在值班（主值班和备份）、换班、排班表',
    en: 'Who is on duty (primary and backup), next change, the roster',
  },
  subcommands: [
    defineSubcommand({
      name: null,
      description: {
        'zh-CN': '现在谁值班、下次换班，以及未来 24 小时的空档',
        en: 'Who is on duty now, the next change, and gaps in the next 24 h',
      },
      example: '/duty',
      args: z.object({}),
      run: (ctx) => showDuty(ctx),
    }),
    defineSubcommand({
      name: 'set',
      aliases: ['设置', '指定'],
      description: {
        'zh-CN': '从现在起由某人值班（可带备份），直到更改',
        en: 'Put someone on duty from now until changed (optionally a backup)',
      },
      usageTail: { 'zh-CN': '@主值班 [@备份]', en: '@primary [@backup]' },
      example: '/duty set @王主管 @李组长',
      roles: [...roster],
      args: z.object({
        mentions: z
          .array(person)
          .min(1, { message: '请 @ 主值班（可再 @ 一位备份）|mention the primary (and optionally a backup)' })
          .max(2, { message: '最多 @ 两个人：主值班和备份|mention at most two people: primary and backup' }),
      }),
      run: async (ctx, args) => {
        const [primary, backup] = args.mentions;
        const people = {
          primary: primary!.openId,
          ...(backup && backup.openId !== primary!.openId ? { backup: backup.openId } : {}),
        };
        await setStanding(ctx.deps.db, ctx.team.id, people, ctx.caller.openId, ctx.now);
        const shifts = await activeShifts(ctx.deps.db, ctx.team.id);
        const names = new Map(args.mentions.map((m) => [m.openId, m.name]));
        const lines = [ctx.t(TX.setDone, { people: peopleText(ctx.locale, names, people) })];
        if (shifts.some((s) => s.kind === 'weekly')) lines.push(ctx.t(TX.setOverridesRota));
        await ctx.reply(lines.join('\n'));
      },
    }),
    defineSubcommand({
      name: 'add',
      aliases: ['添加', '排班'],
      description: {
        'zh-CN': '排班：每天/工作日/周几重复，或某天一次（临时替班，优先于排班）；可跨午夜',
        en: 'A shift: repeating daily/on weekdays, or once on a date (an override that beats the rota); may cross midnight',
      },
      params: [
        { key: 'start', label: { 'zh-CN': '开始', en: 'start' } },
        { key: 'end', label: { 'zh-CN': '结束', en: 'end' } },
        {
          key: 'when',
          label: { 'zh-CN': '每天|工作日|周一,周三|日期', en: 'daily|weekdays|mon,wed|date' },
          optional: true,
          rest: true,
        },
      ],
      usageTail: {
        'zh-CN': '（先 @值班人；备份写「备份 @某人」）',
        en: '(mention the person first; "backup @someone" for a backup)',
      },
      example: '/duty add @王主管 21:00 09:00 每天 备份 @李组长',
      roles: [...roster],
      args: z.object({ mentions: z.array(person), start: clock, end: clock, when: whenWords }).superRefine((a, ctx) => {
        if (a.mentions.length === 0)
          ctx.addIssue({ code: 'custom', path: ['mentions'], message: '请先 @ 值班的人|mention the person on duty' });
        else if (a.mentions.length > 2)
          ctx.addIssue({
            code: 'custom',
            path: ['mentions'],
            message: '最多 @ 两个人：值班和备份|mention at most two people',
          });
        else if (a.when.backupWord && a.mentions.length < 2)
          ctx.addIssue({
            code: 'custom',
            path: ['when'],
            message: '「备份」后面要 @ 一个人|"backup" needs an @mention after it',
          });
      }),
      run: async (ctx, args) => {
        const [primary, backup] = args.mentions;
        const people = {
          primary: primary!.openId,
          ...(backup && backup.openId !== primary!.openId ? { backup: backup.openId } : {}),
        };
        const names = new Map(args.mentions.map((m) => [m.openId, m.name]));
        let shift: NewShift;
        if (args.when.weekdays) {
          shift = { kind: 'weekly', startMinute: args.start, endMinute: args.end, weekdays: args.when.weekdays };
        } else {
          let date: LocalDate | undefined;
          if (args.when.dateWord) {
            date = parseDate(args.when.dateWord, localToday(ctx.now, ctx.team.timeZone));
            if (!date) return ctx.reply(ctx.t(TX.badDate, { word: args.when.dateWord }));
          }
          const w = oneOffWindow(args.start, args.end, ctx.now, ctx.team.timeZone, date);
          shift = { kind: 'once', startsAt: w.from, endsAt: w.to };
        }
        const row = await addShift(ctx.deps.db, ctx.team.id, people, shift, ctx.caller.openId, ctx.now);
        const line = shiftLine(ctx.locale, ctx.team.timeZone, ctx.now, names, row);
        const lines = [ctx.t(shift.kind === 'once' ? TX.addedOnce : TX.added, { line })];
        const shifts = await activeShifts(ctx.deps.db, ctx.team.id);
        if (shift.kind === 'weekly' && shifts.some((s) => s.kind === 'standing' && (!s.endsAt || s.endsAt > ctx.now)))
          lines.push(ctx.t(TX.standingStillWins));
        await ctx.reply(lines.join('\n'));
      },
    }),
    defineSubcommand({
      name: 'list',
      aliases: ['列表', '排班表'],
      description: {
        'zh-CN': '未来 7 天谁值班，以及排班表',
        en: 'Who is on duty over the next 7 days, and the roster',
      },
      example: '/duty list',
      args: z.object({}),
      run: async (ctx) => {
        const { team, now, locale } = ctx;
        const [rules, people, shifts] = await Promise.all([
          loadRules(ctx.deps.db, team.id),
          teamPeople(ctx.deps, team.id),
          activeShifts(ctx.deps.db, team.id),
        ]);
        const segments = dutyTimeline(rules, now, new Date(now.getTime() + 7 * 86_400_000), team.timeZone);
        const timeline = segments.map(
          (s) =>
            `${formatLocal(s.from, team.timeZone, locale, now)} – ${formatLocal(s.to, team.timeZone, locale, now)}　${s.duty ? peopleText(locale, people.names, s.duty) : '⚠️ ' + ctx.t({ 'zh-CN': '无人值班', en: 'nobody' })}`,
        );
        // Ended one-offs and ended /duty set rows are history, not roster.
        const live = shifts.filter((s) => s.kind === 'weekly' || !s.endsAt || s.endsAt > now);
        await ctx.reply(
          interactive(
            card({
              title: ctx.t(TX.listTitle),
              color: 'blue',
              elements: [
                markdown(timeline.slice(0, 60).join('\n')),
                divider(),
                markdown(
                  [
                    ctx.t(TX.shiftsTitle),
                    ...(live.length
                      ? live.map((s) => shiftLine(locale, team.timeZone, now, people.names, s))
                      : [ctx.t(TX.noShifts)]),
                  ].join('\n'),
                ),
                note(
                  `${ctx.t({ 'zh-CN': '删除：/duty remove <编号>', en: 'Remove: /duty remove <number>' })}　${ctx.t(TX.zone, { zone: team.timeZone })}`,
                ),
              ],
            }),
          ),
        );
      },
    }),
    defineSubcommand({
      name: 'remove',
      aliases: ['删除', 'rm'],
      description: { 'zh-CN': '删除一条排班', en: 'Remove a shift' },
      params: [{ key: 'id', label: { 'zh-CN': '编号', en: 'number' } }],
      example: '/duty remove 3',
      roles: [...roster],
      args: z.object({
        id: z
          .string({ message: '缺少排班编号（/duty list 可以看到）|the shift number is missing (see /duty list)' })
          .regex(/^#?\d+$/, { message: '编号是数字，例如 3|the number is a number, e.g. 3' })
          .transform((s) => Number(s.replace('#', ''))),
      }),
      run: async (ctx, args) => {
        const row = await removeShift(ctx.deps.db, ctx.team.id, args.id, ctx.now);
        await ctx.reply(ctx.t(row ? TX.removed : TX.notFound, { id: args.id }));
      },
    }),
    defineSubcommand({
      name: 'clear',
      aliases: ['取消', '恢复'],
      description: {
        'zh-CN': '取消 /duty set 的手动指定，恢复按排班值班',
        en: 'End the hand-set duty; the rota applies again',
      },
      example: '/duty clear',
      roles: [...roster],
      args: z.object({}),
      run: async (ctx) => {
        const n = await endStanding(ctx.deps.db, ctx.team.id, ctx.now);
        await ctx.reply(ctx.t(n ? TX.cleared : TX.nothingToClear));
      },
    }),
  ],
});
