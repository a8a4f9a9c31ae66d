import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { feishuTraits } from '../../src/platforms/feishu/traits';
import { cardSize } from '../../src/cards/card';
import { groupCard, type CardAlert } from '../../src/features/alert/card';
import { judgedDays, observe } from '../../src/features/alert/observe';
import {
  flushDue,
  inHours,
  isBreach,
  isClear,
  nextWorkingStart,
  resolveLine,
  silencedBy,
  step,
  type Threshold,
} from '../../src/features/alert/rules';
import { DEFAULT_SETTINGS, readHours, readPolicy, settingsOf } from '../../src/features/alert/settings';
import { metricByKey } from '../../src/features/kpi/catalog';

const S = DEFAULT_SETTINGS;
const T0 = new Date('2026-12-01T02:00:00Z');
const at = (min: number) => new Date(T0.getTime() + min * 60_000);
const le30: Threshold = { op: '<=', value: 30 };
const ge90: Threshold = { op: '>=', value: 0.9, ratio: true };

describe('breach and resolve, with hysteresis', () => {
  it('fires past the target and resolves only back inside it by the margin', () => {
    expect(isBreach(31, le30)).toBe(true);
    expect(isBreach(30, le30)).toBe(false);
    expect(resolveLine(le30, 0.05)).toBeCloseTo(28.5);
    expect(resolveLine(ge90, 0.05)).toBeCloseTo(0.945);
    expect(resolveLine({ op: '>=', value: 0.99, ratio: true }, 0.05)).toBe(1);
    let s = step(undefined, 35, le30, S, at(0));
    expect(s).toMatchObject({ state: 'firing', event: 'fired' });
    s = step({ state: 'firing', changes: s.changes }, 29, le30, S, at(1));
    expect(s).toMatchObject({ state: 'firing', event: 'none' });
    s = step({ state: 'firing', changes: s.changes }, 28, le30, S, at(2));
    expect(s).toMatchObject({ state: 'resolved', event: 'resolved' });
    expect(step(undefined, 20, le30, S, at(0))).toMatchObject({ state: undefined, event: 'none' });
  });

  it('never flips on values inside the margin, whatever the state and the target', () => {
    fc.assert(
      fc.property(
        fc.constantFrom<'<=' | '>='>('<=', '>='),
        fc.double({ min: 1, max: 1000, noNaN: true }),
        fc.double({ min: 0.01, max: 0.3, noNaN: true }),
        fc.constantFrom<'firing' | 'resolved'>('firing', 'resolved'),
        fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 1, maxLength: 20 }),
        (op, target, margin, state, fractions) => {
          const t: Threshold = { op, value: target };
          const line = resolveLine(t, margin);
          const [lo, hi] = [Math.min(target, line), Math.max(target, line)];
          let prev = { state, changes: [] as number[] };
          for (const f of fractions) {
            // Inside the band: on the right side of the target, not yet past the resolve line.
            const v = lo + (hi - lo) * f;
            if (isBreach(v, t) || isClear(v, t, margin)) continue;
            const s = step(prev, v, t, { ...S, hysteresis: margin }, T0);
            expect(s.event).toBe('none');
            expect(s.state).toBe(state);
            prev = { state: s.state!, changes: s.changes };
          }
        },
      ),
    );
  });

  it('any sequence of values changes state only by crossing the target or the resolve line', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: 0, max: 80, noNaN: true }), { maxLength: 40 }), (values) => {
        let prev: { state: 'firing' | 'resolved'; changes: number[] } | undefined;
        values.forEach((v, i) => {
          const s = step(prev, v, le30, { ...S, flapChanges: 1000 }, at(i));
          if (s.event === 'fired') expect(v).toBeGreaterThan(30);
          if (s.event === 'resolved') expect(v).toBeLessThanOrEqual(28.5);
          if (s.state) prev = { state: s.state, changes: s.changes };
        });
      }),
    );
  });
});

describe('flapping', () => {
  it('4 state changes within 60 minutes mark it flapping, muted 2 hours, said once', () => {
    let prev: Parameters<typeof step>[0];
    const marks: boolean[] = [];
    [40, 20, 40, 20, 40].forEach((v, i) => {
      const s = step(prev, v, le30, S, at(i * 10));
      marks.push(s.flapStarted);
      prev = { state: s.state!, changes: s.changes, flappingUntil: s.flappingUntil };
    });
    expect(marks).toEqual([false, false, false, true, false]);
    expect(prev!.flappingUntil).toEqual(at(30 + 120));
  });

  it('changes spread wider than the window never flap', () => {
    let prev: Parameters<typeof step>[0];
    [40, 20, 40, 20, 40, 20].forEach((v, i) => {
      const s = step(prev, v, le30, S, at(i * 25));
      expect(s.flapStarted).toBe(false);
      prev = { state: s.state!, changes: s.changes, flappingUntil: s.flappingUntil };
    });
  });
});

describe('business hours, in the team zone', () => {
  const hours = readHours('09:00-23:00')!;
  const zone = 'Asia/Shanghai';
  it('reads and judges hours; holds until the next period starts', () => {
    expect(readHours('9:00~23:00')).toEqual({ start: 540, end: 1380 });
    expect(readHours('off')).toBeNull();
    expect(readHours('9-23')).toBeUndefined();
    // 2026-12-01T15:30Z is 23:30 in Shanghai: held until 09:00 the next morning (01:00Z).
    expect(inHours(hours, new Date('2026-12-01T15:30:00Z'), zone)).toBe(false);
    expect(nextWorkingStart(hours, new Date('2026-12-01T15:30:00Z'), zone)).toEqual(new Date('2026-12-02T01:00:00Z'));
    // 03:00 local: the same morning.
    expect(nextWorkingStart(hours, new Date('2026-12-01T19:00:00Z'), zone)).toEqual(new Date('2026-12-02T01:00:00Z'));
    expect(nextWorkingStart(hours, T0, zone)).toEqual(T0);
    // Across midnight: 22:00-06:00.
    expect(inHours(readHours('22:00-06:00')!, new Date('2026-12-01T17:00:00Z'), zone)).toBe(true);
  });

  it('a flush that would land outside the hours waits for their start', () => {
    const due = flushDue(
      { openedAt: new Date('2026-12-01T15:30:00Z'), notifiedAt: null },
      { newMembers: true, updates: false, firing: true },
      { ...S, hours },
      new Date('2026-12-01T15:30:00Z'),
      zone,
    );
    expect(due).toEqual(new Date('2026-12-02T01:00:00Z'));
  });
});

describe('flush timing', () => {
  const g = { openedAt: T0, notifiedAt: null };
  const z = 'Asia/Shanghai';
  it('group_wait before the first notice; group_interval ticks for new members; seconds for changes; repeat_interval', () => {
    expect(flushDue(g, { newMembers: true, updates: false, firing: true }, S, T0, z)).toEqual(
      new Date(T0.getTime() + 10_000),
    );
    const notified = { openedAt: T0, notifiedAt: at(0) };
    expect(flushDue(notified, { newMembers: true, updates: false, firing: false }, S, at(7), z)).toEqual(at(10));
    expect(flushDue(notified, { newMembers: false, updates: true, firing: false }, S, at(7), z)).toEqual(
      new Date(at(7).getTime() + 5_000),
    );
    expect(flushDue(notified, { newMembers: false, updates: false, firing: true }, S, at(7), z)).toEqual(at(240));
    expect(flushDue(notified, { newMembers: false, updates: false, firing: false }, S, at(7), z)).toBeUndefined();
  });
});

describe('settings', () => {
  it('reads /alert policy words; refuses unknown keys and values out of range', () => {
    expect(readPolicy(['group_wait=30s', 'interval', '10m', 'hysteresis=10%'])).toEqual({
      ok: true,
      changes: { groupWaitMs: 30_000, groupIntervalMs: 600_000, hysteresis: 0.1 },
    });
    expect(readPolicy(['wait=0'])).toEqual({ ok: true, changes: { groupWaitMs: 0 } });
    expect(readPolicy(['colour=red'])).toMatchObject({ ok: false, why: 'unknown' });
    expect(readPolicy(['repeat=1m'])).toMatchObject({ ok: false, why: 'out_of_range' });
    expect(readPolicy(['wait=soon'])).toMatchObject({ ok: false, why: 'bad_value' });
    expect(settingsOf({ groupWaitMs: 'x', minBase: 5 })).toMatchObject({ groupWaitMs: 10_000, minBase: 5 });
  });
});

describe('silences match store, metric, both or all', () => {
  const base = { startsAt: at(0), endsAt: at(120), endedAt: null };
  it('by scope and time', () => {
    const ss = [
      { id: 1, storeId: 7, metric: null, ...base },
      { id: 2, storeId: null, metric: 'reply_rate', ...base },
    ];
    expect(silencedBy(ss, { storeId: 7, metric: 'first_response_s' }, at(1))?.id).toBe(1);
    expect(silencedBy(ss, { storeId: 8, metric: 'reply_rate' }, at(1))?.id).toBe(2);
    expect(silencedBy(ss, { storeId: 8, metric: 'first_response_s' }, at(1))).toBeUndefined();
    expect(silencedBy(ss, { storeId: 7, metric: 'x' }, at(120))).toBeUndefined();
    expect(
      silencedBy([{ id: 3, storeId: null, metric: null, ...base, endedAt: at(5) }], { storeId: 1, metric: 'x' }, at(6)),
    ).toBeUndefined();
  });
});

describe('observations', () => {
  const stores = [
    { id: 1, name: '天猫旗舰店', platform: 'tmall' },
    { id: 2, name: '京东自营店', platform: 'jd' },
  ];
  const now = new Date('2026-12-01T02:00:00Z'); // 10:00 in Shanghai
  const v = (o: Partial<Parameters<typeof observe>[0][number]>) => ({
    storeId: 1,
    agent: '',
    metric: 'first_response_s',
    day: '2026-11-30',
    hour: -1,
    value: 40,
    base: null,
    ...o,
  });
  const opts = { minBase: 20, now, zone: 'Asia/Shanghai' };

  it('the latest final value per store, metric and agent, against the target that applies', () => {
    const obs = observe(
      [
        v({ day: '2026-11-29', value: 50 }),
        v({ value: 40 }),
        v({ agent: '小王', value: 20 }),
        v({ storeId: 2, value: 25 }),
      ],
      stores,
      [{ metric: 'first_response_s', store: '京东自营店', op: '<=', value: 20 }],
      opts,
    );
    expect(obs.map((o) => [o.fingerprint, o.value, o.threshold.value])).toEqual([
      ['kpi:1:first_response_s:', 40, 30],
      ['kpi:1:first_response_s:小王', 20, 30],
      ['kpi:2:first_response_s:', 25, 20],
    ]);
  });

  it('a rate from fewer than the minimum base is too small to judge; its base may be the base metric', () => {
    const obs = observe(
      [
        v({ metric: 'reply_3min_rate', value: 0.5, base: 12 }),
        v({ metric: 'reply_3min_rate', value: 0.5, agent: '小王' }),
        v({ metric: 'received_users', value: 30, agent: '小王' }),
      ],
      stores,
      [],
      opts,
    );
    expect(obs.map((o) => [o.agent, o.tooSmall])).toEqual([
      ['', true],
      ['小王', false],
    ]);
  });

  it("Taobao's final-payment figures (8 days late) are not judged the next morning", () => {
    const m = metricByKey('inquiry_conversion_rate')!;
    expect(judgedDays(m, 'tmall', now, 'Asia/Shanghai')).toEqual({ from: '2026-11-22', to: '2026-11-23' });
    expect(judgedDays(m, 'jd', now, 'Asia/Shanghai')).toEqual({ from: '2026-11-30', to: '2026-12-01' });
    const rows = [
      v({ metric: 'inquiry_conversion_rate', value: 0.1, base: 100 }),
      v({ metric: 'inquiry_conversion_rate', value: 0.1, base: 100, storeId: 2 }),
    ];
    const targets = [{ metric: 'inquiry_conversion_rate', store: null, op: '>=' as const, value: 0.5 }];
    expect(observe(rows, stores, targets, opts).map((o) => o.storeId)).toEqual([2]);
    expect(observe([{ ...rows[0]!, day: '2026-11-23' }], stores, targets, opts).map((o) => o.storeId)).toEqual([1]);
  });
});

describe('the group card', () => {
  const alert = (i: number): CardAlert => ({
    id: i,
    storeId: 1 + (i % 20),
    storeName: `店铺${1 + (i % 20)}号`,
    metric: ['first_response_s', 'reply_3min_rate', 'avg_response_s', 'satisfaction_rate', 'answer_30s_rate'][i % 5]!,
    agent: i % 3 ? '' : `客服${i}`,
    state: i % 7 ? 'firing' : 'resolved',
    value: i % 5 === 0 ? 30 + i : 0.5,
    firstValue: i % 5 === 0 ? 35 : 0.5,
    targetOp: i % 5 === 0 ? '<=' : '>=',
    targetValue: i % 5 === 0 ? 30 : 0.9,
    firedAt: T0,
    resolvedAt: i % 7 ? null : at(5),
    claimedBy: null,
    flappingUntil: null,
    changes: 1,
  });
  const input = (n: number) => ({
    groupId: 1,
    seq: 1,
    alerts: Array.from({ length: n }, (_, i) => alert(i + 1)),
    silenced: 3,
    ops: ['ou_ops'],
    names: new Map([['ou_ops', '运营小张']]),
    locale: 'zh-CN' as const,
    zone: 'Asia/Shanghai',
    now: at(10),
    platform: feishuTraits,
  });

  it('stays within the platform limits however many alerts, worst first, the rest counted', () => {
    for (const n of [1, 20, 100, 500, 2000]) {
      const c = groupCard(input(n));
      expect(cardSize(c, feishuTraits).fits).toBe(true);
      const text = JSON.stringify(c);
      if (n >= 100) expect(text).toMatch(/其余 \d+ 项…/);
    }
    const text = JSON.stringify(groupCard(input(100)));
    expect(text).toContain('已静默 3 项');
    expect(text).toContain('从 35 秒 到 ');
    expect(text).toContain('~~');
    // The worst first: the 130-s first response (i = 100) before the 35-s one (i = 5).
    const worst = text.indexOf('**2 分 10 秒**');
    expect(worst).toBeGreaterThan(0);
    expect(worst).toBeLessThan(text.indexOf('**35 秒**'));
  });

  it('a store back on target shows struck through even when the storm fills the card', () => {
    const many = input(300);
    const back: CardAlert = {
      ...alert(9_999),
      storeId: 99,
      storeName: '店铺99号',
      state: 'resolved',
      resolvedAt: at(9),
    };
    const text = JSON.stringify(groupCard({ ...many, alerts: [...many.alerts, back] }));
    expect(text).toContain('**已恢复**');
    expect(text).toMatch(/~~店铺99号 · [^~]+~~ 已恢复/);
  });
});
