import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { buildArgs, tokenize, usageLine } from '../../src/core/command-args';
import { defineCommand, defineSubcommand } from '../../src/core/command-def';
import { pickSubcommand, Registry } from '../../src/core/registry';
import { closest, editDistance } from '../../src/core/suggest';

const add = defineSubcommand({
  name: 'add',
  aliases: ['添加'],
  description: { 'zh-CN': '添加', en: 'add' },
  params: [
    { key: 'name', label: { 'zh-CN': '店铺名', en: 'name' } },
    { key: 'platform', label: { 'zh-CN': '平台', en: 'platform' }, optional: true },
  ],
  example: '/store add x',
  args: z.object({ name: z.string(), platform: z.string().optional() }),
  run: async () => {},
});
const list = defineSubcommand({
  name: 'list',
  description: { 'zh-CN': '', en: '' },
  example: '/store list',
  args: z.object({}),
  run: async () => {},
});
const store = defineCommand({
  name: 'store',
  aliases: ['店铺'],
  description: { 'zh-CN': '', en: '' },
  subcommands: [list, add],
});

describe('tokenize', () => {
  it('keeps quoted phrases together, in ASCII and Chinese quotes', () => {
    expect(tokenize('add "Tmall flagship" tmall')).toEqual(['add', 'Tmall flagship', 'tmall']);
    expect(tokenize('add “天猫 旗舰店” 「京东 自营」')).toEqual(['add', '天猫 旗舰店', '京东 自营']);
    expect(tokenize('  a   b ')).toEqual(['a', 'b']);
  });
});

describe('buildArgs', () => {
  it('maps words to params, options and mentions', () => {
    const m = [{ key: '@_user_1', openId: 'ou_1', name: '小王', isBot: false }];
    expect(buildArgs(add, ['天猫旗舰店', '@小王', 'tmall', 'kind=price'], m)).toEqual({
      name: '天猫旗舰店',
      platform: 'tmall',
      kind: 'price',
      mentions: [{ openId: 'ou_1', name: '小王' }],
    });
  });
  it('reports words beyond the params', () => {
    expect(buildArgs(add, ['a', 'b', 'c'], [])._extra).toEqual(['c']);
  });
  it('lets a rest param swallow the remaining words', () => {
    const sub = {
      ...add,
      params: [
        { key: 'store', label: { 'zh-CN': '', en: '' } },
        { key: 'what', label: { 'zh-CN': '', en: '' }, rest: true },
      ],
    };
    expect(buildArgs(sub, ['天猫', '价格', '错了'], [])).toMatchObject({ store: '天猫', what: '价格 错了' });
  });
});

describe('usage and routing', () => {
  it('derives the usage line from the definition, in both languages', () => {
    expect(usageLine('zh-CN', 'store', add)).toBe('/store add <店铺名> [平台]');
    expect(usageLine('en', 'store', add)).toBe('/store add <name> [platform]');
  });
  it('picks subcommands by name or alias, and the bare command as its no-argument subcommand', () => {
    expect(pickSubcommand(store, ['添加', 'x'])?.sub).toBe(add);
    expect(pickSubcommand(store, [])?.sub).toBe(list);
    expect(pickSubcommand(store, ['ad', 'x'])).toBeUndefined();
  });
  it('refuses a name defined twice', () => {
    expect(() => new Registry([store, { ...store, name: 'shop' }])).toThrow(/defined twice/);
  });
});

describe('did you mean', () => {
  it('finds close names and prefixes, not unrelated ones', () => {
    expect(editDistance('halp', 'help')).toBe(1);
    expect(editDistance('hepl', 'help')).toBe(1);
    expect(closest('halp', ['help', 'store', 'role'])).toEqual(['help']);
    expect(closest('sto', ['help', 'store', 'role'])).toEqual(['store']);
    expect(closest('anomaly', ['help', 'store', 'role'])).toEqual([]);
  });
});
