import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { followupDue, limitMinutes, parseIdAction } from '../../src/features/incident/args';
import { defaultPlaybook, matchKind } from '../../src/features/incident/kinds';
import {
  addStep,
  incidentStats,
  isOverdue,
  moveStep,
  removeStep,
  resolveOwner,
  surgeRatio,
} from '../../src/features/incident/rules';
import { findSurges } from '../../src/features/incident/surge';

const MIN = 60_000;

describe('incident kinds and their default playbooks', () => {
  it('has the six kinds with their default severities', () => {
    const sev = Object.fromEntries(
      (['outage', 'surge', 'opinion', 'system', 'health', 'store'] as const).map((k) => [
        k,
        defaultPlaybook(k, 'zh-CN').severity,
      ]),
    );
    expect(sev).toEqual({ outage: 1, opinion: 1, surge: 2, system: 2, health: 2, store: 2 });
    expect(defaultPlaybook('outage', 'zh-CN').wording).toContain('网络临时故障');
    expect(defaultPlaybook('opinion', 'en').wording).toContain('official');
    expect(defaultPlaybook('health', 'zh-CN').private).toBe(true);
  });

  it('reads English keys, Chinese names, short forms and the team’s own kinds; else suggests', () => {
    expect(matchKind('outage', [])).toEqual({ kind: 'outage' });
    expect(matchKind('接待量暴涨', [])).toEqual({ kind: 'surge' });
    expect(matchKind('暴涨', [])).toEqual({ kind: 'surge' });
    expect(matchKind('停水', ['停水'])).toEqual({ kind: '停水' });
    expect(matchKind('outgae', [])).toEqual({ unknown: 'outgae', suggestions: ['outage'] });
    expect(matchKind('xyz', [])).toMatchObject({ suggestions: [] });
  });
});

describe('owners by duty role', () => {
  const c = {
    onDuty: 'leader1',
    supervisors: ['boss'],
    byRole: (r: string) => (r === 'leader' ? ['leader0', 'leader1'] : r === 'ops' ? ['ops1'] : []),
    reporter: 'agent1',
  };
  it('duty → the on-duty person; supervisor → a supervisor; a role → its holder on duty first; a person; nobody', () => {
    expect(resolveOwner('duty', c)).toBe('leader1');
    expect(resolveOwner('duty', { ...c, onDuty: undefined })).toBe('boss');
    expect(resolveOwner('supervisor', c)).toBe('boss');
    expect(resolveOwner('leader', c)).toBe('leader1');
    expect(resolveOwner('ops', c)).toBe('ops1');
    expect(resolveOwner('agent', c)).toBeUndefined();
    expect(resolveOwner('reporter', c)).toBe('agent1');
    expect(resolveOwner('@someone', c)).toBe('someone');
    expect(resolveOwner(undefined, c)).toBeUndefined();
  });
});

describe('playbook edits', () => {
  const steps = (n: number) => Array.from({ length: n }, (_, i) => ({ text: `s${i + 1}` }));
  it('move keeps every step exactly once and puts step n at position m', () => {
    fc.assert(
      fc.property(
        fc
          .integer({ min: 1, max: 12 })
          .chain((len) =>
            fc.tuple(fc.constant(len), fc.integer({ min: 1, max: len }), fc.integer({ min: 1, max: len })),
          ),
        ([len, n, m]) => {
          const r = moveStep(steps(len), n, m);
          if (!r.ok) return false;
          expect(r.steps.map((s) => s.text).sort()).toEqual(
            steps(len)
              .map((s) => s.text)
              .sort(),
          );
          expect(r.steps[m - 1]!.text).toBe(`s${n}`);
          return true;
        },
      ),
    );
  });
  it('refuses steps that do not exist, removing the last one, and more than 20', () => {
    expect(removeStep(steps(3), 4)).toEqual({ ok: false, error: 'no_step' });
    expect(removeStep(steps(3), 0)).toEqual({ ok: false, error: 'no_step' });
    expect(removeStep(steps(1), 1)).toEqual({ ok: false, error: 'last_step' });
    expect(moveStep(steps(3), 1, 5)).toEqual({ ok: false, error: 'no_step' });
    expect(addStep(steps(20), { text: 'x' })).toEqual({ ok: false, error: 'too_many' });
    expect(removeStep(steps(3), 2)).toEqual({ ok: true, steps: [{ text: 's1' }, { text: 's3' }] });
  });
});

describe('overdue steps and the surge rule', () => {
  const t0 = new Date('2026-12-01T02:00:00Z');
  it('a step with a limit is overdue from its limit until done', () => {
    const st = { text: 'x', limitMin: 10 };
    expect(isOverdue(st, t0, new Date(t0.getTime() + 9 * MIN))).toBe(false);
    expect(isOverdue(st, t0, new Date(t0.getTime() + 10 * MIN))).toBe(true);
    expect(isOverdue({ ...st, doneAt: t0.toISOString() }, t0, new Date(t0.getTime() + 60 * MIN))).toBe(false);
    expect(isOverdue({ text: 'no limit' }, t0, new Date(t0.getTime() + 600 * MIN))).toBe(false);
  });

  it('a surge is ≥ 2× the same-hour mean, with 3 days of history and at least 20 consults', () => {
    expect(surgeRatio(40, [20, 20, 20])).toBe(2);
    expect(surgeRatio(39, [20, 20, 20])).toBeUndefined();
    expect(surgeRatio(40, [20, 20])).toBeUndefined();
    expect(surgeRatio(8, [1, 1, 1])).toBeUndefined();
    expect(surgeRatio(40, [0, 0, 0])).toBeUndefined();
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 1, max: 500 }), { minLength: 3, maxLength: 7 }),
        fc.integer({ min: 20, max: 5000 }),
        (base, count) => {
          const mean = base.reduce((a, b) => a + b, 0) / base.length;
          return (surgeRatio(count, base) !== undefined) === count >= 2 * mean;
        },
      ),
    );
  });

  it('judges each store and, with several stores, the team — the team only when no store surged that hour', () => {
    const day = (d: number) => `2026-11-${String(24 + d).padStart(2, '0')}`;
    const rows = [0, 1, 2, 3].flatMap((d) => [
      { storeId: 1, day: day(d), hour: 10, count: 20 },
      { storeId: 2, day: day(d), hour: 10, count: 20 },
    ]);
    const today = day(4);
    // Both stores at 1.5×: no store surges, the team (60 against 40) does not either.
    expect(
      findSurges(
        [...rows, { storeId: 1, day: today, hour: 10, count: 30 }, { storeId: 2, day: today, hour: 10, count: 30 }],
        today,
        [10],
      ),
    ).toEqual([]);
    // One store at 3×: that store, not the team too.
    const one = findSurges(
      [...rows, { storeId: 1, day: today, hour: 10, count: 60 }, { storeId: 2, day: today, hour: 10, count: 20 }],
      today,
      [10],
    );
    expect(one.map((s) => s.storeId)).toEqual([1]);
    // Two quiet stores, each under the 20-consult floor alone: together the team is a surge (30 against 10).
    const quiet = [0, 1, 2, 3].flatMap((d) => [
      { storeId: 1, day: day(d), hour: 10, count: 5 },
      { storeId: 2, day: day(d), hour: 10, count: 5 },
    ]);
    const team = findSurges(
      [...quiet, { storeId: 1, day: today, hour: 10, count: 15 }, { storeId: 2, day: today, hour: 10, count: 15 }],
      today,
      [10],
    );
    expect(team).toEqual([{ storeId: 0, hour: 10, count: 30, baseline: 10, ratio: 3 }]);
  });
});

describe('incident stats', () => {
  const t0 = new Date('2026-12-01T02:00:00Z');
  const at = (min: number) => new Date(t0.getTime() + min * MIN);
  it('counts by kind, MTTA from start to acknowledgement, MTTR to close, time per step', () => {
    const s = incidentStats([
      {
        kind: 'outage',
        startedAt: t0,
        acknowledgedAt: at(2),
        closedAt: at(40),
        steps: [{ text: 'a', doneAt: at(5).toISOString() }],
      },
      {
        kind: 'outage',
        startedAt: t0,
        acknowledgedAt: at(4),
        closedAt: null,
        steps: [{ text: 'a', doneAt: at(15).toISOString() }, { text: 'b' }],
      },
      { kind: 'surge', startedAt: t0, acknowledgedAt: null, closedAt: null, steps: [] },
    ]);
    expect(s.map((x) => [x.kind, x.count, x.open])).toEqual([
      ['outage', 2, 1],
      ['surge', 1, 1],
    ]);
    expect(s[0]!.mtta).toEqual({ count: 2, meanMs: 3 * MIN, medianMs: 3 * MIN });
    expect(s[0]!.mttr).toEqual({ count: 1, meanMs: 40 * MIN, medianMs: 40 * MIN });
    expect(s[0]!.steps).toEqual([{ text: 'a', done: 2, meanMs: 10 * MIN }]);
    expect(s[1]!.mtta).toBeUndefined();
  });
});

describe('/incident <id> … arguments', () => {
  it('reads each action, in English and Chinese, and says what is wrong', () => {
    expect(parseIdAction([])).toEqual({ kind: 'show' });
    expect(parseIdAction(['step', '2', 'done'])).toEqual({ kind: 'step', n: 2 });
    expect(parseIdAction(['完成', '3'])).toEqual({ kind: 'step', n: 3 });
    expect(parseIdAction(['step', 'x'])).toEqual({ kind: 'bad', why: 'no_number' });
    expect(parseIdAction(['sev', 'S1'])).toEqual({ kind: 'sev', sev: 1 });
    expect(parseIdAction(['级别', '4'])).toEqual({ kind: 'bad', why: 'bad_sev' });
    expect(parseIdAction(['close'])).toEqual({ kind: 'bad', why: 'no_text' });
    expect(parseIdAction(['关闭', '已恢复'])).toEqual({ kind: 'close', summary: '已恢复' });
    expect(parseIdAction(['review', '买', 'UPS', 'by', '7d'])).toEqual({ kind: 'review', text: '买 UPS', by: '7d' });
    expect(parseIdAction(['fly'])).toEqual({ kind: 'bad', why: 'unknown' });
  });
  it('due dates: a date, a duration, or 7 days by default; the past and nonsense are refused', () => {
    const now = new Date('2026-12-01T02:00:00Z'); // 10:00 in Shanghai
    expect(followupDue('2026-12-08', now, 'Asia/Shanghai')!.toISOString()).toBe('2026-12-08T15:59:59.999Z');
    expect(followupDue(undefined, now, 'Asia/Shanghai')!.toISOString()).toBe('2026-12-08T15:59:59.999Z');
    expect(followupDue('2d', now, 'Asia/Shanghai')!.getTime()).toBe(now.getTime() + 2 * 86_400_000);
    expect(followupDue('2026-11-01', now, 'Asia/Shanghai')).toBeUndefined();
    expect(followupDue('soon', now, 'Asia/Shanghai')).toBeUndefined();
    expect(limitMinutes('15')).toBe(15);
    expect(limitMinutes('1h')).toBe(60);
    expect(limitMinutes('0')).toBeUndefined();
  });
});
