import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CATALOG } from '../../src/features/kpi/catalog';
import type { Sample } from '../../src/features/kpi/aggregate';
import { inspectionCard } from '../../src/features/inspection/card';
import { historyStats, median } from '../../src/features/inspection/history';
import {
  confirm,
  DEFAULT_ITEMS,
  editItems,
  isComplete,
  MAX_ITEMS,
  progress,
  type ItemState,
} from '../../src/features/inspection/items';
import { prefillItem, type PrefillData } from '../../src/features/inspection/prefill';
import { deadlineOf } from '../../src/features/inspection/service';
import { feishuTraits } from '../../src/platforms/feishu/traits';
import { cardSize } from '../../src/cards/card';

const item = (source: (typeof DEFAULT_ITEMS)[number]['source']) => DEFAULT_ITEMS.find((i) => i.source === source)!;
const s = (store: string, day: string, metric: string, value: number, agent: string | null = null): Sample => ({
  store,
  agent,
  day,
  hour: null,
  metric,
  value,
  base: null,
});
const WEEK = ['2026-11-23', '2026-11-24', '2026-11-25', '2026-11-26', '2026-11-27', '2026-11-28', '2026-11-29'];
const data = (o: Partial<PrefillData> = {}): PrefillData => ({
  accounts: [],
  violations: [],
  samples: [],
  targets: [],
  metrics: [...CATALOG],
  today: '2026-12-01',
  yesterday: '2026-11-30',
  week: WEEK,
  ...o,
});
const fresh = (): ItemState[] =>
  DEFAULT_ITEMS.map((d) => ({ ...d, prefill: { status: 'none', lines: [] }, state: 'pending' }));
const NOW = new Date('2026-12-01T01:00:00Z');

describe('the pre-fill', () => {
  it('says "no data" for every item when there is none, never all clear', () => {
    for (const def of DEFAULT_ITEMS) {
      const p = prefillItem(def, data(), 'zh-CN');
      if (def.source === 'violations') expect(p.status).toBe('ok');
      else expect(p).toEqual({ status: 'none', lines: ['无数据，请人工确认'] });
    }
    expect(prefillItem({ name: '设备检查' }, data(), 'en')).toEqual({
      status: 'none',
      lines: ['No data: please check by hand'],
    });
  });

  it('item 4: complaints since yesterday from the complaint log; one open past its limit is an issue', () => {
    const v = item('violations');
    expect(prefillItem(v, data(), 'zh-CN').lines[1]).toContain('投诉尚未接入');
    expect(prefillItem(v, data({ complaints: [] }), 'zh-CN')).toMatchObject({ status: 'ok' });
    const done = { store: '天猫旗舰店', category: '质量问题', open: false, late: true };
    expect(prefillItem(v, data({ complaints: [done] }), 'zh-CN')).toMatchObject({
      status: 'ok',
      lines: ['昨日以来违规 0 条（数据）', '昨日以来严重客诉 1 起（未闭环 0，超时 1）：天猫旗舰店·质量问题'],
    });
    expect(prefillItem(v, data({ complaints: [done, { ...done, open: true }] }), 'en')).toMatchObject({
      status: 'issue',
      lines: [
        expect.any(String),
        '2 serious complaints since yesterday (1 open, 2 past a time limit): 天猫旗舰店·质量问题；天猫旗舰店·质量问题',
      ],
    });
  });

  it('accounts: offline ones named; all online is ok (data)', () => {
    const at = NOW;
    const on = prefillItem(
      item('accounts'),
      data({ accounts: [{ store: 'A', account: 'a1', online: true, at }] }),
      'zh-CN',
    );
    expect(on).toEqual({ status: 'ok', lines: ['1 个账号均在线（数据）'] });
    const off = prefillItem(
      item('accounts'),
      data({
        accounts: [
          { store: 'A', account: 'a1', online: true, at },
          { store: 'B', account: 'b1', online: false, at },
        ],
      }),
      'zh-CN',
    );
    expect(off).toEqual({ status: 'issue', lines: ['1/2 个账号离线：B·b1'] });
  });

  it('counts (offline messages, refunds, bot, reviews): the latest day per store against its target', () => {
    const p = prefillItem(
      item('offline'),
      data({
        samples: [
          s('A', '2026-11-30', 'offline_messages', 3),
          s('A', '2026-12-01', 'offline_messages', 5),
          s('B', '2026-11-30', 'offline_messages', 0),
        ],
      }),
      'zh-CN',
    );
    expect(p).toEqual({ status: 'issue', lines: ['离线留言待处理 共 5：A 5'] });
    const ok = prefillItem(item('refunds'), data({ samples: [s('A', '2026-11-30', 'refund_overdue', 0)] }), 'zh-CN');
    expect(ok.status).toBe('ok');
    // Older than yesterday says nothing about this morning.
    const old = prefillItem(item('reviews'), data({ samples: [s('A', '2026-11-20', 'bad_reviews_cs', 4)] }), 'zh-CN');
    expect(old.status).toBe('none');
  });

  it('KPIs: yesterday per store off target, by how much, with the worst agents', () => {
    const p = prefillItem(
      item('kpi'),
      data({
        samples: [
          s('A', '2026-11-30', 'first_response_s', 50, '小王'),
          s('A', '2026-11-30', 'first_response_s', 20, '小陈'),
          s('B', '2026-11-30', 'first_response_s', 12),
        ],
      }),
      'zh-CN',
    );
    expect(p.status).toBe('issue');
    expect(p.lines[0]).toBe('昨日 1/2 个店铺未达标：');
    expect(p.lines[1]).toBe('A：首次响应时长 35 秒（目标 ≤ 30 秒，差 5 秒；小王 50 秒）');
  });

  it('platform scores: a fall under the 7-day mean by more than 0.02 is an issue', () => {
    const week = WEEK.map((d) => s('A', d, 'experience_score', 4.8));
    const fell = prefillItem(
      item('scores'),
      data({ samples: [...week, s('A', '2026-11-30', 'experience_score', 4.7)] }),
      'zh-CN',
    );
    expect(fell).toEqual({ status: 'issue', lines: ['A 体验分 4.70，7 日均 4.80（-0.10）'] });
    const level = prefillItem(
      item('scores'),
      data({ samples: [...week, s('A', '2026-11-30', 'experience_score', 4.79)] }),
      'zh-CN',
    );
    expect(level.status).toBe('ok');
    const alone = prefillItem(
      item('scores'),
      data({ samples: [s('A', '2026-11-30', 'experience_score', 4.7)] }),
      'zh-CN',
    );
    expect(alone.status).toBe('none');
  });

  it('satisfaction: below its target with the dissatisfied count; no target is no judgement', () => {
    const samples = [
      s('A', '2026-11-30', 'satisfaction_rate', 0.9),
      s('A', '2026-11-30', 'dissatisfaction_rate', 0.05),
      s('A', '2026-11-30', 'received_users', 200),
    ];
    expect(prefillItem(item('satisfaction'), data({ samples }), 'zh-CN').status).toBe('none');
    const targets = [{ metric: 'satisfaction_rate', store: null, op: '>=' as const, value: 0.95 }];
    expect(prefillItem(item('satisfaction'), data({ samples, targets }), 'zh-CN')).toEqual({
      status: 'issue',
      lines: ['A 满意率 90%（目标 ≥ 95%），不满意 10 人'],
    });
  });
});

describe('confirming items', () => {
  it('acts once per press: the same state by the same person changes nothing', () => {
    const a = confirm(fresh(), { n: 1, state: 'ok' }, 'ou_a', NOW);
    expect(a.changed).toBe(true);
    if (!a.changed) return;
    expect(confirm(a.items, { n: 1, state: 'ok' }, 'ou_a', NOW)).toEqual({ changed: false, why: 'same' });
    expect(confirm(a.items, { n: 1, state: 'ok' }, 'ou_b', NOW).changed).toBe(true);
    expect(confirm(a.items, { n: 0, state: 'ok' }, 'ou_a', NOW)).toEqual({ changed: false, why: 'bad_number' });
  });

  it('any order of clicks on distinct items ends with every one of them recorded', () => {
    fc.assert(
      fc.property(fc.shuffledSubarray([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], { minLength: 1 }), (ns) => {
        let items = fresh();
        for (const n of ns) {
          const r = confirm(
            items,
            n % 2 ? { n, state: 'ok' } : { n, state: 'problem', note: `#${n}`, owner: 'ou_o' },
            `ou_${n}`,
            NOW,
          );
          expect(r.changed).toBe(true);
          if (r.changed) items = r.items;
        }
        expect(progress(items).done).toBe(ns.length);
        for (const n of ns) expect(items[n - 1]!.by).toBe(`ou_${n}`);
        const rest = confirm(items, { rest: true }, 'ou_x', NOW);
        if (ns.length === 10) expect(rest).toEqual({ changed: false, why: 'nothing_pending' });
        else expect(rest.changed && isComplete(rest.items)).toBe(true);
      }),
    );
  });
});

describe('the item list', () => {
  it('add, remove, move; refuses what cannot be', () => {
    const add = editItems(DEFAULT_ITEMS, { op: 'add', name: '设备检查', hint: '耳机' });
    expect(add.ok && add.items.at(-1)).toEqual({ name: '设备检查', hint: '耳机' });
    expect(editItems(DEFAULT_ITEMS, { op: 'add', name: '退款' })).toEqual({ ok: false, why: 'duplicate' });
    expect(editItems(DEFAULT_ITEMS, { op: 'remove', n: 11 })).toEqual({ ok: false, why: 'bad_number' });
    expect(editItems([DEFAULT_ITEMS[0]!], { op: 'remove', n: 1 })).toEqual({ ok: false, why: 'last_item' });
    const moved = editItems(DEFAULT_ITEMS, { op: 'move', n: 10, to: 1 });
    expect(moved.ok && moved.items.map((i) => i.name).slice(0, 2)).toEqual(['评价', '账号状态']);
  });
});

describe('deadline, history, card', () => {
  it('the deadline is that day in the team zone, or 90 minutes after a late post', () => {
    expect(deadlineOf('2026-12-01', 600, new Date('2026-12-01T00:30:00Z'), 'Asia/Shanghai').toISOString()).toBe(
      '2026-12-01T02:00:00.000Z',
    );
    expect(deadlineOf('2026-12-01', 600, new Date('2026-12-01T03:00:00Z'), 'Asia/Shanghai').toISOString()).toBe(
      '2026-12-01T04:30:00.000Z',
    );
  });

  it('history: completion, median minutes, late days, problems per item', () => {
    const day = (d: string, done: number | null, problems: string[] = []) => ({
      day: d,
      postedAt: new Date(`${d}T00:30:00Z`),
      deadlineAt: new Date(`${d}T02:00:00Z`),
      completedAt: done === null ? null : new Date(new Date(`${d}T00:30:00Z`).getTime() + done * 60_000),
      items: fresh().map((i) => ({ ...i, state: problems.includes(i.name) ? ('problem' as const) : ('ok' as const) })),
    });
    const s = historyStats(
      [day('2026-11-28', 30, ['退款']), day('2026-11-29', 120, ['退款', '评价']), day('2026-11-30', null)],
      NOW,
    );
    expect(s).toMatchObject({ days: 3, completed: 2, late: 2, medianMinutes: 75 });
    expect(s.problems).toEqual([
      { item: '退款', count: 2 },
      { item: '评价', count: 1 },
    ]);
    expect(median([])).toBeUndefined();
  });

  it('the card of the most items with carried follow-ups stays within Feishu limits', () => {
    const items = Array.from({ length: MAX_ITEMS }, (_, i) => ({
      name: `项目${i + 1}`,
      prefill: { status: 'issue' as const, lines: ['x'.repeat(300)] },
      state: 'problem' as const,
      by: 'ou_a',
      at: NOW.toISOString(),
      note: '说明'.repeat(50),
      owner: 'ou_b',
    }));
    const c = inspectionCard({
      row: { id: 1, day: '2026-12-01', owner: 'ou_a', deadlineAt: NOW, completedAt: null, items },
      carried: Array.from({ length: 10 }, (_, i) => ({
        id: i,
        item: '退款',
        note: 'n'.repeat(100),
        owner: 'ou_b',
        openedAt: NOW,
      })),
      names: new Map(),
      locale: 'zh-CN',
      zone: 'Asia/Shanghai',
      now: NOW,
    });
    const size = cardSize(c, feishuTraits);
    expect(size.fits).toBe(true);
  });
});
