/**
 * Real feature cards on DingTalk: the biggest ones floorwalker builds, measured against DingTalk's
 * 15,000 bytes (half of Feishu's 30 KB, and Chinese is 3 bytes a character), in both modes; and a
 * property test that any card renders without throwing, with every param DingTalk gets a string.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  button,
  card,
  cardSize,
  chart,
  checker,
  form,
  input,
  markdown,
  mention,
  table,
  type ButtonStyle,
  type Card,
  type CardColor,
  type CardElement,
} from '../../src/cards/card';
import { DEFAULT_POLICY } from '../../src/escalation/policy';
import { anomalyCard } from '../../src/features/anomaly/card';
import type { Anomaly, AnomalyEvent } from '../../src/features/anomaly/repo';
import { complaintCard } from '../../src/features/complaint/card';
import { CX } from '../../src/features/complaint/texts';
import { t } from '../../src/i18n';
import { fitDigest, type FitTexts } from '../../src/features/digest/fit';
import { dingTalkCardLimits, dingTalkCardMeasurer, renderDingTalkCard } from '../../src/platforms/dingtalk/card-render';
import { feishuTraits } from '../../src/platforms/feishu/traits';
import { fullestComplaints } from '../helpers/complaint-fixtures';

const MODES = [
  { name: 'template', opts: { templateId: 'tpl' } },
  { name: 'markdown', opts: {} },
] as const;

const sent = (c: Card, opts: { templateId?: string }) => {
  const m = renderDingTalkCard(c, opts);
  return m.kind === 'template' ? m.cardParamMap : m.msgParam;
};
const bytesSent = (c: Card, opts: { templateId?: string }) =>
  new TextEncoder().encode(JSON.stringify(sent(c, opts))).length;

describe('the biggest feature cards on DingTalk', () => {
  it('the digest fits itself to DingTalk (it asks the platform’s measurer), charts and long tables included', () => {
    const texts: FitTexts = {
      rowsCut: (n) => `… 其余 ${n} 行`,
      chartsCut: (n) => `（${n} 张图略去）`,
      partCut: '（其余略去）',
      footer: '—— 现场管家',
    };
    const rows = (n: number) =>
      Array.from({ length: n }, (_, i) => ({ a: `天猫旗舰店${i}号 ${'好'.repeat(20)}`, b: String(i) }));
    const cols = [
      { key: 'a', title: '店铺' },
      { key: 'b', title: '分数' },
    ];
    const spec = {
      type: 'line',
      data: [{ values: rows(30).map((r, i) => ({ x: r.a, y: i })) }],
      xField: 'x',
      yField: 'y',
    };
    const built = Array.from({ length: 6 }, (_, i) => ({
      key: `s${i}`,
      title: `第${i}部分`,
      elements: [markdown(`**第${i}部分** ${'说明'.repeat(100)}`), table(cols, rows(120)), chart(spec), chart(spec)],
    }));
    for (const { name, opts } of MODES) {
      const platform = dingTalkCardMeasurer(opts);
      const f = fitDigest({ title: '昨日日报', color: 'blue' }, built, platform, texts);
      expect(f.fits, name).toBe(true);
      expect(cardSize(f.card, platform).fits, name).toBe(true);
      expect(bytesSent(f.card, opts), name).toBeLessThanOrEqual(dingTalkCardLimits.maxBytes);
      // Cut down for DingTalk where Feishu keeps more.
      expect(f.cut.length, name).toBeGreaterThan(0);
    }
  });

  it('the complaint card: a typical one fits; the fullest does not, which the measurer says (and it goes out clipped, every button kept)', () => {
    const { full, closed, view } = fullestComplaints();
    const typical = {
      ...full,
      wants: '收到破损要求退款',
      storeName: '天猫旗舰店',
      orderId: '4012345678901234567',
      offers: full.offers.slice(0, 2),
      events: full.events.slice(0, 3).map((e) => ({ ...e, text: '顾客发来照片' })),
      facts: {
        story: { ...full.facts!.story!, text: '顾客收到时外箱破损' },
        need: { ...full.facts!.need!, text: '全额退款' },
        progress: { ...full.facts!.progress!, text: '已联系快递' },
      },
    };
    for (const { name, opts } of MODES) {
      const platform = dingTalkCardMeasurer(opts);
      const small = complaintCard({ ...view, orderWarning: undefined, complaint: typical, locale: 'zh-CN' });
      expect(cardSize(small, platform), name).toMatchObject({ fits: true });
      for (const complaint of [full, closed]) {
        const c = complaintCard({ ...view, complaint, locale: 'zh-CN' });
        // Feishu takes it (its own test); DingTalk's limit is half of Feishu's.
        expect(cardSize(c, feishuTraits).fits).toBe(true);
        expect(cardSize(c, platform), name).toMatchObject({ fits: false });
        expect(bytesSent(c, opts), name).toBeLessThanOrEqual(dingTalkCardLimits.maxBytes);
        // Every button is still there (as a command line in markdown).
        if (complaint === full)
          for (const [action, label] of [
            ['complaint.ack', CX.ackBtn],
            ['complaint.facts', CX.factsSaveBtn],
          ] as const)
            expect(JSON.stringify(sent(c, opts)), `${name} ${action}`).toContain(
              name === 'template' ? action : `▸ ${t('zh-CN', label)}`,
            );
      }
    }
  });

  it('the anomaly card with its longest timeline fits', () => {
    const at = (m: number) => new Date(Date.UTC(2026, 10, 23, 2, 2 + m));
    const anomaly: Anomaly = {
      id: 7,
      teamId: 1,
      storeId: 1,
      storeName: '天猫旗舰店'.repeat(10),
      kind: 'price',
      description: '价格标成 5 元，'.repeat(40),
      reporterOpenId: 'u1',
      reportCount: 9,
      status: 'open',
      policy: DEFAULT_POLICY,
      step: 2,
      nextStepAt: at(15),
      reportedAt: at(0),
      claimedAt: null,
      claimedBy: null,
      resolvedAt: null,
      resolvedBy: null,
      resolutionNote: null,
      unreachedAt: null,
      version: 1,
    };
    const events: AnomalyEvent[] = Array.from({ length: 60 }, (_, i) => ({
      id: i + 1,
      anomalyId: 7,
      at: at(i),
      kind: i % 2 ? 'merged' : 'buzz',
      actorOpenId: 'u1',
      openIds: ['u2', 'u3'],
      detail: {},
      source: null,
    }));
    const names = new Map([
      ['u1', '小王'],
      ['u2', '王主管'],
    ]);
    const c = anomalyCard({ anomaly, events, ops: ['u3'], names, locale: 'zh-CN', zone: 'Asia/Shanghai' });
    for (const { name, opts } of MODES)
      expect(cardSize(c, dingTalkCardMeasurer(opts)), name).toMatchObject({ fits: true });
    // Without the template, its buttons say the commands that do the same.
    const text = sent(c, {}).text;
    expect(text).toContain('▸ 认领：发送 /ack 7');
    expect(text).toContain('▸ 已解决：发送 /resolve 7');
  });
});

// ─── any card ────────────────────────────────────────────────────────────────────────────────

const text = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.constantFrom('店铺异常', '**粗体**', 'a|b\nc', '⟦@x⟧', '${title}', '"quoted"', '\\'),
  fc
    .tuple(fc.stringMatching(/^[a-z0-9_]{1,8}$/), fc.option(fc.string({ maxLength: 8 }), { nil: undefined }))
    .map(([id, name]) => `联系 ${mention(id, name)}`),
);
const value = fc.dictionary(fc.string({ maxLength: 6 }), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 4 });
const style = fc.constantFrom<ButtonStyle>('default', 'primary', 'danger', 'primary_filled', 'danger_filled');
const btn = fc
  .record({
    text,
    value,
    type: style,
    disabled: fc.boolean(),
    submit: fc.boolean(),
    confirm: fc.option(text, { nil: undefined }),
    command: fc.option(fc.constant('/ack 7'), { nil: undefined }),
  })
  .map((b) => button(b));
const leaf: fc.Arbitrary<CardElement> = fc.oneof(
  text.map((s) => markdown(s)),
  text.map((s) => ({ kind: 'note' as const, text: s })),
  fc.constant({ kind: 'divider' as const }),
  fc
    .array(fc.record({ label: text, value: text }), { maxLength: 5 })
    .map((pairs) => ({ kind: 'fields' as const, pairs })),
  fc.array(fc.stringMatching(/^[a-z]{1,3}$/), { minLength: 1, maxLength: 3 }).chain((keys) =>
    fc.array(fc.dictionary(fc.constantFrom(...keys), text), { maxLength: 5 }).map((rows) =>
      table(
        keys.map((k) => ({ key: k, title: k })),
        rows,
      ),
    ),
  ),
  fc
    .record({ data: fc.array(fc.jsonValue({ maxDepth: 2 }), { maxLength: 4 }), x: fc.string(), y: fc.string() })
    .map((s) => chart({ type: 'line', data: s.data, xField: s.x, yField: s.y })),
  fc
    .array(fc.dictionary(fc.constantFrom('x', 'y', 's'), fc.oneof(fc.integer(), text)), { maxLength: 6 })
    .map((values) => chart({ type: 'bar', data: [{ values }], xField: 'x', yField: 'y', seriesField: 's' })),
  btn,
  fc.array(btn, { maxLength: 9 }).map((bs) => ({ kind: 'buttons' as const, buttons: bs })),
  fc
    .record({ text, checked: fc.boolean(), value, name: fc.option(fc.string({ maxLength: 5 }), { nil: undefined }) })
    .map((c) => checker(c)),
  fc
    .record({
      name: fc.string({ maxLength: 5 }),
      label: fc.option(text, { nil: undefined }),
      initial: fc.option(text, { nil: undefined }),
      required: fc.boolean(),
    })
    .map((i) => input(i)),
);
const element: fc.Arbitrary<CardElement> = fc.oneof(
  { weight: 5, arbitrary: leaf },
  { weight: 1, arbitrary: fc.array(leaf, { maxLength: 12 }).map((els) => form('f', els)) },
  {
    weight: 1,
    arbitrary: fc
      .array(fc.array(leaf, { maxLength: 3 }), { minLength: 1, maxLength: 3 })
      .map((cols) => ({ kind: 'columns' as const, columns: cols.map((elements) => ({ weight: 1, elements })) })),
  },
);
const anyCard = fc
  .record({
    title: text,
    subtitle: fc.option(text, { nil: undefined }),
    color: fc.constantFrom<CardColor>('blue', 'red', 'grey', 'wathet', 'carmine', 'yellow'),
    elements: fc.array(element, { maxLength: 30 }),
  })
  .map((c) => card(c));

describe('any card', () => {
  it('renders in both modes without throwing, every param a string, within DingTalk’s limits', () => {
    fc.assert(
      fc.property(anyCard, (c) => {
        for (const { opts } of MODES) {
          const m = renderDingTalkCard(c, opts);
          const params = m.kind === 'template' ? m.cardParamMap : m.msgParam;
          for (const v of Object.values(params)) expect(typeof v).toBe('string');
          if (m.kind === 'template') {
            for (const v of Object.values(m.atUserIds)) expect(typeof v).toBe('string');
            const blocks = JSON.parse(m.cardParamMap.blocks!) as unknown[];
            for (const b of blocks)
              for (const v of Object.values(b as Record<string, unknown>)) expect(typeof v).toBe('string');
            expect(blocks.length).toBeLessThanOrEqual(dingTalkCardLimits.maxElements);
          } else for (const id of m.atUserIds) expect(m.msgParam.text).toContain(`@${id}`);
          expect(new TextEncoder().encode(JSON.stringify(params)).length).toBeLessThanOrEqual(
            dingTalkCardLimits.maxBytes,
          );
        }
      }),
      { numRuns: 200 },
    );
  });
});
