/**
 * The console's renderer: what a supervisor sees of a card must be what the card says — colours,
 * markdown, mentions, columns, buttons with their callback values, charts — and nothing in a
 * message may inject HTML into the page.
 */
import { describe, expect, it } from 'vitest';
import { button, card, chart, checker, columns, divider, fields, markdown, mention, note } from '../../src/cards/card';
import { feishuCard } from '../../src/platforms/feishu/card-json';
import { renderCard } from '../../src/sandbox/render/card';
import { niceScale, renderChart } from '../../src/sandbox/render/chart';
import { renderInline, renderMarkdown } from '../../src/sandbox/render/markdown';
import { renderPost, renderText, showMessage, summary } from '../../src/sandbox/render/message';
import type { StoredMessage } from '../../src/emulator/feishu';

const names: Record<string, string> = { ou_wang: '王主管', ou_li: '李组长' };
const people = (id: string) => names[id];

describe('markdown', () => {
  it('renders bold, italic, strike-through, code and safe links', () => {
    expect(renderInline('**现在值班**：*备份* ~~旧~~ `/ack 3`', people)).toBe(
      '<strong>现在值班</strong>：<em>备份</em> <del>旧</del> <code>/ack 3</code>',
    );
    expect(renderInline('[后台](https://example.com/a?b=1&c=2)', people)).toBe(
      '<a href="https://example.com/a?b=1&amp;c=2" target="_blank" rel="noopener noreferrer">后台</a>',
    );
    expect(renderInline('[x](javascript:alert(1))', people)).not.toContain('<a');
  });

  it('shows <at id=…></at> as the person’s name and @all as 所有人', () => {
    expect(renderInline('值班：<at id=ou_wang></at> <at id="ou_li"></at> <at id=all></at>', people)).toBe(
      '值班：<span class="at" title="ou_wang">@王主管</span> <span class="at" title="ou_li">@李组长</span> <span class="at at-all">@所有人</span>',
    );
    expect(renderInline('<at user_id="ou_x">小刘</at>', people)).toContain('@小刘');
  });

  it('colours <font color> and closes what the author left open', () => {
    expect(renderInline("<font color='red'>超时</font> 与 <font color=green>正常", people)).toBe(
      '<span class="fc-red">超时</span> 与 <span class="fc-green">正常</span>',
    );
  });

  it('groups list lines, keeps headings, quotes, rules and code blocks', () => {
    const html = renderMarkdown(
      '# 巡店\n- 账号状态\n- 离线消息\n1. 先回复\n2. 再登记\n> 引用\n---\n```\n/ack 1\n```',
      people,
    );
    expect(html).toContain('<div class="md-h md-h1">巡店</div>');
    expect(html).toContain('<ul class="md-list"><li>账号状态</li><li>离线消息</li></ul>');
    expect(html).toContain('<ol class="md-list"><li>先回复</li><li>再登记</li></ol>');
    expect(html).toContain('<blockquote>引用</blockquote>');
    expect(html).toContain('<hr class="md-hr">');
    expect(html).toContain('<pre class="md-code">/ack 1</pre>');
  });

  it('escapes HTML in content', () => {
    const html = renderMarkdown('<img src=x onerror=alert(1)> **<script>x</script>**', people);
    expect(html).not.toMatch(/<img|<script/);
    expect(html).toContain('&lt;script&gt;');
  });
});

describe('cards', () => {
  // What the emulator stores, and so what the console renders, is Feishu's JSON.
  const sample = feishuCard(
    card({
      title: '店铺异常 #3 天猫旗舰店',
      subtitle: '等待运营处理',
      color: 'red',
      elements: [
        markdown('**发生了什么**：优惠券叠加后 9.9 元'),
        ...fields([
          ['店铺', '天猫旗舰店'],
          ['上报人', mention('ou_wang')],
        ]),
        divider(),
        columns([
          [button({ text: '我来处理', type: 'primary_filled', value: { action: 'anomaly.claim', id: 3 } })],
          [button({ text: '已解决', value: { action: 'anomaly.resolve', id: 3 }, disabled: true })],
        ]),
        note('5 分钟没人认领会电话值班人'),
      ],
    }),
  );

  it('shows the header template, title and subtitle', () => {
    const html = renderCard(sample, people);
    expect(html).toContain(
      '<div class="card-header tpl-red"><div class="card-title">店铺异常 #3 天猫旗舰店</div><div class="card-subtitle">等待运营处理</div></div>',
    );
  });

  it('lays out columns by weight and fields with mentions', () => {
    const html = renderCard(sample, people);
    expect(html.match(/class="columns"/g)).toHaveLength(2);
    expect(html).toContain('style="flex:1 1 0"');
    expect(html).toContain('<strong>上报人</strong>');
    expect(html).toContain('@王主管');
    expect(html).toContain('<hr class="card-hr">');
    expect(html).toContain('<div class="el-md note">');
  });

  it('puts each button’s callback value on it, and marks disabled buttons', () => {
    const html = renderCard(sample, people);
    expect(html).toContain(
      '<button class="btn btn-primary_filled" data-value="{&quot;action&quot;:&quot;anomaly.claim&quot;,&quot;id&quot;:3}">我来处理</button>',
    );
    expect(html).toMatch(/data-value="[^"]*anomaly\.resolve[^"]*" disabled>已解决/);
  });

  it('renders 1.0 cards (elements at the top, div fields, action, note)', () => {
    const html = renderCard(
      {
        header: { title: { tag: 'plain_text', content: '旧卡片' }, template: 'orange' },
        elements: [
          {
            tag: 'div',
            text: { tag: 'lark_md', content: '**KPI**' },
            fields: [{ is_short: true, text: { tag: 'lark_md', content: '首响 28s' } }],
          },
          {
            tag: 'action',
            actions: [{ tag: 'button', text: { tag: 'plain_text', content: '好' }, type: 'primary', value: { a: 1 } }],
          },
          { tag: 'note', elements: [{ tag: 'plain_text', content: '备注' }] },
        ],
      },
      people,
    );
    expect(html).toContain('tpl-orange');
    expect(html).toContain('<strong>KPI</strong>');
    expect(html).toContain('<div class="field short">');
    expect(html).toContain('<div class="actions"><button class="btn btn-primary"');
    expect(html).toContain('备注');
  });

  it('shows checkers with their state, pressable with their callback value', () => {
    const html = renderCard(
      feishuCard(
        card({
          title: 't',
          elements: [checker({ text: '已交接', checked: true, value: { action: 'duty.tick', id: 1 } })],
        }),
      ),
      people,
    );
    expect(html).toContain(
      '<button class="btn btn-text checker" data-value="{&quot;action&quot;:&quot;duty.tick&quot;,&quot;id&quot;:1}">☑ 已交接</button>',
    );
    expect(
      renderCard(
        feishuCard(
          card({ title: 't', elements: [checker({ text: 'x', checked: false, value: { a: 1 }, disabled: true })] }),
        ),
        people,
      ),
    ).toMatch(/disabled>☐ x</);
  });

  it('says so when an element is unknown instead of dropping it, and ignores unknown templates', () => {
    const html = renderCard(
      {
        header: { title: { content: 'x' }, template: 'rainbow" onclick="x' },
        body: { elements: [{ tag: 'select_static' }] },
      },
      people,
    );
    expect(html).toContain('tpl-default');
    expect(html).toContain('[select_static 元素暂不能预览]');
  });
});

describe('charts', () => {
  const kpi = [
    { day: '周一', store: '天猫', rate: 92 },
    { day: '周二', store: '天猫', rate: 88 },
    { day: '周一', store: '京东', rate: 95 },
    { day: '周二', store: '京东', rate: 97 },
  ];

  it('draws a line chart: one polyline per series, points for every value, a legend', () => {
    const el = chart({
      type: 'line',
      title: { text: '3 分钟响应率' },
      data: { values: kpi },
      xField: 'day',
      yField: 'rate',
      seriesField: 'store',
    });
    const html = renderCard(feishuCard(card({ title: 'KPI', elements: [el] })), people);
    expect(html).toContain('<figcaption>3 分钟响应率</figcaption>');
    expect(html.match(/<polyline/g)).toHaveLength(2);
    expect(html.match(/<circle/g)).toHaveLength(4);
    expect(html).toContain('>天猫</text>');
    expect(html).toContain('>京东</text>');
    expect(html).toContain('viewBox="0 0 560 315"');
  });

  it('draws bars whose heights follow the values', () => {
    const html = renderChart(
      {
        type: 'bar',
        data: [
          {
            id: 'd',
            values: [
              { x: 'a', y: 10 },
              { x: 'b', y: 20 },
            ],
          },
        ],
        xField: 'x',
        yField: 'y',
      },
      '2:1',
    );
    const heights = [...html.matchAll(/<rect [^>]*height="([\d.]+)"/g)].map((m) => Number(m[1]));
    expect(heights).toHaveLength(2);
    expect(heights[1]! / heights[0]!).toBeCloseTo(2, 1);
  });

  it('draws a pie with a slice and a share per category', () => {
    const html = renderChart({
      type: 'pie',
      data: {
        values: [
          { k: '好评', v: 3 },
          { k: '差评', v: 1 },
        ],
      },
      categoryField: 'k',
      valueField: 'v',
    });
    expect(html.match(/<path /g)).toHaveLength(2);
    expect(html).toContain('好评  3（75.0%）');
  });

  it('shows the data of a chart type it cannot draw, and says when there is none', () => {
    expect(renderChart({ type: 'radar', data: { values: [{ a: 1 }] } })).toContain('暂不能预览');
    expect(renderChart({ type: 'radar', data: { values: [{ a: 1 }] } })).toContain('<td>1</td>');
    expect(renderChart({ type: 'line', data: { values: [] } })).toContain('没有数据');
  });

  it('starts the value axis at zero unless the spec says zero: false or gives min / max', () => {
    const values = {
      values: [
        { d: 'a', v: 88 },
        { d: 'b', v: 97 },
      ],
    };
    const labels = (html: string) => [...html.matchAll(/text-anchor="end">([^<]+)</g)].map((m) => m[1]);
    expect(labels(renderChart({ type: 'line', data: values, xField: 'd', yField: 'v' }))[0]).toBe('0');
    expect(
      labels(
        renderChart({ type: 'line', data: values, xField: 'd', yField: 'v', axes: [{ orient: 'left', zero: false }] }),
      )[0],
    ).toBe('87.5');
    expect(
      labels(
        renderChart({
          type: 'line',
          data: values,
          xField: 'd',
          yField: 'v',
          axes: [{ orient: 'left', min: 80, max: 100 }],
        }),
      ),
    ).toEqual(['80', '85', '90', '95', '100']);
  });

  it('chooses round axis steps', () => {
    expect(niceScale(0, 97)).toEqual({ lo: 0, hi: 100, step: 25 });
    expect(niceScale(0, 8)).toEqual({ lo: 0, hi: 8, step: 2 });
  });
});

describe('messages', () => {
  const base = { messageId: 'om_1', chatId: 'oc_1', createTime: 1, updateTime: 1 };

  it('shows mention placeholders of member messages as names', () => {
    const m = {
      content: { text: '@_user_1 /role @_user_2 组长 @_all' },
      mentions: [
        { key: '@_user_1', id: { open_id: 'ou_bot', union_id: '', user_id: '' }, name: '现场管家', tenant_key: 't' },
        { key: '@_user_2', id: { open_id: 'ou_li', union_id: '', user_id: '' }, name: '李组长', tenant_key: 't' },
      ],
    };
    const html = renderText(m, people);
    expect(html).toContain('@现场管家</span> /role <span class="at" title="ou_li">@李组长</span> 组长');
    expect(html).toContain('@所有人');
  });

  it('shows the bot’s <at user_id> text mentions, line breaks and links; escapes the rest', () => {
    const html = renderText(
      { content: { text: '<at user_id="ou_wang"></at> 请看\nhttps://example.com/x <b>' } },
      people,
    );
    expect(html).toContain('@王主管');
    expect(html).toContain('<br>');
    expect(html).toContain('<a href="https://example.com/x"');
    expect(html).toContain('&lt;b&gt;');
  });

  it('renders rich-text posts, also under a locale key', () => {
    const html = renderPost(
      {
        zh_cn: {
          title: '日报',
          content: [
            [
              { tag: 'text', text: '昨日 ' },
              { tag: 'at', user_id: 'ou_li' },
              { tag: 'a', text: '链接', href: 'https://e.com' },
            ],
          ],
        },
      },
      people,
    );
    expect(html).toContain('<div class="post-title">日报</div>');
    expect(html).toContain('@李组长');
    expect(html).toContain('<a href="https://e.com"');
  });

  it('quotes the parent of a reply and summarises cards by their title', () => {
    const parent: StoredMessage = {
      ...base,
      sender: { type: 'user', openId: 'ou_wang' },
      msgType: 'text',
      content: { text: '/help' },
    };
    const reply: StoredMessage = {
      ...base,
      messageId: 'om_2',
      parentId: 'om_1',
      sender: { type: 'bot', openId: 'ou_bot' },
      msgType: 'interactive',
      content: feishuCard(card({ title: '命令', elements: [] })),
    };
    const shown = showMessage(reply, (id) => (id === 'ou_bot' ? '现场管家' : people(id)), parent);
    expect(shown).toMatchObject({ fromBot: true, senderName: '现场管家', quote: '王主管：/help', parentId: 'om_1' });
    expect(summary(reply, people)).toBe('[卡片] 命令');
  });

  it('never hides a message it cannot render: the raw content is shown', () => {
    const m: StoredMessage = {
      ...base,
      sender: { type: 'bot', openId: 'b' },
      msgType: 'interactive',
      content: { body: { elements: [{ tag: 'column_set', columns: 'oops' }] } },
    };
    expect(showMessage(m, people).html).toContain('class="columns"');
    expect(showMessage({ ...m, msgType: 'audio' }, people).html).toContain('[audio 消息]');
  });
});

describe('file messages', () => {
  const fileMessage = (name: string): StoredMessage => ({
    messageId: 'om_f',
    chatId: 'oc_p2p',
    sender: { type: 'user', openId: 'ou_wang' },
    msgType: 'file',
    content: { file_key: 'file_v2_k', file_name: name },
    createTime: 1,
    updateTime: 1,
  });

  it('shows a chip with the kind, the name, the size and the download link', () => {
    const shown = showMessage(fileMessage('客服绩效_20261130.xlsx'), people, undefined, {
      size: (key) => (key === 'file_v2_k' ? 7106 : undefined),
      href: (id) => `/files/${id}`,
    });
    expect(shown.html).toContain('class="file-chip file-sheet"');
    expect(shown.html).toContain('<span class="file-icon">XLSX</span>');
    expect(shown.html).toContain('href="/files/om_f" download="客服绩效_20261130.xlsx">客服绩效_20261130.xlsx</a>');
    expect(shown.html).toContain('6.9 KB');
    expect(summary(fileMessage('a.csv'), people)).toBe('[文件] a.csv');
  });

  it('says when the file is gone, offers no link then, and escapes the name', () => {
    const html = showMessage(fileMessage('<img src=x onerror=alert(1)>.csv'), people, undefined, {
      size: () => undefined,
      href: (id) => `/files/${id}`,
    }).html;
    expect(html).toContain('文件已不在沙盒内存中');
    expect(html).not.toContain('<a ');
    expect(html).not.toContain('<img');
  });
});
