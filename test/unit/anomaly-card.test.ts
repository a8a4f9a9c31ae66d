import { describe, expect, it } from 'vitest';
import { anomalyCard } from '../../src/features/anomaly/card';
import type { Anomaly, AnomalyEvent } from '../../src/features/anomaly/repo';
import { aggregateStats } from '../../src/features/anomaly/stats';
import { cardSize, mention } from '../../src/cards/card';
import { feishuCard } from '../../src/platforms/feishu/card-json';
import { feishuTraits } from '../../src/platforms/feishu/traits';
import { DEFAULT_POLICY } from '../../src/escalation/policy';

const at = (m: number) => new Date(Date.UTC(2026, 10, 23, 2, 2 + m));
const anomaly: Anomaly = {
  id: 7,
  teamId: 1,
  storeId: 1,
  storeName: '天猫旗舰店',
  kind: 'price',
  description: '价格标成 5 元',
  reporterOpenId: 'ou_w',
  reportCount: 1,
  status: 'open',
  policy: DEFAULT_POLICY,
  step: 0,
  nextStepAt: at(5),
  reportedAt: at(0),
  claimedAt: null,
  claimedBy: null,
  resolvedAt: null,
  resolvedBy: null,
  resolutionNote: null,
  unreachedAt: null,
  version: 1,
};
let n = 0;
const ev = (kind: AnomalyEvent['kind'], m: number, extra: Partial<AnomalyEvent> = {}): AnomalyEvent => ({
  id: ++n,
  anomalyId: 7,
  at: at(m),
  kind,
  actorOpenId: null,
  openIds: [],
  detail: {},
  source: null,
  ...extra,
});
const names = new Map([
  ['ou_w', '小王'],
  ['ou_p', '王主管'],
  ['ou_z', '运营小张'],
]);
const view = { ops: ['ou_z'], names, locale: 'zh-CN' as const, zone: 'Asia/Shanghai' };

describe('the anomaly card', () => {
  it('while open: mentions operations, tells agents what to say, shows the next step and both buttons', () => {
    const neutral = anomalyCard({ ...view, anomaly, events: [ev('reported', 0, { actorOpenId: 'ou_w' })] });
    expect(neutral.header).toEqual({
      title: '店铺异常 #7 · 天猫旗舰店 · 价格',
      subtitle: '待运营认领',
      color: 'orange',
    });
    expect(JSON.stringify(neutral)).toContain(`${mention('ou_z')} 请运营尽快处理`);
    expect(JSON.stringify(neutral)).not.toContain('<at');
    // As Feishu receives it.
    const c = JSON.stringify(feishuCard(neutral));
    expect(c).toContain('<at id=ou_z></at> 请运营尽快处理');
    expect(c).toContain('亲，非常抱歉，商品价格显示有误');
    expect(c).toContain('⏰ 10:07 前无人认领将电话加急 值班主值班');
    expect(c).toContain('anomaly.claim');
    expect(c).toContain('anomaly.resolve');
    expect(c).toContain('"template":"orange"');
  });

  it('ends as a timeline: reported, phoned, claimed, resolved with the note', () => {
    const done = { ...anomaly, status: 'resolved' as const, resolvedAt: at(18), claimedAt: at(6) };
    const events = [
      ev('reported', 0, { actorOpenId: 'ou_w' }),
      ev('buzz', 5, { openIds: ['ou_p'] }),
      ev('claimed', 6, { actorOpenId: 'ou_z' }),
      ev('resolved', 18, { actorOpenId: 'ou_z', detail: { note: '已改回 59 元' } }),
    ];
    const c = anomalyCard({ ...view, anomaly: done, events });
    const text = JSON.stringify(feishuCard(c));
    expect(text).toContain(
      '10:02 小王 上报\\n10:07 电话加急 王主管\\n10:08 运营小张 认领\\n10:20 运营小张 解决「已改回 59 元」',
    );
    expect(text).not.toContain('anomaly.claim');
    expect(text).toContain('"template":"green"');
  });

  it('stays within Feishu’s card limits however many reports are merged', () => {
    const events = [
      ev('reported', 0, { actorOpenId: 'ou_w' }),
      ...Array.from({ length: 500 }, (_, i) =>
        ev('merged', i % 60, { actorOpenId: 'ou_w', detail: { description: '价格不对'.repeat(20) } }),
      ),
    ];
    const size = cardSize(anomalyCard({ ...view, anomaly: { ...anomaly, reportCount: 501 }, events }), feishuTraits);
    expect(size.fits).toBe(true);
    expect(size.bytes).toBeLessThan(30_000);
    expect(size.elements).toBeLessThan(200);
  });

  it('shows the next step of an anomaly reported before policies had steps (its snapshot is the old ladder timing)', () => {
    const legacy = {
      ...anomaly,
      policy: { firstDelayMs: 30_000, intervalMs: 120_000, supervisorRounds: 2, claimReminderMs: 1_800_000 },
      step: 2,
      nextStepAt: at(3),
    };
    const c = JSON.stringify(
      anomalyCard({ ...view, anomaly: legacy, events: [ev('reported', 0, { actorOpenId: 'ou_w' })] }),
    );
    expect(c).toContain('⏰ 10:05 前无人认领将电话加急 全体主管（第 1 轮）');
    const last = JSON.stringify(anomalyCard({ ...view, anomaly: { ...legacy, step: 4 }, events: [] }));
    expect(last).toContain('将电话加急 标记为无人响应并通知全群');
  });

  it('names a role step and a named-people step of a policy that has them', () => {
    const policy = {
      steps: [
        { delayMs: 60_000, targets: [{ who: 'role' as const, role: 'leader' }], channels: ['phone' as const] },
        { delayMs: 60_000, targets: [{ who: 'people' as const, openIds: ['ou_p'] }], channels: ['phone' as const] },
      ],
      unreachedAfterMs: 60_000,
      claimReminderMs: 1_800_000,
    };
    const skipped = ev('skipped', 1, { openIds: ['ou_p'], detail: { step: 2, kind: 'people', reason: 'unreachable' } });
    const c = JSON.stringify(anomalyCard({ ...view, anomaly: { ...anomaly, policy }, events: [skipped] }));
    expect(c).toContain('将电话加急 组长');
    expect(c).toContain('10:03 指定的人：王主管 无法加急，直接下一步');
  });

  it('in English', () => {
    const c = JSON.stringify(
      anomalyCard({ ...view, locale: 'en', anomaly, events: [ev('reported', 0, { actorOpenId: 'ou_w' })] }),
    );
    expect(c).toContain('Store anomaly #7 · 天猫旗舰店 · price');
    expect(c).toContain('Agents, tell customers meanwhile');
  });
});

describe('anomaly stats', () => {
  it('groups by store and kind with a total first', () => {
    const rows = aggregateStats([
      { storeName: 'A', kind: 'price', reportedAt: at(0), claimedAt: at(2), resolvedAt: at(10), phoneSteps: 0 },
      { storeName: 'A', kind: 'price', reportedAt: at(0), claimedAt: at(6), resolvedAt: null, phoneSteps: 2 },
      { storeName: 'B', kind: 'stock', reportedAt: at(0), claimedAt: null, resolvedAt: null, phoneSteps: 5 },
    ]);
    expect(
      rows.map((r) => [r.store, r.kind, r.count, r.open, r.phoneSteps, r.phoned, r.mtta?.meanMs, r.mttr?.meanMs]),
    ).toEqual([
      ['*', '*', 3, 2, 7, 2, 240_000, 600_000],
      ['A', 'price', 2, 1, 2, 1, 240_000, 600_000],
      ['B', 'stock', 1, 1, 5, 1, undefined, undefined],
    ]);
  });
});
