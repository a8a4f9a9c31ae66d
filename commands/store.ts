import { z } from 'zod';
import { defineCommand, defineSubcommand } from '../src/core/command-def';
import { listMembers, upsertMember } from '../src/core/teams';
import { nameOrMention } from '../src/cards/mention';
import { activeStores, addStore, removeStore, setStoreAgents, setStoreOps } from '../src/features/stores/repo';
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
  opsLine: { 'zh-CN': ' · 运营：{who}', en: ' · ops: {who}' },
  opsSet: {
    'zh-CN': '已设置店铺「{name}」的运营：{who}。它的告警、违规和关键词预警会 @ 他们。',
    en: 'Ops of store "{name}": {who}. Its alerts, violations and keyword warnings @-mention them.',
  },
  opsCleared: {
    'zh-CN': '已清除店铺「{name}」的运营，它的告警改为 @ 本组运营角色。',
    en: 'Cleared the ops of store "{name}"; its alerts @-mention the team\'s ops role again.',
  },
  opsSame: { 'zh-CN': '店铺「{name}」的运营没有变化：{who}。', en: 'Ops of store "{name}" unchanged: {who}.' },
  opsNone: { 'zh-CN': '（本组运营角色）', en: "(the team's ops role)" },
  opsUsage: {
    'zh-CN':
      '请 @ 要负责该店铺的运营，或写 clear 清除。\n用法：/store ops <店铺> @某人 [@某人…] | clear\n例如：/store ops 天猫旗舰店 @运营小张',
    en: 'Mention the store\'s ops people, or write clear.\nUsage: /store ops <store> @someone [@someone…] | clear\nExample: /store ops "Tmall flagship" @Zhang',
  },
  opsNotMember: {
    'zh-CN': '{who} 还不是本组成员（在群里发过言或被 @ 过的人才是），没有改动。',
    en: '{who} is not a member of this team yet (people join when they speak or are mentioned in the group); nothing changed.',
  },
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
        const names = new Map((await listMembers(ctx.deps.db, ctx.team.id)).map((m) => [m.openId, m.name]));
        const lines = all.map(
          (s, i) =>
            `${i + 1}. ${s.name}（${ctx.t(PLATFORMS[(s.platform as keyof typeof PLATFORMS) in PLATFORMS ? (s.platform as keyof typeof PLATFORMS) : 'other'].name)}）` +
            (s.ops.length ? ctx.t(TX.opsLine, { who: s.ops.map((id) => nameOrMention(names, id)).join('、') }) : ''),
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
      name: 'ops',
      aliases: ['运营'],
      description: {
        'zh-CN': '设置店铺的运营（告警时 @ 他们）；clear 清除',
        en: "Set a store's ops people (@-mentioned on its alerts); clear removes them",
      },
      params: [
        { key: 'name', label: { 'zh-CN': '店铺名', en: 'name' } },
        { key: 'word', label: { 'zh-CN': 'clear', en: 'clear' }, optional: true },
      ],
      usageTail: { 'zh-CN': '@某人 [@某人…]', en: '@someone [@someone…]' },
      example: '/store ops 天猫旗舰店 @运营小张',
      roles: ['leader'],
      args: z.object({
        name,
        word: z.string().optional(),
        mentions: z.array(z.object({ openId: z.string(), name: z.string() })),
      }),
      run: async (ctx, args) => {
        const all = await activeStores(ctx.deps.db, ctx.team.id);
        const { store: found, candidates } = matchStore(all, args.name);
        if (!found) return ctx.reply(noStoreMatch(ctx.t, args.name, all, candidates));
        const clear = args.word !== undefined && /^(clear|清除|清空|none)$/i.test(args.word);
        if ((args.word !== undefined && !clear) || (!clear && !args.mentions.length) || (clear && args.mentions.length))
          return ctx.reply(ctx.t(TX.opsUsage));
        const members = new Map((await listMembers(ctx.deps.db, ctx.team.id)).map((m) => [m.openId, m.name]));
        const strangers = args.mentions.filter((m) => !members.has(m.openId));
        if (strangers.length)
          return ctx.reply(ctx.t(TX.opsNotMember, { who: strangers.map((m) => m.name).join('、') }));
        const ops = [...new Set(args.mentions.map((m) => m.openId))];
        const who = ops.map((id) => nameOrMention(members, id)).join('、') || ctx.t(TX.opsNone);
        if (ops.length === found.ops.length && ops.every((id, i) => found.ops[i] === id))
          return ctx.reply(ctx.t(TX.opsSame, { name: found.name, who }));
        await setStoreOps(ctx.deps.db, ctx.team.id, found.id, ops);
        await ctx.reply(ctx.t(clear ? TX.opsCleared : TX.opsSet, { name: found.name, who }));
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
