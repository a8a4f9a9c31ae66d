/**
 * floorwalker's card model → Feishu card JSON 2.0: every element kind, and mentions rendered as
 * Feishu wants them — `<at id=…>` in card markdown, `<at user_id=…>name</at>` in text messages.
 */
import { describe, expect, it } from 'vitest';
import {
  button,
  buttons,
  card,
  cardSize,
  chart,
  checker,
  columns,
  divider,
  fields,
  form,
  input,
  interactive,
  markdown,
  mention,
  note,
  table,
} from '../../src/cards/card';
import { callbackAnswer } from '../../src/platforms/feishu/deliver';
import {
  cardMarkdown,
  feishuCard,
  feishuMessage,
  isFeishuJson,
  measureFeishuCard,
  textMarkup,
} from '../../src/platforms/feishu/card-json';
import { feishuTraits } from '../../src/platforms/feishu/traits';

const one = (el: Parameters<typeof card>[0]['elements'][number]) =>
  (feishuCard(card({ title: 't', elements: [el] })).body as { elements: unknown[] }).elements;

describe('the Feishu card renderer', () => {
  it('renders the header as plain text with its template, and sets update_multi', () => {
    expect(
      feishuCard(
        card({ title: `店铺异常 ${mention('ou_a', '王主管')}`, subtitle: '处理中', color: 'red', elements: [] }),
      ),
    ).toEqual({
      schema: '2.0',
      config: { update_multi: true },
      header: {
        title: { tag: 'plain_text', content: '店铺异常 @王主管' },
        subtitle: { tag: 'plain_text', content: '处理中' },
        template: 'red',
      },
      body: { elements: [] },
    });
    expect(feishuCard(card({ title: 't', elements: [] })).header).toEqual({
      title: { tag: 'plain_text', content: 't' },
      template: 'blue',
    });
  });

  it('markdown, notes and dividers', () => {
    expect(one(markdown(`**情况** ${mention('ou_a', '王主管')}`))).toEqual([
      { tag: 'markdown', content: '**情况** <at id=ou_a></at>' },
    ]);
    expect(one(markdown('中', 'center'))).toEqual([{ tag: 'markdown', content: '中', text_align: 'center' }]);
    expect(one(note(`由 ${mention('ou_b')} 设置`))).toEqual([
      { tag: 'markdown', content: '由 <at id=ou_b></at> 设置', text_size: 'notation' },
    ]);
    expect(one(divider())).toEqual([{ tag: 'hr' }]);
  });

  it('fields: two per row, label bold over the value', () => {
    const rows = feishuCard(
      card({
        title: 't',
        elements: [
          ...fields([
            ['a', '1'],
            ['b', mention('ou_x')],
            ['c', '3'],
          ]),
        ],
      }),
    ).body as { elements: Record<string, unknown>[] };
    expect(rows.elements).toHaveLength(2);
    expect(rows.elements[0]).toEqual({
      tag: 'column_set',
      flex_mode: 'none',
      horizontal_spacing: 'default',
      columns: [
        { tag: 'column', width: 'weighted', weight: 1, elements: [{ tag: 'markdown', content: '**a**\n1' }] },
        {
          tag: 'column',
          width: 'weighted',
          weight: 1,
          elements: [{ tag: 'markdown', content: '**b**\n<at id=ou_x></at>' }],
        },
      ],
    });
    expect((rows.elements[1]!.columns as unknown[]).length).toBe(1);
  });

  it('tables with markdown cells', () => {
    expect(
      one(
        table(
          [
            { key: 'store', title: '店铺' },
            { key: 'who', title: '值班' },
          ],
          [{ store: '天猫', who: mention('ou_a') }, { store: '京东' }],
        ),
      ),
    ).toEqual([
      {
        tag: 'table',
        page_size: 2,
        row_height: 'low',
        header_style: { bold: true, background_style: 'grey' },
        columns: [
          { name: 'store', display_name: '店铺', data_type: 'lark_md' },
          { name: 'who', display_name: '值班', data_type: 'lark_md' },
        ],
        rows: [
          { store: '天猫', who: '<at id=ou_a></at>' },
          { store: '京东', who: '' },
        ],
      },
    ]);
  });

  it('charts carry the VChart spec as it is', () => {
    const spec = { type: 'bar', data: { values: [{ x: 'a', y: 1 }] }, xField: 'x', yField: 'y' };
    expect(one(chart(spec, '2:1'))).toEqual([{ tag: 'chart', aspect_ratio: '2:1', chart_spec: spec }]);
  });

  it('buttons call back with their value; a row of buttons is a column set', () => {
    const claim = button({ text: '认领', type: 'primary_filled', value: { action: 'anomaly.claim', id: 7 } });
    expect(one(claim)).toEqual([
      {
        tag: 'button',
        text: { tag: 'plain_text', content: '认领' },
        type: 'primary_filled',
        behaviors: [{ type: 'callback', value: { action: 'anomaly.claim', id: 7 } }],
      },
    ]);
    expect(
      one(button({ text: '删', type: 'danger', value: { action: 'x' }, disabled: true, confirm: '确定？' })),
    ).toEqual([
      {
        tag: 'button',
        text: { tag: 'plain_text', content: '删' },
        type: 'danger',
        disabled: true,
        confirm: { title: { tag: 'plain_text', content: '删' }, text: { tag: 'plain_text', content: '确定？' } },
        behaviors: [{ type: 'callback', value: { action: 'x' } }],
      },
    ]);
    const row = one(buttons([claim, button({ text: '已解决', value: { action: 'anomaly.resolve', id: 7 } })]))[0] as {
      tag: string;
      columns: { elements: { tag: string }[] }[];
    };
    expect(row.tag).toBe('column_set');
    expect(row.columns.map((c) => c.elements.map((e) => e.tag))).toEqual([['button'], ['button']]);
  });

  it('checkers report their state through a callback', () => {
    expect(
      one(checker({ text: `提醒 ${mention('ou_a', '小王')}`, checked: true, value: { action: 'duty.tick', id: 1 } })),
    ).toEqual([
      {
        tag: 'checker',
        checked: true,
        text: { tag: 'plain_text', content: '提醒 @小王' },
        behaviors: [{ type: 'callback', value: { action: 'duty.tick', id: 1 } }],
      },
    ]);
  });

  it('forms hold inputs and a submit button', () => {
    const f = form('note', [
      input({ name: 'text', label: '说明', placeholder: '怎么解决的', required: true, multiline: true }),
      input({ name: 'id', initial: '42' }),
      button({ text: '提交', type: 'primary', value: { action: 'anomaly.resolve' }, submit: true }),
    ]);
    expect(one(f)).toEqual([
      {
        tag: 'form',
        name: 'note',
        elements: [
          {
            tag: 'input',
            name: 'text',
            input_type: 'multiline_text',
            label: { tag: 'plain_text', content: '说明' },
            placeholder: { tag: 'plain_text', content: '怎么解决的' },
            required: true,
          },
          { tag: 'input', name: 'id', input_type: 'text', default_value: '42' },
          {
            tag: 'button',
            text: { tag: 'plain_text', content: '提交' },
            type: 'primary',
            form_action_type: 'submit',
            name: 'submit_anomaly.resolve',
            behaviors: [{ type: 'callback', value: { action: 'anomaly.resolve' } }],
          },
        ],
      },
    ]);
  });

  it('columns keep their weights and render what is inside', () => {
    expect(one(columns([[markdown('a')], [divider(), markdown(mention('ou_c'))]], { weights: [2, 1] }))).toEqual([
      {
        tag: 'column_set',
        flex_mode: 'none',
        horizontal_spacing: 'default',
        columns: [
          { tag: 'column', width: 'weighted', weight: 2, elements: [{ tag: 'markdown', content: 'a' }] },
          {
            tag: 'column',
            width: 'weighted',
            weight: 1,
            elements: [{ tag: 'hr' }, { tag: 'markdown', content: '<at id=ou_c></at>' }],
          },
        ],
      },
    ]);
  });

  it('passes Feishu JSON stored before cards were neutral through as it is', () => {
    const old = { schema: '2.0', body: { elements: [{ tag: 'markdown', content: '<at id=ou_a></at>' }] } };
    expect(isFeishuJson(old)).toBe(true);
    expect(feishuCard(old as never)).toBe(old);
    expect(isFeishuJson(card({ title: 't', elements: [markdown('x')] }))).toBe(false);
  });

  it('measures the rendered JSON against Feishu’s limits', () => {
    const small = card({ title: 't', elements: [markdown('x'), divider()] });
    expect(measureFeishuCard(small)).toEqual({
      bytes: new TextEncoder().encode(JSON.stringify(feishuCard(small))).length,
      elements: 2,
    });
    expect(cardSize(small, feishuTraits)).toMatchObject({ fits: true, elements: 2 });
    const many = card({ title: 't', elements: Array.from({ length: 201 }, () => divider()) });
    expect(cardSize(many, feishuTraits)).toMatchObject({ fits: false, elements: 201 });
    const big = card({ title: 't', elements: [markdown('字'.repeat(11_000))] });
    expect(cardSize(big, feishuTraits).fits).toBe(false);
  });
});

describe('mentions, as Feishu writes them', () => {
  const text = `${mention('ou_a', '王主管')} 请看 ${mention('ou_b')}`;

  it('differ between card markdown and text messages', () => {
    expect(cardMarkdown(text)).toBe('<at id=ou_a></at> 请看 <at id=ou_b></at>');
    expect(textMarkup(text)).toBe('<at user_id="ou_a">王主管</at> 请看 <at user_id="ou_b"></at>');
    expect(textMarkup(mention('ou_a', 'a<b>c'))).toBe('<at user_id="ou_a">abc</at>');
  });

  it('go into the message content Feishu receives', () => {
    expect(feishuMessage({ msgType: 'text', content: { text } })).toEqual({
      msgType: 'text',
      content: JSON.stringify({ text: textMarkup(text) }),
    });
    const m = feishuMessage(interactive(card({ title: 't', elements: [markdown(text)] })));
    expect(m.msgType).toBe('interactive');
    expect(JSON.parse(m.content).body.elements[0].content).toBe('<at id=ou_a></at> 请看 <at id=ou_b></at>');
    expect(m.content).not.toContain('\u27e6');
  });

  it('callback answers: the card rendered, the toast in plain text', () => {
    const c = card({ title: 't', elements: [markdown(text)] });
    expect(
      callbackAnswer({ toast: { type: 'info', content: `已由 ${mention('ou_a', '王主管')} 认领` }, card: c }),
    ).toEqual({
      toast: { type: 'info', content: '已由 @王主管 认领' },
      card: { type: 'raw', data: feishuCard(c) },
    });
    expect(callbackAnswer(undefined)).toEqual({});
  });
});
