import type { z } from 'zod';
import type { Role } from '../db/schema';
import type { Text } from '../i18n';
import type { CardActionAnswer } from './inbound';
import type { CommandContext, ActionContext } from './context';

/** One positional parameter in a usage line. `rest` swallows the remaining words as one text. */
export interface Param {
  key: string;
  label: Text;
  optional?: boolean;
  rest?: boolean;
}

/**
 * A subcommand ("/store add"); `name: null` is the command run without a subcommand word.
 * `args` validates the object built from `params` (+ `mentions`, + key=value `options`).
 */
export interface SubcommandDef<A = any> {
  name: string | null;
  aliases?: string[];
  description: Text;
  params?: Param[];
  /** Extra usage text after the params, e.g. "@主值班 [@备份]". */
  usageTail?: Text;
  example: string;
  /** Who may run it besides supervisors (who may run everything). Omitted = everyone. */
  roles?: Role[];
  args: z.ZodType<A>;
  run(ctx: CommandContext, args: A): Promise<void>;
}

export type ActionHandler = (ctx: ActionContext, value: Record<string, unknown>) => Promise<CardActionAnswer>;

export interface CommandDef {
  name: string;
  aliases: string[];
  description: Text;
  subcommands: SubcommandDef[];
  /** Card button handlers, keyed by value.action ("help.usage"). */
  actions?: Record<string, ActionHandler>;
}

export const defineCommand = (def: CommandDef): CommandDef => def;
export const defineSubcommand = <A>(def: SubcommandDef<A>): SubcommandDef<A> => def;
