import { z } from 'zod';
import { defineCommand, defineSubcommand } from '../src/core/command-def';
import { ROLES, withRole, type Role } from '../src/core/people';
import { audited } from '../src/core/audit';
import { changeRole } from '../src/core/roles';
import { listMembers } from '../src/core/teams';
import { mention } from '../src/cards/mention';
import { ROLE_NAMES } from '../src/i18n/messages';
import { interactive, card, markdown, note } from '../src/cards/card';

const TX = {
  title: { 'zh-CN': '本组成员与角色', en: 'Members and roles' },
  nobody: { 'zh-CN': '（暂无）', en: '(nobody yet)' },
  howTo: {
    'zh-CN': '主管可用 /role @某人 组长 调整角色。成员在群里第一次 @我 时加入，默认是客服。',
    en: 'Supervisors change roles with /role @someone leader. People join when they first @mention me, as agents.',
  },
  changed: { 'zh-CN': '已把 {who} 的角色从{from}改为{to}。', en: "Changed {who}'s role from {from} to {to}." },
  same: { 'zh-CN': '{who} 已经是{role}了。', en: '{who} is already {role}.' },
  admin: {
    'zh-CN': '没有改动：{who} 是部署配置的管理员（FLOORWALKER_ADMINS），在每个群都是主管。要改请修改该配置。',
    en: 'Nothing changed: {who} is an administrator of this deployment (FLOORWALKER_ADMINS) and a supervisor in every team. Change that setting instead.',
  },
  lastSupervisor: {
    'zh-CN': '不能这样做：{who} 是本组唯一的主管。请先把另一位成员设为主管。',
    en: 'Not done: {who} is the only supervisor. Make someone else a supervisor first.',
  },
};

const ROLE_WORDS: Record<string, Role> = {
  supervisor: 'supervisor',
  主管: 'supervisor',
  leader: 'leader',
  组长: 'leader',
  agent: 'agent',
  客服: 'agent',
  ops: 'ops',
  operations: 'ops',
  运营: 'ops',
};
const roleWord = z
  .string({ message: '缺少角色：主管/组长/客服/运营|the role is missing: supervisor/leader/agent/ops' })
  .transform((w) => ROLE_WORDS[w.toLowerCase()])
  .refine((r): r is Role => r !== undefined, {
    message:
      '角色应为 主管/组长/客服/运营（supervisor/leader/agent/ops）|role must be supervisor, leader, agent or ops',
  });

export const role = defineCommand({
  name: 'role',
  aliases: ['角色'],
  description: { 'zh-CN': '谁是主管、组长、客服、运营', en: 'Who is supervisor, leader, agent, operations' },
  subcommands: [
    defineSubcommand({
      name: null,
      description: {
        'zh-CN': '查看成员角色；主管可 @某人 设置角色',
        en: 'Show roles; supervisors set one with @someone',
      },
      params: [{ key: 'role', label: { 'zh-CN': '角色', en: 'role' }, optional: true }],
      usageTail: { 'zh-CN': '（设置时先 @某人）', en: '(to set one, @mention someone first)' },
      example: '/role @李组长 组长',
      args: z.object({
        mentions: z.array(z.object({ openId: z.string(), name: z.string() })),
        role: roleWord.optional(),
      }),
      run: async (ctx, args) => {
        const target = args.mentions[0];
        if (!target && !args.role) {
          const all = await listMembers(ctx.deps.db, ctx.team.id);
          const lines = ROLES.map((r) => {
            const people = withRole(ctx.deps, all, r);
            return `**${ctx.t(ROLE_NAMES[r])}**：${people.length ? people.map((m) => mention(m.openId)).join(' ') : ctx.t(TX.nobody)}`;
          });
          return ctx.reply(
            interactive(
              card({
                title: ctx.t(TX.title),
                color: 'indigo',
                elements: [markdown(lines.join('\n')), note(ctx.t(TX.howTo))],
              }),
            ),
          );
        }
        // Changing a role is for supervisors only; say so before complaining about arguments.
        if (ctx.caller.role !== 'supervisor') {
          return ctx.reply(
            ctx.t(
              {
                'zh-CN': '抱歉，设置角色需要主管。你目前的角色是{role}。',
                en: 'Sorry, setting roles needs a supervisor. Your role is {role}.',
              },
              {
                role: ctx.t(ROLE_NAMES[ctx.caller.role]),
              },
            ),
          );
        }
        if (!target || !args.role) {
          return ctx.reply(
            ctx.t({
              'zh-CN': '用法：/role @某人 <主管|组长|客服|运营>\n例如：/role @李组长 组长',
              en: 'Usage: /role @someone <supervisor|leader|agent|ops>\nExample: /role @Li leader',
            }),
          );
        }
        const to = args.role;
        const change = await audited(
          ctx.deps,
          ctx.now,
          (deps) => changeRole(deps, ctx.team.id, target, to),
          (c) =>
            c.outcome === 'changed'
              ? {
                  teamId: ctx.team.id,
                  actor: ctx.caller.openId,
                  action: 'role',
                  summary: ctx.t(TX.changed, {
                    who: target.name,
                    from: ctx.t(ROLE_NAMES[c.from]),
                    to: ctx.t(ROLE_NAMES[c.to]),
                  }),
                  detail: { openId: target.openId, from: c.from, to: c.to },
                  source: `${ctx.event.id}:role:${target.openId}`,
                }
              : undefined,
        );
        switch (change.outcome) {
          case 'same':
            return ctx.reply(ctx.t(TX.same, { who: target.name, role: ctx.t(ROLE_NAMES[change.role]) }));
          case 'admin':
            return ctx.reply(ctx.t(TX.admin, { who: target.name }));
          case 'last_supervisor':
            return ctx.reply(ctx.t(TX.lastSupervisor, { who: target.name }));
          case 'changed':
            return ctx.reply(
              ctx.t(TX.changed, {
                who: target.name,
                from: ctx.t(ROLE_NAMES[change.from]),
                to: ctx.t(ROLE_NAMES[change.to]),
              }),
            );
        }
      },
    }),
  ],
});
