import { listMembers } from '../../core/teams';
import type { EscalationDirectory, EscalationPeople } from '../../escalation/subject';
import { loadRules, markUnreachable, teamPeople, type TeamPeople } from '../duty/roster';
import { onDutyAt } from '../duty/rules';
import { mentions } from './publish';

/** What the duty directory answers: the engine's view, plus the team as the anomaly card shows it. */
export type DutyPeople = EscalationPeople & TeamPeople;

export const isDutyPeople = (p: EscalationPeople | undefined): p is DutyPeople =>
  p !== undefined && Array.isArray((p as Partial<DutyPeople>).ops);

/**
 * Whom an escalation can call, from the duty roster (primary and backup at that moment) and the
 * members' roles. Any subject escalating to the on-duty people can use it.
 */
export const dutyDirectory: EscalationDirectory = {
  async people(deps, team, now, roles): Promise<DutyPeople> {
    const [rules, people, members] = await Promise.all([
      loadRules(deps.db, team.id),
      teamPeople(deps, team.id),
      // Only a policy that calls a role by name needs the members by role.
      roles.length ? listMembers(deps.db, team.id) : Promise.resolve([]),
    ]);
    const duty = onDutyAt(rules, now, team.timeZone);
    return {
      ...people,
      ...(duty ? { primary: duty.primary, ...(duty.backup ? { backup: duty.backup } : {}) } : {}),
      // Admins count as supervisors, as everywhere else.
      byRole: (role) =>
        role === 'supervisor' ? people.supervisors : members.filter((m) => m.role === role).map((m) => m.openId),
    };
  },
  markUnreachable,
  mention: mentions,
};
