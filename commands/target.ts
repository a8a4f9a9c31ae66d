import { z } from 'zod';
import { defineCommand, defineSubcommand } from '../src/core/command-def';
import { metricWord } from '../src/features/kpi/args';
import { audited } from '../src/core/audit';
import { changeTarget, clearTarget, targetsText } from '../src/features/kpi/service';
import { readTarget } from '../src/features/kpi/targets';
import { resolveTeamMetric } from '../src/features/kpi/team-metrics-service';
import { teamCatalog } from '../src/features/kpi/team-metrics-repo';
import { KX } from '../src/features/kpi/texts';
import { activeStores } from '../src/features/stores/repo';
import { matchStore, noStoreMatch } from '../src/features/stores/rules';
import type { CommandContext } from '../src/core/context';

/** The store a target is for: none (the team), or one the team has. */
async function storeOf(ctx: CommandContext, word: string | undefined) {
  if (!word) return { store: null };
  const stores = await activeStores(ctx.deps.db, ctx.team.id);
  const found = matchStore(stores, word);
  return found.store ? { store: found.store } : { reply: noStoreMatch(ctx.t, word, stores, found.candidates) };
}

export const target = defineCommand({
  name: 'target',
  aliases: ['目标'],
  description: { 'zh-CN': '各指标的目标：全组或单个店铺', en: 'Targets per metric: for the team or one store' },
  subcommands: [
    defineSubcommand({
      name: 'reset',
      aliases: ['恢复', '清除'],
      description: { 'zh-CN': '恢复为全组（或默认）目标', en: "Back to the team's (or the default) target" },
      params: [
        { key: 'metric', label: { 'zh-CN': '指标', en: 'metric' } },
        { key: 'store', label: { 'zh-CN': '店铺', en: 'store' }, optional: true },
      ],
      example: '/target reset first_response_s 天猫旗舰店',
      roles: [],
      args: z.object({ metric: metricWord, store: z.string().optional() }),
      run: async (ctx, args) => {
        const named = await resolveTeamMetric(ctx.deps, ctx.team, args.metric);
        if ('reply' in named) return ctx.reply(named.reply);
        const s = await storeOf(ctx, args.store);
        if ('reply' in s) return ctx.reply(s.reply!);
        const r = await audited(
          ctx.deps,
          ctx.now,
          (deps) => clearTarget(deps, ctx.team, { metric: named.metric, store: s.store }),
          (r) =>
            r.changed
              ? {
                  teamId: ctx.team.id,
                  actor: ctx.caller.openId,
                  action: 'target',
                  summary: r.text,
                  detail: { metric: named.metric.key, store: s.store?.id ?? null, reset: true },
                  source: `${ctx.event.id}:target`,
                }
              : undefined,
        );
        await ctx.reply(r.text);
      },
    }),
    defineSubcommand({
      name: null,
      description: {
        'zh-CN': '不带参数：查看目标；带参数：设置目标（主管）',
        en: 'Alone: show the targets; with arguments: set one (supervisors)',
      },
      params: [
        { key: 'metric', label: { 'zh-CN': '指标', en: 'metric' }, optional: true },
        { key: 'target', label: { 'zh-CN': '目标如 <=30 或 >=95%', en: 'target like <=30 or >=95%' }, optional: true },
        { key: 'store', label: { 'zh-CN': '店铺', en: 'store' }, optional: true },
      ],
      example: '/target 3分钟人工响应率 >=95% 天猫旗舰店',
      args: z.object({ metric: metricWord.optional(), target: z.string().optional(), store: z.string().optional() }),
      run: async (ctx, args) => {
        if (!args.metric)
          return ctx.reply(await targetsText(ctx.deps, ctx.team, await teamCatalog(ctx.deps.db, ctx.team.id)));
        if (ctx.caller.role !== 'supervisor') {
          return ctx.reply(
            ctx.t({
              'zh-CN': '只有主管可以修改目标。发送 /target 查看目标。',
              en: 'Only supervisors change targets. Send /target to see them.',
            }),
          );
        }
        const named = await resolveTeamMetric(ctx.deps, ctx.team, args.metric);
        if ('reply' in named) return ctx.reply(named.reply);
        const { metric } = named;
        const read = args.target ? readTarget(args.target, metric) : ({ ok: false, why: 'no_op' } as const);
        if (!read.ok)
          return ctx.reply(ctx.t(KX.badTarget, { name: ctx.t(metric.name), unit: ctx.t(KX.units[metric.unit]) }));
        const s = await storeOf(ctx, args.store);
        if ('reply' in s) return ctx.reply(s.reply!);
        const said = await audited(
          ctx.deps,
          ctx.now,
          (deps) =>
            changeTarget(deps, ctx.team, {
              metric,
              store: s.store,
              ...read.target,
              by: ctx.caller.openId,
              now: ctx.now,
            }),
          (text) => ({
            teamId: ctx.team.id,
            actor: ctx.caller.openId,
            action: 'target',
            summary: text,
            detail: { metric: metric.key, store: s.store?.id ?? null, ...read.target },
            source: `${ctx.event.id}:target`,
          }),
        );
        await ctx.reply(said);
      },
    }),
  ],
});
