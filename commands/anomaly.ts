import { z } from 'zod';
import { defineCommand, defineSubcommand } from '../src/core/command-def';
import { card, divider, interactive, markdown, note } from '../src/cards/card';
import { formatDuration, formatMeanMedian, parseDuration } from '../src/domain/duration';
import { mention } from '../src/cards/mention';
import { kindName, KIND_KEYS, parseKind, recogniseKind } from '../src/features/anomaly/kinds';
import { stepInfo } from '../src/escalation/policy';
import { formatLocal } from '../src/domain/local-time';
import { activeStores } from '../src/features/stores/repo';
import { matchStore, noStoreMatch } from '../src/features/stores/rules';
import { reportAnomaly } from '../src/features/anomaly/report';
import { loadStats, openAnomalies } from '../src/features/anomaly/stats';
import { stepName } from '../src/features/anomaly/card';
import { anomalyPolicy } from '../src/features/anomaly/policy';
import { delayBefore } from '../src/escalation/policy';

const TX = {
  noStores: {
    'zh-CN': '本组还没有店铺，无法上报。请主管或组长先用 /store add 店铺名 添加。',
    en: 'This team has no stores yet. A supervisor or leader can add one with /store add <name>.',
  },
  reported: {
    'zh-CN': '已上报店铺异常 #{id}（{store}·{kind}），卡片已发到群里；{delay} 内无人认领将电话值班主管。',
    en: 'Reported store anomaly #{id} ({store} · {kind}); the card is in the group. Unclaimed after {delay}, the on-duty supervisor is phoned.',
  },
  merged: {
    'zh-CN': '#{id}（{store}·{kind}）已经在处理中，已合并你的上报（共 {n} 人次），不会重复升级。',
    en: '#{id} ({store} · {kind}) is already open; your report was merged into it ({n} reports), no second escalation.',
  },
  listTitle: { 'zh-CN': '未解决的店铺异常（{n}）', en: 'Open store anomalies ({n})' },
  none: { 'zh-CN': '目前没有未解决的店铺异常。', en: 'No open store anomalies.' },
  lineOpen: { 'zh-CN': '待认领，{at} 电话{step}', en: 'unclaimed, phones the {step} at {at}' },
  lineUnreached: { 'zh-CN': '⚠️ 无人响应', en: '⚠️ unreached' },
  lineClaimed: { 'zh-CN': '{who} 处理中（{at} 认领）', en: 'being handled by {who} (claimed {at})' },
  statsTitle: { 'zh-CN': '店铺异常统计 · 最近 {period}', en: 'Store anomalies · last {period}' },
  statsNone: { 'zh-CN': '最近 {period} 没有店铺异常。', en: 'No store anomalies in the last {period}.' },
  statsTotal: { 'zh-CN': '全部', en: 'All' },
  statsLine: {
    'zh-CN':
      '**{name}**：{count} 起（未解决 {open}）· 认领 {mtta} · 解决 {mttr} · 电话升级 {phoneSteps} 次（{phoned} 起）',
    en: '**{name}**: {count} ({open} open) · to claim {mtta} · to resolve {mttr} · phone escalations {phoneSteps} ({phoned} anomalies)',
  },
  statsNote: {
    'zh-CN': '认领、解决用时从上报算起；电话升级 = 电话加急的步骤数（括号里是涉及的异常数）。',
    en: 'Times to claim and resolve count from the report; phone escalations = phone buzz steps (anomalies involved in brackets).',
  },
};

const kindList = KIND_KEYS.join('/');

export const anomaly = defineCommand({
  name: 'anomaly',
  aliases: ['异常'],
  description: {
    'zh-CN': '上报店铺异常（5 分钟无人认领电话值班主管）、查看与统计',
    en: 'Report a store anomaly (phones the on-duty supervisor after 5 min), list, stats',
  },
  subcommands: [
    defineSubcommand({
      name: null,
      description: {
        'zh-CN': '上报店铺异常：优惠券/价格/库存/页面/其他，会自动识别，也可写 kind=价格',
        en: 'Report a store anomaly: coupon/price/stock/page/other, recognised from the text or given as kind=price',
      },
      params: [
        { key: 'store', label: { 'zh-CN': '店铺', en: 'store' } },
        { key: 'what', label: { 'zh-CN': '发生了什么', en: 'what happened' }, rest: true },
      ],
      example: '/anomaly 天猫旗舰店 优惠券叠加后价格变成 9.9',
      args: z.object({
        store: z.string({
          message:
            '缺少店铺名，例如 /anomaly 天猫旗舰店 价格错了|the store is missing, e.g. /anomaly "Tmall flagship" wrong price',
        }),
        what: z
          .string({
            message: '请写明发生了什么，例如 优惠券叠加后价格变成 9.9|say what happened, e.g. coupons stack to 9.9',
          })
          .max(500, { message: '描述最多 500 个字|at most 500 characters' }),
        kind: z
          .string()
          .transform((k) => parseKind(k))
          .refine((k) => k !== undefined, {
            message: `kind 应为 ${kindList} 或 优惠券/价格/库存/页面/其他|kind must be one of ${kindList}`,
          })
          .optional(),
      }),
      run: async (ctx, args) => {
        const stores = await activeStores(ctx.deps.db, ctx.team.id);
        if (!stores.length) return ctx.reply(ctx.t(TX.noStores));
        const { store, candidates } = matchStore(stores, args.store);
        if (!store) return ctx.reply(noStoreMatch(ctx.t, args.store, stores, candidates));
        const kind = args.kind ?? recogniseKind(args.what);
        const result = await reportAnomaly(
          ctx.deps,
          ctx.team,
          { store, kind, description: args.what, reporter: ctx.caller.openId, source: ctx.event.id },
          ctx.now,
        );
        ctx.deps.wake();
        if (result.outcome === 'duplicate') return;
        const a = result.anomaly;
        const vars = { id: a.id, store: a.storeName, kind: ctx.t(kindName(a.kind)) };
        if (result.outcome === 'merged') return ctx.reply(ctx.t(TX.merged, { ...vars, n: a.reportCount }));
        // In the group the card is the answer; in a private chat say where it went.
        if (ctx.event.chatType === 'p2p')
          await ctx.reply(
            ctx.t(TX.reported, { ...vars, delay: formatDuration(delayBefore(anomalyPolicy(a), 1), ctx.locale) }),
          );
      },
    }),
    defineSubcommand({
      name: 'list',
      aliases: ['列表'],
      description: { 'zh-CN': '未解决的店铺异常', en: 'Open store anomalies' },
      example: '/anomaly list',
      args: z.object({}),
      run: async (ctx) => {
        const rows = await openAnomalies(ctx.deps.db, ctx.team.id);
        if (!rows.length) return ctx.reply(ctx.t(TX.none));
        const zone = ctx.team.timeZone;
        const lines = rows.map((a) => {
          const head = `**#${a.id}** ${a.storeName}·${ctx.t(kindName(a.kind))} ${formatLocal(a.reportedAt, zone, ctx.locale, ctx.now)}`;
          let state: string;
          if (a.status === 'claimed')
            state = ctx.t(TX.lineClaimed, {
              who: mention(a.claimedBy ?? ''),
              at: formatLocal(a.claimedAt!, zone, ctx.locale, ctx.now),
            });
          else if (a.unreachedAt) state = ctx.t(TX.lineUnreached);
          else if (a.nextStepAt && stepInfo(anomalyPolicy(a), a.step + 1).kind !== 'unreached')
            state = ctx.t(TX.lineOpen, {
              at: formatLocal(a.nextStepAt, zone, ctx.locale, ctx.now),
              step: stepName(ctx.locale, anomalyPolicy(a), a.step + 1),
            });
          else state = ctx.t(TX.lineUnreached);
          return `${head}　${state}\n${a.description}`;
        });
        await ctx.reply(
          interactive(
            card({
              title: ctx.t(TX.listTitle, { n: rows.length }),
              color: 'orange',
              elements: [markdown(lines.join('\n\n'))],
            }),
          ),
        );
      },
    }),
    defineSubcommand({
      name: 'stats',
      aliases: ['统计'],
      description: {
        'zh-CN': '认领用时（MTTA）、解决用时（MTTR）、电话升级次数，按店铺和类型',
        en: 'Time to claim (MTTA), to resolve (MTTR), phone escalations, per store and kind',
      },
      params: [{ key: 'period', label: { 'zh-CN': '时长', en: 'period' }, optional: true }],
      example: '/anomaly stats 7d',
      args: z.object({
        period: z
          .string()
          .optional()
          .transform((p) => (p === undefined ? 7 * 86_400_000 : parseDuration(p)))
          .refine((ms) => ms !== undefined && ms >= 3_600_000 && ms <= 366 * 86_400_000, {
            message:
              '时长写成 7d、30天 或 24h（1 小时到 366 天）|write the period like 7d, 30d or 24h (1 hour to 366 days)',
          }),
      }),
      run: async (ctx, args) => {
        const ms = args.period!;
        const period = formatDuration(ms, ctx.locale);
        const rows = await loadStats(ctx.deps.db, ctx.team.id, new Date(ctx.now.getTime() - ms));
        if (!rows.length) return ctx.reply(ctx.t(TX.statsNone, { period }));
        const fmt = (s?: { meanMs: number; medianMs: number }) => formatMeanMedian(s, ctx.locale);
        const lines = rows.map((r) =>
          ctx.t(TX.statsLine, {
            name: r.store === '*' ? ctx.t(TX.statsTotal) : `${r.store}·${ctx.t(kindName(r.kind))}`,
            count: r.count,
            open: r.open,
            mtta: fmt(r.mtta),
            mttr: fmt(r.mttr),
            phoneSteps: r.phoneSteps,
            phoned: r.phoned,
          }),
        );
        const [total, ...per] = lines;
        await ctx.reply(
          interactive(
            card({
              title: ctx.t(TX.statsTitle, { period }),
              color: 'indigo',
              elements: [markdown(total!), divider(), markdown(per.join('\n')), note(ctx.t(TX.statsNote))],
            }),
          ),
        );
      },
    }),
  ],
});
