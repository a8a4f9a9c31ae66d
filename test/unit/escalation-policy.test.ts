import { describe, expect, it } from 'vitest';
import {
  DEFAULT_POLICY,
  ladderPolicy,
  lastBuzzStep,
  planStep,
  schedule,
  stepInfo,
  summarise,
} from '../../src/escalation/policy';

const everyone = () => true;
const people = { primary: 'ou_p', backup: 'ou_b', supervisors: ['ou_s1', 'ou_s2'] };

describe('escalation policy steps', () => {
  it('defaults to 5 min, then every 5 min, supervisors three times', () => {
    const at = new Date('2026-11-23T02:02:00Z');
    const plan = schedule(DEFAULT_POLICY, at).map((s) => [
      s.step.kind,
      s.step.round ?? 0,
      (s.at.getTime() - at.getTime()) / 60_000,
    ]);
    expect(plan).toEqual([
      ['primary', 0, 5],
      ['backup', 0, 10],
      ['supervisors', 1, 15],
      ['supervisors', 2, 20],
      ['supervisors', 3, 25],
      ['unreached', 0, 30],
    ]);
    expect(lastBuzzStep(DEFAULT_POLICY)).toBe(5);
  });

  it('phones the primary first, then backup and primary, then the supervisors', () => {
    expect(planStep(DEFAULT_POLICY, 1, people, everyone)).toEqual({
      buzz: { step: 1, kind: 'primary', openIds: ['ou_p'], channels: ['phone', 'app'] },
      skipped: [],
      unreached: false,
      next: { step: 2, delayMs: 300_000 },
    });
    expect(planStep(DEFAULT_POLICY, 2, people, everyone).buzz?.openIds).toEqual(['ou_b', 'ou_p']);
    expect(planStep(DEFAULT_POLICY, 4, people, everyone).buzz).toEqual({
      step: 4,
      kind: 'supervisors',
      round: 2,
      openIds: ['ou_s1', 'ou_s2'],
      channels: ['phone', 'app'],
    });
    expect(planStep(DEFAULT_POLICY, 6, people, everyone)).toEqual({ skipped: [], unreached: true });
  });

  it('never waits out a delay for nobody: no one on duty goes straight to the supervisors', () => {
    const plan = planStep(DEFAULT_POLICY, 1, { supervisors: ['ou_s1'] }, everyone);
    expect(plan.skipped.map((s) => [s.kind, s.reason])).toEqual([
      ['primary', 'nobody'],
      ['backup', 'nobody'],
    ]);
    expect(plan.buzz).toMatchObject({ step: 3, kind: 'supervisors', round: 1, openIds: ['ou_s1'] });
    expect(plan.next).toEqual({ step: 4, delayMs: 300_000 });
  });

  it('skips people the bot cannot buzz and says who they were', () => {
    const plan = planStep(DEFAULT_POLICY, 1, people, (id) => id !== 'ou_p');
    expect(plan.skipped).toEqual([{ step: 1, kind: 'primary', reason: 'unreachable', openIds: ['ou_p'] }]);
    expect(plan.buzz).toMatchObject({ step: 2, openIds: ['ou_b'] });
  });

  it('is unreached at once when there is nobody at all', () => {
    const plan = planStep(DEFAULT_POLICY, 1, { supervisors: [] }, everyone);
    expect(plan.unreached).toBe(true);
    expect(plan.skipped).toHaveLength(5);
    expect(plan.buzz).toBeUndefined();
  });

  it('follows a custom policy: first delay, interval and rounds', () => {
    const p = ladderPolicy({ firstDelayMs: 10_000, intervalMs: 120_000, supervisorRounds: 1 });
    expect(schedule(p, new Date(0)).map((s) => s.at.getTime())).toEqual([10_000, 130_000, 250_000, 370_000]);
    expect(stepInfo(p, 4).kind).toBe('unreached');
  });

  it('does not buzz a backup who is also the primary twice', () => {
    expect(
      planStep(DEFAULT_POLICY, 2, { primary: 'ou_p', backup: 'ou_p', supervisors: [] }, everyone).buzz?.openIds,
    ).toEqual(['ou_p']);
  });

  it('summarises MTTA/MTTR durations', () => {
    expect(summarise([])).toBeUndefined();
    expect(summarise([60_000, 180_000, 120_000])).toEqual({ count: 3, meanMs: 120_000, medianMs: 120_000 });
    expect(summarise([1, 3])?.medianMs).toBe(2);
  });
});
