import type { CommandDef } from '../src/core/command-def';
import { help } from './help';

/** Every command, in the order /help lists them. */
export const commands: CommandDef[] = [help];
