import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Role } from '../../src/db/schema';
import {
  approverFor,
  chineseNumber,
  complaintStats,
  decideApproval,
  decideOffer,
  DEFAULT_SETTINGS,
  DEFAULT_TIERS,
  deadlines,
  limitOf,
  matchCategory,
  needsRiskApproval,
  orderLooksRight,
  parseMoney,
  parseTiers,
  riskCleared,
  settingsFrom,
  warnAt,
  MAX_TEXT,
  type Offer,
} from '../../src/features/complaint/rules';
import { cardSize } from '../../src/cards/card';
import { complaintCard } from '../../src/features/complaint/card';
import { fullestComplaints } from '../helpers/complaint-fixtures';
import { feishuCard } from '../../src/platforms/feishu/card-json';
import { feishuTraits } from '../../src/platforms/feishu/traits';

const limits = DEFAULT_SETTINGS.limits;
const ROLES: Role[] = ['agent', 'leader', 'supervisor', 'ops'];
const base = { offers: [] as Offer[], tiers: DEFAULT_TIERS, amount: 80, limits, riskCleared: true };
const offer = (o: Partial<Offer> & { tier: number }): Offer => ({
  label: 'x',
  amount: 10,
  by: 'u',
  at: '2026-12-01T00:00:00Z',
  ...o,
});

describe('amounts as people write them', () => {
  it.each([
    ['30', 30],
    ['30元', 30],
    ['¥30', 30],
    ['￥30.5', 30.5],
    ['30块', 30],
    ['三十元', 30],
    ['三十', 30],
    ['十五', 15],
    ['一百二十', 120],
    ['两百', 200],
    ['一千零五', 1005],
  ])('%s → %d', (w, n) => expect(parseMoney(w)).toEqual({ yuan: n }));

  it('asks about what is not one number, and refuses what is not money', () => {
    for (const w of ['20-30', '20~30', '三四十', '几十块', '十几元'])
      expect(parseMoney(w)).toEqual({ problem: 'ambiguous' });
    for (const w of ['abc', '30美元', '', '-5']) expect(parseMoney(w)).toEqual({ problem: 'unreadable' });
    expect(chineseNumber('三四')).toBeUndefined();
  });
});

describe('prepared in advance', () => {
  it('defaults: SLA 1h/2h/4h, three tiers, authority 10/50/200, risk line 30', () => {
    const s = settingsFrom(undefined);
    expect(s.categories.logistics.sla).toEqual({ respond: 60, review: 120, settle: 240 });
    expect(s.categories.quality.tiers).toHaveLength(3);
    expect(s.limits).toEqual({ agent: 10, leader: 50, supervisor: 200 });
    expect(s.riskLine).toBe(30);
    expect(limitOf('ops', s.limits)).toBe(Infinity);
  });

  it('a team’s own values override only what they name', () => {
    const s = settingsFrom({ riskLine: 50, categories: { logistics: { sla: { respond: 30 } } } as never });
    expect(s.riskLine).toBe(50);
    expect(s.categories.logistics.sla).toEqual({ respond: 30, review: 120, settle: 240 });
    expect(s.categories.quality.sla.respond).toBe(60);
    expect(s.limits.agent).toBe(10);
  });

  it('categories by key or Chinese name; tiers from text', () => {
    expect(matchCategory('质量')).toBe('quality');
    expect(matchCategory('wrong-item')).toBe('wrong_item');
    expect(matchCategory('快递')).toBe('logistics');
    expect(matchCategory('天气')).toBeUndefined();
    expect(parseTiers('5元券=10;部分退款=三十;退货退款')).toEqual([
      { label: '5元券', max: 10 },
      { label: '部分退款', max: 30 },
      { label: '退货退款', max: null },
    ]);
    expect(parseTiers('只有一档=10')).toHaveProperty('bad');
    expect(parseTiers('a=10;b=20-30;c')).toEqual({ bad: 'b=20-30' });
  });

  it('order ids: the platform’s shape, unknown platforms not checked', () => {
    expect(orderLooksRight('tmall', '4012345678901234567')).toBe(true);
    expect(orderLooksRight('tmall', 'ABC123')).toBe(false);
    expect(orderLooksRight('jd', '301234567890')).toBe(true);
    expect(orderLooksRight('pdd', '230101-123456789012345')).toBe(true);
    expect(orderLooksRight('', 'anything')).toBe(true);
  });
});

describe('the risk line (可直接处理)', () => {
  it('at or below the line: direct; above it or a crisis: supervisor and ops', () => {
    expect(needsRiskApproval({ amount: 30, crisis: false }, 30)).toBe(false);
    expect(needsRiskApproval({ amount: null, crisis: false }, 30)).toBe(false);
    expect(needsRiskApproval({ amount: 30.5, crisis: false }, 30)).toBe(true);
    expect(needsRiskApproval({ amount: 5, crisis: true }, 30)).toBe(true);
    const by = { by: 'u', at: 'x' };
    expect(riskCleared({ amount: 80, crisis: false, approvals: { supervisor: by } }, 30)).toBe(false);
    expect(riskCleared({ amount: 80, crisis: false, approvals: { supervisor: by, ops: by } }, 30)).toBe(true);
  });
});

describe('compensation tiers', () => {
  it('one at a time, in order, each after a decline', () => {
    expect(decideOffer({ ...base, tier: 2, role: 'agent' })).toEqual({ kind: 'out_of_order', next: 1 });
    expect(decideOffer({ ...base, tier: 1, role: 'agent' })).toEqual({ kind: 'offer', amount: 10 });
    const one = [offer({ tier: 1 })];
    expect(decideOffer({ ...base, offers: one, tier: 2, role: 'agent' })).toEqual({ kind: 'waiting', tier: 1 });
    expect(decideOffer({ ...base, offers: one, tier: 1, role: 'agent' })).toEqual({ kind: 'already' });
    const declined = [offer({ tier: 1, answer: 'declined' })];
    expect(decideOffer({ ...base, offers: declined, tier: 2, role: 'leader' })).toEqual({ kind: 'offer', amount: 30 });
    expect(decideOffer({ ...base, offers: [offer({ tier: 1, answer: 'accepted' })], tier: 2, role: 'leader' })).toEqual(
      {
        kind: 'settled',
      },
    );
    expect(decideOffer({ ...base, riskCleared: false, tier: 1, role: 'supervisor' })).toEqual({ kind: 'risk' });
  });

  it('above the caller’s authority: the approval of the lowest role that covers it', () => {
    const declined = [offer({ tier: 1, answer: 'declined' })];
    expect(decideOffer({ ...base, offers: declined, tier: 2, role: 'agent' })).toEqual({
      kind: 'approval',
      amount: 30,
      role: 'leader',
    });
    const two = [...declined, offer({ tier: 2, amount: 30, answer: 'declined' })];
    // Tier 3 is the order's worth (¥80): a leader's 50 does not cover it, a supervisor's 200 does.
    expect(decideOffer({ ...base, offers: two, tier: 3, role: 'leader' })).toEqual({
      kind: 'approval',
      amount: 80,
      role: 'supervisor',
    });
    expect(decideOffer({ ...base, amount: 500, offers: two, tier: 3, role: 'supervisor' })).toEqual({
      kind: 'approval',
      amount: 500,
      role: 'ops',
    });
    expect(approverFor(201, limits)).toBe('ops');
    expect(
      decideOffer({ ...base, offers: [...two, offer({ tier: 3, answer: 'declined' })], tier: 4, role: 'ops' }),
    ).toEqual({
      kind: 'no_more',
    });
  });

  it('approval: only someone whose authority covers it, once', () => {
    const pending = [offer({ tier: 1, amount: 120, needs: 'supervisor' })];
    expect(decideApproval(pending, 1, 'leader', limits)).toEqual({ kind: 'authority', role: 'supervisor' });
    expect(decideApproval(pending, 1, 'supervisor', limits)).toEqual({ kind: 'ok' });
    expect(decideApproval([{ ...pending[0]!, approvedBy: 'b' }], 1, 'ops', limits)).toEqual({
      kind: 'already',
      by: 'b',
    });
    expect(decideApproval([offer({ tier: 1 })], 1, 'ops', limits)).toEqual({ kind: 'none' });
  });

  it('property: a tier beyond the caller’s authority is never granted', () => {
    const money = fc.integer({ min: 0, max: 1000 });
    fc.assert(
      fc.property(
        fc.record({ agent: money, leader: money, supervisor: money }),
        fc.array(
          fc.oneof(
            money.map((m) => m as number | null),
            fc.constant(null),
          ),
          { minLength: 3, maxLength: 6 },
        ),
        fc.option(money, { nil: null }),
        fc.array(fc.record({ role: fc.constantFrom(...ROLES), act: fc.constantFrom('offer', 'approve', 'decline') }), {
          maxLength: 20,
        }),
        (raw, maxes, amount, acts) => {
          const [a, b, c] = [raw.agent, raw.leader, raw.supervisor].sort((x, y) => x - y);
          const lim = { agent: a!, leader: b!, supervisor: c! };
          const tiers = maxes.map((max, k) => ({ label: `t${k}`, max }));
          let offers: Offer[] = [];
          for (const x of acts) {
            if (x.act === 'offer') {
              const d = decideOffer({
                tier: offers.length + 1,
                offers,
                tiers,
                amount,
                role: x.role,
                limits: lim,
                riskCleared: true,
              });
              if (d.kind === 'offer') {
                expect(d.amount).toBeLessThanOrEqual(limitOf(x.role, lim));
                offers = [...offers, offer({ tier: offers.length + 1, amount: d.amount, by: x.role })];
              } else if (d.kind === 'approval') {
                expect(d.amount).toBeGreaterThan(limitOf(x.role, lim));
                offers = [...offers, offer({ tier: offers.length + 1, amount: d.amount, by: x.role, needs: d.role })];
              }
            } else if (x.act === 'approve' && offers.length) {
              const last = offers.at(-1)!;
              if (decideApproval(offers, last.tier, x.role, lim).kind === 'ok') {
                expect(last.amount).toBeLessThanOrEqual(limitOf(x.role, lim));
                offers = [...offers.slice(0, -1), { ...last, approvedBy: x.role }];
              }
            } else if (offers.length && (!offers.at(-1)!.needs || offers.at(-1)!.approvedBy))
              offers = [...offers.slice(0, -1), { ...offers.at(-1)!, answer: 'declined' }];
          }
          // Every tier made: within its offerer's authority, or approved by a role whose authority covers it.
          for (const o of offers) {
            const who = (o.approvedBy ?? o.by) as Role;
            if (!o.needs || o.approvedBy) expect(o.amount).toBeLessThanOrEqual(limitOf(who, lim));
          }
        },
      ),
    );
  });
});

describe('time limits and stats', () => {
  it('deadlines after opening, plus the pause; the reminder at 75%', () => {
    const at = new Date('2026-12-01T02:00:00Z');
    const d = deadlines(at, { respond: 60, review: 120, settle: 240 }, 10 * 60_000);
    expect(d.respond.toISOString()).toBe('2026-12-01T03:10:00.000Z');
    expect(d.settle.toISOString()).toBe('2026-12-01T06:10:00.000Z');
    expect(warnAt(at, new Date('2026-12-01T03:00:00Z'), 0.75).toISOString()).toBe('2026-12-01T02:45:00.000Z');
  });

  it('counts by category and store, median time to close, breaches, paid by tier, causes', () => {
    const t0 = new Date('2026-12-01T00:00:00Z');
    const h = (n: number) => new Date(t0.getTime() + n * 3_600_000);
    const s = complaintStats([
      {
        category: 'quality',
        storeName: 'A',
        createdAt: t0,
        closedAt: h(2),
        breaches: ['respond'],
        offers: [offer({ tier: 1, amount: 10, answer: 'accepted' })],
        rootCause: { cause: 'product', text: '' },
      },
      {
        category: 'quality',
        storeName: 'B',
        createdAt: t0,
        closedAt: h(6),
        breaches: [],
        offers: [offer({ tier: 1, answer: 'declined' }), offer({ tier: 2, amount: 30, answer: 'accepted' })],
        rootCause: { cause: 'product', text: '' },
      },
      {
        category: 'logistics',
        storeName: 'A',
        createdAt: t0,
        closedAt: null,
        breaches: ['respond', 'review'],
        offers: [],
        rootCause: null,
      },
    ]);
    expect(s).toMatchObject({ count: 3, open: 1, breaches: 3, medianMs: 4 * 3_600_000 });
    expect(s.byCategory).toEqual([
      ['quality', 2],
      ['logistics', 1],
    ]);
    expect(s.byStore[0]).toEqual(['A', 2]);
    expect(s.paid).toEqual([
      { tier: 1, n: 1, yuan: 10 },
      { tier: 2, n: 1, yuan: 30 },
    ]);
    expect(s.causes).toEqual([['product', 2]]);
  });
});

describe('the complaint card', () => {
  const { full, closed, view, tiers, long } = fullestComplaints();

  it('stays within Feishu’s limits at its fullest: every step filled, the most notes, long texts, all six tiers', () => {
    for (const locale of ['zh-CN', 'en'] as const)
      for (const complaint of [full, { ...full, escalatedAt: null, pausedAt: null }, closed]) {
        const c = complaintCard({ ...view, complaint, locale });
        const size = cardSize(c, feishuTraits);
        expect(size, `${locale} ${complaint.closedAt ? 'closed' : 'open'}`).toMatchObject({ fits: true });
        // The card carries every part it can: the facts with their texts, all six tiers.
        const text = JSON.stringify(feishuCard(c));
        expect(text).toContain(long('经过'));
        expect(text).toContain(tiers[5]!.label);
      }
    const open = JSON.stringify(feishuCard(complaintCard({ ...view, complaint: full, locale: 'zh-CN' })));
    expect(open).toContain('complaint.facts');
    expect(open).toContain('complaint.resp');
    expect(open).toContain('complaint.ack');
  });
});
