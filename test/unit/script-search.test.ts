import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseScriptText, splitTags } from '../../src/features/script/parse';
import { expand, grams, searchScripts, type Searchable } from '../../src/features/script/search';
import { staleScripts } from '../../src/features/script/stale';
import { mayChange, parseTier } from '../../src/features/script/tiers';

const s = (
  id: number,
  tier: Searchable['tier'],
  title: string,
  body: string,
  tags: string[] = [],
  uses = 0,
): Searchable => ({
  id,
  tier,
  title,
  body,
  tags,
  uses,
});

const LIB = [
  s(1, 'department', '物流延迟安抚', '亲，您的包裹因站点爆仓稍有延迟，已联系快递加急派送', ['物流', '延迟'], 9),
  s(2, 'public', '道歉统一口径', '亲，非常抱歉给您带来不好的体验，这是我们的问题', ['道歉'], 1),
  s(3, 'personal', '我的开场白', '亲亲您好呀，我是小王', ['开场'], 50),
  s(4, 'department', '催发货回复', '亲，您的订单已在仓库加急处理，今天发出', ['发货', '物流'], 2),
  s(5, 'public', '快递丢件处理', '亲，包裹在运输途中丢失，我们马上为您补发', ['物流', '丢件'], 0),
];
const ids = (q: string, groups: string[][] = []) => searchScripts(LIB, q, groups).map((x) => x.id);

describe('script search: Chinese matching, synonyms, ranking by tier then use', () => {
  it('matches tags, titles and texts; ranks public first, then by use', () => {
    // 物流: tags of 1, 4 and 5; 5 is public (first), then 1 (9 uses) before 4 (2 uses).
    expect(ids('物流')).toEqual([5, 1, 4]);
    expect(ids('道歉')).toEqual([2]);
    expect(ids('加急')).toEqual([1, 4]);
  });

  it('finds by character pairs when the words differ a little; unrelated words find nothing', () => {
    expect(ids('站点爆了')).toEqual([1]);
    expect(ids('发票')).toEqual([]);
    expect(ids('   ')).toEqual([]);
  });

  it('every query word must match', () => {
    expect(ids('物流 丢失')).toEqual([5]);
    expect(ids('物流 道歉')).toEqual([]);
  });

  it("the team's synonyms find 物流延迟 for 发货慢, through either word of the group", () => {
    // Without them 发货慢 finds only what says 发货 (a tag inside the word).
    expect(ids('发货慢')).toEqual([4]);
    const groups = [['物流延迟', '发货慢', '快递慢']];
    expect(ids('发货慢', groups)).toEqual([1, 4]);
    expect(expand('快递慢', groups)).toEqual(['快递慢', '物流延迟', '发货慢']);
  });

  it('character pairs of Chinese runs; Latin words whole', () => {
    expect(grams('发货慢')).toEqual(['发货', '货慢']);
    expect(grams('双11预售')).toEqual(['双', '11', '预售']);
  });
});

describe('script tiers and rights', () => {
  it('public: supervisors; department: leaders too; personal: the owner alone', () => {
    expect(mayChange('supervisor', 'public', false)).toBe(true);
    expect(mayChange('leader', 'public', true)).toBe(false);
    expect(mayChange('leader', 'department', false)).toBe(true);
    expect(mayChange('agent', 'department', true)).toBe(false);
    expect(mayChange('agent', 'personal', true)).toBe(true);
    expect(mayChange('supervisor', 'personal', false)).toBe(false);
    expect(parseTier('公共')).toBe('public');
    expect(parseTier('Personal')).toBe('personal');
    expect(parseTier('别的')).toBeUndefined();
  });
});

describe('the /script add parser', () => {
  const word = fc.stringMatching(/^[\u4e00-\u9fa5a-z0-9，。]{1,8}$/).filter((w) => !parseTier(w));
  const tag = fc.stringMatching(/^[\u4e00-\u9fa5a-z]{1,6}$/);
  const tier = fc.constantFrom('公共', '部门', '个人', 'public', 'department', 'personal');

  it('takes a trailing tier and #tags off, in any order, and keeps the rest as the text', () => {
    fc.assert(
      fc.property(
        fc.array(word, { minLength: 1, maxLength: 6 }),
        fc.option(tier),
        fc.uniqueArray(tag, { maxLength: 4 }),
        (text, t, tags) => {
          const tail = [...tags.map((x) => `#${x}`), ...(t ? [t] : [])];
          const r = parseScriptText([...text, ...tail]);
          expect(r.text).toBe(text.join(' '));
          expect(r.tier).toBe(t ? parseTier(t) : undefined);
          expect(r.tags).toEqual(tags);
        },
      ),
    );
  });

  it('a tier word inside the text stays text; a text of one word is never taken for a tier', () => {
    expect(parseScriptText(['公共', '场合', '请注意']).text).toBe('公共 场合 请注意');
    expect(parseScriptText(['个人']).text).toBe('个人');
    expect(parseScriptText(['亲'], { tier: '部门', tags: '物流，延迟' })).toEqual({
      text: '亲',
      tier: 'department',
      tags: ['物流', '延迟'],
    });
    expect(splitTags('#a, #b、b')).toEqual(['a', 'b']);
    // An edit may change only the tags or the tier.
    expect(parseScriptText(['#物流', '公共'], { textOptional: true })).toEqual({
      text: '',
      tier: 'public',
      tags: ['物流'],
    });
  });
});

describe('stale scripts for the weekly review', () => {
  const DAY = 86_400_000;
  const now = new Date('2026-12-01T00:00:00Z');
  const ago = (d: number) => new Date(now.getTime() - d * DAY);
  it('lists scripts older than 90 days never used, unused or unchanged for 90 days; not newer ones', () => {
    const list = [
      { id: 1, createdAt: ago(200), updatedAt: ago(200), lastUsedAt: null },
      { id: 2, createdAt: ago(200), updatedAt: ago(10), lastUsedAt: ago(95) },
      { id: 3, createdAt: ago(200), updatedAt: ago(100), lastUsedAt: ago(1) },
      { id: 4, createdAt: ago(200), updatedAt: ago(5), lastUsedAt: ago(5) },
      { id: 5, createdAt: ago(30), updatedAt: ago(30), lastUsedAt: null },
    ];
    const out = staleScripts(list, now).map((x) => [x.script.id, x.why]);
    expect(out).toEqual([
      [1, ['never', 'unchanged']],
      [2, ['unused']],
      [3, ['unchanged']],
    ]);
  });
});
