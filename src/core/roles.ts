import { and, eq } from 'drizzle-orm';
import { members, teams, type MemberAttribute, type Role } from '../db/schema';
import type { Deps } from './deps';
import type { Person } from './inbound';
import { effectiveRole, hasAttribute, isAdmin, leavesNoSupervisor } from './people';
import { listMembers, setRole, upsertMember } from './teams';

export type RoleChange =
  | { outcome: 'changed'; from: Role; to: Role }
  /** The person acts as `role` already; nothing changed. */
  | { outcome: 'same'; role: Role }
  /** An admin (FLOORWALKER_ADMINS) is a supervisor whatever the table says; nothing changed. */
  | { outcome: 'admin' }
  /** It would leave the team without a supervisor; nothing changed. */
  | { outcome: 'last_supervisor' };

/**
 * /role @someone <role>: records the person if new, then changes their stored role unless one of
 * the rules above says no. Role changes of one team take the team row's lock in turn, so two
 * supervisors demoting each other at once cannot both pass the last-supervisor check.
 */
export async function changeRole(deps: Deps, teamId: number, person: Person, to: Role): Promise<RoleChange> {
  return deps.db.transaction(async (tx) => {
    // "no key update": new members (whose foreign key takes a key-share lock) are not held up.
    await tx.select({ id: teams.id }).from(teams).where(eq(teams.id, teamId)).for('no key update');
    const txDeps = { ...deps, db: tx };
    const member = await upsertMember(txDeps, teamId, person);
    const from = effectiveRole(deps, member);
    if (from === to) return { outcome: 'same', role: to };
    if (isAdmin(deps, member.openId)) return { outcome: 'admin' };
    if (leavesNoSupervisor(deps, await listMembers(tx, teamId), member.openId, to))
      return { outcome: 'last_supervisor' };
    await setRole(tx, teamId, member.openId, to, deps.clock.now());
    return { outcome: 'changed', from, to };
  });
}

/**
 * `/role @someone agent senior`: gives or takes an attribute (records the person if new). Whether
 * anything changed, so the reply can say "already".
 */
export async function changeAttribute(
  deps: Deps,
  teamId: number,
  person: Person,
  attribute: MemberAttribute,
  on: boolean,
): Promise<{ changed: boolean }> {
  return deps.db.transaction(async (tx) => {
    const member = await upsertMember({ ...deps, db: tx }, teamId, person);
    if (hasAttribute(member, attribute) === on) return { changed: false };
    const rest = (member.attributes ?? []).filter((a) => a !== attribute);
    await tx
      .update(members)
      .set({ attributes: on ? [...rest, attribute] : rest, updatedAt: deps.clock.now() })
      .where(and(eq(members.teamId, teamId), eq(members.openId, member.openId)));
    return { changed: true };
  });
}
