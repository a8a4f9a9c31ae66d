/**
 * The one role rule: FLOORWALKER_ADMINS are supervisors in every team, whatever the members table
 * says. Everything that asks "who is a supervisor" — dispatch, a newcomer's role, the roster, /role,
 * /setup, the last-supervisor guard — asks here, so they cannot disagree. Pure: no database.
 */
import type { Config } from '../config';
import { MEMBER_ATTRIBUTES, ROLES, type MemberAttribute, type Role } from '../db/schema';
import type { Member } from './teams';

export { MEMBER_ATTRIBUTES, ROLES, type MemberAttribute, type Role };

/** Whether the member has the attribute ("senior"); rows read before the column existed have none. */
export const hasAttribute = (member: { attributes?: readonly string[] | null }, a: MemberAttribute): boolean =>
  (member.attributes ?? []).includes(a);

type WithAdmins = { config: Pick<Config, 'admins'> };
type RoleHolder = Pick<Member, 'openId' | 'role'>;

export const isAdmin = (deps: WithAdmins, openId: string): boolean => deps.config.admins.includes(openId);

/** The role a member acts with: an admin is a supervisor; anyone else has the stored role. */
export function effectiveRole(deps: WithAdmins, member: RoleHolder): Role {
  return isAdmin(deps, member.openId) ? 'supervisor' : member.role;
}

/** The role someone we have never seen gets: admins start as supervisors, everyone else as an agent. */
export const newcomerRole = (deps: WithAdmins, openId: string): Role => effectiveRole(deps, { openId, role: 'agent' });

/** The members who act as `role`, in the order given. */
export const withRole = <M extends RoleHolder>(deps: WithAdmins, members: readonly M[], role: Role): M[] =>
  members.filter((m) => effectiveRole(deps, m) === role);

/**
 * Whether giving `openId` the stored role `to` leaves nobody in the team acting as supervisor. An
 * admin who is a member counts, so the last non-admin supervisor may step down while an admin
 * supervises; admins not in the team do not (nobody there could reach them).
 */
export function leavesNoSupervisor(
  deps: WithAdmins,
  members: readonly RoleHolder[],
  openId: string,
  to: Role,
): boolean {
  const after = members.map((m) => (m.openId === openId ? { openId: m.openId, role: to } : m));
  return withRole(deps, after, 'supervisor').length === 0;
}
