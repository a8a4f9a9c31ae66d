import { z } from 'zod';
import { defineCommand, defineSubcommand } from '../src/core/command-def';
import { activeStores } from '../src/features/stores/repo';
import { matchStore, noStoreMatch } from '../src/features/stores/rules';
import { recordViolation } from '../src/features/alert/violation-service';
import { violationListText } from '../src/features/alert/violation-list';
import { VX } from '../src/features/alert/violation-texts';

const amount = (what: string) =>
  z.coerce
    .number({ message: `${what} 应为数字，例如 ${what}=6|${what} must be a number, e.g. ${what}=6` })
    .finite()
    .min(0, { message: `${what} 不能为负|${what} must not be negative` })
    .optional();

/** "7d", "7天", "7", "今天" → days (1–90); undefined when unreadable. */
function readDays(word: string): number | undefined {
  if (/^(today|今天)$/i.test(word)) return 1;
  const m = /^(\d{1,2})\s*(d|天|日)?$/i.exec(word.trim());
  const n = m ? Number(m[1]) : NaN;
  return n >= 1 && n <= 90 ? n : undefined;
}

export const violation = defineCommand({
  name: 'violation',
  aliases: ['违规'],
  description: {
    'zh-CN': '记录平台违规或罚款：立即发卡片；严重的无人认领将电话值班主管',
    en: 'Record a platform violation or penalty: its card at once; a severe one unclaimed phones the on-duty supervisor',
  },
  subcommands: [
    defineSubcommand({
      name: 'list',
      aliases: ['列表'],
      description: { 'zh-CN': '近几天的违规，已认领/未认领', en: 'Recent violations, claimed or not' },
      params: [{ key: 'days', label: { 'zh-CN': '天数', en: 'days' }, optional: true }],
      example: '/violation list 7d',
      args: z.object({ days: z.string().optional() }),
      run: async (ctx, args) => {
        const days = readDays(args.days ?? '7d');
        if (days === undefined) return ctx.reply(ctx.t(VX.badDays, { word: args.days ?? '' }));
        await ctx.reply(await violationListText(ctx.deps, ctx.team, days, ctx.now));
      },
    }),
    defineSubcommand({
      name: null,
      description: {
        'zh-CN': '记录违规：店铺 类型 说明 [points=扣分] [amount=罚款]',
        en: 'Record a violation: store kind description [points=N] [amount=N]',
      },
      params: [
        { key: 'store', label: { 'zh-CN': '店铺', en: 'store' } },
        { key: 'what', label: { 'zh-CN': '类型 说明', en: 'kind description' }, rest: true },
      ],
      example: '/violation 天猫旗舰店 虚假发货 订单 123 超时未发货 points=6 amount=500',
      args: z.object({
        store: z.string({ message: '缺少店铺名，例如 /violation 天猫旗舰店 虚假发货|the store is missing' }),
        what: z
          .string({ message: '请写明违规类型和说明，例如 虚假发货 订单超时|say the kind and what happened' })
          .max(500, { message: '最多 500 个字|at most 500 characters' }),
        points: amount('points'),
        amount: amount('amount'),
      }),
      run: async (ctx, args) => {
        const stores = await activeStores(ctx.deps.db, ctx.team.id);
        const { store, candidates } = matchStore(stores, args.store);
        if (!store) return ctx.reply(noStoreMatch(ctx.t, args.store, stores, candidates));
        // The first word is the kind (虚假发货), the whole text the description.
        const kind = args.what.trim().split(/\s+/)[0]!;
        const r = await recordViolation(
          ctx.deps,
          ctx.team,
          {
            source: `msg:${ctx.event.id}`,
            store,
            kind,
            points: args.points ?? null,
            amount: args.amount ?? null,
            description: args.what.trim(),
            occurredAt: ctx.now,
            reportedBy: ctx.caller.openId,
          },
          ctx.now,
        );
        if (r.outcome === 'duplicate') return;
        // In the group the card is the answer; in a private chat say where it went.
        if (ctx.event.chatType === 'p2p')
          await ctx.reply(ctx.t(VX.recorded, { id: r.violation.id, store: store.name, kind }));
      },
    }),
  ],
});
