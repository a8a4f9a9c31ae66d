import { listMembers } from '../../core/teams';
import type { EscalationDirectory, EscalationPeople } from '../../escalation/subject';
import { loadRules, markUnreachable, teamPeople } from '../duty/roster';
import { onDutyAt } from '../duty/rules';
import { mentions } from './publish';

/**
 * Whom an escalation can call, from the duty roster (primary and backup at that moment) and the
 * members' roles. Any subject escalating to the on-duty people can use it.
 */
export const dutyDirectory: EscalationDirectory = {
  async people(deps, team, now): Promise<EscalationPeople> {
    const [rules, people, members] = await Promise.all([loadRules(deps.db, team.id), teamPeople(deps, team.id), listMembers(deps.db, team.id)]);
    const duty = onDutyAt(rules, now, team.timeZone);
    return {
      ...(duty ? { primary: duty.primary, ...(duty.backup ? { backup: duty.backup } : {}) } : {}),
      supervisors: people.supervisors,
      // Admins count as supervisors, as everywhere else.
      byRole: (role) => (role === 'supervisor' ? people.supervisors : members.filter((m) => m.role === role).map((m) => m.openId)),
      names: people.names,
      canBuzz: people.canBuzz,
    };
  },
  markUnreachable,
  mention: mentions,
};
