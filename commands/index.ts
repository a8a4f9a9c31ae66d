import type { CommandDef } from '../src/core/command-def';
import { duty } from './duty';
import { help, setHelpCommands } from './help';
import { role } from './role';
import { setup } from './setup';
import { store } from './store';

/** Every command, in the order /help lists them. */
export const commands: CommandDef[] = [help, setup, store, role, duty];
setHelpCommands(() => commands);
