import { z } from 'zod';
import { mention } from '../src/cards/mention';
import { auditSince } from '../src/core/audit';
import { defineCommand, defineSubcommand } from '../src/core/command-def';
import { parseDuration } from '../src/domain/duration';
import { formatLocal } from '../src/domain/local-time';

const DAY_MS = 86_400_000;
/** How many lines one private message lists; older ones are counted, not shown. */
const MAX_LINES = 60;

const TX = {
  title: { 'zh-CN': '最近 {days} 天的权限变更（{n} 条）', en: 'Privileged changes in the last {days} days ({n})' },
  none: {
    'zh-CN': '最近 {days} 天没有权限变更（角色、目标、静默、升级策略、审批、令牌、权限额度）。',
    en: 'No privileged changes in the last {days} days (roles, targets, silences, policies, approvals, tokens, limits).',
  },
  more: { 'zh-CN': '……还有 {n} 条更早的，缩短时长查看。', en: '… and {n} older ones; a shorter period shows them.' },
  sentPrivately: { 'zh-CN': '已私信你审计记录。', en: 'I sent you the audit log privately.' },
  actions: {
    'zh-CN': 'role=角色|target=目标|silence=静默|policy=升级策略|approval=审批|token=令牌|limits=权限额度',
    en: 'role=role|target=target|silence=silence|policy=policy|approval=approval|token=token|limits=limits',
  },
};

export const audit = defineCommand({
  name: 'audit',
  aliases: ['审计'],
  description: {
    'zh-CN': '谁在什么时候改了角色、目标、静默、升级策略、审批、令牌（主管，私信）',
    en: 'Who changed roles, targets, silences, policies, approvals, tokens, and when (supervisors, privately)',
  },
  subcommands: [
    defineSubcommand({
      name: null,
      description: { 'zh-CN': '最近的权限变更，默认 7 天', en: 'Recent privileged changes, 7 days by default' },
      params: [{ key: 'period', label: { 'zh-CN': '时长', en: 'period' }, optional: true }],
      example: '/audit 30d',
      roles: [],
      args: z.object({
        period: z
          .string()
          .optional()
          .refine(
            (p) => {
              const ms = p === undefined ? 7 * DAY_MS : parseDuration(p);
              return ms !== undefined && ms >= DAY_MS && ms <= 366 * DAY_MS;
            },
            { message: '时长写成 7d 或 30d（1 到 366 天）|write the period like 7d or 30d (1 to 366 days)' },
          ),
      }),
      run: async (ctx, args) => {
        const ms = args.period ? parseDuration(args.period)! : 7 * DAY_MS;
        const days = Math.round(ms / DAY_MS);
        const rows = await auditSince(ctx.deps.db, ctx.team.id, new Date(ctx.now.getTime() - ms), 1_000);
        const names = new Map(
          ctx
            .t(TX.actions)
            .split('|')
            .map((p) => p.split('=') as [string, string]),
        );
        const text = rows.length
          ? [
              ctx.t(TX.title, { days, n: rows.length }),
              ...rows
                .slice(0, MAX_LINES)
                .map(
                  (r) =>
                    `${formatLocal(r.at, ctx.team.timeZone, ctx.locale, ctx.now)} ${mention(r.actor)} [${names.get(r.action) ?? r.action}] ${r.summary}`,
                ),
              ...(rows.length > MAX_LINES ? [ctx.t(TX.more, { n: rows.length - MAX_LINES })] : []),
            ].join('\n')
          : ctx.t(TX.none, { days });
        await ctx.dm(ctx.caller.openId, text);
        if (ctx.event.chatType === 'group') await ctx.reply(ctx.t(TX.sentPrivately));
      },
    }),
  ],
});
