import { z } from 'zod';
import { defineCommand, defineSubcommand } from '../src/core/command-def';
import { anomalyId, answerText } from '../src/anomalies/answers';
import { claimAnomaly } from '../src/anomalies/claim';
import { renderCard } from '../src/anomalies/publish';

export const idArg = z
  .string({ message: '缺少异常编号，例如 42（见卡片标题或 /anomaly list）|the anomaly number is missing, e.g. 42 (see the card title or /anomaly list)' })
  .transform((s) => anomalyId(s))
  .refine((n): n is number => n !== undefined, { message: '异常编号是数字，例如 42|the anomaly number is a number, e.g. 42' });

export const ack = defineCommand({
  name: 'ack',
  aliases: ['认领', 'claim'],
  description: { 'zh-CN': '认领店铺异常：停止电话升级', en: 'Claim a store anomaly: stops the phone escalation' },
  subcommands: [
    defineSubcommand({
      name: null,
      description: { 'zh-CN': '认领一个店铺异常（与卡片上的「认领」相同）', en: 'Claim a store anomaly (same as "Claim" on the card)' },
      params: [{ key: 'id', label: { 'zh-CN': '编号', en: 'id' } }],
      example: '/ack 42',
      args: z.object({ id: idArg }),
      run: async (ctx, args) => {
        const r = await claimAnomaly(ctx.deps, ctx.team, args.id, ctx.caller.openId, ctx.now);
        await ctx.reply(answerText(ctx.locale, args.id, r, 'claim', true));
      },
    }),
  ],
  actions: {
    'anomaly.claim': async (ctx, value) => {
      const id = anomalyId(value.id);
      if (id === undefined) return { toast: { type: 'warning', content: ctx.t({ 'zh-CN': '这个按钮已失效。', en: 'This button has expired.' }) } };
      const r = await claimAnomaly(ctx.deps, ctx.team, id, ctx.caller.openId, ctx.now);
      const content = answerText(ctx.locale, id, r, 'claim', false).replace(/<at id=[^>]*><\/at>/g, '');
      if (r.outcome === 'ok') return { toast: { type: 'success', content }, card: r.card };
      if (r.outcome === 'not_found') return { toast: { type: 'warning', content } };
      return { toast: { type: 'info', content }, card: await renderCard(ctx.deps, ctx.team, r.anomaly) };
    },
  },
});
