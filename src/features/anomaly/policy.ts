import { eq } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { escalationPolicies } from './schema';
import { DEFAULT_POLICY, type Policy } from '../../escalation/policy';

/** The team's escalation policy, or the default when it never changed it. */
export async function getPolicy(db: Db, teamId: number): Promise<Policy> {
  const [row] = await db.select().from(escalationPolicies).where(eq(escalationPolicies.teamId, teamId));
  if (!row) return { ...DEFAULT_POLICY };
  return { firstDelayMs: row.firstDelayMs, intervalMs: row.intervalMs, supervisorRounds: row.supervisorRounds, claimReminderMs: row.claimReminderMs };
}

export async function setPolicy(db: Db, teamId: number, policy: Policy, by: string, now: Date): Promise<void> {
  const values = { ...policy, updatedBy: by, updatedAt: now };
  await db
    .insert(escalationPolicies)
    .values({ teamId, ...values })
    .onConflictDoUpdate({ target: escalationPolicies.teamId, set: values });
}
