/**
 * floorwalker's card model → DingTalk, in both of its forms: the blocks the shipped template loops
 * over (template mode, DINGTALK_CARD_TEMPLATE_ID set) and a markdown robot message (no template).
 * Every element kind, mentions as DingTalk wants them, charts as tables, and the size limit.
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
  markdown,
  mention,
  note,
  table,
  type CardElement,
} from '../../src/cards/card';
import {
  dingTalkCardLimits,
  dingTalkCardMeasurer,
  measureDingTalkCard,
  renderDingTalkCard,
  type DingTalkCardMessage,
} from '../../src/platforms/dingtalk/card-render';
import { cardLocale } from '../../src/platforms/dingtalk/card-texts';
import { CARD_VERSION_KEY } from '../../src/platforms/dingtalk/card-template';

const TPL = { templateId: 'tpl-1.schema' };

type Tpl = Extract<DingTalkCardMessage, { kind: 'template' }>;
type Md = Extract<DingTalkCardMessage, { kind: 'markdown' }>;

const tpl = (c: ReturnType<typeof card>, locale?: 'zh-CN' | 'en') =>
  renderDingTalkCard(c, { ...TPL, ...(locale ? { locale } : {}) }) as Tpl;
const md = (c: ReturnType<typeof card>, locale?: 'zh-CN' | 'en') =>
  renderDingTalkCard(c, locale ? { locale } : {}) as Md;
/** The blocks without the card's version in the pressables' values (its own test below). */
const blocksOf = (m: Tpl) =>
  (JSON.parse(m.cardParamMap.blocks!) as Record<string, string>[]).map((b) =>
    Object.fromEntries(
      Object.entries(b).map(([k, v]) => [k, k === 'value' || /^b\d+_value$/.test(k) ? unstamp(v) : v]),
    ),
  );
const unstamp = (raw: string) => {
  const { [CARD_VERSION_KEY]: _v, ...value } = JSON.parse(raw) as Record<string, unknown>;
  return JSON.stringify(value);
};
const oneBlock = (...els: CardElement[]) => blocksOf(tpl(card({ title: '卡片', elements: els })));
/** The markdown message's paragraphs after the title line. */
const paras = (...els: CardElement[]) =>
  md(card({ title: '卡片', elements: els }))
    .msgParam.text!.split('\n\n')
    .slice(1);

describe('the DingTalk card, template mode', () => {
  it('header: title, subtitle and the nearest DingTalk colour; every param a string', () => {
    const m = tpl(
      card({ title: `店铺异常 ${mention('m1', '王主管')}`, subtitle: '处理中', color: 'carmine', elements: [] }),
    );
    expect(m).toMatchObject({ kind: 'template', cardTemplateId: 'tpl-1.schema' });
    expect(m.cardParamMap).toEqual({ title: '店铺异常 @王主管', subtitle: '处理中', color: 'red', blocks: '[]' });
    expect(tpl(card({ title: 't', color: 'wathet', elements: [] })).cardParamMap.color).toBe('blue');
    expect(tpl(card({ title: 't', color: 'grey', elements: [] })).cardParamMap.color).toBe('gray');
  });

  it('markdown, notes, dividers; people by name, and in atUserIds so DingTalk notifies them', () => {
    const m = tpl(
      card({
        title: 't',
        elements: [
          markdown(`**情况** ${mention('m1', '王主管')}`, 'center'),
          note(`由 ${mention('m2')} 设置`),
          divider(),
        ],
      }),
    );
    expect(blocksOf(m)).toEqual([
      { type: 'markdown', text: '**情况** @王主管', align: 'center' },
      { type: 'note', text: '由 @m2 设置' },
      { type: 'divider' },
    ]);
    expect(m.atUserIds).toEqual({ m1: '王主管', m2: 'm2' });
  });

  it('fields: rows of two pairs', () => {
    expect(
      oneBlock(
        ...fields([
          ['店铺', '天猫'],
          ['负责人', mention('m1', '小李')],
          ['状态', '处理中'],
        ]),
      ),
    ).toEqual([
      { type: 'fields', l1: '店铺', v1: '天猫', l2: '负责人', v2: '@小李' },
      { type: 'fields', l1: '状态', v1: '处理中' },
    ]);
  });

  it('tables: a compact text table, a line per row', () => {
    expect(
      oneBlock(
        table(
          [
            { key: 'store', title: '店铺' },
            { key: 'who', title: '值班' },
          ],
          [{ store: '天猫|旗舰', who: mention('m1', '小李') }, { store: '京东\n自营' }],
        ),
      ),
    ).toEqual([{ type: 'table', text: '**店铺** | **值班**\n天猫/旗舰 | @小李\n京东 自营 | ' }]);
  });

  it('charts: a note that DingTalk cannot draw them, then their data as a table (series as columns)', () => {
    const spec = {
      type: 'line',
      data: [
        {
          id: 'counts',
          values: [
            { hour: '00:00', count: 3, series: '今天' },
            { hour: '00:00', count: 2.456, series: '基线' },
            { hour: '01:00', count: 5, series: '今天' },
          ],
        },
      ],
      xField: 'hour',
      yField: 'count',
      seriesField: 'series',
    };
    expect(oneBlock(chart(spec))).toEqual([
      { type: 'note', text: '📊 钉钉卡片无法显示图表，以下为图表数据：' },
      { type: 'table', text: ' | **今天** | **基线**\n00:00 | 3 | 2.46\n01:00 | 5 | ' },
    ]);
    // One series with a title (the KPI trend): the title heads the value column; a long one is cut.
    const days = Array.from({ length: 40 }, (_, i) => ({ day: `d${i}`, value: i }));
    const blocks = oneBlock(
      chart({
        type: 'bar',
        title: { visible: true, text: '好评率（%）' },
        data: [{ values: days }],
        xField: 'day',
        yField: 'value',
      }),
    );
    expect(blocks[0]!.text).toBe('📊 钉钉卡片无法显示图表，以下为图表数据： 好评率（%）');
    const lines = blocks[1]!.text!.split('\n');
    expect(lines[0]).toBe(' | **好评率（%）**');
    expect(lines[1]).toBe('d0 | 0');
    expect(lines).toHaveLength(1 + 31 + 1);
    expect(lines.at(-1)).toBe('（只显示前 31 行，共 40 行）');
    // A pie, and a spec floorwalker does not draw: still its data.
    expect(
      oneBlock(chart({ type: 'pie', data: { values: [{ k: '好', v: 1 }] }, categoryField: 'k', valueField: 'v' }))[1],
    ).toEqual({ type: 'table', text: ' | **v**\n好 | 1' });
    expect(oneBlock(chart({ type: 'x', data: { values: [{ a: 1, b: 'z' }] } }))[1]).toEqual({
      type: 'table',
      text: '**a** | **b**\n1 | z',
    });
  });

  it('buttons: rows of at most four places, each with its value, colour, state and confirmation', () => {
    const claim = button({ text: '认领', type: 'primary_filled', value: { action: 'anomaly.claim', id: 7 } });
    const del = button({ text: '删除', type: 'danger', value: { action: 'x.del' }, confirm: '确定？', disabled: true });
    expect(oneBlock(claim)).toEqual([
      {
        type: 'buttons',
        b1_show: 'plain',
        b1_text: '认领',
        b1_value: '{"action":"anomaly.claim","id":7}',
        b1_color: 'blue',
        b1_status: 'normal',
      },
    ]);
    const rows = oneBlock(buttons([del, claim, claim, claim, claim]));
    expect(rows).toHaveLength(2);
    expect(rows[0]).toMatchObject({
      b1_show: 'confirm',
      b1_confirm: '确定？',
      b1_color: 'red',
      b1_status: 'disabled',
      b4_text: '认领',
    });
    expect(rows[0]!.b5_text).toBeUndefined();
    expect(rows[1]).toMatchObject({ b1_text: '认领' });
    expect(rows[1]!.b2_text).toBeUndefined();
  });

  it("every pressable carries the card's version: the same for the same card, another once it changed", () => {
    const versions = (c: ReturnType<typeof card>) =>
      (JSON.parse(tpl(c).cardParamMap.blocks!) as Record<string, string>[]).flatMap((b) =>
        Object.entries(b)
          .filter(([k]) => k === 'value' || /^b\d+_value$/.test(k))
          .map(([, v]) => (JSON.parse(v) as Record<string, unknown>)[CARD_VERSION_KEY]),
      );
    const claim = button({ text: '认领', value: { action: 'anomaly.claim', id: 7 } });
    const tick = checker({ text: '已读', checked: false, value: { action: 'duty.tick', id: 1 } });
    const before = versions(card({ title: '异常 #7', elements: [markdown('待认领'), claim, tick] }));
    expect(before).toHaveLength(2);
    expect(new Set(before).size).toBe(1);
    expect(before[0]).toMatch(/^[\w-]{10}$/);
    expect(versions(card({ title: '异常 #7', elements: [markdown('待认领'), claim, tick] }))).toEqual(before);
    const after = versions(card({ title: '异常 #7', elements: [markdown('已由 张运营 认领'), claim, tick] }));
    expect(after[0]).not.toBe(before[0]);
  });

  it('checkers: the value a press sends holds the new state; in a form, a slot instead', () => {
    expect(oneBlock(checker({ text: '已读', checked: false, value: { action: 'duty.tick', id: 1 } }))).toEqual([
      {
        type: 'checker',
        text: '已读',
        checked: 'false',
        value: '{"action":"duty.tick","id":1,"checked":true}',
        status: 'normal',
        slot: '',
      },
    ]);
    const [box] = oneBlock(
      form('f', [checker({ text: '通知', checked: true, name: 'notify', value: { action: 'a' } })]),
    );
    expect(box).toMatchObject({ type: 'checker', checked: 'true', slot: 'f1' });
  });

  it('forms: inputs take slots, and the submit button says which slot is which input', () => {
    const blocks = oneBlock(
      form('note', [
        input({ name: 'text', label: '说明', placeholder: '怎么解决的', required: true, multiline: true }),
        input({ name: 'id', initial: '42' }),
        button({ text: '提交', type: 'primary', value: { action: 'anomaly.resolve' }, submit: true }),
        button({ text: '取消', value: { action: 'anomaly.cancel' } }),
      ]),
    );
    expect(blocks).toEqual([
      { type: 'input', slot: 'f1', mark: '* ', label: '说明', placeholder: '怎么解决的', initial: '' },
      { type: 'input', slot: 'f2', mark: '', label: '', placeholder: '', initial: '42' },
      {
        type: 'buttons',
        b1_show: 'plain',
        b1_text: '提交',
        b1_value: '{"action":"anomaly.resolve"}',
        b1_color: 'blue',
        b1_status: 'normal',
        b1_form: '{"f1":{"name":"text","kind":"text"},"f2":{"name":"id","kind":"text","initial":"42"}}',
      },
      expect.objectContaining({ type: 'buttons', b1_text: '取消' }),
    ]);
    expect(blocks[3]!.b1_form).toBeUndefined();
  });

  it('a card with more inputs than slots says so where the extra ones would be', () => {
    const many = Array.from({ length: 9 }, (_, i) => input({ name: `n${i}`, label: `第${i}项` }));
    const blocks = oneBlock(form('f', [...many, button({ text: '存', value: { action: 'a' }, submit: true })]));
    expect(blocks.filter((b) => b.type === 'input')).toHaveLength(8);
    expect(blocks[8]).toEqual({ type: 'note', text: '✎ 第8项：这张卡片的输入框太多，请用命令填写' });
    expect(Object.keys(JSON.parse(blocks[9]!.b1_form!) as object)).toHaveLength(8);
  });

  it('columns: their elements one after the other', () => {
    expect(
      oneBlock(columns([[markdown('左')], [divider(), markdown(mention('m3', '老张'))]], { weights: [2, 1] })),
    ).toEqual([{ type: 'markdown', text: '左' }, { type: 'divider' }, { type: 'markdown', text: '@老张' }]);
  });
});

describe('the DingTalk card, markdown fallback', () => {
  it('is a sampleMarkdown robot message: title line (colour as a mark), subtitle, paragraphs', () => {
    const m = md(
      card({ title: `异常 ${mention('m1', '王主管')}`, subtitle: '处理中', color: 'red', elements: [markdown('x')] }),
    );
    expect(m).toEqual({
      kind: 'markdown',
      msgKey: 'sampleMarkdown',
      msgParam: { title: '异常 @王主管', text: '### 🔴 异常 @王主管\n\n处理中\n\nx' },
      atUserIds: [],
    });
    expect(md(card({ title: 't', elements: [] })).msgParam.text).toBe('### t');
  });

  it('markdown, notes, dividers, fields; people as @staffId, listed in atUserIds', () => {
    const m = md(
      card({
        title: '卡片',
        elements: [
          markdown(`第一行\n${mention('m1', '王主管')} 请处理`),
          note(`由 ${mention('m2')} 设置\n第二行`),
          divider(),
          ...fields([
            ['店铺', '天猫'],
            ['负责人', mention('m1')],
          ]),
        ],
      }),
    );
    expect(m.msgParam.text!.split('\n\n').slice(1)).toEqual([
      '第一行  \n@m1 请处理',
      '> 由 @m2 设置\n> 第二行',
      '---',
      '**店铺**：天猫  \n**负责人**：@m1',
    ]);
    expect(m.atUserIds).toEqual(['m1', 'm2']);
    // English cards get English punctuation.
    expect(
      md(card({ title: 'Store anomaly', elements: [...fields([['Store', 'Tmall']])] })).msgParam.text!.split('\n\n')[1],
    ).toBe('**Store**: Tmall');
  });

  it('tables and charts as compact tables', () => {
    expect(paras(table([{ key: 'a', title: '店铺' }], [{ a: '天猫' }, { a: '京东' }]))).toEqual([
      '**店铺**  \n天猫  \n京东',
    ]);
    const [said, data] = paras(
      chart({ type: 'bar', data: { values: [{ d: '12-01', n: 2 }] }, xField: 'd', yField: 'n' }),
    );
    expect(said).toBe('> 📊 钉钉卡片无法显示图表，以下为图表数据：');
    expect(data).toBe(' | **n**  \n12-01 | 2');
  });

  it('buttons: the command that does the same, or honestly where it works; then a footer', () => {
    const out = paras(
      buttons([
        button({ text: '认领', value: { action: 'anomaly.claim', id: 7 }, command: '/ack 7' }),
        button({ text: '导入', value: { action: 'kpi.import', id: 1 } }),
        button({ text: '已处理', value: { action: 'x' }, disabled: true, command: '/x' }),
      ]),
    );
    expect(out).toEqual([
      '▸ 认领：发送 /ack 7  \n▸ 导入：请在飞书或已导入模板的钉钉互动卡片中操作  \n· 已处理（不可用）',
      '> 此消息中的按钮不能点击，请发送上面的命令（群里请先 @我）。',
    ]);
    const en = md(
      card({ title: 'Anomaly', elements: [button({ text: 'Claim', value: { action: 'a' }, command: '/ack 7' })] }),
    );
    expect(en.msgParam.text).toContain('▸ Claim: send /ack 7');
    expect(en.msgParam.text).toContain('> Buttons cannot be pressed in this message');
    // Nothing to press, no footer.
    expect(paras(button({ text: '已认领', value: { action: 'a' }, disabled: true }))).toEqual(['· 已认领（不可用）']);
  });

  it('checkers, inputs and forms as lines of what they hold', () => {
    expect(
      paras(
        checker({ text: '已读', checked: true, value: { action: 'a' } }),
        form('f', [
          input({ name: 'story', label: '经过', initial: '顾客说\n收到破损' }),
          input({ name: 'need', placeholder: '诉求' }),
          input({ name: 'x' }),
          button({ text: '保存', value: { action: 'complaint.facts', id: 3 }, submit: true }),
        ]),
      ),
    ).toEqual([
      '☑ 已读',
      '✎ 经过：顾客说  \n收到破损',
      '✎ 诉求',
      '✎ 输入',
      '▸ 保存：请在飞书或已导入模板的钉钉互动卡片中操作',
      '> 此消息中的按钮不能点击，请发送上面的命令（群里请先 @我）。',
    ]);
  });

  it('columns one after the other', () => {
    expect(paras(columns([[markdown('左')], [markdown('右')]]))).toEqual(['左', '右']);
  });
});

describe('the size DingTalk takes', () => {
  it('measures the params DingTalk gets, in each mode, against 15,000 bytes and 100 blocks', () => {
    const small = card({ title: 't', elements: [markdown('x'), divider()] });
    for (const opts of [{}, TPL]) {
      const m = renderDingTalkCard(small, opts);
      const sent = m.kind === 'template' ? m.cardParamMap : m.msgParam;
      expect(measureDingTalkCard(small, opts)).toEqual({
        bytes: new TextEncoder().encode(JSON.stringify(sent)).length,
        elements: 2,
      });
      expect(cardSize(small, dingTalkCardMeasurer(opts))).toMatchObject({ fits: true });
    }
    expect(dingTalkCardLimits).toEqual({ maxBytes: 15_000, maxElements: 100 });
    const many = card({ title: 't', elements: Array.from({ length: 101 }, () => divider()) });
    expect(cardSize(many, dingTalkCardMeasurer({}))).toMatchObject({ fits: false, elements: 101 });
  });

  it('a card over the limit says it does not fit, and goes out with its long texts clipped', () => {
    // 6,000 Chinese characters are 18,000 bytes in UTF-8: over, though Feishu's 30 KB would take it.
    const big = card({
      title: '大卡片',
      elements: [
        ...Array.from({ length: 12 }, (_, i) => markdown(`${i}：${'字'.repeat(490)}${mention('m1', '王主管')}尾`)),
        button({ text: '认领', value: { action: 'anomaly.claim', id: 7 } }),
      ],
    });
    for (const opts of [{}, TPL]) {
      expect(cardSize(big, dingTalkCardMeasurer(opts)).fits).toBe(false);
      const m = renderDingTalkCard(big, opts);
      const sent = m.kind === 'template' ? m.cardParamMap : m.msgParam;
      expect(new TextEncoder().encode(JSON.stringify(sent)).length).toBeLessThanOrEqual(15_000);
      const text = JSON.stringify(sent);
      // Every block is there, the button too; each text cut short, marked "…".
      expect(text).toContain('11：字');
      expect(text).toContain(m.kind === 'template' ? 'anomaly.claim' : '▸ 认领');
      expect(text).not.toContain('尾');
      expect(text).toMatch(/字…/);
      expect(text).not.toContain('✂');
    }
  });

  it('where clipped texts are not enough, blocks are cut off the end, saying so', () => {
    // A person counts as one character when clipping, but their name is long.
    const who = Array.from({ length: 5 }, (_, i) => mention(`m${i}${'x'.repeat(30)}`, '名'.repeat(30))).join(' ');
    const crowded = card({ title: 't', elements: Array.from({ length: 99 }, (_, i) => markdown(`${i} ${who}`)) });
    for (const opts of [{}, TPL]) {
      const m = renderDingTalkCard(crowded, opts);
      const sent = m.kind === 'template' ? m.cardParamMap : m.msgParam;
      expect(new TextEncoder().encode(JSON.stringify(sent)).length).toBeLessThanOrEqual(15_000);
      expect(JSON.stringify(sent)).toContain('0 @');
      expect(JSON.stringify(sent)).not.toContain('98 @');
      expect(JSON.stringify(sent)).toMatch(/✂ 卡片超出钉钉的大小上限，其余 \d+ 项未显示。/);
    }
    const long = card({ title: 't', elements: Array.from({ length: 150 }, (_, i) => markdown(`行 ${i}`)) });
    const cut = renderDingTalkCard(long, TPL) as Tpl;
    expect(blocksOf(cut)).toHaveLength(100);
    expect(blocksOf(cut).at(-1)).toEqual({ type: 'note', text: '✂ 卡片超出钉钉的大小上限，其余 51 项未显示。' });
  });
});

describe('the language of the words the renderer adds', () => {
  it('is read off the card, Chinese on a tie, unless told', () => {
    expect(cardLocale(['店铺异常 #7', '天猫旗舰店'])).toBe('zh-CN');
    expect(cardLocale(['Store anomaly #7 at 天猫旗舰店', 'Coupons stacked; the price became 9.9'])).toBe('en');
    expect(cardLocale([])).toBe('zh-CN');
    const c = card({ title: '店铺异常', elements: [chart({ data: { values: [] }, xField: 'a', yField: 'b' })] });
    expect(md(c, 'en').msgParam.text).toContain('DingTalk cards cannot draw charts');
  });
});
