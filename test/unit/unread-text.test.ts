import { describe, expect, it } from 'vitest';
import { gatheredNotice, refusedList } from '../../src/escalation/unread-text';

describe('the gathered "too many unread buzzes" notice', () => {
  const a = (id: number) => ({ label: '店铺异常', subjectId: id });
  const i = (id: number) => ({ label: '突发', subjectId: id });

  it('names each label once, its numbers after it, in the order refused; a subject refused twice once', () => {
    expect(refusedList('zh-CN', [a(12), i(4), a(13), a(12), i(5)])).toEqual({
      n: 4,
      text: '店铺异常 #12、#13、突发 #4、#5。',
    });
    expect(gatheredNotice('zh-CN', '@李组长', [a(12), a(13), i(4)])).toBe(
      '@李组长 未读加急太多（已达上限），以下 3 条没有加急成功，已改为加急下一位：店铺异常 #12、#13、突发 #4。',
    );
  });

  it('in English', () => {
    expect(
      gatheredNotice('en', '@Li', [
        { label: 'store anomaly', subjectId: 12 },
        { label: 'incident', subjectId: 4 },
      ]),
    ).toBe(
      '@Li has too many unread buzzes (the limit is reached): these 2 were not buzzed, and the next person was buzzed instead: store anomaly #12, incident #4.',
    );
  });

  it('a long storm lists the first 30 and says how many there were', () => {
    const list = refusedList(
      'zh-CN',
      Array.from({ length: 45 }, (_, k) => a(k + 1)),
    );
    expect(list.n).toBe(45);
    expect(list.text.startsWith('店铺异常 #1、#2、')).toBe(true);
    expect(list.text.endsWith('#30、…')).toBe(true);
  });

  it('a subject whose number the group is not told is counted after its label', () => {
    const care = { label: '私密关怀提醒', subjectId: null };
    expect(refusedList('zh-CN', [a(12), care, care])).toEqual({ n: 3, text: '店铺异常 #12、私密关怀提醒（2 条）。' });
    expect(
      refusedList('en', [
        { label: 'private care alert', subjectId: null },
        { label: 'incident', subjectId: 4 },
      ]),
    ).toEqual({
      n: 2,
      text: 'private care alert, incident #4.',
    });
  });
});
