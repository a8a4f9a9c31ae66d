import { z } from 'zod';
import { defineCommand, defineSubcommand } from '../src/core/command-def';
import { card, interactive, markdown, note } from '../src/cards/card';
import { formatDuration, parseDuration } from '../src/domain/duration';
import type { Locale } from '../src/config';
import { POLICY_LIMITS, type Policy } from '../src/escalation/policy';
import { getPolicy, setPolicy } from '../src/features/anomaly/policy';
import { t } from '../src/i18n';

/** The limits of a delay, as the texts say them. */
const min = formatDuration(POLICY_LIMITS.minDelayMs, 'zh-CN');
const minEn = formatDuration(POLICY_LIMITS.minDelayMs, 'en');
const max = formatDuration(POLICY_LIMITS.maxDelayMs, 'zh-CN');
const maxEn = formatDuration(POLICY_LIMITS.maxDelayMs, 'en');

const TX = {
  title: { 'zh-CN': '升级策略 · 店铺异常', en: 'Escalation policy · store anomalies' },
  steps: {
    'zh-CN':
      '1. 上报后立即发卡片，@运营\n2. {first} 后无人认领：电话加急值班**主值班**（同时应用内加急）\n3. 再过 {interval}：**备份和主值班**\n4. 之后每 {interval}：**全体主管**，共 {rounds} 轮\n5. 再过 {interval} 仍无人认领：卡片标红为「无人响应」并通知全群\n\n某一步没有人值班或无法加急时，不等待，直接进入下一步。认领后立即停止；认领 {reminder} 未解决提醒认领人，再过 {reminder} 提醒主管。',
    en:
      '1. The card at once, @operations\n2. Unclaimed after {first}: phone buzz (and in-app) to the on-duty **primary**\n3. {interval} later: the **backup and the primary**\n4. Then every {interval}: **every supervisor**, {rounds} rounds\n5. Still unclaimed {interval} later: the card turns red as "unreached" and the group is told\n\nA step with nobody on duty (or nobody the bot can buzz) does not wait: it goes straight to the next. A claim stops it at once; a claim unresolved after {reminder} reminds the claimer, {reminder} later the supervisors.',
  },
  howTo: {
    'zh-CN': `主管可修改：/policy anomaly 5m（首次延迟，至少 ${min}），/policy anomaly 5m repeat 5m 3（间隔和主管轮数）`,
    en: `Supervisors change it: /policy anomaly 5m (first delay, ≥ ${minEn}), /policy anomaly 5m repeat 5m 3 (interval and supervisor rounds)`,
  },
  changed: { 'zh-CN': '已更新升级策略（对之后上报的异常生效；进行中的按原策略）：', en: 'Policy updated (for anomalies reported from now on; open ones keep theirs):' },
  summary: {
    'zh-CN': '{first} 后电话主值班，之后每 {interval} 一步，主管 {rounds} 轮',
    en: 'phone the primary after {first}, then a step every {interval}, supervisors {rounds} rounds',
  },
};

const REPEAT_WORDS = new Set(['repeat', 'every', '重复', '每', '间隔']);

const delay = (what: string, whatEn: string) =>
  z
    .string({ message: `缺少${what}，例如 5m|the ${whatEn} is missing, e.g. 5m` })
    .transform((s) => parseDuration(s))
    .refine((ms): ms is number => ms !== undefined, { message: `${what}写成 30s、5m、2h 或 5分钟|write the ${whatEn} like 30s, 5m, 2h or 5分钟` })
    .refine((ms) => ms >= POLICY_LIMITS.minDelayMs, { message: `${what}至少 ${min}|the ${whatEn} must be at least ${minEn}` })
    .refine((ms) => ms <= POLICY_LIMITS.maxDelayMs, { message: `${what}最多 ${max}|the ${whatEn} can be at most ${maxEn}` });

const intervalOf = delay('间隔', 'interval');

/** "repeat 5m 3" after the first delay (optional). */
const repeatPart = z
  .string()
  .optional()
  .transform((s, ctx) => {
    const words = (s ?? '').split(/\s+/).filter(Boolean);
    if (words.length === 0) return undefined;
    /** `message` is "中文|English", as every message of the args schemas. */
    const bad = (message: string) => {
      ctx.addIssue({ code: 'custom', message });
      return z.NEVER;
    };
    if (!REPEAT_WORDS.has(words[0]!.toLowerCase()) || words.length !== 3) return bad('写成 repeat <间隔> <轮数>，例如 repeat 5m 3|write it as repeat <interval> <count>, e.g. repeat 5m 3');
    const interval = intervalOf.safeParse(words[1]);
    if (!interval.success) return bad(interval.error.issues[0]!.message);
    const count = /^[x×]?(\d{1,2})[次轮]?$/i.exec(words[2]!);
    const n = count ? Number(count[1]) : NaN;
    if (!(n >= POLICY_LIMITS.minRounds && n <= POLICY_LIMITS.maxRounds)) {
      return bad(`主管轮数应为 ${POLICY_LIMITS.minRounds} 到 ${POLICY_LIMITS.maxRounds}|the supervisor rounds must be ${POLICY_LIMITS.minRounds} to ${POLICY_LIMITS.maxRounds}`);
    }
    return { intervalMs: interval.data, supervisorRounds: n };
  });

function describe(locale: Locale, p: Policy): string {
  return t(locale, TX.steps, {
    first: formatDuration(p.firstDelayMs, locale),
    interval: formatDuration(p.intervalMs, locale),
    rounds: p.supervisorRounds,
    reminder: formatDuration(p.claimReminderMs, locale),
  });
}

export const policy = defineCommand({
  name: 'policy',
  aliases: ['升级策略', '策略'],
  description: { 'zh-CN': '店铺异常的电话升级策略', en: 'The phone escalation policy of store anomalies' },
  subcommands: [
    defineSubcommand({
      name: null,
      description: { 'zh-CN': '查看升级策略', en: 'Show the escalation policy' },
      example: '/policy',
      args: z.object({}),
      run: async (ctx) => {
        const p = await getPolicy(ctx.deps.db, ctx.team.id);
        await ctx.reply(interactive(card({ title: ctx.t(TX.title), color: 'purple', elements: [markdown(describe(ctx.locale, p)), note(ctx.t(TX.howTo))] })));
      },
    }),
    defineSubcommand({
      name: 'anomaly',
      aliases: ['异常'],
      description: {
        'zh-CN': `修改首次电话的延迟（至少 ${min}，便于演练），以及之后的间隔和主管轮数`,
        en: `Change the delay of the first phone step (≥ ${minEn}, so drills work), and the interval and supervisor rounds`,
      },
      params: [
        { key: 'delay', label: { 'zh-CN': '首次延迟', en: 'first delay' } },
        { key: 'repeat', label: { 'zh-CN': 'repeat 间隔 轮数', en: 'repeat interval count' }, optional: true, rest: true },
      ],
      example: '/policy anomaly 5m repeat 5m 3',
      roles: [],
      args: z.object({ delay: delay('首次延迟', 'first delay'), repeat: repeatPart }),
      run: async (ctx, args) => {
        const current = await getPolicy(ctx.deps.db, ctx.team.id);
        const next: Policy = { ...current, firstDelayMs: args.delay, ...(args.repeat ?? {}) };
        await setPolicy(ctx.deps.db, ctx.team.id, next, ctx.caller.openId, ctx.now);
        await ctx.reply(
          `${ctx.t(TX.changed)}\n${ctx.t(TX.summary, {
            first: formatDuration(next.firstDelayMs, ctx.locale),
            interval: formatDuration(next.intervalMs, ctx.locale),
            rounds: next.supervisorRounds,
          })}`,
        );
      },
    }),
  ],
});
