import { describe, expect, it } from 'vitest';
import {
  actsOnOutcome,
  channelsOf,
  DEFAULT_POLICY,
  ladderPolicy,
  planStep,
  policyFrom,
  retime,
  rolesOf,
  schedule,
  stepInfo,
  type EscalationPolicy,
} from '../../src/escalation/policy';

const everyone = () => true;
const MIN = 60_000;

/** An incident-like policy: the leaders by SMS, then two named people by phone twice, then everyone. */
const incident: EscalationPolicy = {
  steps: [
    { delayMs: 1 * MIN, targets: [{ who: 'role', role: 'leader' }], channels: ['sms', 'app'] },
    {
      delayMs: 2 * MIN,
      targets: [{ who: 'people', openIds: ['ou_cto', 'ou_coo'] }],
      channels: ['phone'],
      rounds: 2,
      intervalMs: 3 * MIN,
    },
    { delayMs: 4 * MIN, targets: [{ who: 'supervisors' }, { who: 'role', role: 'ops' }], channels: ['app'] },
  ],
  unreachedAfterMs: 10 * MIN,
  claimReminderMs: 15 * MIN,
};
const roles: Record<string, string[]> = { leader: ['ou_l1', 'ou_l2'], ops: ['ou_o', 'ou_s1'] };
const people = { supervisors: ['ou_s1'], byRole: (r: string) => roles[r] ?? [] };

describe('escalation policy model: targets, channels, rounds', () => {
  it('calls a role by name: everyone holding it now, on the step’s channels', () => {
    expect(planStep(incident, 1, people, everyone)).toEqual({
      buzz: { step: 1, kind: 'role', role: 'leader', openIds: ['ou_l1', 'ou_l2'], channels: ['sms', 'app'] },
      skipped: [],
      unreached: false,
      next: { step: 2, delayMs: 2 * MIN },
    });
  });

  it('calls named people, round after round, then the last step, then unreached', () => {
    expect(planStep(incident, 2, people, everyone).buzz).toEqual({
      step: 2,
      kind: 'people',
      round: 1,
      openIds: ['ou_cto', 'ou_coo'],
      channels: ['phone'],
    });
    expect(planStep(incident, 2, people, everyone).next).toEqual({ step: 3, delayMs: 3 * MIN });
    expect(planStep(incident, 3, people, everyone).buzz).toMatchObject({ step: 3, kind: 'people', round: 2 });
    expect(planStep(incident, 3, people, everyone).next).toEqual({ step: 4, delayMs: 4 * MIN });
    // Supervisors and the ops role together, each person once.
    expect(planStep(incident, 4, people, everyone).buzz).toEqual({
      step: 4,
      kind: 'supervisors',
      openIds: ['ou_s1', 'ou_o'],
      channels: ['app'],
    });
    expect(planStep(incident, 4, people, everyone).next).toEqual({ step: 5, delayMs: 10 * MIN });
    expect(stepInfo(incident, 5).kind).toBe('unreached');
    expect(schedule(incident, new Date(0)).map((s) => s.at.getTime() / MIN)).toEqual([1, 3, 6, 10, 20]);
  });

  it('goes straight on past a role nobody holds and past named people the bot cannot buzz', () => {
    const plan = planStep(
      incident,
      1,
      { supervisors: ['ou_s1'], byRole: () => [] },
      (id) => id !== 'ou_cto' && id !== 'ou_coo',
    );
    expect(plan.skipped.map((s) => [s.step, s.kind, s.reason, s.openIds])).toEqual([
      [1, 'role', 'nobody', []],
      [2, 'people', 'unreachable', ['ou_cto', 'ou_coo']],
      [3, 'people', 'unreachable', ['ou_cto', 'ou_coo']],
    ]);
    expect(plan.buzz).toMatchObject({ step: 4, openIds: ['ou_s1'] });
  });

  it('a directory without roles calls nobody for a role step', () => {
    expect(planStep(incident, 1, { supervisors: [] }, everyone).skipped[0]).toMatchObject({
      kind: 'role',
      reason: 'nobody',
    });
  });

  it('says which roles a policy needs looked up, and which channel’s outcome counts', () => {
    expect(rolesOf(incident)).toEqual(['leader', 'ops']);
    expect(rolesOf(DEFAULT_POLICY)).toEqual([]);
    expect(channelsOf(incident, 1)).toEqual(['sms', 'app']);
    expect(channelsOf(incident, 9)).toEqual([]);
    // The in-app buzz goes along with a louder one: only the louder one's outcome is acted on.
    expect(actsOnOutcome(['phone', 'app'], 'app')).toBe(false);
    expect(actsOnOutcome(['phone', 'app'], 'phone')).toBe(true);
    expect(actsOnOutcome(['phone', 'app'], 'sms')).toBe(true); // the quota fallback
    expect(actsOnOutcome(['app'], 'app')).toBe(true);
  });

  it('expresses the anomaly ladder exactly: 5 min primary, +5 backup and primary, supervisors ×3, +5 unreached, 30 min reminders', () => {
    expect(DEFAULT_POLICY).toEqual({
      steps: [
        { delayMs: 5 * MIN, targets: [{ who: 'primary' }], channels: ['phone', 'app'] },
        { delayMs: 5 * MIN, targets: [{ who: 'backup' }, { who: 'primary' }], channels: ['phone', 'app'] },
        {
          delayMs: 5 * MIN,
          targets: [{ who: 'supervisors' }],
          channels: ['phone', 'app'],
          rounds: 3,
          intervalMs: 5 * MIN,
        },
      ],
      unreachedAfterMs: 5 * MIN,
      claimReminderMs: 30 * MIN,
    });
  });

  it('reads the timing open anomalies snapshotted before policies had steps, and falls back on anything else', () => {
    const legacy = { firstDelayMs: 30_000, intervalMs: 2 * MIN, supervisorRounds: 2, claimReminderMs: 30 * MIN };
    expect(policyFrom(legacy, DEFAULT_POLICY)).toEqual(ladderPolicy(legacy));
    expect(policyFrom(incident, DEFAULT_POLICY)).toEqual(incident);
    expect(policyFrom({ steps: [] }, DEFAULT_POLICY)).toBe(DEFAULT_POLICY);
    expect(policyFrom({ ...incident, steps: [{ ...incident.steps[0], channels: ['fax'] }] }, DEFAULT_POLICY)).toBe(
      DEFAULT_POLICY,
    );
    expect(policyFrom(undefined, DEFAULT_POLICY)).toBe(DEFAULT_POLICY);
  });

  it('/policy’s change: the first delay; the interval of every later step, round and the unreached wait; the last step’s rounds', () => {
    expect(retime(DEFAULT_POLICY, { firstDelayMs: 30_000 })).toEqual(ladderPolicy({ firstDelayMs: 30_000 }));
    expect(retime(DEFAULT_POLICY, { firstDelayMs: 30_000, intervalMs: 2 * MIN, rounds: 2 })).toEqual(
      ladderPolicy({ firstDelayMs: 30_000, intervalMs: 2 * MIN, supervisorRounds: 2 }),
    );
    const once = retime(incident, { firstDelayMs: MIN, intervalMs: MIN, rounds: 3 });
    expect(schedule(once, new Date(0)).map((s) => s.at.getTime() / MIN)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(once.steps[2]).toMatchObject({ rounds: 3, intervalMs: MIN, channels: ['app'] });
  });
});
