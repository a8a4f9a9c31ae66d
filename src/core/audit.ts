/**
 * The audit log of privileged changes. Features write through `audited`, which runs the change and
 * its entry in one transaction: a change is never without its entry, nor an entry without its change.
 */
import { and, desc, eq, gte } from 'drizzle-orm';
import type { Db } from '../db/client';
import { auditLog } from '../db/schema';
import type { Deps } from './deps';

export type AuditAction = 'role' | 'target' | 'silence' | 'policy' | 'approval' | 'token' | 'limits';

export interface AuditEntry {
  teamId: number;
  actor: string;
  action: AuditAction;
  summary: string;
  detail?: Record<string, unknown>;
  /** Unique per team: the inbound event and what it did, so a replay writes nothing twice. */
  source: string;
}

export async function recordAudit(db: Db, e: AuditEntry, now: Date): Promise<void> {
  await db
    .insert(auditLog)
    .values({ ...e, detail: e.detail ?? {}, at: now })
    .onConflictDoNothing();
}

/**
 * Runs `change` in a transaction and records what `entry` makes of its result there too; `entry`
 * returns undefined when nothing changed (a refusal, "already so").
 */
export async function audited<R>(
  deps: Deps,
  now: Date,
  change: (deps: Deps) => Promise<R>,
  entry: (result: R) => AuditEntry | undefined,
): Promise<R> {
  return deps.db.transaction(async (tx) => {
    const result = await change({ ...deps, db: tx });
    const e = entry(result);
    if (e) await recordAudit(tx, e, now);
    return result;
  });
}

export interface AuditRow {
  actor: string;
  action: string;
  summary: string;
  at: Date;
}

export const auditSince = (db: Db, teamId: number, from: Date, limit = 200): Promise<AuditRow[]> =>
  db
    .select({ actor: auditLog.actor, action: auditLog.action, summary: auditLog.summary, at: auditLog.at })
    .from(auditLog)
    .where(and(eq(auditLog.teamId, teamId), gte(auditLog.at, from)))
    .orderBy(desc(auditLog.at), desc(auditLog.id))
    .limit(limit);
