import { z } from 'zod';
import { eq } from 'drizzle-orm';
import { defineCommand, defineSubcommand } from '../src/core/command-def';
import { listMembers, upsertMember } from '../src/core/teams';
import { mention } from '../src/cards/mention';
import { teams, ROLES } from '../src/db/schema';
import { activeStores } from '../src/features/stores/repo';
import { deliveryHealth } from '../src/outbox/health';
import { ROLE_NAMES } from '../src/i18n/messages';
import { card, divider, fields, interactive, markdown, note } from '../src/cards/card';

const TX = {
  title: { 'zh-CN': '现场管家 · 本群设置', en: 'floorwalker · this team' },
  bound: { 'zh-CN': '本群已绑定为客服团队（{name}）。', en: 'This group is bound as a team ({name}).' },
  team: { 'zh-CN': '团队', en: 'Team' },
  zone: { 'zh-CN': '时区 / 语言', en: 'Time zone / language' },
  platform: { 'zh-CN': '平台', en: 'Platform' },
  sandbox: { 'zh-CN': '沙盒（本地模拟飞书）', en: 'sandbox (local Feishu emulator)' },
  database: { 'zh-CN': '数据库', en: 'Database' },
  people: { 'zh-CN': '成员', en: 'People' },
  stores: { 'zh-CN': '店铺', en: 'Stores' },
  delivery: { 'zh-CN': '消息送达（24 小时）', en: 'Delivery (24 h)' },
  deliveryLine: { 'zh-CN': '已送达 {sent} · 排队中 {pending} · 失败 {failed}', en: 'sent {sent} · queued {pending} · failed {failed}' },
  stuck: { 'zh-CN': '⚠️ 最早的待发消息已等待 {minutes} 分钟，发送可能受阻。', en: '⚠️ The oldest queued message has waited {minutes} min: delivery may be stuck.' },
  healthy: { 'zh-CN': '✅ 没有发现送达问题。', en: '✅ No delivery problems.' },
  problem: { 'zh-CN': '❌ {explanation}（{count} 次，最近 {at}）', en: '❌ {explanation} ({count}×, last {at})' },
  chatInfo: {
    'zh-CN': '⚠️ 读不到群信息，无法自动把群主设为主管：{error}。请在开发者后台开通 im:chat:readonly 并发布新版本。',
    en: "⚠️ Cannot read the group's info, so its owner is not a supervisor yet: {error}. Add the im:chat:readonly scope and publish a new version.",
  },
  next: { 'zh-CN': '下一步', en: 'Next steps' },
  addStores: { 'zh-CN': '添加店铺：/store add 天猫旗舰店', en: 'Add stores: /store add "Tmall flagship"' },
  addOps: { 'zh-CN': '指定运营同事（异常会 @ 他们）：/role @某人 运营', en: 'Name the operations people (anomalies @ them): /role @someone ops' },
  allSet: { 'zh-CN': '基础设置已完成。发送 /help 看看还能做什么。', en: 'The basics are done. Send /help to see what else you can do.' },
};

export const setup = defineCommand({
  name: 'setup',
  aliases: ['设置'],
  description: { 'zh-CN': '绑定本群为团队；查看配置和消息送达情况', en: 'Bind this group as a team; show its configuration and delivery health' },
  subcommands: [
    defineSubcommand({
      name: null,
      description: { 'zh-CN': '查看本群设置与送达情况', en: 'Show configuration and delivery health' },
      example: '/setup',
      roles: ['leader'],
      args: z.object({}),
      run: async (ctx) => {
        const { deps, team, now } = ctx;
        // Try the chat info again: the scope may have been granted since the team was created.
        let chatInfoError = typeof team.settings.chatInfoError === 'string' ? team.settings.chatInfoError : undefined;
        try {
          const info = await deps.platform.chatInfo(team.chatId);
          const { chatInfoError: _, ...settings } = team.settings;
          await deps.db.update(teams).set({ name: info.name || team.name, settings }).where(eq(teams.id, team.id));
          if (info.ownerOpenId && chatInfoError) await upsertMember(deps, team.id, { openId: info.ownerOpenId }, 'supervisor');
          team.name = info.name || team.name;
          chatInfoError = undefined;
        } catch (err) {
          chatInfoError = err instanceof Error ? err.message : String(err);
        }
        const [people, stores, health] = await Promise.all([
          listMembers(deps.db, team.id),
          activeStores(deps.db, team.id),
          deliveryHealth(deps.db, team.id, new Date(now.getTime() - 24 * 3600_000)),
        ]);
        const roleOf = (m: (typeof people)[number]) => (deps.config.admins.includes(m.openId) ? 'supervisor' : m.role);
        const byRole = ROLES.map((r) => {
          const ms = people.filter((m) => roleOf(m) === r);
          const who = r === 'supervisor' || r === 'ops' ? ms.map((m) => mention(m.openId)).join(' ') : String(ms.length);
          return `${ctx.t(ROLE_NAMES[r])}：${who || '0'}`;
        });
        const time = (d: Date) => d.toLocaleString(ctx.locale, { timeZone: team.timeZone, hour12: false });
        const deliveryLines = [ctx.t(TX.deliveryLine, { sent: health.sent, pending: health.pending, failed: health.failed })];
        const stuckMinutes = health.oldestPendingDueAt ? Math.floor((now.getTime() - health.oldestPendingDueAt.getTime()) / 60_000) : 0;
        if (stuckMinutes >= 5) deliveryLines.push(ctx.t(TX.stuck, { minutes: stuckMinutes }));
        for (const p of health.problems) deliveryLines.push(ctx.t(TX.problem, { explanation: ctx.t(p.explanation), count: p.count, at: time(p.at) }));
        if (!health.problems.length && stuckMinutes < 5) deliveryLines.push(ctx.t(TX.healthy));

        const next: string[] = [];
        if (!stores.length) next.push(ctx.t(TX.addStores));
        if (!people.some((m) => m.role === 'ops')) next.push(ctx.t(TX.addOps));
        const problems = health.problems.length > 0 || chatInfoError !== undefined || stuckMinutes >= 5;
        await ctx.reply(
          interactive(
            card({
              title: ctx.t(TX.title),
              color: problems ? 'orange' : 'green',
              elements: [
                markdown(ctx.t(TX.bound, { name: team.name || team.chatId })),
                ...fields([
                  [ctx.t(TX.team), `${team.name || '—'}\n${team.chatId}`],
                  [ctx.t(TX.zone), `${team.timeZone} / ${deps.config.locale}`],
                  [ctx.t(TX.platform), deps.config.platform === 'sandbox' ? ctx.t(TX.sandbox) : `Feishu · ${deps.config.feishu.eventMode}`],
                  [ctx.t(TX.database), deps.dbKind === 'pglite' ? 'PGlite' : 'Postgres'],
                  [ctx.t(TX.people), byRole.join('\n')],
                  [ctx.t(TX.stores), stores.length ? stores.map((s) => s.name).join('、') : '0'],
                ]),
                ...(chatInfoError ? [markdown(ctx.t(TX.chatInfo, { error: chatInfoError.slice(0, 200) }))] : []),
                divider(),
                markdown(`**${ctx.t(TX.delivery)}**\n${deliveryLines.join('\n')}`),
                divider(),
                note(`${ctx.t(TX.next)}：${next.length ? next.join('；') : ctx.t(TX.allSet)}`),
              ],
            }),
          ),
        );
      },
    }),
  ],
});
