import { z } from 'zod';
import { defineCommand, defineSubcommand } from '../src/core/command-def';
import { playbookCommand } from '../src/features/incident/playbooks';

export const playbook = defineCommand({
  name: 'playbook',
  aliases: ['预案'],
  description: {
    'zh-CN': '本组的突发预案：查看、加/删/移动步骤、默认级别，也可以新建本组自己的类型',
    en: 'The team’s playbooks: show, add/remove/move steps, default severity, or a kind of your own',
  },
  subcommands: [
    defineSubcommand({
      name: null,
      description: {
        'zh-CN':
          '/playbook 看全部；/playbook 类型 看一个；add 步骤 [负责角色] [limit=10m]、remove n、move n m、sev 1-3 修改（主管、组长）',
        en: '/playbook lists them; /playbook <kind> shows one; add <step> [owner role] [limit=10m], remove n, move n m, sev 1-3 edit (supervisors, leaders)',
      },
      params: [
        { key: 'kind', label: { 'zh-CN': '类型', en: 'kind' }, optional: true },
        { key: 'rest', label: { 'zh-CN': '修改', en: 'edit' }, optional: true, rest: true },
      ],
      example: '/playbook outage add 通知客户成功团队 组长 limit=15m',
      args: z.object({
        kind: z.string().optional(),
        rest: z.string().optional(),
        limit: z.string().optional(),
        mentions: z.array(z.object({ openId: z.string(), name: z.string() })).default([]),
      }),
      run: (ctx, args) =>
        playbookCommand(ctx, args.kind, (args.rest ?? '').split(/\s+/).filter(Boolean), args.mentions, args.limit),
    }),
  ],
});
