import { z } from 'zod';
import { defineCommand, defineSubcommand } from '../src/core/command-def';
import {
  addFromCommand,
  editFromCommand,
  linkCommand,
  removeFromCommand,
  searchOrShow,
  synonymCommand,
} from '../src/features/script/commands';

const ID_MESSAGE = '请写话术编号，例如 12|write the script id, e.g. 12';

export const script = defineCommand({
  name: 'script',
  aliases: ['话术'],
  description: {
    'zh-CN': '话术库：公共、部门、个人三级；搜索、复制、添加、修改，关联到异常/应急/客诉卡片',
    en: 'The script library: public, department and personal; search, copy, add, edit, and link into anomaly/incident/complaint cards',
  },
  subcommands: [
    defineSubcommand({
      name: 'add',
      aliases: ['添加', '新增'],
      description: {
        'zh-CN': '添加话术：级别 公共（主管）/ 部门（组长）/ 个人（私聊），#标签',
        en: 'Add a script: tier public (supervisors) / department (leaders) / personal (private chat), #tags',
      },
      params: [
        { key: 'title', label: { 'zh-CN': '标题', en: 'title' } },
        { key: 'text', label: { 'zh-CN': '话术', en: 'text' }, rest: true },
      ],
      usageTail: { 'zh-CN': '[公共|部门|个人] [#标签…]', en: '[public|department|personal] [#tag…]' },
      example: '/script add 物流延迟安抚 亲，包裹已加急派送，预计明天送达 部门 #物流 #延迟',
      args: z.object({
        title: z.string({ message: '缺少标题，例如 /script add 物流延迟安抚 亲，……|the title is missing' }),
        text: z.string({ message: '缺少话术内容|the text is missing' }),
        tier: z.string().optional(),
        tags: z.string().optional(),
      }),
      run: (ctx, a) => addFromCommand(ctx, a),
    }),
    defineSubcommand({
      name: 'edit',
      aliases: ['修改', '编辑'],
      description: { 'zh-CN': '修改话术（保留每一版：谁、何时）', en: 'Edit a script (every version kept: who, when)' },
      params: [
        { key: 'id', label: { 'zh-CN': '编号', en: 'id' } },
        { key: 'text', label: { 'zh-CN': '新话术', en: 'new text' }, rest: true, optional: true },
      ],
      usageTail: { 'zh-CN': '[title=新标题] [#标签…]', en: '[title=…] [#tag…]' },
      example: '/script edit 12 亲，包裹已加急派送，预计后天送达 #物流',
      args: z.object({
        id: z.string({ message: ID_MESSAGE }),
        text: z.string().optional(),
        title: z.string().optional(),
        tier: z.string().optional(),
        tags: z.string().optional(),
      }),
      run: (ctx, a) => editFromCommand(ctx, a),
    }),
    defineSubcommand({
      name: 'remove',
      aliases: ['删除'],
      description: { 'zh-CN': '删除话术（历史保留）', en: 'Remove a script (its history is kept)' },
      params: [{ key: 'id', label: { 'zh-CN': '编号', en: 'id' } }],
      example: '/script remove 12',
      args: z.object({ id: z.string({ message: ID_MESSAGE }) }),
      run: (ctx, a) => removeFromCommand(ctx, a.id),
    }),
    defineSubcommand({
      name: 'synonym',
      aliases: ['同义词'],
      description: {
        'zh-CN': '同义词：搜其中一个词也能找到其他词的话术',
        en: 'Synonyms: a search for one word finds scripts with the others',
      },
      params: [{ key: 'words', label: { 'zh-CN': '词', en: 'words' }, rest: true, optional: true }],
      example: '/script synonym 物流延迟 发货慢 快递慢',
      roles: ['leader'],
      args: z.object({ words: z.string().optional() }),
      run: (ctx, a) => synonymCommand(ctx, a.words),
    }),
    defineSubcommand({
      name: 'link',
      aliases: ['关联'],
      description: {
        'zh-CN': '卡片上显示哪条话术（异常类型、应急类型、客诉类别）',
        en: 'Which script a card shows (anomaly kinds, incident kinds, complaint categories)',
      },
      params: [
        { key: 'place', label: { 'zh-CN': '位置', en: 'place' }, optional: true },
        { key: 'id', label: { 'zh-CN': '编号', en: 'id' }, optional: true },
      ],
      example: '/script link 异常·价格 12',
      roles: ['leader'],
      args: z.object({ place: z.string().optional(), id: z.string().optional() }),
      run: (ctx, a) => linkCommand(ctx, a.place, a.id),
    }),
    defineSubcommand({
      name: null,
      description: {
        'zh-CN': '搜索话术（标题、内容、标签、同义词），或 /script <编号> 看内容和修改记录',
        en: 'Search scripts (titles, texts, tags, synonyms), or /script <id> for one with its history',
      },
      params: [{ key: 'words', label: { 'zh-CN': '关键词或编号', en: 'words or id' }, rest: true, optional: true }],
      example: '/script 发货慢',
      args: z.object({ words: z.string().optional() }),
      run: (ctx, a) => searchOrShow(ctx, a.words),
    }),
  ],
});
