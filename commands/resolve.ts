import { z } from 'zod';
import { defineCommand, defineSubcommand } from '../src/core/command-def';
import { anomalyId, answerText } from '../src/anomalies/answers';
import { resolveAnomaly } from '../src/anomalies/claim';
import { renderCard } from '../src/anomalies/publish';
import { idArg } from './ack';

export const resolve = defineCommand({
  name: 'resolve',
  aliases: ['解决'],
  description: { 'zh-CN': '关闭店铺异常并写明处理结果', en: 'Close a store anomaly with a note' },
  subcommands: [
    defineSubcommand({
      name: null,
      description: { 'zh-CN': '标记已解决（可写说明，会显示在卡片的经过里）', en: 'Mark it resolved (the note shows in the card timeline)' },
      params: [
        { key: 'id', label: { 'zh-CN': '编号', en: 'id' } },
        { key: 'note', label: { 'zh-CN': '说明', en: 'note' }, optional: true, rest: true },
      ],
      example: '/resolve 42 已改回 59 元',
      args: z.object({ id: idArg, note: z.string().max(200, { message: '说明最多 200 个字|a note has at most 200 characters' }).optional() }),
      run: async (ctx, args) => {
        const r = await resolveAnomaly(ctx.deps, ctx.team, args.id, ctx.caller.openId, args.note, ctx.now);
        await ctx.reply(answerText(ctx.locale, args.id, r, 'resolve', true));
      },
    }),
  ],
  actions: {
    'anomaly.resolve': async (ctx, value) => {
      const id = anomalyId(value.id);
      if (id === undefined) return { toast: { type: 'warning', content: ctx.t({ 'zh-CN': '这个按钮已失效。', en: 'This button has expired.' }) } };
      const r = await resolveAnomaly(ctx.deps, ctx.team, id, ctx.caller.openId, undefined, ctx.now);
      const content = answerText(ctx.locale, id, r, 'resolve', false);
      if (r.outcome === 'ok') return { toast: { type: 'success', content }, card: r.card };
      if (r.outcome === 'not_found') return { toast: { type: 'warning', content } };
      return { toast: { type: 'info', content }, card: await renderCard(ctx.deps, ctx.team, r.anomaly) };
    },
  },
});
