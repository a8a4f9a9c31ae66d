import { z } from 'zod';
import { defineCommand, defineSubcommand } from '../src/core/command-def';
import { parseDuration } from '../src/domain/duration';
import {
  complaintId,
  idAction,
  limitsCommand,
  listText,
  newFromCommand,
  slaCommand,
  statsText,
  tiersCommand,
} from '../src/features/complaint/commands';
import { CX } from '../src/features/complaint/texts';

const mentions = z.array(z.object({ openId: z.string(), name: z.string() })).default([]);
const PERIOD_MESSAGE = '时长写成 7d 或 30d（1 到 366 天）|write the period like 7d or 30d (1 to 366 days)';

export const complaint = defineCommand({
  name: 'complaint',
  aliases: ['客诉'],
  description: {
    'zh-CN': '严重客诉：六步处理（定位、责任、风险、补偿、沟通、闭环），时限、权限和升级',
    en: 'Serious complaints in six steps (locate, responsibility, risk, compensation, talk, close), with time limits, authority and escalation',
  },
  subcommands: [
    defineSubcommand({
      name: 'new',
      aliases: ['新建', '登记'],
      description: {
        'zh-CN': '登记一起严重客诉，发出六步卡片（金额 ≤ 风险线可直接处理）',
        en: 'Open a serious complaint: its six-step card (at or below the risk line: handle it directly)',
      },
      params: [
        { key: 'store', label: { 'zh-CN': '店铺', en: 'store' } },
        { key: 'order', label: { 'zh-CN': '订单号', en: 'order' } },
        { key: 'wants', label: { 'zh-CN': '顾客诉求', en: 'what the customer wants' }, rest: true },
      ],
      usageTail: { 'zh-CN': '[amount=金额] [category=类别] [crisis=yes]', en: '[amount=N] [category=…] [crisis=yes]' },
      example: '/complaint new 天猫旗舰店 4012345678901234567 收到破损要求退款 amount=30 category=质量',
      args: z.object({
        // All optional: with nothing after `new` the answer is the form card; checkNew says what is missing.
        store: z.string().optional(),
        order: z.string().optional(),
        wants: z.string().optional(),
        amount: z.string().optional(),
        category: z.string().optional(),
        crisis: z.string().optional(),
      }),
      run: (ctx, args) => newFromCommand(ctx, args),
    }),
    defineSubcommand({
      name: 'list',
      aliases: ['列表'],
      description: { 'zh-CN': '最近的客诉；open 只看未闭环的', en: 'Recent complaints; open: only those not closed' },
      params: [{ key: 'which', label: { 'zh-CN': 'open', en: 'open' }, optional: true }],
      example: '/complaint list open',
      args: z.object({
        which: z
          .string()
          .optional()
          .refine((w) => w === undefined || /^(open|未闭环|进行中)$/i.test(w), {
            message: '只能写 open（未闭环），或不写|write open (not closed yet), or nothing',
          }),
      }),
      run: (ctx, args) => listText(ctx, args.which !== undefined),
    }),
    defineSubcommand({
      name: 'stats',
      aliases: ['统计'],
      description: {
        'zh-CN': '按类别和店铺的数量、处理时长中位数、超时、各档补偿、主要根因',
        en: 'Count by category and store, median handling time, SLA breaches, compensation by tier, top root causes',
      },
      params: [{ key: 'period', label: { 'zh-CN': '时长', en: 'period' }, optional: true }],
      example: '/complaint stats 7d',
      args: z.object({
        period: z
          .string()
          .optional()
          .refine(
            (p) => {
              const ms = p === undefined ? 7 * 86_400_000 : parseDuration(p);
              return ms !== undefined && ms >= 86_400_000 && ms <= 366 * 86_400_000;
            },
            { message: PERIOD_MESSAGE },
          ),
      }),
      run: (ctx, args) => statsText(ctx, parseDuration(args.period ?? '7d')!, args.period ?? '7d'),
    }),
    defineSubcommand({
      name: 'tiers',
      aliases: ['档位', '设置'],
      description: {
        'zh-CN': '各类别的时限和补偿档位、各角色权限和风险线；或设置一个类别的档位',
        en: 'Each category’s time limits and tiers, the authority per role and the risk line; or set a category’s tiers',
      },
      params: [
        { key: 'category', label: { 'zh-CN': '类别', en: 'category' }, optional: true },
        { key: 'tiers', label: { 'zh-CN': '档1;档2;档3', en: 'tier1;tier2;tier3' }, optional: true, rest: true },
      ],
      example: '/complaint tiers 物流 5元券=10;部分退款=30;退货退款',
      args: z
        .object({ category: z.string().optional(), tiers: z.string().optional(), mentions })
        .passthrough()
        .transform(({ category, tiers, mentions: _m, ...rest }) => {
          // An ASCII label ("coupon=10;…") reads like a key=value option: put it back.
          const back = Object.entries(rest)
            .filter(([k]) => k !== '_extra')
            .map(([k, v]) => `${k}=${String(v)}`);
          const text = [tiers, ...back].filter(Boolean).join(' ');
          return { category, tiers: text || undefined };
        }),
      run: (ctx, args) => tiersCommand(ctx, args.category, args.tiers),
    }),
    defineSubcommand({
      name: 'sla',
      aliases: ['时限'],
      description: {
        'zh-CN': '设置一个类别的响应 / 审核 / 解决时限（默认 1h 2h 4h）',
        en: 'Set a category’s respond / review / settle limits (default 1h 2h 4h)',
      },
      params: [
        { key: 'category', label: { 'zh-CN': '类别', en: 'category' } },
        { key: 'times', label: { 'zh-CN': '响应 审核 解决', en: 'respond review settle' }, rest: true },
      ],
      example: '/complaint sla 物流 1h 2h 4h',
      roles: ['leader'],
      args: z.object({
        category: z.string({ message: '缺少类别，例如 物流|the category is missing, e.g. logistics' }),
        times: z.string({ message: '写三个时长，例如 1h 2h 4h|give three durations, e.g. 1h 2h 4h' }),
      }),
      run: (ctx, args) => slaCommand(ctx, args.category, args.times.split(/\s+/).filter(Boolean)),
    }),
    defineSubcommand({
      name: 'limits',
      aliases: ['权限'],
      description: {
        'zh-CN': '各角色可直接给出的补偿上限和风险线（默认 客服 10、组长 50、主管 200、风险线 30）',
        en: 'What each role may grant alone, and the risk line (default agent 10, leader 50, supervisor 200, risk 30)',
      },
      example: '/complaint limits agent=10 leader=50 supervisor=200 risk=30',
      roles: [],
      args: z.object({
        agent: z.string().optional(),
        leader: z.string().optional(),
        supervisor: z.string().optional(),
        risk: z.string().optional(),
      }),
      run: (ctx, args) => limitsCommand(ctx, args),
    }),
    defineSubcommand({
      name: null,
      description: {
        'zh-CN':
          '查看或处理一起客诉：/complaint 12 [note|resp|offer|approve|answer|pause|resume|crisis|ack|close|followup …]',
        en: 'Show or work on a complaint: /complaint 12 [note|resp|offer|approve|answer|pause|resume|crisis|ack|close|followup …]',
      },
      params: [
        { key: 'target', label: { 'zh-CN': '编号', en: 'id' } },
        { key: 'rest', label: { 'zh-CN': '操作', en: 'action' }, optional: true, rest: true },
      ],
      example: '/complaint 12 resp logistics 快递延误',
      args: z.object({
        target: z.string({
          message: '缺少客诉编号，例如 /complaint 12|the complaint id is missing, e.g. /complaint 12',
        }),
        rest: z.string().optional(),
        mentions,
      }),
      run: async (ctx, args) => {
        const id = complaintId(args.target);
        if (id === undefined)
          return ctx.reply(
            [ctx.t(CX.badTarget, { word: args.target }), ctx.t(CX.newUsage), ctx.t(CX.idExample)].join('\n'),
          );
        return idAction(ctx, id, (args.rest ?? '').split(/\s+/).filter(Boolean), args.mentions);
      },
    }),
  ],
});
