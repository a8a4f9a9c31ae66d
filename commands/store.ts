import { z } from 'zod';
import { defineCommand, defineSubcommand } from '../src/core/command-def';
import { upsertMember } from '../src/core/teams';
import { activeStores, addStore, removeStore, setStoreAgents } from '../src/features/stores/repo';
import { matchStore, noStoreMatch } from '../src/features/stores/rules';
import { guessPlatform, parsePlatform, PLATFORMS } from '../src/features/stores/platforms';

const TX = {
  added: {
    'zh-CN': '已添加店铺「{name}」（{platform}）。现在共 {count} 个店铺。',
    en: 'Added store "{name}" ({platform}). {count} stores now.',
  },
  exists: {
    'zh-CN': '店铺「{name}」已经在列表里了，没有重复添加。',
    en: 'Store "{name}" is already listed; nothing added.',
  },
  empty: {
    'zh-CN': '还没有店铺。主管或组长可以用 /store add 天猫旗舰店 添加。',
    en: 'No stores yet. A supervisor or leader can add one: /store add "Tmall flagship"',
  },
  listTitle: { 'zh-CN': '本组店铺（{count}）：', en: 'Stores of this team ({count}):' },
  removed: { 'zh-CN': '已移除店铺「{name}」。历史记录仍保留。', en: 'Removed store "{name}". Its history is kept.' },
  agentsSet: { 'zh-CN': '店铺「{name}」的客服：{who}。', en: 'Store "{name}" is worked by {who}.' },
  agentsCleared: { 'zh-CN': '已清空店铺「{name}」的客服。', en: 'Cleared who works store "{name}".' },
};

const platformList = Object.keys(PLATFORMS).join('/');
const name = z
  .string({ message: '缺少店铺名|the store name is missing' })
  .min(1)
  .max(40, { message: '店铺名最多 40 个字|a store name has at most 40 characters' });

export const store = defineCommand({
  name: 'store',
  aliases: ['店铺'],
  description: { 'zh-CN': '管理本组负责的店铺账号', en: "Manage the team's store accounts" },
  subcommands: [
    defineSubcommand({
      name: 'list',
      aliases: ['列表'],
      description: { 'zh-CN': '查看店铺', en: 'List stores' },
      example: '/store list',
      args: z.object({}),
      run: async (ctx) => {
        const all = await activeStores(ctx.deps.db, ctx.team.id);
        if (all.length === 0) return ctx.reply(ctx.t(TX.empty));
        const lines = all.map(
          (s, i) =>
            `${i + 1}. ${s.name}（${ctx.t(PLATFORMS[(s.platform as keyof typeof PLATFORMS) in PLATFORMS ? (s.platform as keyof typeof PLATFORMS) : 'other'].name)}）`,
        );
        await ctx.reply([ctx.t(TX.listTitle, { count: all.length }), ...lines].join('\n'));
      },
    }),
    defineSubcommand({
      name: 'add',
      aliases: ['添加'],
      description: {
        'zh-CN': '添加店铺（平台可省略，会按店名判断）',
        en: 'Add a store (platform optional: guessed from the name)',
      },
      params: [
        { key: 'name', label: { 'zh-CN': '店铺名', en: 'name' } },
        { key: 'platform', label: { 'zh-CN': '平台', en: 'platform' }, optional: true },
      ],
      example: '/store add 天猫旗舰店 tmall',
      roles: ['leader'],
      args: z.object({
        name,
        platform: z
          .string()
          .refine((p) => parsePlatform(p) !== undefined, {
            message: `平台应为 ${platformList} 之一|platform must be one of ${platformList}`,
          })
          .optional(),
      }),
      run: async (ctx, args) => {
        const platform = args.platform ? parsePlatform(args.platform)! : guessPlatform(args.name);
        const added = await addStore(ctx.deps.db, ctx.team.id, { name: args.name, platform }, ctx.now);
        if (!added) return ctx.reply(ctx.t(TX.exists, { name: args.name }));
        const count = (await activeStores(ctx.deps.db, ctx.team.id)).length;
        await ctx.reply(ctx.t(TX.added, { name: args.name, platform: ctx.t(PLATFORMS[platform].name), count }));
      },
    }),
    defineSubcommand({
      name: 'remove',
      aliases: ['删除', 'rm'],
      description: { 'zh-CN': '移除店铺', en: 'Remove a store' },
      params: [{ key: 'name', label: { 'zh-CN': '店铺名', en: 'name' } }],
      example: '/store remove 天猫旗舰店',
      roles: ['leader'],
      args: z.object({ name }),
      run: async (ctx, args) => {
        const all = await activeStores(ctx.deps.db, ctx.team.id);
        const { store: found, candidates } = matchStore(all, args.name);
        if (!found) return ctx.reply(noStoreMatch(ctx.t, args.name, all, candidates));
        // Removed by a concurrent /store remove in between: it is gone either way, so say so.
        await removeStore(ctx.deps.db, ctx.team.id, found.id, ctx.now);
        await ctx.reply(ctx.t(TX.removed, { name: found.name }));
      },
    }),
    defineSubcommand({
      name: 'agents',
      aliases: ['客服'],
      description: {
        'zh-CN': '设置谁负责这个店铺的账号（顶班时用；不 @ 任何人则清空）',
        en: 'Set who works the store’s accounts (used to find cover; mention nobody to clear)',
      },
      params: [{ key: 'name', label: { 'zh-CN': '店铺名', en: 'name' } }],
      usageTail: { 'zh-CN': '[@客服…]', en: '[@agent…]' },
      example: '/store agents 天猫旗舰店 @小王 @小李',
      roles: ['leader'],
      args: z.object({ name, mentions: z.array(z.object({ openId: z.string(), name: z.string() })) }),
      run: async (ctx, args) => {
        const all = await activeStores(ctx.deps.db, ctx.team.id);
        const { store: found, candidates } = matchStore(all, args.name);
        if (!found) return ctx.reply(noStoreMatch(ctx.t, args.name, all, candidates));
        const ids: number[] = [];
        for (const m of args.mentions) ids.push((await upsertMember(ctx.deps, ctx.team.id, m)).id);
        await setStoreAgents(ctx.deps.db, found.id, ids, ctx.now);
        await ctx.reply(
          ids.length
            ? ctx.t(TX.agentsSet, { name: found.name, who: args.mentions.map((m) => m.name).join('、') })
            : ctx.t(TX.agentsCleared, { name: found.name }),
        );
      },
    }),
  ],
});
