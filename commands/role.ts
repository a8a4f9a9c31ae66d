import { z } from 'zod';
import { defineCommand, defineSubcommand } from '../src/core/command-def';
import { hasAttribute, ROLES, withRole, type Role } from '../src/core/people';
import { audited } from '../src/core/audit';
import { changeAttribute, changeRole, type RoleChange } from '../src/core/roles';
import type { Translate } from '../src/i18n';
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
  senior: { 'zh-CN': '（资深）', en: ' (senior)' },
  seniorOn: {
    'zh-CN': '已把 {who} 设为资深客服：风险订单会派给资深客服认领。',
    en: '{who} is now a senior agent: risky orders go to senior agents.',
  },
  seniorOff: { 'zh-CN': '已取消 {who} 的资深客服身份。', en: '{who} is no longer a senior agent.' },
  seniorSame: { 'zh-CN': '{who} 已经{state}了。', en: '{who} is already {state}.' },
  seniorYes: { 'zh-CN': '是资深客服', en: 'a senior agent' },
  seniorNo: { 'zh-CN': '不是资深客服', en: 'not a senior agent' },
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
/** The attribute after the role: 资深/senior gives it, 普通/nosenior takes it away. */
const SENIOR_WORDS: Record<string, boolean> = { senior: true, 资深: true, nosenior: false, junior: false, 普通: false };
const seniorWord = z
  .string()
  .transform((w) => SENIOR_WORDS[w.toLowerCase()])
  .refine((v): v is boolean => v !== undefined, {
    message: '角色后面只能写 资深 或 普通（senior/nosenior）|after the role write senior or nosenior',
  });

const roleWord = z
  .string({ message: '缺少角色：主管/组长/客服/运营|the role is missing: supervisor/leader/agent/ops' })
  .transform((w) => ROLE_WORDS[w.toLowerCase()])
  .refine((r): r is Role => r !== undefined, {
    message:
      '角色应为 主管/组长/客服/运营（supervisor/leader/agent/ops）|role must be supervisor, leader, agent or ops',
  });

function roleSaid(t: Translate, who: string, change: RoleChange): string {
  switch (change.outcome) {
    case 'same':
      return t(TX.same, { who, role: t(ROLE_NAMES[change.role]) });
    case 'admin':
      return t(TX.admin, { who });
    case 'last_supervisor':
      return t(TX.lastSupervisor, { who });
    case 'changed':
      return t(TX.changed, { who, from: t(ROLE_NAMES[change.from]), to: t(ROLE_NAMES[change.to]) });
  }
}

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
      params: [
        { key: 'role', label: { 'zh-CN': '角色', en: 'role' }, optional: true },
        { key: 'senior', label: { 'zh-CN': '资深|普通', en: 'senior|nosenior' }, optional: true },
      ],
      usageTail: { 'zh-CN': '（设置时先 @某人）', en: '(to set one, @mention someone first)' },
      example: '/role @李组长 组长',
      args: z.object({
        mentions: z.array(z.object({ openId: z.string(), name: z.string() })),
        role: roleWord.optional(),
        senior: seniorWord.optional(),
      }),
      run: async (ctx, args) => {
        const target = args.mentions[0];
        if (!target && !args.role) {
          const all = await listMembers(ctx.deps.db, ctx.team.id);
          const lines = ROLES.map((r) => {
            const people = withRole(ctx.deps, all, r);
            const who = people.map((m) => mention(m.openId) + (hasAttribute(m, 'senior') ? ctx.t(TX.senior) : ''));
            return `**${ctx.t(ROLE_NAMES[r])}**：${people.length ? who.join(' ') : ctx.t(TX.nobody)}`;
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
              'zh-CN':
                '用法：/role @某人 <主管|组长|客服|运营> [资深|普通]\n例如：/role @李组长 组长、/role @小王 客服 资深',
              en: 'Usage: /role @someone <supervisor|leader|agent|ops> [senior|nosenior]\nExample: /role @Li leader, /role @Wang agent senior',
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
                  summary: roleSaid(ctx.t, target.name, c),
                  detail: { openId: target.openId, from: c.from, to: c.to },
                  source: `${ctx.event.id}:role:${target.openId}`,
                }
              : undefined,
        );
        const said = roleSaid(ctx.t, target.name, change);
        if (args.senior === undefined || change.outcome === 'last_supervisor') return ctx.reply(said);
        const senior = args.senior;
        const seniorText = (changed: boolean) =>
          changed
            ? ctx.t(senior ? TX.seniorOn : TX.seniorOff, { who: target.name })
            : ctx.t(TX.seniorSame, { who: target.name, state: ctx.t(senior ? TX.seniorYes : TX.seniorNo) });
        const attr = await audited(
          ctx.deps,
          ctx.now,
          (deps) => changeAttribute(deps, ctx.team.id, target, 'senior', senior),
          (a) =>
            a.changed
              ? {
                  teamId: ctx.team.id,
                  actor: ctx.caller.openId,
                  action: 'role',
                  summary: seniorText(true),
                  detail: { openId: target.openId, attribute: 'senior', on: senior },
                  source: `${ctx.event.id}:senior:${target.openId}`,
                }
              : undefined,
        );
        const seniorSaid = seniorText(attr.changed);
        return ctx.reply(change.outcome === 'same' ? seniorSaid : `${said}\n${seniorSaid}`);
      },
    }),
  ],
});
