/**
 * The shipped DingTalk card template and the renderer keep one contract: the file is what the code
 * generates, every block field the renderer writes is bound by the template, and a press on the
 * template's own components (its params and local variables, test/helpers/dingtalk-card-sim.ts)
 * decodes to exactly what a Feishu press gives the features.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { button, buttons, card, checker, form, input, markdown, type CardElement } from '../../src/cards/card';
import { decodeDingTalkPress, renderDingTalkCard } from '../../src/platforms/dingtalk/card-render';
import { BLOCK_FIELDS, BLOCK_TYPES, TEMPLATE_PARAMS } from '../../src/platforms/dingtalk/card-template';
import { TEMPLATE_FILE, templateFileText } from '../../src/platforms/dingtalk/templates/generate';
import { fill, loadTemplate, localOf, press, shownFor, walkTemplate } from '../helpers/dingtalk-card-sim';

/** A press on a rendered card: decoded, with the card's version it carries checked and set aside. */
function decodedPress(data: Parameters<typeof decodeDingTalkPress>[0]) {
  const { version, ...rest } = decodeDingTalkPress(data)!;
  expect(version).toMatch(/^[\w-]{10}$/);
  return rest;
}

const template = loadTemplate();

function rendered(...elements: CardElement[]) {
  const m = renderDingTalkCard(card({ title: '卡片', elements }), { templateId: 'tpl' });
  if (m.kind !== 'template') throw new Error('not a template card');
  return JSON.parse(m.cardParamMap.blocks!) as Record<string, string>[];
}

/** The one component of `name` the template shows for `block` (and whose text is `text`, if given). */
function shown(block: Record<string, string>, name: string, text?: string) {
  const all = shownFor(template, block).filter(
    (n) => n.componentName === name && (text === undefined || fill(n.props.text?.content ?? '', block) === text),
  );
  expect(all, `${name} ${text ?? ''}`).toHaveLength(1);
  return all[0]!;
}

describe('the shipped template', () => {
  it('is what template-schema.ts generates (run `npx tsx src/platforms/dingtalk/templates/generate.ts`)', () => {
    expect(readFileSync(TEMPLATE_FILE, 'utf8')).toBe(templateFileText());
    const file = JSON.parse(readFileSync(TEMPLATE_FILE, 'utf8')) as Record<string, unknown>;
    expect(file).toMatchObject({ type: 'standard', mode: 'card' });
    expect(typeof file.editorData).toBe('string');
  });

  it('binds the header params and loops over blocks', () => {
    const text = JSON.stringify(template);
    for (const p of TEMPLATE_PARAMS.filter((x) => x !== 'blocks'))
      expect(text.includes(`\${${p}}`) || text.includes(`"variable":"${p}","variableType":"global"`), p).toBe(true);
    expect(text).toContain('"listData":{"type":"variableValue","variableType":"global","variable":"blocks"}');
  });

  it('shows something for every block type, and binds every field the renderer writes', () => {
    const bound = new Set<string>();
    walkTemplate(template, (n) => {
      for (const m of JSON.stringify(n.props).matchAll(/\$\{loop\.(\w+)\}|blocks\[0\]\.(\w+)/g))
        bound.add(m[1] ?? m[2]!);
    });
    for (const type of BLOCK_TYPES) {
      for (const f of BLOCK_FIELDS[type]) {
        // `align` is a hint the template may ignore (DingTalk's Markdown has no alignment to bind).
        if (f !== 'align') expect(bound, `${type}.${f}`).toContain(f);
      }
    }
    // A block of each type shows its components, and an unknown type shows nothing.
    const sample = rendered(
      markdown('m'),
      { kind: 'note', text: 'n' },
      { kind: 'divider' },
      { kind: 'fields', pairs: [{ label: 'l', value: 'v' }] },
      { kind: 'table', columns: [{ key: 'a', title: 'A' }], rows: [] },
      button({ text: 'b', value: { action: 'a' } }),
      checker({ text: 'c', checked: false, value: { action: 'c' } }),
      form('f', [input({ name: 'i' })]),
    );
    expect(sample.map((b) => b.type)).toEqual([...BLOCK_TYPES]);
    const names = sample.map((b) => shownFor(template, b).map((n) => n.componentName));
    expect(names).toEqual([
      ['Markdown'],
      ['Markdown'],
      ['Divider'],
      ['Markdown', 'Markdown'],
      ['Markdown'],
      ['SingleButton'],
      ['Checkbox'],
      ['Input'],
    ]);
    expect(shownFor(template, { type: 'video' })).toEqual([]);
    expect(fill(shownFor(template, sample[3]!)[0]!.props.content.value, sample[3]!)).toBe('**l**\nv');
  });
});

describe('a press on the template, decoded', () => {
  it('a button gives its value, as Feishu would; a confirming button the same once confirmed', () => {
    const value = { action: 'anomaly.claim', id: 7, nested: { a: [1, '二'] } };
    const [row] = rendered(
      buttons([
        button({ text: '认领', value, type: 'primary_filled' }),
        button({ text: '删除', value: { action: 'x.del', id: 7 }, confirm: '确定删除？' }),
      ]),
    );
    const claim = shown(row!, 'SingleButton', '认领');
    expect(claim.props.actionType).toBe('request');
    expect(decodedPress(press(claim, row!))).toEqual({ value });
    const del = shown(row!, 'SingleButton', '删除');
    expect(del.props.actionType).toBe('confirm');
    expect(fill(del.props.confirmMessage.content, row!)).toBe('确定删除？');
    expect(decodedPress(press(del, row!))).toEqual({ value: { action: 'x.del', id: 7 } });
    // The action id is the button's value as the card carries it (with the card's version).
    expect(press(claim, row!).actionIds).toEqual([row!.b1_value]);
    expect(JSON.parse(row!.b1_value!)).toMatchObject(value);
  });

  it('a tick box gives its value with the new state, as Feishu gives value.checked', () => {
    const [off, on] = rendered(
      checker({ text: '已读', checked: false, value: { action: 'duty.tick', id: 1 } }),
      checker({ text: '已读', checked: true, value: { action: 'duty.tick', id: 1 } }),
    );
    expect(decodedPress(press(shown(off!, 'Checkbox'), off!))).toEqual({
      value: { action: 'duty.tick', id: 1, checked: true },
    });
    expect(decodedPress(press(shown(on!, 'Checkbox'), on!))).toEqual({
      value: { action: 'duty.tick', id: 1, checked: false },
    });
  });

  it('a form: what was typed, what was left as it came, and named tick boxes, by input name', () => {
    const blocks = rendered(
      markdown('先填写'),
      form('facts', [
        input({ name: 'story', label: '经过', initial: '原来的经过' }),
        input({ name: 'need', label: '诉求' }),
        input({ name: 'progress', label: '进度', initial: '已联系' }),
        checker({ text: '通知主管', checked: false, name: 'notify', value: { action: 'noop' } }),
        buttons([
          button({ text: '保存', value: { action: 'complaint.facts', id: 3 }, submit: true, type: 'primary' }),
          button({ text: '取消', value: { action: 'complaint.cancel', id: 3 } }),
        ]),
      ]),
      // A second form on the same card: its own inputs only.
      form('close', [
        input({ name: 'summary', label: '总结' }),
        button({ text: '关闭', value: { action: 'incident.close', id: 9 }, submit: true }),
      ]),
    );
    // What the person does: types into two inputs, clears the third, ticks the box.
    const locals: Record<string, string | boolean> = {};
    const type = (label: string, text: string | boolean) => {
      const b = blocks.find((x) => x.label === label || x.text === label)!;
      const c = shownFor(template, b).find((n) => localOf(n))!;
      locals[localOf(c)!] = text;
    };
    type('诉求', '全额退款');
    type('进度', '');
    type('通知主管', true);
    type('总结', '已恢复');
    const save = blocks.find((b) => b.b1_text === '保存')!;
    expect(decodedPress(press(shown(save, 'SingleButton', '保存'), save, locals))).toEqual({
      value: { action: 'complaint.facts', id: 3 },
      formValue: { story: '原来的经过', need: '全额退款', progress: '', notify: true },
    });
    // Not a submit button: the value only.
    expect(decodedPress(press(shown(save, 'SingleButton', '取消'), save, locals))).toEqual({
      value: { action: 'complaint.cancel', id: 3 },
    });
    const close = blocks.find((b) => b.b1_text === '关闭')!;
    expect(decodedPress(press(shown(close, 'SingleButton', '关闭'), close, locals))).toEqual({
      value: { action: 'incident.close', id: 9 },
      formValue: { summary: '已恢复' },
    });
    // Nothing typed: the inputs as they came (empty, or their initial text).
    expect(decodedPress(press(shown(save, 'SingleButton', '保存'), save))).toEqual({
      value: { action: 'complaint.facts', id: 3 },
      formValue: { story: '原来的经过', need: '', progress: '已联系', notify: false },
    });
  });

  it('what is not a press of ours: undefined, nothing thrown', () => {
    for (const data of [
      {},
      { params: {} },
      { params: { value: 'not json' } },
      { params: { value: '[1,2]' } },
      { params: { value: 7 } },
      { params: null as never },
      null as never,
    ])
      expect(decodeDingTalkPress(data)).toBeUndefined();
    // A value DingTalk already parsed is taken as it is; a broken form map is ignored, not thrown.
    expect(decodeDingTalkPress({ params: { value: { action: 'a' } } })).toEqual({ value: { action: 'a' } });
    expect(decodeDingTalkPress({ params: { value: '{"action":"a"}', form: '{bad', f1: 'x' } })).toEqual({
      value: { action: 'a' },
    });
    expect(
      decodeDingTalkPress({
        params: {
          value: '{"action":"a"}',
          form: '{"f1":{"name":"n","kind":"text"},"zz":{"name":"m"},"f2":null}',
          f1: 'x',
        },
      }),
    ).toEqual({ value: { action: 'a' }, formValue: { n: 'x' } });
  });
});
