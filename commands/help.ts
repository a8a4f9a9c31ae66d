import { z } from 'zod';
import { defineCommand } from '../src/core/command-def';

export const help = defineCommand({
  name: 'help',
  aliases: ['帮助'],
  description: { 'zh-CN': '查看你能用的命令，或某个命令的用法', en: 'The commands you can use, or one command’s usage' },
  subcommands: [
    {
      name: null,
      description: { 'zh-CN': '查看命令', en: 'Show commands' },
      params: [{ key: 'command', label: { 'zh-CN': '命令', en: 'command' }, optional: true }],
      example: '/help store',
      args: z.object({ command: z.string().optional() }),
      run: async (ctx) => {
        await ctx.reply('TODO');
      },
    },
  ],
});
