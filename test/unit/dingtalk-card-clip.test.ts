import { describe, expect, it } from 'vitest';
import { mention } from '../../src/cards/card';
import { clipText } from '../../src/platforms/dingtalk/card-clip';

describe('clipping a text for DingTalk', () => {
  it('keeps at most n characters of it, marks the cut, and never cuts a person in half', () => {
    expect(clipText('一二三四五', 5)).toBe('一二三四五');
    expect(clipText('一二三四五', 3)).toBe('一二三…');
    const t = `请 ${mention('m1', '王主管')} 处理`;
    expect(clipText(t, 2)).toBe('请 …');
    expect(clipText(t, 3)).toBe(`请 ${mention('m1', '王主管')}…`);
    expect(clipText(t, 10)).toBe(t);
    expect(clipText('😀😀😀', 2)).toBe('😀😀…');
  });
});
