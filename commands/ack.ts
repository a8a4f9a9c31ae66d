import { z } from 'zod';
import { defineCommand, defineSubcommand } from '../src/core/command-def';
import { answerText, idArg } from '../src/features/anomaly/answers';
import { claimAnomaly } from '../src/features/anomaly/claim';
import { textMention } from '../src/features/anomaly/publish';

export const ack = defineCommand({
  name: 'ack',
  aliases: ['认领', 'claim'],
  description: { 'zh-CN': '认领店铺异常：停止电话升级', en: 'Claim a store anomaly: stops the phone escalation' },
  subcommands: [
    defineSubcommand({
      name: null,
      description: {
        'zh-CN': '认领一个店铺异常（与卡片上的「认领」相同）',
        en: 'Claim a store anomaly (same as "Claim" on the card)',
      },
      params: [{ key: 'id', label: { 'zh-CN': '编号', en: 'id' } }],
      example: '/ack 42',
      args: z.object({ id: idArg }),
      run: async (ctx, args) => {
        const r = await claimAnomaly(ctx.deps, ctx.team, args.id, ctx.caller.openId, ctx.now);
        await ctx.reply(answerText(ctx.locale, args.id, r, 'claim', textMention));
      },
    }),
  ],
});
