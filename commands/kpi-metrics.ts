import { z } from 'zod';
import { defineSubcommand } from '../src/core/command-def';
import { interactive } from '../src/cards/card';
import { addTeamMetric, metricsCard, removeTeamMetric } from '../src/features/kpi/team-metrics-service';
import { TMX } from '../src/features/kpi/team-metrics-texts';

const ADD = ['add', '添加', '新增'];
const REMOVE = ['remove', 'rm', 'delete', '删除', '移除'];

/** /kpi metrics: the catalog and the team's own metrics; add and remove are for supervisors. */
export const kpiMetrics = defineSubcommand({
  name: 'metrics',
  aliases: ['目录', '指标'],
  description: {
    'zh-CN': '列出所有指标（中文名、key、单位、方向）；主管可添加或删除本组自己的指标',
    en: "List every metric (name, key, unit, direction); supervisors add or remove the team's own",
  },
  params: [
    { key: 'action', label: { 'zh-CN': 'add|remove', en: 'add|remove' }, optional: true },
    { key: 'key', label: { 'zh-CN': 'key', en: 'key' }, optional: true },
    { key: 'name', label: { 'zh-CN': '名称', en: 'name' }, optional: true },
    { key: 'unit', label: { 'zh-CN': '单位', en: 'unit' }, optional: true },
    { key: 'direction', label: { 'zh-CN': 'up|down|none', en: 'up|down|none' }, optional: true },
  ],
  example: '/kpi metrics add presale_calls 售前电话数 个 up',
  args: z.object({
    action: z.string().optional(),
    key: z.string().optional(),
    name: z.string().optional(),
    unit: z.string().optional(),
    direction: z.string().optional(),
  }),
  run: async (ctx, a) => {
    if (!a.action) return ctx.reply(interactive(await metricsCard(ctx.deps, ctx.team)));
    const action = a.action.toLowerCase();
    const adding = ADD.includes(action);
    if (!adding && !REMOVE.includes(action)) return ctx.reply(ctx.t(TMX.badAction, { word: a.action }));
    if (ctx.caller.role !== 'supervisor') return ctx.reply(ctx.t(TMX.onlySupervisors));
    if (!adding) {
      if (!a.key || a.name) return ctx.reply(ctx.t(TMX.usageRemove));
      return ctx.reply(await removeTeamMetric(ctx.deps, ctx.team, a.key));
    }
    if (!a.key || !a.name || !a.unit || !a.direction) return ctx.reply(ctx.t(TMX.usageAdd));
    await ctx.reply(
      await addTeamMetric(ctx.deps, ctx.team, {
        key: a.key,
        name: a.name,
        unit: a.unit,
        direction: a.direction,
        by: ctx.caller.openId,
        now: ctx.now,
      }),
    );
  },
});
