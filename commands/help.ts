import { z } from 'zod';
import { defineCommand, defineSubcommand, type CommandDef } from '../src/core/command-def';
import { usageLine } from '../src/core/command-args';
import { mayRun } from '../src/core/registry';
import { closest } from '../src/core/suggest';
import { button, card, columns, divider, interactive, markdown, note, type Card } from '../src/cards/card';
import type { Locale } from '../src/config';
import type { Role } from '../src/core/people';
import { t, type Text } from '../src/i18n';
import { M, ROLE_NAMES } from '../src/i18n/messages';

const TX = {
  title: { 'zh-CN': '现场管家 · 你能用的命令', en: 'floorwalker · your commands' },
  usageTitle: { 'zh-CN': '/{name} 的用法', en: 'Usage of /{name}' },
  footer: {
    'zh-CN': '在群里 @我 发命令；私聊直接发。你的角色：{role}。点按钮看用法。',
    en: 'In the group, @mention me with a command; in private chat just send it. Your role: {role}. Tap a button for usage.',
  },
  aliases: { 'zh-CN': '别名', en: 'aliases' },
  example: { 'zh-CN': '例', en: 'e.g.' },
  needs: { 'zh-CN': '需要{roles}', en: 'needs {roles}' },
  back: { 'zh-CN': '返回命令列表', en: 'Back to all commands' },
  shown: { 'zh-CN': '/{name} 的用法已显示在卡片上', en: 'Usage of /{name} is on the card' },
};

const visible = (cmd: CommandDef, role: Role) => cmd.subcommands.filter((s) => mayRun(s, role));

function listCard(all: readonly CommandDef[], locale: Locale, role: Role, groupHint?: Text): Card {
  const rows = all.map((cmd) => ({ cmd, subs: visible(cmd, role) })).filter(({ subs }) => subs.length > 0);
  const buttons = rows
    .filter(({ cmd }) => cmd.name !== 'help')
    .map(({ cmd }) => button({ text: `/${cmd.name}`, value: { action: 'help.usage', command: cmd.name } }));
  const buttonRows = [];
  for (let i = 0; i < buttons.length; i += 4) buttonRows.push(columns(buttons.slice(i, i + 4).map((b) => [b])));
  return card({
    title: t(locale, TX.title),
    color: 'blue',
    elements: [
      markdown(
        rows.map(({ cmd }) => `**/${cmd.name}**（${cmd.aliases.join('、')}）${t(locale, cmd.description)}`).join('\n'),
      ),
      divider(),
      ...buttonRows,
      note(t(locale, TX.footer, { role: t(locale, ROLE_NAMES[role]) })),
      ...(groupHint ? [note(t(locale, groupHint))] : []),
    ],
  });
}

function usageText(locale: Locale, cmd: CommandDef, role: Role): string {
  const lines = [
    `**/${cmd.name}** · ${t(locale, TX.aliases)}：${cmd.aliases.join('、')}`,
    t(locale, cmd.description),
    '',
  ];
  for (const sub of cmd.subcommands) {
    const allowed = mayRun(sub, role);
    const needs = allowed
      ? ''
      : `（${t(locale, TX.needs, { roles: ['supervisor' as Role, ...(sub.roles ?? [])].map((r) => t(locale, ROLE_NAMES[r])).join('/') })}）`;
    lines.push(`\`${usageLine(locale, cmd.name, sub)}\`${needs}`);
    lines.push(`${t(locale, sub.description)} · ${t(locale, TX.example)} \`${sub.example}\``);
  }
  return lines.join('\n');
}

function usageCard(locale: Locale, cmd: CommandDef, role: Role): Card {
  return card({
    title: t(locale, TX.usageTitle, { name: cmd.name }),
    color: 'turquoise',
    elements: [
      markdown(usageText(locale, cmd, role)),
      button({ text: t(locale, TX.back), value: { action: 'help.list' } }),
    ],
  });
}

function findCommand(all: readonly CommandDef[], name: string): CommandDef | undefined {
  const n = name.replace(/^[/／]/, '').toLowerCase();
  return all.find((c) => [c.name, ...c.aliases].some((a) => a.toLowerCase() === n));
}

export const help = defineCommand({
  name: 'help',
  aliases: ['帮助'],
  description: {
    'zh-CN': '查看你能用的命令，或某个命令的用法',
    en: 'The commands you can use, or one command’s usage',
  },
  subcommands: [
    defineSubcommand({
      name: null,
      description: { 'zh-CN': '列出命令；带命令名时显示它的用法', en: 'List commands; with a name, show its usage' },
      params: [{ key: 'command', label: { 'zh-CN': '命令', en: 'command' }, optional: true }],
      example: '/help store',
      args: z.object({ command: z.string().optional() }),
      run: async (ctx, args) => {
        const all = ctx.deps.app.commands;
        const hint = ctx.deps.platformFor(ctx.team.platform).words.groupHint;
        if (!args.command) return ctx.reply(interactive(listCard(all, ctx.locale, ctx.caller.role, hint)));
        const cmd = findCommand(all, args.command);
        if (!cmd) {
          const names = all.flatMap((c) => [c.name, ...c.aliases]);
          const near = closest(args.command.replace(/^[/／]/, ''), names).map((s) => `/${s}`);
          const lines = [t(ctx.locale, M.unknownCommand, { name: args.command.replace(/^[/／]/, '') })];
          lines.push(near.length ? t(ctx.locale, M.didYouMean, { list: near.join('  ') }) : t(ctx.locale, M.seeHelp));
          return ctx.reply(lines.join('\n'));
        }
        await ctx.reply(interactive(usageCard(ctx.locale, cmd, ctx.caller.role)));
      },
    }),
  ],
  actions: {
    'help.usage': async (ctx, value) => {
      const cmd = findCommand(ctx.deps.app.commands, String(value.command ?? ''));
      if (!cmd) return { toast: { type: 'warning', content: t(ctx.locale, M.actionExpired) } };
      return {
        toast: { type: 'info', content: t(ctx.locale, TX.shown, { name: cmd.name }) },
        card: usageCard(ctx.locale, cmd, ctx.caller.role),
      };
    },
    'help.list': async (ctx) => ({
      card: listCard(
        ctx.deps.app.commands,
        ctx.locale,
        ctx.caller.role,
        ctx.deps.platformFor(ctx.team.platform).words.groupHint,
      ),
    }),
  },
});
