import { describe, expect, it } from 'vitest';
import {
  mention,
  mentionAll,
  mentionedIds,
  namelessIds,
  nameOrMention,
  plainMentions,
  renderMentions,
  splitMentions,
  withNames,
} from '../../src/cards/mention';

describe('mention tokens', () => {
  it('carry the id and, when known, the name; splitMentions gives them back as data, in order', () => {
    const text = `${mention('ou_a', '王主管')} 和 ${mention('ou_b')} 请处理`;
    expect(splitMentions(text)).toEqual([{ id: 'ou_a', name: '王主管' }, ' 和 ', { id: 'ou_b' }, ' 请处理']);
    expect(mentionedIds(`${text} ${mention('ou_a')}`)).toEqual(['ou_a', 'ou_b']);
    expect(splitMentions('没有人')).toEqual(['没有人']);
  });

  it('take any platform’s ids (DingTalk staff ids too), and keep a name from breaking the token', () => {
    expect(splitMentions(mention('manager4521', 'Li|⟦Lei⟧'))).toEqual([{ id: 'manager4521', name: 'LiLei' }]);
    expect(splitMentions(mention('0412-1$x'))).toEqual([{ id: '0412-1$x' }]);
    // Not an id: no token, only the name.
    expect(mention('', '某人')).toBe('某人');
    expect(mention('ou a')).toBe('');
  });

  it('render as the platform says, or as plain "@name" where only plain text goes', () => {
    const text = `${mention('ou_a', '王主管')} ${mention('ou_b')}`;
    expect(renderMentions(text, (p) => `<${p.id}>`)).toBe('<ou_a> <ou_b>');
    expect(plainMentions(text)).toBe('@王主管 @ou_b');
  });

  it('mentionAll joins people with the names we know; nameOrMention prefers the name', () => {
    const names = new Map([['ou_a', '王主管']]);
    expect(splitMentions(mentionAll(names, ['ou_a', 'ou_b']))).toEqual([
      { id: 'ou_a', name: '王主管' },
      ' ',
      { id: 'ou_b' },
    ]);
    expect(nameOrMention(names, 'ou_a')).toBe('王主管');
    expect(nameOrMention(names, 'ou_b')).toBe(mention('ou_b'));
  });

  it('withNames fills the nameless mentions it knows, keeps a name a token has, leaves the unknown nameless', () => {
    const text = `${mention('ou_a')} 和 ${mention('ou_b', '李组长')}、${mention('ou_c')} ${mention('ou_a')}`;
    expect(namelessIds(text)).toEqual(['ou_a', 'ou_c']);
    const names = new Map([
      ['ou_a', '小王'],
      ['ou_b', '别的名字'],
      ['ou_c', ''],
    ]);
    const named = withNames(text, names);
    expect(splitMentions(named)).toEqual([
      { id: 'ou_a', name: '小王' },
      ' 和 ',
      { id: 'ou_b', name: '李组长' },
      '、',
      { id: 'ou_c' },
      ' ',
      { id: 'ou_a', name: '小王' },
    ]);
    expect(namelessIds(named)).toEqual(['ou_c']);
    expect(withNames('没有人', names)).toBe('没有人');
  });
});
