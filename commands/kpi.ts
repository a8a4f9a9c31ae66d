import { z } from 'zod';
import { defineCommand, defineSubcommand } from '../src/core/command-def';
import { interactive } from '../src/cards/card';
import { metricWord, periodWord } from '../src/features/kpi/args';
import { readLocalDay } from '../src/features/kpi/period';
import { startImport } from '../src/features/kpi/import-start';
import { kpiView, setValueByHand } from '../src/features/kpi/service';
import { resolveTeamMetric } from '../src/features/kpi/team-metrics-service';
import { KX } from '../src/features/kpi/texts';
import { outOfRange, readCell } from '../src/features/kpi/values';
import { activeStores } from '../src/features/stores/repo';
import { matchStore, noStoreMatch } from '../src/features/stores/rules';
import { kpiMetrics } from './kpi-metrics';

const USAGE_PERIOD = { 'zh-CN': '时段：yesterday（昨天，默认）、7d、30d', en: 'period: yesterday (default), 7d, 30d' };

export const kpi = defineCommand({
  name: 'kpi',
  aliases: ['数据', '指标'],
  description: {
    'zh-CN': '店铺和客服的数据与目标对比：查看、手动录入、指标目录',
    en: 'KPIs of stores and agents against targets: view, enter by hand, the catalog',
  },
  subcommands: [
    defineSubcommand({
      name: null,
      description: {
        'zh-CN': '查看全组或一个店铺的数据（红绿对比目标、未达标客服、趋势图）',
        en: 'KPIs of the team or one store (against targets, agents off target, a trend chart)',
      },
      params: [
        { key: 'a', label: { 'zh-CN': '店铺', en: 'store' }, optional: true },
        { key: 'b', label: USAGE_PERIOD, optional: true },
      ],
      example: '/kpi 天猫旗舰店 7d',
      args: z.object({ a: z.string().optional(), b: z.string().optional() }),
      run: async (ctx, args) => {
        // "/kpi 7d", "/kpi 天猫 7d", "/kpi 天猫": a period word may come first or second.
        let storeWord = args.a;
        let word = periodWord(args.b);
        if (args.b !== undefined && !word)
          return ctx.reply(
            ctx.t({
              'zh-CN': `「${args.b}」不是时段。${USAGE_PERIOD['zh-CN']}。`,
              en: `"${args.b}" is not a period; ${USAGE_PERIOD.en}.`,
            }),
          );
        if (!word && periodWord(args.a)) [word, storeWord] = [periodWord(args.a), undefined];
        let store = null;
        if (storeWord) {
          const stores = await activeStores(ctx.deps.db, ctx.team.id);
          const found = matchStore(stores, storeWord);
          if (!found.store) return ctx.reply(noStoreMatch(ctx.t, storeWord, stores, found.candidates));
          store = found.store;
        }
        const view = await kpiView(ctx.deps, ctx.team, store, word ?? 'yesterday', ctx.now);
        await ctx.reply(typeof view === 'string' ? view : interactive(view));
      },
    }),
    kpiMetrics,
    defineSubcommand({
      name: 'import',
      aliases: ['导入'],
      description: {
        'zh-CN':
          '导入平台导出的报表文件：私聊直接发文件，或在群里回复文件消息并 @我 发送此命令（先预览，点「导入」才保存）',
        en: 'Import a platform export file: send it to me privately, or reply to the file in the group with @bot and this command (a preview first; nothing is stored before Import)',
      },
      params: [{ key: 'rest', label: { 'zh-CN': '日期 店铺', en: 'date store' }, optional: true, rest: true }],
      example: '/kpi import 2026-11-30 天猫旗舰店',
      args: z.object({ rest: z.string().optional() }),
      run: (ctx, args) => startImport(ctx, (args.rest ?? '').split(/\s+/).filter(Boolean)),
    }),
    defineSubcommand({
      name: 'set',
      aliases: ['录入'],
      description: {
        'zh-CN': '手动录入一个店铺某天的数值（默认昨天；再次录入会替换）',
        en: "Enter one store's value for a day by hand (default yesterday; entering again replaces it)",
      },
      params: [
        { key: 'store', label: { 'zh-CN': '店铺', en: 'store' } },
        { key: 'metric', label: { 'zh-CN': '指标', en: 'metric' } },
        { key: 'value', label: { 'zh-CN': '数值', en: 'value' } },
        { key: 'day', label: { 'zh-CN': '日期', en: 'date' }, optional: true },
      ],
      example: '/kpi set 天猫旗舰店 首次响应时长 28秒 昨天',
      roles: ['leader'],
      args: z.object({
        store: z.string({ message: '缺少店铺|the store is missing' }),
        metric: metricWord,
        value: z.string({ message: '缺少数值，例如 28秒、92%、1200|the value is missing, e.g. 28s, 92%, 1200' }),
        day: z.string().optional(),
      }),
      run: async (ctx, args) => {
        const named = await resolveTeamMetric(ctx.deps, ctx.team, args.metric);
        if ('reply' in named) return ctx.reply(named.reply);
        const { metric } = named;
        const v = readCell(args.value, metric.unit);
        if (v.kind !== 'value')
          return ctx.reply(
            ctx.t(KX.badValue, {
              text: args.value,
              name: ctx.t(metric.name),
              unit: ctx.t(KX.units[metric.unit]),
            }),
          );
        const range = outOfRange(v.value, metric.unit);
        if (range)
          return ctx.reply(
            ctx.t(KX.outOfRange, {
              name: ctx.t(metric.name),
              value: args.value,
              why: ctx.t(range === 'negative' ? KX.negative : KX.over100),
            }),
          );
        const day = readLocalDay(args.day ?? '昨天', ctx.now, ctx.team.timeZone);
        if (!day) return ctx.reply(ctx.t(KX.badDay));
        const today = readLocalDay('今天', ctx.now, ctx.team.timeZone)!;
        if (day > today) return ctx.reply(ctx.t(KX.futureDay, { day }));
        const stores = await activeStores(ctx.deps.db, ctx.team.id);
        const found = matchStore(stores, args.store);
        if (!found.store) return ctx.reply(noStoreMatch(ctx.t, args.store, stores, found.candidates));
        await ctx.reply(
          await setValueByHand(ctx.deps, ctx.team, {
            store: found.store,
            metric,
            value: v.value,
            day,
            by: ctx.caller.openId,
            now: ctx.now,
          }),
        );
      },
    }),
  ],
});
