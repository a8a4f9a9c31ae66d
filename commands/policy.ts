import { z } from 'zod';
import { defineCommand, defineSubcommand } from '../src/core/command-def';
import type { CommandContext } from '../src/core/context';
import { closest } from '../src/core/suggest';
import { mention } from '../src/cards/mention';
import { card, interactive, markdown, note } from '../src/cards/card';
import { formatDuration, parseDuration } from '../src/domain/duration';
import type { Locale } from '../src/config';
import { audited } from '../src/core/audit';
import { getPolicy, setPolicy } from '../src/escalation/policies';
import {
  intervalOf,
  POLICY_LIMITS,
  retime,
  stepInfo,
  type Channel,
  type EscalationPolicy,
  type PolicyStep,
  type Target,
} from '../src/escalation/policy';
import type { EscalationSubject } from '../src/escalation/subject';
import { stepName } from '../src/escalation/texts';
import { t, type Text } from '../src/i18n';
import { M, ROLE_NAMES } from '../src/i18n/messages';

/** The limits of a delay, as the texts say them. */
const min = formatDuration(POLICY_LIMITS.minDelayMs, 'zh-CN');
const minEn = formatDuration(POLICY_LIMITS.minDelayMs, 'en');
const max = formatDuration(POLICY_LIMITS.maxDelayMs, 'zh-CN');
const maxEn = formatDuration(POLICY_LIMITS.maxDelayMs, 'en');

const TX = {
  title: { 'zh-CN': '升级策略', en: 'Escalation policies' },
  section: { 'zh-CN': '**{title}**（/policy {key}）', en: '**{title}** (/policy {key})' },
  first: {
    'zh-CN': '{n}. {delay} 后无人认领：{channel}加急{who}{also}',
    en: '{n}. Unclaimed after {delay}: {channel} buzz{also} to {who}',
  },
  firstRounds: { 'zh-CN': '，每 {interval} 一轮，共 {rounds} 轮', en: ', every {interval}, {rounds} rounds' },
  also: { 'zh-CN': '（同时{channels}加急）', en: ' (and {channels})' },
  later: { 'zh-CN': '{n}. 再过 {delay}：{who}{how}', en: '{n}. {delay} later: {who}{how}' },
  repeated: {
    'zh-CN': '{n}. 之后每 {interval}：{who}{how}，共 {rounds} 轮',
    en: '{n}. Then every {interval}: {who}{how}, {rounds} rounds',
  },
  repeatedAfter: {
    'zh-CN': '{n}. 再过 {delay}，之后每 {interval}：{who}{how}，共 {rounds} 轮',
    en: '{n}. {delay} later, then every {interval}: {who}{how}, {rounds} rounds',
  },
  how: { 'zh-CN': '（{channels}加急）', en: ' ({channels})' },
  unreached: {
    'zh-CN': '{n}. 再过 {delay} 仍无人认领：卡片标红为「无人响应」并通知全群',
    en: '{n}. Still unclaimed {delay} later: the card turns red as "unreached" and the group is told',
  },
  rules: {
    'zh-CN':
      '某一步没有人值班或无法加急时，不等待，直接进入下一步。认领后立即停止；认领 {reminder} 未解决提醒认领人，再过 {reminder} 提醒主管。',
    en: 'A step with nobody on duty (or nobody the bot can buzz) does not wait: it goes straight to the next. A claim stops it at once; a claim unresolved after {reminder} reminds the claimer, {reminder} later the supervisors.',
  },
  howTo: {
    'zh-CN': `主管可修改：/policy {key} 5m（首次延迟，至少 ${min}），/policy {key} 5m repeat 5m 3（间隔和最后一步的轮数）`,
    en: `Supervisors change it: /policy {key} 5m (first delay, ≥ ${minEn}), /policy {key} 5m repeat 5m 3 (interval and rounds of the last step)`,
  },
  changed: {
    'zh-CN': '已更新升级策略（对之后上报的{noun}生效；进行中的按原策略）：',
    en: 'Policy updated (for {noun} reported from now on; open ones keep theirs):',
  },
  summary: {
    'zh-CN': '{first} 后{channel}{firstWho}，之后每 {interval} 一步，{lastWho} {rounds} 轮',
    en: '{channel} the {firstWho} after {first}, then a step every {interval}, {lastWho} {rounds} rounds',
  },
  missingDelay: { 'zh-CN': '缺少首次延迟，例如 5m', en: 'the first delay is missing, e.g. 5m' },
  subjectLabel: { 'zh-CN': '对象', en: 'subject' },
  delayLabel: { 'zh-CN': '首次延迟', en: 'first delay' },
  repeatLabel: { 'zh-CN': 'repeat 间隔 轮数', en: 'repeat interval count' },
  and: { 'zh-CN': '和', en: ' and ' },
  comma: { 'zh-CN': '、', en: ', ' },
  primaryFirst: { 'zh-CN': '值班**主值班**', en: 'the on-duty **primary**' },
  primary: { 'zh-CN': '**主值班**', en: 'the **primary**' },
  backup: { 'zh-CN': '**备份**', en: 'the **backup**' },
  supervisors: { 'zh-CN': '**全体主管**', en: '**every supervisor**' },
  role: { 'zh-CN': '全体**{role}**', en: 'every **{role}**' },
} satisfies Record<string, Text>;

const CHANNELS: Record<Channel, Text> = {
  phone: { 'zh-CN': '电话', en: 'phone' },
  sms: { 'zh-CN': '短信', en: 'SMS' },
  app: { 'zh-CN': '应用内', en: 'in-app' },
};

const REPEAT_WORDS = new Set(['repeat', 'every', '重复', '每', '间隔']);

const delay = (what: string, whatEn: string) =>
  z
    .string({ message: `缺少${what}，例如 5m|the ${whatEn} is missing, e.g. 5m` })
    .transform((s) => parseDuration(s))
    .refine((ms): ms is number => ms !== undefined, {
      message: `${what}写成 30s、5m、2h 或 5分钟|write the ${whatEn} like 30s, 5m, 2h or 5分钟`,
    })
    .refine((ms) => ms >= POLICY_LIMITS.minDelayMs, {
      message: `${what}至少 ${min}|the ${whatEn} must be at least ${minEn}`,
    })
    .refine((ms) => ms <= POLICY_LIMITS.maxDelayMs, {
      message: `${what}最多 ${max}|the ${whatEn} can be at most ${maxEn}`,
    });

const intervalOfArgs = delay('间隔', 'interval');

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
    if (!REPEAT_WORDS.has(words[0]!.toLowerCase()) || words.length !== 3)
      return bad('写成 repeat <间隔> <轮数>，例如 repeat 5m 3|write it as repeat <interval> <count>, e.g. repeat 5m 3');
    const interval = intervalOfArgs.safeParse(words[1]);
    if (!interval.success) return bad(interval.error.issues[0]!.message);
    const count = /^[x×]?(\d{1,2})[次轮]?$/i.exec(words[2]!);
    const n = count ? Number(count[1]) : NaN;
    if (!(n >= POLICY_LIMITS.minRounds && n <= POLICY_LIMITS.maxRounds)) {
      return bad(
        `主管轮数应为 ${POLICY_LIMITS.minRounds} 到 ${POLICY_LIMITS.maxRounds}|the supervisor rounds must be ${POLICY_LIMITS.minRounds} to ${POLICY_LIMITS.maxRounds}`,
      );
    }
    return { intervalMs: interval.data, rounds: n };
  });

const loudest = (channels: Channel[]): Channel =>
  (['phone', 'sms', 'app'] as const).find((c) => channels.includes(c)) ?? 'app';
const channelList = (L: Locale, cs: Channel[]) => cs.map((c) => t(L, CHANNELS[c])).join(t(L, TX.comma));
const sameChannels = (a: Channel[], b: Channel[]) => a.length === b.length && a.every((c) => b.includes(c));

function targetText(L: Locale, x: Target, first: boolean): string {
  switch (x.who) {
    case 'primary':
      return t(L, first ? TX.primaryFirst : TX.primary);
    case 'backup':
      return t(L, TX.backup);
    case 'supervisors':
      return t(L, TX.supervisors);
    case 'role':
      return t(L, TX.role, {
        role: x.role in ROLE_NAMES ? t(L, ROLE_NAMES[x.role as keyof typeof ROLE_NAMES]) : x.role,
      });
    case 'people':
      return x.openIds.map((id) => mention(id)).join(' ');
  }
}

const whoOf = (L: Locale, s: PolicyStep) => s.targets.map((x, i) => targetText(L, x, i === 0)).join(t(L, TX.and));

/** The policy, one line per step, as a supervisor reads it. */
function describe(L: Locale, p: EscalationPolicy, atOnce: Text | undefined): string {
  const lines = atOnce ? [`1. ${t(L, atOnce)}`] : [];
  const first = lines.length + 1;
  const d = (ms: number) => formatDuration(ms, L);
  p.steps.forEach((s, i) => {
    const n = first + i;
    const who = whoOf(L, s);
    if (i === 0) {
      const lead = loudest(s.channels);
      const others = s.channels.filter((c) => c !== lead);
      const also = others.length ? t(L, TX.also, { channels: channelList(L, others) }) : '';
      const rounds =
        (s.rounds ?? 1) > 1
          ? t(L, TX.firstRounds, { interval: d(s.intervalMs ?? s.delayMs), rounds: s.rounds ?? 1 })
          : '';
      lines.push(t(L, TX.first, { n, delay: d(s.delayMs), channel: t(L, CHANNELS[lead]), who, also }) + rounds);
      return;
    }
    const how = sameChannels(s.channels, p.steps[i - 1]!.channels)
      ? ''
      : t(L, TX.how, { channels: channelList(L, s.channels) });
    const rounds = s.rounds ?? 1;
    const interval = s.intervalMs ?? s.delayMs;
    if (rounds === 1) lines.push(t(L, TX.later, { n, delay: d(s.delayMs), who, how }));
    else if (interval === s.delayMs) lines.push(t(L, TX.repeated, { n, interval: d(interval), who, how, rounds }));
    else lines.push(t(L, TX.repeatedAfter, { n, delay: d(s.delayMs), interval: d(interval), who, how, rounds }));
  });
  lines.push(t(L, TX.unreached, { n: first + p.steps.length, delay: d(p.unreachedAfterMs) }));
  return `${lines.join('\n')}\n\n${t(L, TX.rules, { reminder: d(p.claimReminderMs) })}`;
}

function summary(L: Locale, p: EscalationPolicy): string {
  const last = p.steps.at(-1)!;
  return t(L, TX.summary, {
    first: formatDuration(p.steps[0]!.delayMs, L),
    channel: t(L, CHANNELS[loudest(p.steps[0]!.channels)]),
    firstWho: stepName(L, stepInfo(p, 1)),
    interval: formatDuration(intervalOf(p), L),
    lastWho: stepName(L, {
      kind: last.targets[0]!.who,
      ...(last.targets[0]!.who === 'role' ? { role: last.targets[0]!.role } : {}),
    }),
    rounds: last.rounds ?? 1,
  });
}

/** The subject `word` names: its key or one of its aliases. */
function findSubject(
  subjects: Readonly<Record<string, EscalationSubject>>,
  word: string,
): [string, EscalationSubject] | undefined {
  const w = word.toLowerCase();
  return Object.entries(subjects).find(
    ([key, s]) => key.toLowerCase() === w || (s.aliases ?? []).some((a) => a.toLowerCase() === w),
  );
}

const usageOf = (L: Locale, key: string) => `/policy ${key} <${t(L, TX.delayLabel)}> [${t(L, TX.repeatLabel)}…]`;

async function show(ctx: CommandContext): Promise<void> {
  const elements = [];
  for (const [key, subject] of Object.entries(ctx.deps.app.escalation)) {
    const p = await getPolicy(ctx.deps.db, ctx.team.id, key, subject);
    elements.push(
      markdown(
        `${ctx.t(TX.section, { title: ctx.t(subject.title), key })}\n${describe(ctx.locale, p, subject.atOnce)}`,
      ),
      note(ctx.t(TX.howTo, { key })),
    );
  }
  await ctx.reply(interactive(card({ title: ctx.t(TX.title), color: 'purple', elements })));
}

export const policy = defineCommand({
  name: 'policy',
  aliases: ['升级策略', '策略'],
  description: { 'zh-CN': '电话升级策略（店铺异常等）', en: 'The phone escalation policies (store anomalies, …)' },
  subcommands: [
    defineSubcommand({
      name: null,
      description: {
        'zh-CN': `查看升级策略；主管可修改某一类的首次延迟（至少 ${min}，便于演练），以及之后的间隔和最后一步的轮数`,
        en: `Show the escalation policies; supervisors change one's first delay (≥ ${minEn}, so drills work), and the interval and rounds of its last step`,
      },
      params: [
        { key: 'subject', label: TX.subjectLabel, optional: true },
        { key: 'delay', label: TX.delayLabel, optional: true },
        { key: 'repeat', label: TX.repeatLabel, optional: true, rest: true },
      ],
      example: '/policy anomaly 5m repeat 5m 3',
      args: z.object({
        subject: z.string().optional(),
        delay: delay('首次延迟', 'first delay').optional(),
        repeat: repeatPart,
      }),
      run: async (ctx, args) => {
        if (args.subject === undefined) return show(ctx);
        const subjects = ctx.deps.app.escalation;
        const L = ctx.locale;
        const found = findSubject(subjects, args.subject);
        // The subjects come from the app, not from this command: a new one needs no change here.
        if (!found) {
          const names = Object.entries(subjects).flatMap(([key, s]) => [key, ...(s.aliases ?? [])]);
          const near = closest(args.subject, names).map((s) => `/policy ${s}`);
          return ctx.reply(
            [
              t(L, M.unknownSubcommand, { word: args.subject, command: '/policy' }) +
                (near.length ? ' ' + t(L, M.didYouMean, { list: near.join('  ') }) : ''),
              t(L, M.usage, { usage: '/policy' }),
              ...Object.keys(subjects).map((key) => t(L, M.usage, { usage: usageOf(L, key) })),
            ].join('\n'),
          );
        }
        const [key, subject] = found;
        if (ctx.caller.role !== 'supervisor') {
          return ctx.reply(
            t(L, M.notAllowed, {
              command: `/policy ${key}`,
              roles: t(L, ROLE_NAMES.supervisor),
              role: t(L, ROLE_NAMES[ctx.caller.role]),
            }),
          );
        }
        if (args.delay === undefined) {
          return ctx.reply(
            [
              t(L, M.badArgs, { problem: t(L, TX.missingDelay) }),
              t(L, M.usage, { usage: usageOf(L, key) }),
              t(L, M.example, { example: `/policy ${key} 5m repeat 5m 3` }),
            ].join('\n'),
          );
        }
        const current = await getPolicy(ctx.deps.db, ctx.team.id, key, subject);
        const next = retime(current, { firstDelayMs: args.delay, ...(args.repeat ?? {}) });
        const said = `${ctx.t(TX.changed, { noun: ctx.t(subject.noun) })}\n${summary(L, next)}`;
        await audited(
          ctx.deps,
          ctx.now,
          (deps) => setPolicy(deps.db, ctx.team.id, key, next, ctx.caller.openId, ctx.now),
          () => ({
            teamId: ctx.team.id,
            actor: ctx.caller.openId,
            action: 'policy',
            summary: said,
            detail: { subject: key },
            source: `${ctx.event.id}:policy:${key}`,
          }),
        );
        await ctx.reply(said);
      },
    }),
  ],
});
