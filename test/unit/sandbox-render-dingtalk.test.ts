/**
 * The console's drawing of DingTalk messages (src/sandbox/render/dingtalk.ts), from what the real
 * DingTalk renderer sends: a template card's header, blocks and pressable buttons; a form whose
 * inputs go back in the template's slots, decoded by the adapter into the form's names; the
 * markdown ActionCard's link buttons; @staffId written as names; everything escaped.
 */
import { describe, expect, it } from 'vitest';
import { button, buttons, card, divider, fields, form, input, markdown, mention, note } from '../../src/cards/card';
import type { DtMessage } from '../../src/emulator/dingtalk';
import { renderDingTalkCard } from '../../src/platforms/dingtalk/card-render';
import { decodeTemplatePress } from '../../src/platforms/dingtalk/card-template';
import {
  pressedButtonForm,
  renderActionCard,
  renderTemplateCard,
  showDingTalkMessage,
} from '../../src/sandbox/render/dingtalk';

const people = (id: string) => ({ staff1: '王主管', robot: '现场管家' })[id];
const names = new Set(['王主管', '现场管家']);
const files = { size: () => 12, href: (id: string) => `/f/${id}` };
const params = (c: ReturnType<typeof card>) => {
  const r = renderDingTalkCard(c, { templateId: 'tpl.schema' });
  if (r.kind !== 'template') throw new Error('expected a template card');
  return r.cardParamMap;
};
const msg = (m: Partial<DtMessage>): DtMessage => ({
  messageId: 'm1',
  chatId: 'cid1',
  sender: { type: 'bot', openId: 'robot' },
  msgType: 'text',
  content: {},
  createTime: 1,
  updateTime: 1,
  ...m,
});

describe('a DingTalk template card in the console', () => {
  const c = card({
    title: '店铺异常 <b>#3</b>',
    subtitle: '处理中',
    color: 'carmine',
    elements: [
      markdown(`**天猫旗舰店** 负责人 ${mention('staff1', '王主管')}`),
      ...fields([['店铺', '天猫旗舰店']]),
      divider(),
      note('5 分钟内没人认领就电话'),
      buttons([
        button({ text: '认领', value: { action: 'anomaly.claim', id: 3 }, type: 'primary' }),
        button({ text: '关闭', value: { action: 'anomaly.close', id: 3 }, type: 'danger', confirm: '确定关闭？' }),
      ]),
    ],
  });
  const html = renderTemplateCard(params(c), 'tpl.schema', people);

  it('draws the header in DingTalk’s colour, the blocks, and the params as sent', () => {
    expect(html).toContain('<div class="card-header tpl-red">');
    expect(html).toContain('店铺异常 &lt;b&gt;#3&lt;/b&gt;');
    expect(html).toContain('处理中');
    expect(html).toContain('<strong>天猫旗舰店</strong>');
    expect(html).toContain('@王主管');
    expect(html).toContain('<hr class="card-hr">');
    expect(html).toContain('el-md note');
    expect(html).toContain('cardParamMap');
  });

  it('its buttons carry their values, colour and confirmation, to be pressed like Feishu’s', () => {
    const found = [...html.matchAll(/<button class="btn btn-(\w+)" data-value="([^"]+)"( data-confirm="([^"]+)")?/g)];
    expect(found.map((f) => [f[1], JSON.parse(f[2]!.replace(/&quot;/g, '"')), f[4]])).toEqual([
      // Each value also carries the card's version (`~v`), which the press is keyed by.
      ['primary', { action: 'anomaly.claim', id: 3, '~v': expect.any(String) }, undefined],
      ['danger', { action: 'anomaly.close', id: 3, '~v': expect.any(String) }, '确定关闭？'],
    ]);
    // Outside a form a press sends no slots.
    expect(pressedButtonForm(params(c), { action: 'anomaly.claim', id: 3 })).toBeUndefined();
  });

  it('a form’s inputs are named by slot; a press sends them back as the adapter reads them', () => {
    const withForm = card({
      title: '添加话术',
      elements: [
        form('script', [
          input({ name: 'title', label: '标题', initial: '发货慢' }),
          input({ name: 'body', label: '内容', required: true }),
          button({ text: '保存', value: { action: 'script.save' }, submit: true }),
        ]),
      ],
    });
    const p = params(withForm);
    const h = renderTemplateCard(p, 'tpl.schema', people);
    expect(h).toContain('<div class="form">');
    expect(h).toMatch(/<input class="input" name="f1" value="发货慢"/);
    expect(h).toMatch(/<input class="input" name="f2" value=""/);
    const slots = pressedButtonForm(p, { action: 'script.save' });
    expect(slots).toBeDefined();
    // What the console posts (the typed slots) plus the button's form, as the emulator calls back.
    const press = decodeTemplatePress({
      value: JSON.stringify({ action: 'script.save' }),
      form: slots,
      f2: '亲，马上发',
    });
    expect(press).toEqual({ value: { action: 'script.save' }, formValue: { title: '发货慢', body: '亲，马上发' } });
  });
});

describe('other DingTalk messages in the console', () => {
  it('the markdown ActionCard: its text, link buttons, and that it cannot call back', () => {
    const h = renderActionCard(
      {
        title: '日报',
        text: '### 日报\n- 一切正常',
        btns: [
          { title: '打开', actionURL: 'https://example.com/x' },
          { title: '坏链接', actionURL: 'javascript:alert(1)' },
        ],
      },
      people,
    );
    expect(h).toContain('href="https://example.com/x"');
    expect(h).not.toContain('href="javascript');
    expect(h).toContain('disabled');
    expect(h).toContain('按钮不能回调');
  });

  it('text: a member’s @name and the bot’s @staffId become mention chips; the rest is escaped', () => {
    const typed = showDingTalkMessage(
      msg({ sender: { type: 'user', openId: 'staff1' }, content: { text: '@现场管家 /help <script>' } }),
      people,
      names,
      files,
    );
    expect(typed.html).toBe('<div class="text"><span class="at">@现场管家</span> /help &lt;script&gt;</div>');
    expect(typed.senderName).toBe('王主管');
    const said = showDingTalkMessage(msg({ content: { text: '请 @staff1 处理' } }), people, names, files);
    expect(said.html).toContain('<span class="at" title="staff1">@王主管</span>');
    expect(said.fromBot).toBe(true);
  });

  it('a member’s file is a chip with its download link; a recalled message says so', () => {
    const f = showDingTalkMessage(
      msg({ msgType: 'file', content: { fileName: '飞鸽.xlsx', downloadCode: 'dc1' } }),
      people,
      names,
      files,
    );
    expect(f.html).toContain('飞鸽.xlsx');
    expect(f.html).toContain('href="/f/m1"');
    expect(showDingTalkMessage(msg({ recalled: true }), people, names, files).html).toContain('撤回');
  });
});
