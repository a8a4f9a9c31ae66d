import type { Role } from '../db/schema';
import type { ActionHandler, CommandDef, SubcommandDef } from './command-def';

/** Name/alias lookups over the command list, built once. */
export class Registry {
  private byName = new Map<string, CommandDef>();
  constructor(
    readonly commands: readonly CommandDef[],
    /** Card actions by value.action, from commands and features (see core/app-def.ts). */
    private readonly actions: Readonly<Record<string, ActionHandler>> = Object.fromEntries(
      commands.flatMap((c) => Object.entries(c.actions ?? {})),
    ),
  ) {
    for (const c of commands) {
      for (const n of [c.name, ...c.aliases]) {
        if (this.byName.has(n.toLowerCase())) throw new Error(`command name "${n}" is defined twice`);
        this.byName.set(n.toLowerCase(), c);
      }
    }
  }

  find(name: string): CommandDef | undefined {
    return this.byName.get(name.toLowerCase());
  }

  allNames(): string[] {
    return [...this.byName.keys()];
  }

  action(name: string): ActionHandler | undefined {
    return Object.hasOwn(this.actions, name) ? this.actions[name] : undefined;
  }
}

/** Picks the subcommand named by the first word, else the default one (name null). */
export function pickSubcommand(cmd: CommandDef, words: string[]): { sub: SubcommandDef; rest: string[] } | undefined {
  const first = words[0]?.toLowerCase();
  if (first !== undefined) {
    const named = cmd.subcommands.find(
      (s) => s.name && [s.name, ...(s.aliases ?? [])].some((n) => n.toLowerCase() === first),
    );
    if (named) return { sub: named, rest: words.slice(1) };
  }
  const fallback = cmd.subcommands.find((s) => s.name === null);
  // A default that takes no words cannot take these: they were meant as a subcommand ("/policy
  // anomoly 5m"), and saying so, with every usage line, helps more than "extra words".
  const takesWords = (s: SubcommandDef) => (s.params ?? []).length > 0 || s.usageTail !== undefined;
  if (fallback && (words.length === 0 || takesWords(fallback) || !cmd.subcommands.some((s) => s.name)))
    return { sub: fallback, rest: words };
  // "/store" alone: the first subcommand that needs nothing ("list") is what people mean.
  if (words.length === 0) {
    const bare = cmd.subcommands.find((s) => !(s.params ?? []).some((p) => !p.optional));
    if (bare) return { sub: bare, rest: [] };
  }
  return undefined;
}

export function mayRun(sub: SubcommandDef, role: Role): boolean {
  return role === 'supervisor' || !sub.roles || sub.roles.includes(role);
}
