import { z } from 'zod';
import { defineCommand, defineSubcommand } from '../src/core/command-def';
import { addCalendarDay, listCalendar, removeCalendarDay } from '../src/features/forecast/commands';

const dayArg = z.string({ message: '缺少日期，例如 2026-11-11|the date is missing, e.g. 2026-11-11' });

export const calendar = defineCommand({
  name: 'calendar',
  aliases: ['日历', '大促'],
  description: {
    'zh-CN': '大促日历：平台大促（双11、618、双12、年货节…）和本组标记的日子，预测按倍数算',
    en: 'Promotion calendar: platform promotions (双11, 618, 双12, 年货节…) and the team’s own days, with multipliers',
  },
  subcommands: [
    defineSubcommand({
      name: null,
      description: { 'zh-CN': '未来 90 天的大促', en: 'Promotions in the next 90 days' },
      example: '/calendar',
      args: z.object({}),
      run: (ctx) => listCalendar(ctx),
    }),
    defineSubcommand({
      name: 'add',
      aliases: ['添加', '标记'],
      description: {
        'zh-CN': '标记一天（或改平台大促的倍数）：这天按平常的 N 倍预测',
        en: 'Mark a day (or change a platform promotion’s multiplier): forecast at N× an ordinary day',
      },
      params: [
        { key: 'day', label: { 'zh-CN': '日期', en: 'date' } },
        { key: 'what', label: { 'zh-CN': '名称 [x倍数]', en: 'name [x<multiplier>]' }, rest: true },
      ],
      example: '/calendar add 2026-11-11 双11 x3',
      roles: ['leader'],
      args: z.object({
        day: dayArg,
        what: z.string({ message: '缺少名称，例如 双11 x3|the name is missing, e.g. 双11 x3' }),
      }),
      run: (ctx, args) => addCalendarDay(ctx, args.day, args.what),
    }),
    defineSubcommand({
      name: 'remove',
      aliases: ['删除', 'rm'],
      description: {
        'zh-CN': '删除本组的标记；平台大促则改为本组不按大促算',
        en: 'Remove the team’s mark; on a platform promotion, make it an ordinary day for the team',
      },
      params: [{ key: 'day', label: { 'zh-CN': '日期', en: 'date' } }],
      example: '/calendar remove 2026-12-12',
      roles: ['leader'],
      args: z.object({ day: dayArg }),
      run: (ctx, args) => removeCalendarDay(ctx, args.day),
    }),
  ],
});
