import { z } from 'zod';
import { defineCommand, defineSubcommand } from '../src/core/command-def';
import { capacityCommand, showForecast } from '../src/features/forecast/commands';

export const forecast = defineCommand({
  name: 'forecast',
  aliases: ['预测'],
  description: {
    'zh-CN': '明天（或某天）每小时的预计咨询量和所需人数',
    en: 'Tomorrow’s (or a day’s) expected consults per hour and the agents needed',
  },
  subcommands: [
    defineSubcommand({
      name: null,
      description: {
        'zh-CN': '按小时预测咨询量（平常日规律 + 趋势 + 大促日历），按人均容量算所需人数',
        en: 'Hourly consult forecast (weekday pattern, trend, promotion calendar) and agents needed at the per-agent capacity',
      },
      params: [{ key: 'day', label: { 'zh-CN': '日期|明天', en: 'date|tomorrow' }, optional: true }],
      example: '/forecast 明天',
      args: z.object({ day: z.string().optional() }),
      run: (ctx, args) => showForecast(ctx, args.day),
    }),
    defineSubcommand({
      name: 'capacity',
      aliases: ['容量', '人效'],
      description: {
        'zh-CN': '每人每小时能接多少咨询（按目标响应时间），默认 60',
        en: 'Consults one agent handles per hour at the target response time (default 60)',
      },
      params: [{ key: 'n', label: { 'zh-CN': '数量', en: 'number' }, optional: true }],
      example: '/forecast capacity 60',
      roles: ['leader'],
      args: z.object({
        n: z
          .string()
          .optional()
          .refine((s) => s === undefined || (/^\d+$/.test(s) && Number(s) >= 1 && Number(s) <= 1000), {
            message: '写成 1 到 1000 的整数，例如 60|write a whole number from 1 to 1000, e.g. 60',
          })
          .transform((s) => (s === undefined ? undefined : Number(s))),
      }),
      run: (ctx, args) => capacityCommand(ctx, args.n),
    }),
  ],
});
