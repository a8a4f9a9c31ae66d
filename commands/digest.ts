import { z } from 'zod';
import { defineCommand, defineSubcommand } from '../src/core/command-def';
import { interactive } from '../src/cards/card';
import { buildDigest } from '../src/features/digest/build';
import { digestTimesText, setDigestTime } from '../src/features/digest/settings';
import { parseWeekdays } from '../src/features/duty/spec';

const PERIODS: Record<string, 'daily' | 'weekly'> = {
  yesterday: 'daily',
  昨天: 'daily',
  日报: 'daily',
  day: 'daily',
  week: 'weekly',
  weekly: 'weekly',
  本周: 'weekly',
  上周: 'weekly',
  周报: 'weekly',
  '7d': 'weekly',
};

const time = z.string({
  message: '缺少时间，例如 09:00（或 off 关闭）|a time is missing, e.g. 09:00 (or off)',
});

export const digest = defineCommand({
  name: 'digest',
  aliases: ['日报'],
  description: {
    'zh-CN': '日报（每天 09:00）和周报（周一 09:30）：现在看一份，或改发送时间',
    en: 'The morning digest (daily 09:00) and weekly report (Mondays 09:30): see one now, or change when they go out',
  },
  subcommands: [
    defineSubcommand({
      name: null,
      description: {
        'zh-CN': '现在看日报（昨天，默认）或周报（week：最近 7 天对比前 7 天）',
        en: "See the digest now: yesterday's (default) or the week's (week: the last 7 days against the 7 before)",
      },
      params: [{ key: 'period', label: { 'zh-CN': 'yesterday|week', en: 'yesterday|week' }, optional: true }],
      example: '/digest week',
      args: z.object({
        period: z
          .string()
          .optional()
          .refine((w) => w === undefined || PERIODS[w.toLowerCase()] !== undefined, {
            message: '时段写 yesterday（昨天）或 week（本周）|the period is yesterday or week',
          }),
      }),
      run: async (ctx, args) => {
        const kind = args.period ? PERIODS[args.period.toLowerCase()]! : 'daily';
        const fitted = await buildDigest(ctx.deps, ctx.team, kind, ctx.now);
        await ctx.reply(interactive(fitted.card));
      },
    }),
    defineSubcommand({
      name: 'time',
      aliases: ['时间'],
      description: {
        'zh-CN': '日报每天几点发（团队时区；off 关闭）；不带时间则显示当前设置',
        en: 'When the morning digest goes out each day (team time zone; off to stop); without a time, the current settings',
      },
      params: [{ key: 'time', label: { 'zh-CN': 'HH:MM|off', en: 'HH:MM|off' }, optional: true }],
      example: '/digest time 09:00',
      roles: ['leader'],
      args: z.object({ time: time.optional() }),
      run: async (ctx, args) => {
        if (args.time === undefined) return ctx.reply(await digestTimesText(ctx.deps, ctx.team));
        await ctx.reply(
          await setDigestTime(ctx.deps, ctx.team, { kind: 'daily', time: args.time, by: ctx.caller.openId }),
        );
      },
    }),
    defineSubcommand({
      name: 'weekly',
      aliases: ['周报时间'],
      description: {
        'zh-CN': '周报每周哪天几点发（例如 mon 09:30；off 关闭）',
        en: 'Which day and time the weekly report goes out (e.g. mon 09:30; off to stop)',
      },
      params: [
        { key: 'day', label: { 'zh-CN': '周几', en: 'weekday' } },
        { key: 'time', label: { 'zh-CN': 'HH:MM', en: 'HH:MM' }, optional: true },
      ],
      example: '/digest weekly mon 09:30',
      roles: ['leader'],
      args: z
        .object({
          day: z.string({ message: '缺少周几，例如 mon 或 周一|the weekday is missing, e.g. mon' }),
          time: z.string().optional(),
        })
        .superRefine((a, c) => {
          if (['off', '关闭', '关'].includes(a.day.toLowerCase())) return;
          if (!parseWeekdays(a.day))
            c.addIssue({
              code: 'custom',
              path: ['day'],
              message: `「${a.day}」不是周几：写 mon、周一 或 mon,thu|"${a.day}" is not a weekday: write mon, 周一 or mon,thu`,
            });
          if (a.time === undefined)
            c.addIssue({
              code: 'custom',
              path: ['time'],
              message: '缺少时间，例如 09:30|a time is missing, e.g. 09:30',
            });
        }),
      run: async (ctx, args) => {
        const off = ['off', '关闭', '关'].includes(args.day.toLowerCase());
        await ctx.reply(
          await setDigestTime(ctx.deps, ctx.team, {
            kind: 'weekly',
            time: off ? 'off' : args.time!,
            ...(off ? {} : { weekdays: parseWeekdays(args.day)! }),
            by: ctx.caller.openId,
          }),
        );
      },
    }),
  ],
});
