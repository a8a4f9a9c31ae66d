import { z } from 'zod';
import { defineCommand, defineSubcommand } from '../src/core/command-def';
import { listText, rulesCommand } from '../src/features/risk/commands';

const mentions = z.array(z.object({ openId: z.string(), name: z.string() })).default([]);

export const risk = defineCommand({
  name: 'risk',
  aliases: ['风险单', '风险订单'],
  description: {
    'zh-CN': '风险订单预警：物流停滞、风险地区、大额、多次退款的订单派给资深客服先行处理',
    en: 'Risky-order warnings: stale logistics, risky regions, large amounts and refund-heavy buyers go to senior agents first',
  },
  subcommands: [
    defineSubcommand({
      name: null,
      description: { 'zh-CN': '未处理的风险订单', en: 'The open risky orders' },
      example: '/risk',
      args: z.object({ mentions }),
      run: (ctx) => listText(ctx),
    }),
    defineSubcommand({
      name: 'rules',
      aliases: ['规则'],
      description: {
        'zh-CN': '查看或修改风险规则（组长、主管可改）',
        en: 'Show or change the rules (leaders and supervisors change them)',
      },
      params: [{ key: 'words', label: { 'zh-CN': '规则', en: 'rules' }, optional: true, rest: true }],
      usageTail: {
        'zh-CN': 'stale=48h regions=新疆,西藏 amount=2000 refunds=3',
        en: 'stale=48h regions=… amount=2000 refunds=3',
      },
      example: '/risk rules stale=48h amount=2000',
      // key=value words arrive as options: they are handed on as words, with the positional rest.
      args: z
        .object({ mentions, words: z.string().optional() })
        .passthrough()
        .transform(({ mentions: _m, words, _extra: _e, ...options }) => [
          ...Object.entries(options).map(([k, v]) => `${k}=${String(v)}`),
          ...(words ? words.split(/\s+/).filter(Boolean) : []),
        ]),
      run: (ctx, words) => rulesCommand(ctx, words),
    }),
  ],
});
