import { z } from 'zod';
import { defineCommand, defineSubcommand } from '../src/core/command-def';
import { answerText, idArg } from '../src/features/anomaly/answers';
import { resolveAnomaly } from '../src/features/anomaly/claim';
import { textMention } from '../src/features/anomaly/publish';

export const resolve = defineCommand({
  name: 'resolve',
  aliases: ['解决'],
  description: { 'zh-CN': '关闭店铺异常并写明处理结果', en: 'Close a store anomaly with a note' },
  subcommands: [
    defineSubcommand({
      name: null,
      description: {
        'zh-CN': '标记已解决（可写说明，会显示在卡片的经过里）',
        en: 'Mark it resolved (the note shows in the card timeline)',
      },
      params: [
        { key: 'id', label: { 'zh-CN': '编号', en: 'id' } },
        { key: 'note', label: { 'zh-CN': '说明', en: 'note' }, optional: true, rest: true },
      ],
      example: '/resolve 42 已改回 59 元',
      args: z.object({
        id: idArg,
        note: z.string().max(200, { message: '说明最多 200 个字|a note has at most 200 characters' }).optional(),
      }),
      run: async (ctx, args) => {
        const r = await resolveAnomaly(ctx.deps, ctx.team, args.id, ctx.caller.openId, args.note, ctx.now);
        await ctx.reply(answerText(ctx.locale, args.id, r, 'resolve', textMention));
      },
    }),
  ],
});
