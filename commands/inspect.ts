import { z } from 'zod';
import { defineCommand, defineSubcommand } from '../src/core/command-def';
import {
  inspectHistory,
  inspectItems,
  inspectMark,
  inspectNow,
  inspectOwner,
  inspectTime,
} from '../src/features/inspection/commands';

const person = z.object({ openId: z.string(), name: z.string() });
const words = z.object({ words: z.string().optional(), mentions: z.array(person) });
const split = (s?: string) => (s ? s.trim().split(/\s+/) : []);

export const inspect = defineCommand({
  name: 'inspect',
  aliases: ['巡店'],
  description: {
    'zh-CN': '每日巡店：清单卡片、逐项确认、截止提醒与升级',
    en: 'The morning inspection: the checklist card, items confirmed one by one, deadline reminder and escalation',
  },
  subcommands: [
    defineSubcommand({
      name: null,
      description: {
        'zh-CN': '立即发布今天的巡店（已发布则指向它）；或按编号确认：3 ok / 3 problem 说明 @跟进人',
        en: "Post today's inspection now (or point to it); or confirm by number: 3 ok / 3 problem what @owner",
      },
      params: [
        { key: 'n', label: { 'zh-CN': '编号', en: 'n' }, optional: true },
        { key: 'verb', label: { 'zh-CN': 'ok|problem', en: 'ok|problem' }, optional: true },
        { key: 'note', label: { 'zh-CN': '说明', en: 'note' }, optional: true, rest: true },
      ],
      usageTail: { 'zh-CN': '[@跟进人]', en: '[@owner]' },
      example: '/inspect 3 problem 运营群有 2 条未读 @李组长',
      roles: ['leader'],
      args: z
        .object({
          n: z
            .string()
            .regex(/^\d{1,2}$/, { message: '编号应为数字，例如 /inspect 3 ok|the item number, e.g. /inspect 3 ok' })
            .optional(),
          verb: z
            .string()
            .regex(/^(ok|正常|problem|有问题|问题|issue)$/i, {
              message: '请写 ok 或 problem，例如 /inspect 3 ok|say ok or problem, e.g. /inspect 3 ok',
            })
            .optional(),
          note: z.string().max(200, { message: '说明最多 200 字|at most 200 characters' }).optional(),
          mentions: z.array(person),
        })
        .refine((a) => (a.n === undefined) === (a.verb === undefined), {
          message: '请同时写编号和 ok/problem，例如 /inspect 3 ok|give the number and ok/problem, e.g. /inspect 3 ok',
          path: ['verb'],
        }),
      run: (ctx, a) =>
        a.n === undefined
          ? inspectNow(ctx)
          : inspectMark(ctx, { n: a.n, verb: a.verb!, note: a.note, mentions: a.mentions }),
    }),
    defineSubcommand({
      name: 'time',
      aliases: ['时间'],
      description: {
        'zh-CN': '巡店时间、截止时间和星期（团队时区）',
        en: 'The time, the deadline and the weekdays (team time zone)',
      },
      params: [
        {
          key: 'words',
          label: { 'zh-CN': '08:30 deadline 10:00 [days mon-sun]', en: '08:30 deadline 10:00 [days mon-sun]' },
          optional: true,
          rest: true,
        },
      ],
      example: '/inspect time 08:30 deadline 10:00 days mon-sat',
      roles: [],
      args: words,
      run: (ctx, a) => inspectTime(ctx, split(a.words)),
    }),
    defineSubcommand({
      name: 'owner',
      aliases: ['负责人'],
      description: {
        'zh-CN': '巡店负责人（不写则恢复为值班主值班）',
        en: 'Who owns the inspection (none: the on-duty primary again)',
      },
      usageTail: { 'zh-CN': '[@负责人]', en: '[@owner]' },
      example: '/inspect owner @李组长',
      roles: [],
      args: z.object({ mentions: z.array(person) }),
      run: (ctx, a) => inspectOwner(ctx, a),
    }),
    defineSubcommand({
      name: 'items',
      aliases: ['项目'],
      description: {
        'zh-CN': '巡店项目：查看、add 名称 [提示]、remove 编号、move 编号 新位置（下次巡店起生效）',
        en: 'The items: list, add <name> [hint], remove <n>, move <n> <m> (from the next inspection)',
      },
      params: [
        { key: 'words', label: { 'zh-CN': 'add|remove|move …', en: 'add|remove|move …' }, optional: true, rest: true },
      ],
      example: '/inspect items add 设备检查 耳机电脑是否正常',
      roles: [],
      args: words,
      run: (ctx, a) => inspectItems(ctx, split(a.words)),
    }),
    defineSubcommand({
      name: 'history',
      aliases: ['记录'],
      description: {
        'zh-CN': '巡店记录：完成率、中位用时、逾期天数、各项问题数和图表',
        en: 'Completion rate, median time, late days, problems per item, with a chart',
      },
      params: [{ key: 'period', label: { 'zh-CN': '7d|30d', en: '7d|30d' }, optional: true }],
      example: '/inspect history 30d',
      args: z.object({
        period: z
          .string()
          .regex(/^(7d|30d|7天|30天|week|month)$/i, { message: '请写 7d 或 30d|say 7d or 30d' })
          .optional(),
        mentions: z.array(person),
      }),
      run: (ctx, a) => inspectHistory(ctx, a.period),
    }),
  ],
});
