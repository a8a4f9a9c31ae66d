/**
 * The complaint card at its fullest (every step filled, the most notes, long texts, all six tiers,
 * open and closed): what the card-size tests of each platform build it from.
 */
import { DEFAULT_SETTINGS, MAX_TEXT, settingsFrom, type Offer } from '../../src/features/complaint/rules';
import type { Complaint } from '../../src/features/complaint/repo';

export function fullestComplaints() {
  const t0 = new Date('2026-12-01T02:00:00Z');
  const iso = (min: number) => new Date(t0.getTime() + min * 60_000).toISOString();
  const long = (s: string) => s.repeat(Math.ceil(MAX_TEXT / s.length)).slice(0, MAX_TEXT);
  const names = new Map(Array.from({ length: 8 }, (_, i) => [`ou_${i}`, `很长的名字的同事${i}号`]));
  // Six tiers (the most /complaint tiers takes), each with a long label, all offered above authority,
  // approved, first no answer then declined; the risk line passed with both approvals; a crisis.
  const tiers = Array.from({ length: 6 }, (_, i) => ({
    label: long(`第${i + 1}档补偿方案`).slice(0, 80),
    max: 10 * (i + 1),
  }));
  const settings = settingsFrom({
    categories: { ...DEFAULT_SETTINGS.categories, quality: { ...DEFAULT_SETTINGS.categories.quality, tiers } },
  });
  const offers: Offer[] = tiers.map((x, i) => ({
    tier: i + 1,
    label: x.label,
    amount: x.max,
    by: 'ou_1',
    at: iso(10 * i),
    needs: 'supervisor',
    approvedBy: 'ou_2',
    approvedAt: iso(10 * i + 1),
    answer: 'declined',
    answeredBy: 'ou_1',
    answeredAt: iso(10 * i + 2),
  }));
  const events = [
    ...Array.from({ length: 40 }, (_, i) => ({
      kind: 'note',
      at: iso(i),
      actor: 'ou_3',
      text: long('聊天记录'),
      source: `note:${i}`,
    })),
    ...offers.flatMap((o) =>
      (['no_answer', 'declined'] as const).map((a) => ({
        kind: 'answer',
        at: o.at,
        actor: 'ou_1',
        tier: o.tier,
        answer: a,
        source: `${o.tier}${a}`,
      })),
    ),
    { kind: 'resp', at: iso(1), actor: 'ou_4', resp: 'product', source: 'resp:1' },
  ];
  const fact = (s: string) => ({ text: long(s), by: 'ou_5', at: iso(3) });
  const full: Complaint = {
    id: 999_999_999_999,
    teamId: 1,
    source: 'evt',
    storeId: 1,
    storeName: long('天猫旗舰店').slice(0, 100),
    orderId: long('4012345678901234567').slice(0, 100),
    wants: long('收到破损要求退款'),
    amount: 99_999.99,
    category: 'quality',
    crisis: 1,
    ownerOpenId: 'ou_0',
    facts: { story: fact('经过'), need: fact('诉求'), progress: fact('进度') },
    responsibility: null,
    responsibilityNote: null,
    approvals: { supervisor: { by: 'ou_6', at: iso(5) }, ops: { by: 'ou_7', at: iso(6) } },
    offers,
    due: { respond: iso(60), review: iso(120), settle: iso(240) },
    done: {},
    breaches: ['respond', 'review', 'settle'],
    pausedAt: new Date(iso(200)),
    slaGen: 3,
    status: 'open',
    policy: null,
    step: 1,
    nextStepAt: null,
    unreachedAt: null,
    claimedBy: null,
    claimedAt: null,
    escalatedAt: new Date(iso(61)),
    escalationCycle: 0,
    rootCause: null,
    prevention: null,
    followup: null,
    closedAt: null,
    closedBy: null,
    events,
    version: 99,
    createdAt: t0,
  };
  const view = { settings, names, zone: 'Asia/Shanghai', now: new Date(iso(300)), orderWarning: long('订单号不像') };
  const closed: Complaint = {
    ...full,
    responsibility: 'product',
    responsibilityNote: long('同批次'),
    offers: offers.map((o, i) => (i === 5 ? { ...o, answer: 'accepted' } : o)),
    done: { respond: iso(1), review: iso(2), settle: iso(3) },
    claimedBy: 'ou_6',
    claimedAt: new Date(iso(62)),
    rootCause: { cause: 'training', text: long('话术生硬') },
    prevention: long('每周抽检'),
    followup: { kind: 'training', owner: 'ou_7' },
    closedAt: new Date(iso(299)),
    closedBy: 'ou_6',
  };
  return { full, closed, view, tiers, long };
}
