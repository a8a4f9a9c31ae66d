import { describe, expect, it } from 'vitest';
import { effectiveRole, leavesNoSupervisor, newcomerRole, withRole } from '../../src/core/people';
import { matchStore } from '../../src/features/stores/rules';

const deps = { config: { admins: ['ou_admin'] } };

describe('the one role rule: admins are supervisors', () => {
  it('gives an admin the supervisor role whatever is stored, and others their stored role', () => {
    expect(effectiveRole(deps, { openId: 'ou_admin', role: 'agent' })).toBe('supervisor');
    expect(effectiveRole(deps, { openId: 'ou_x', role: 'leader' })).toBe('leader');
    expect(newcomerRole(deps, 'ou_admin')).toBe('supervisor');
    expect(newcomerRole(deps, 'ou_new')).toBe('agent');
    const members = [
      { openId: 'ou_a', role: 'supervisor' as const },
      { openId: 'ou_admin', role: 'ops' as const },
      { openId: 'ou_b', role: 'ops' as const },
    ];
    expect(withRole(deps, members, 'supervisor').map((m) => m.openId)).toEqual(['ou_a', 'ou_admin']);
    expect(withRole(deps, members, 'ops').map((m) => m.openId)).toEqual(['ou_b']);
  });

  it('refuses to leave a team without a supervisor, counting an admin who is a member', () => {
    const alone = [
      { openId: 'ou_a', role: 'supervisor' as const },
      { openId: 'ou_b', role: 'agent' as const },
    ];
    expect(leavesNoSupervisor(deps, alone, 'ou_a', 'leader')).toBe(true);
    expect(leavesNoSupervisor(deps, alone, 'ou_b', 'leader')).toBe(false);
    expect(leavesNoSupervisor(deps, [...alone, { openId: 'ou_admin', role: 'agent' }], 'ou_a', 'leader')).toBe(false);
    // An admin who is not in the team cannot supervise it.
    expect(leavesNoSupervisor({ config: { admins: ['ou_elsewhere'] } }, alone, 'ou_a', 'leader')).toBe(true);
  });
});

describe('store matching is pure', () => {
  const all = [
    { id: 1, name: '天猫旗舰店' },
    { id: 2, name: '京东自营店' },
  ];
  it('finds exact, then unique partial names, and lists candidates when ambiguous', () => {
    expect(matchStore(all, '京东').store?.id).toBe(2);
    expect(matchStore(all, '天猫旗舰店').store?.id).toBe(1);
    expect(matchStore(all, '店')).toEqual({ candidates: all });
    expect(matchStore(all, '拼多多')).toEqual({ candidates: [] });
  });
});
