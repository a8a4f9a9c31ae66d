import { z } from 'zod';
import { defineCommand, defineSubcommand } from '../src/core/command-def';
import { sendBoardLink } from '../src/features/board/commands';

export const board = defineCommand({
  name: 'board',
  aliases: ['大屏'],
  description: {
    'zh-CN': '现场大屏：私信你本组实时大屏的链接（只读）',
    en: 'The floor board: a private link to your team’s live board (read-only)',
  },
  subcommands: [
    defineSubcommand({
      name: 'rotate',
      aliases: ['更换', '换'],
      description: {
        'zh-CN': '换一个新链接，旧链接（包括已打开的大屏）立即失效',
        en: 'A new link; every earlier one (open screens too) stops at once',
      },
      example: '/board rotate',
      roles: [],
      args: z.object({}),
      run: (ctx) => sendBoardLink(ctx, true),
    }),
    defineSubcommand({
      name: null,
      description: {
        'zh-CN': '私信你现场大屏的链接（只有主管能拿到）',
        en: 'Sends you the floor board link privately (supervisors only)',
      },
      example: '/board',
      roles: [],
      args: z.object({}),
      run: (ctx) => sendBoardLink(ctx, false),
    }),
  ],
});
