/** A proactive DingTalk text that @s people becomes a note card (a robot message cannot @ anyone). */
import { describe, expect, it } from 'vitest';
import { mention } from '../../src/cards/mention';
import { renderDingTalkCard } from '../../src/platforms/dingtalk/card-render';
import { mentionCard } from '../../src/platforms/dingtalk/mention-card';

describe('mentionCard', () => {
  it('leaves a text that names nobody a text', () => {
    expect(mentionCard('巡店还有 4 项未检查，10:00 截止。')).toBeUndefined();
  });

  it('heads the card with the first line up to its colon, people left out; the text whole below', () => {
    const text = `${mention('u1', '小王')} 店铺异常 #3：认领 30分钟 了还没解决。\n请尽快处理。`;
    const c = mentionCard(text)!;
    expect(c.header.title).toBe('店铺异常 #3');
    expect(c.elements).toEqual([{ kind: 'markdown', text }]);
    const r = renderDingTalkCard(c, { templateId: 'tpl', namesInMarkdown: true });
    expect(r.kind === 'template' && r.atUserIds).toEqual({ u1: '小王' });
  });

  it('clips a long head', () => {
    const c = mentionCard(`${'很长的一行'.repeat(10)} ${mention('u1', '小王')}`)!;
    expect([...c.header.title]).toHaveLength(30);
    expect(c.header.title.endsWith('…')).toBe(true);
  });
});
