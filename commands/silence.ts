import { z } from 'zod';
import { defineCommand, defineSubcommand } from '../src/core/command-def';
import type { CommandContext } from '../src/core/context';
import { formatLocal } from '../src/domain/local-time';
import { parseDuration } from '../src/domain/duration';
import { silenceListText } from '../src/features/alert/list';
import { storeNamesOf } from '../src/features/alert/flush';
import { createSilence, endSilence, MAX_SILENCE_MS, scopeText } from '../src/features/alert/silences';
import { AX } from '../src/features/alert/texts';
import { findMetric } from '../src/features/kpi/metric-names';
import { activeStores } from '../src/features/stores/repo';
import { matchStore } from '../src/features/stores/rules';

const ALL = ['all', '全部', '所有'];

/** "<store|metric|all> [metric] <duration> [reason]" → what to silence; a problem as the reply. */
async function readSilence(ctx: CommandContext, words: string[]) {
  const stores = await activeStores(ctx.deps.db, ctx.team.id);
  let storeId: number | null = null;
  let metric: string | null = null;
  const first = words[0] ?? '';
  let i = 1;
  if (!ALL.includes(first.toLowerCase())) {
    const store = matchStore(stores, first).store;
    const m = store ? undefined : findMetric(first);
    if (!store && !m) return { reply: ctx.t(AX.silenceBadScope, { word: first }) };
    storeId = store?.id ?? null;
    metric = m?.key ?? null;
    // A store may be followed by one of its metrics.
    if (store && words[1] && parseDuration(words[1]) === undefined) {
      const m2 = findMetric(words[1]);
      if (!m2) return { reply: ctx.t(AX.silenceBadDuration) };
      metric = m2.key;
      i = 2;
    }
  }
  const ms = words[i] ? parseDuration(words[i]!) : undefined;
  if (!ms || ms < 60_000 || ms > MAX_SILENCE_MS) return { reply: ctx.t(AX.silenceBadDuration) };
  return {
    storeId,
    metric,
    durationMs: ms,
    reason: words
      .slice(i + 1)
      .join(' ')
      .slice(0, 200),
  };
}

export const silence = defineCommand({
  name: 'silence',
  aliases: ['静默'],
  description: {
    'zh-CN': '静默告警一段时间（仍然记录，到期仍超标会再通知）',
    en: 'Mute alerts for a while (still recorded; notified at the end if still breaching)',
  },
  subcommands: [
    defineSubcommand({
      name: 'list',
      aliases: ['列表'],
      description: { 'zh-CN': '生效中的静默', en: 'Active silences' },
      example: '/silence list',
      args: z.object({}),
      run: async (ctx) => ctx.reply(await silenceListText(ctx.deps, ctx.team, ctx.now)),
    }),
    defineSubcommand({
      name: 'end',
      aliases: ['结束', '取消'],
      description: { 'zh-CN': '提前结束一个静默', en: 'End a silence early' },
      params: [{ key: 'id', label: { 'zh-CN': '编号', en: 'id' } }],
      example: '/silence end 3',
      roles: ['leader', 'ops'],
      args: z.object({
        id: z.coerce.number({ message: '编号是数字，例如 3|the id is a number, e.g. 3' }).int().positive(),
      }),
      run: async (ctx, args) => {
        const text = await endSilence(ctx.deps, ctx.team, args.id, ctx.caller.openId, ctx.now);
        await ctx.reply(text ?? ctx.t(AX.silenceNotFound, { id: args.id }));
      },
    }),
    defineSubcommand({
      name: null,
      description: {
        'zh-CN': '静默一个店铺、一个指标、店铺的某个指标或全部',
        en: 'Silence a store, a metric, one metric of a store, or everything',
      },
      params: [
        { key: 'scope', label: { 'zh-CN': '店铺|指标|all', en: 'store|metric|all' } },
        { key: 'rest', label: { 'zh-CN': '[指标] 时长 [原因]', en: '[metric] duration [reason]' }, rest: true },
      ],
      example: '/silence 天猫旗舰店 2h 店铺装修',
      roles: ['leader', 'ops'],
      args: z.object({
        scope: z.string({ message: '缺少店铺、指标或 all|the store, metric or all is missing' }),
        rest: z.string({ message: '缺少时长，例如 2h|the duration is missing, e.g. 2h' }),
      }),
      run: async (ctx, args) => {
        const read = await readSilence(ctx, [args.scope, ...args.rest.split(/\s+/).filter(Boolean)]);
        if ('reply' in read) return ctx.reply(read.reply!);
        const s = await createSilence(
          ctx.deps,
          ctx.team,
          { ...read, by: ctx.caller.openId, source: `command:${ctx.event.id}` },
          ctx.now,
        );
        const names = await storeNamesOf(ctx.deps, ctx.team.id);
        await ctx.reply(
          ctx.t(AX.silenceSet, {
            id: s.id,
            scope: scopeText(s, names, ctx.t),
            until: formatLocal(s.endsAt, ctx.team.timeZone, ctx.locale, ctx.now),
            reason: s.reason ? ctx.t(AX.silenceReason, { reason: s.reason }) : '',
          }),
        );
      },
    }),
  ],
});
