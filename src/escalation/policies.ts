import { and, eq } from 'drizzle-orm';
import type { Db } from '../db/client';
import { policyFrom, policySchema, type EscalationPolicy } from './policy';
import { escalationPolicies } from './schema';
import type { EscalationSubject } from './subject';

/** The team's policy for `subject`, or the subject's default when it never changed it (or the row is unreadable). */
export async function getPolicy(
  db: Db,
  teamId: number,
  key: string,
  subject: Pick<EscalationSubject, 'defaultPolicy'>,
): Promise<EscalationPolicy> {
  const [row] = await db
    .select({ policy: escalationPolicies.policy })
    .from(escalationPolicies)
    .where(and(eq(escalationPolicies.teamId, teamId), eq(escalationPolicies.subject, key)));
  return policyFrom(row?.policy, subject.defaultPolicy);
}

export async function setPolicy(
  db: Db,
  teamId: number,
  key: string,
  policy: EscalationPolicy,
  by: string,
  now: Date,
): Promise<void> {
  // Checked here too: whatever is stored is read back as it was meant.
  const checked = policySchema.parse(policy);
  const values = { policy: checked, updatedBy: by, updatedAt: now };
  await db
    .insert(escalationPolicies)
    .values({ teamId, subject: key, ...values })
    .onConflictDoUpdate({ target: [escalationPolicies.teamId, escalationPolicies.subject], set: values });
}
