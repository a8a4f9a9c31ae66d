import { z } from 'zod';
import { defineCommand, defineSubcommand } from '../src/core/command-def';
import { parseDuration } from '../src/domain/duration';
import {
  followupDone,
  idAction,
  incidentId,
  listCard,
  remindSetting,
  startFromCommand,
  statsCard,
} from '../src/features/incident/commands';

const mentions = z.array(z.object({ openId: z.string(), name: z.string() })).default([]);

export const incident = defineCommand({
  name: 'incident',
  aliases: ['应急', '突发'],
  description: {
    'zh-CN': '突发预案：断电断网、接待量暴涨、舆情、系统异常、身心健康、店铺异常，按步骤处理',
    en: 'Incident playbooks: outage, surge, opinion, system, health, store — step by step',
  },
  subcommands: [
    defineSubcommand({
      name: null,
      description: {
        'zh-CN':
          '发起突发（类型 + 情况 + 可选 sev=1|2|3），或对已有突发操作：/incident 12 update|step|assign|sev|close …',
        en: 'Start an incident (kind, what, optional sev=1|2|3), or act on one: /incident 12 update|step|assign|sev|close …',
      },
      params: [
        { key: 'target', label: { 'zh-CN': '类型或编号', en: 'kind or id' } },
        {
          key: 'rest',
          label: { 'zh-CN': '发生了什么 / 操作', en: 'what happened / action' },
          optional: true,
          rest: true,
        },
      ],
      usageTail: { 'zh-CN': '[sev=1|2|3]', en: '[sev=1|2|3]' },
      example: '/incident 断电断网 三楼整层断网 sev=1',
      args: z.object({
        target: z.string({
          message:
            '缺少类型，例如 /incident 断电断网 三楼断网（类型：outage surge opinion system health store）|the kind is missing, e.g. /incident outage 3rd floor offline (kinds: outage surge opinion system health store)',
        }),
        rest: z.string().optional(),
        sev: z.string().optional(),
        mentions,
      }),
      run: async (ctx, args) => {
        const words = (args.rest ?? '').split(/\s+/).filter(Boolean);
        const id = incidentId(args.target);
        if (id !== undefined) return idAction(ctx, id, words, args.mentions);
        return startFromCommand(ctx, args.target, words.join(' '), args.sev);
      },
    }),
    defineSubcommand({
      name: 'list',
      aliases: ['列表'],
      description: { 'zh-CN': '进行中的突发和未完成的复盘项', en: 'Open incidents and open review items' },
      example: '/incident list',
      args: z.object({}),
      run: (ctx) => listCard(ctx),
    }),
    defineSubcommand({
      name: 'stats',
      aliases: ['统计'],
      description: {
        'zh-CN': '按类型：次数、认领用时（MTTA）、关闭用时（MTTR）、每步用时',
        en: 'By kind: count, time to acknowledge (MTTA), to close (MTTR), time per step',
      },
      params: [{ key: 'period', label: { 'zh-CN': '时长', en: 'period' }, optional: true }],
      example: '/incident stats 30d',
      args: z.object({
        period: z
          .string()
          .optional()
          .transform((p) => (p === undefined ? 30 * 86_400_000 : parseDuration(p)))
          .refine((ms) => ms !== undefined && ms >= 3_600_000 && ms <= 366 * 86_400_000, {
            message:
              '时长写成 7d、30天 或 24h（1 小时到 366 天）|write the period like 7d, 30d or 24h (1 hour to 366 days)',
          }),
      }),
      run: (ctx, args) => statsCard(ctx, args.period!),
    }),
    defineSubcommand({
      name: 'remind',
      aliases: ['提醒'],
      description: {
        'zh-CN': '突发多久没更新就提醒负责人（默认 30 分钟，off 关闭）',
        en: 'How long without an update before the owner is reminded (30 min by default, off to stop)',
      },
      params: [{ key: 'every', label: { 'zh-CN': '间隔', en: 'interval' }, optional: true }],
      example: '/incident remind 30m',
      roles: ['leader'],
      args: z.object({
        every: z
          .string()
          .optional()
          .transform((w) =>
            w === undefined ? undefined : /^(off|关闭|关)$/i.test(w) ? ('off' as const) : parseDuration(w),
          )
          .refine((ms) => ms === undefined || ms === 'off' || (ms >= 5 * 60_000 && ms <= 24 * 3_600_000), {
            message: '间隔写成 30m 或 1h（5 分钟到 24 小时），或 off|write it like 30m or 1h (5 min to 24 h), or off',
          }),
      }),
      run: (ctx, args) => remindSetting(ctx, args.every),
    }),
    defineSubcommand({
      name: 'followup',
      aliases: ['复盘项'],
      description: { 'zh-CN': '把复盘项标记为完成', en: 'Mark a review item done' },
      params: [
        { key: 'n', label: { 'zh-CN': '复盘项编号', en: 'item number' } },
        { key: 'done', label: { 'zh-CN': 'done', en: 'done' } },
      ],
      example: '/incident followup 3 done',
      args: z.object({
        n: z
          .string({ message: '缺少复盘项编号，例如 3|the item number is missing, e.g. 3' })
          .transform((s) => Number(s.replace(/^f/i, '')))
          .refine((n) => Number.isSafeInteger(n) && n > 0, {
            message: '复盘项编号是数字，例如 3|the item number is a number, e.g. 3',
          }),
        done: z.string({ message: '写 done 表示完成|write done' }).refine((w) => /^(done|完成)$/i.test(w), {
          message: '写 done 表示完成|write done',
        }),
      }),
      run: (ctx, args) => followupDone(ctx, args.n),
    }),
  ],
});
