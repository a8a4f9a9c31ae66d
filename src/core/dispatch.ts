import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import { t, translator, type Text } from '../i18n';
import { M, ROLE_NAMES } from '../i18n/messages';
import { enqueue, PRIORITY, uuidFor } from '../outbox/enqueue';
import type { Role } from '../db/schema';
import { buildArgs, tokenize, usageLine } from './command-args';
import type { SubcommandDef } from './command-def';
import { asBody, type ActionContext, type CommandContext } from './context';
import type { Deps } from './deps';
import type { MessageBody } from '../port/platform';
import type { CardActionAnswer, InboundCardAction, InboundMessage } from './inbound';
import { mayRun, pickSubcommand } from './registry';
import { effectiveRole } from './people';
import { closest } from './suggest';
import { localeOf, type Member, type Team } from './teams';

export type Outcome = 'ok' | 'unknown_command' | 'bad_args' | 'forbidden' | 'error' | 'ignored';

// Kept importable from here for code written before the rule moved to core/people.ts.
export { effectiveRole };

function outboundHelpers(deps: Deps, team: Team, eventId: string, now: Date) {
  let n = 0;
  const uuid = (tag: string) => uuidFor(`${eventId}:${tag}`);
  const send = async (
    to: { chatId: string } | { openId: string },
    body: MessageBody | string,
    tag: string,
    opts: { ref?: string; priority?: number } = {},
  ) => {
    await enqueue(deps.db, now, {
      kind: 'send',
      teamId: team.id,
      to,
      body: asBody(body),
      priority: opts.priority ?? PRIORITY.interactive,
      ref: opts.ref,
      uuid: uuid(`${tag}${n++}`),
    });
    deps.wake();
  };
  const post: CommandContext['post'] = (body, opts = {}) => send({ chatId: team.chatId }, body, 'post', opts);
  // A private message to one member (their chat with the bot): what must never show in the group.
  const dm: CommandContext['dm'] = (openId, body) => send({ openId }, body, 'dm');
  return { uuid, post, dm, next: () => n++ };
}

/**
 * What every handler gets, command or card button: who asked (with the role they act with), in
 * which team, its language, the time, and how to post. `next` numbers the replies of a command.
 */
function baseContext(deps: Deps, team: Team, caller: Member, eventId: string) {
  const now = deps.clock.now();
  // The team's own language: everything a handler says is in it.
  const locale = localeOf(deps.config, team);
  const { uuid, post, dm, next } = outboundHelpers(deps, team, eventId, now);
  const base = {
    deps,
    team,
    caller: { ...caller, role: effectiveRole(deps, caller) },
    locale,
    now,
    t: translator(locale),
    uuid,
    post,
    dm,
  };
  return { base, next };
}

export function commandContext(deps: Deps, team: Team, caller: Member, event: InboundMessage): CommandContext {
  const { base, next } = baseContext(deps, team, caller, event.id);
  return {
    ...base,
    event,
    reply: async (body) => {
      await enqueue(deps.db, base.now, {
        kind: 'reply',
        teamId: team.id,
        messageId: event.messageId,
        chatId: event.chatId,
        body: asBody(body),
        priority: PRIORITY.interactive,
        uuid: base.uuid(`reply${next()}`),
      });
      deps.wake();
    },
  };
}

/** Turns zod's first complaint into a sentence in the team's language, naming the parameter. */
function describeProblem(locale: CommandContext['locale'], sub: SubcommandDef, error: z.ZodError): string {
  const issue = error.issues[0];
  const key = String(issue?.path[0] ?? '');
  const param = sub.params?.find((p) => p.key === key);
  const label = param ? t(locale, param.label) : key;
  // Schemas may carry a message already written in both languages as "中文|English".
  const custom = issue?.message.includes('|') ? issue.message.split('|')[locale === 'en' ? 1 : 0] : undefined;
  if (custom) return custom;
  if (issue?.code === 'invalid_type' && issue.input === undefined) return t(locale, M.missingParam, { param: label });
  return t(locale, M.invalidParam, { param: label });
}

export async function runCommand(deps: Deps, team: Team, caller: Member, event: InboundMessage): Promise<Outcome> {
  const { registry } = deps.app;
  const ctx = commandContext(deps, team, caller, event);
  const text = (event.command ?? '').replace(/^[/／]\s*/, '');
  const words = tokenize(text);
  const name = words[0] ?? 'help';
  const cmd = registry.find(name);
  const loc = ctx.locale;
  if (!cmd) {
    const suggestions = closest(name, registry.allNames()).map((s) => `/${s}`);
    const lines = [t(loc, M.unknownCommand, { name })];
    lines.push(suggestions.length ? t(loc, M.didYouMean, { list: suggestions.join('  ') }) : t(loc, M.seeHelp));
    await ctx.reply(lines.join('\n'));
    return 'unknown_command';
  }
  const picked = pickSubcommand(cmd, words.slice(1));
  if (!picked) {
    const word = words[1] ?? '';
    const subNames = cmd.subcommands.flatMap((s) => (s.name ? [s.name, ...(s.aliases ?? [])] : []));
    const near = closest(word, subNames).map((s) => `/${cmd.name} ${s}`);
    await ctx.reply(
      [
        t(loc, M.unknownSubcommand, { word, command: `/${cmd.name}` }) +
          (near.length ? ' ' + t(loc, M.didYouMean, { list: near.join('  ') }) : ''),
        ...cmd.subcommands.map((s) => t(loc, M.usage, { usage: usageLine(loc, cmd.name, s) })),
      ].join('\n'),
    );
    return 'bad_args';
  }
  const { sub, rest } = picked;
  if (!mayRun(sub, ctx.caller.role)) {
    const roles = ['supervisor' as Role, ...(sub.roles ?? [])].map((r) => t(loc, ROLE_NAMES[r]));
    await ctx.reply(
      t(loc, M.notAllowed, {
        command: `/${cmd.name}${sub.name ? ' ' + sub.name : ''}`,
        roles: [...new Set(roles)].join(t(loc, M.or)),
        role: t(loc, ROLE_NAMES[ctx.caller.role]),
      }),
    );
    return 'forbidden';
  }
  const input = buildArgs(sub, rest, event.mentions);
  const parsed = sub.args.safeParse(input);
  const extra = Array.isArray(input._extra) ? input._extra.join(' ') : '';
  if (!parsed.success || extra) {
    await ctx.reply(
      [
        t(loc, M.badArgs, {
          problem: extra ? t(loc, M.extraWords, { words: extra }) : describeProblem(loc, sub, parsed.error!),
        }),
        t(loc, M.usage, { usage: usageLine(loc, cmd.name, sub) }),
        t(loc, M.example, { example: sub.example }),
      ].join('\n'),
    );
    return 'bad_args';
  }
  try {
    await sub.run(ctx, parsed.data as unknown);
    return 'ok';
  } catch (err) {
    const ref = randomUUID().slice(0, 8);
    deps.log.error('command failed', { ref, command: cmd.name, error: err instanceof Error ? err.stack : String(err) });
    await ctx.reply(t(loc, M.internalError, { command: `/${cmd.name}`, ref })).catch(() => {});
    return 'error';
  }
}

export async function runAction(
  deps: Deps,
  team: Team,
  caller: Member,
  event: InboundCardAction,
): Promise<{ outcome: Outcome; answer: CardActionAnswer }> {
  const { base } = baseContext(deps, team, caller, event.id);
  const ctx: ActionContext = { ...base, event };
  const { locale } = base;
  const name = typeof event.value.action === 'string' ? event.value.action : '';
  const handler = deps.app.registry.action(name);
  if (!handler)
    return { outcome: 'unknown_command', answer: { toast: { type: 'warning', content: t(locale, M.actionExpired) } } };
  try {
    return { outcome: 'ok', answer: await handler(ctx, event.value) };
  } catch (err) {
    deps.log.error('card action failed', { action: name, error: err instanceof Error ? err.stack : String(err) });
    return { outcome: 'error', answer: { toast: { type: 'error', content: t(locale, M.actionFailed) } } };
  }
}

export type { Text };
