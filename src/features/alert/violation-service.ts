/**
 * Recording and claiming violations. A new one posts its card at once; a severe one also starts
 * the escalation engine (subject "alertViolation"), which a claim stops. One transaction each.
 */
import { eq, sql } from 'drizzle-orm';
import type { Deps } from '../../core/deps';
import { localeOf, type Team } from '../../core/teams';
import { getPolicy, startEscalation, stopForResolve } from '../../escalation';
import { delayBefore, policyFrom, DEFAULT_POLICY } from '../../escalation/policy';
import { enqueue, PRIORITY, uuidFor } from '../../outbox/enqueue';
import { teamPeople } from '../duty/roster';
import { opsOfStores, type Store } from '../stores/repo';
import { violations } from './schema';
import { violationCard } from './violation-card';
import {
  loadSevereRule,
  lockViolation,
  VIOLATION_CARD,
  VIOLATION_SUBJECT,
  violationCardRef,
  type Violation,
} from './violation-repo';
import { isSevere } from './violation-severity';
import { violationSubject } from './violation-subject';

export interface ViolationInput {
  /** The caller's id of it (API `id`, or the chat message): the same one twice is recorded once. */
  source: string;
  store: Store;
  kind: string;
  points: number | null;
  amount: number | null;
  description: string;
  occurredAt: Date;
  reportedBy: string | null;
}

export const violationPolicy = (v: Pick<Violation, 'policy'>) => policyFrom(v.policy, DEFAULT_POLICY);

export type RecordResult = { outcome: 'new' | 'duplicate'; violation: Violation };

export async function recordViolation(deps: Deps, team: Team, input: ViolationInput, now: Date): Promise<RecordResult> {
  const result = await deps.db.transaction(async (tx): Promise<RecordResult> => {
    const severe = isSevere(await loadSevereRule(tx, team.id), input);
    const policy = severe ? await getPolicy(tx, team.id, VIOLATION_SUBJECT, violationSubject) : null;
    const [created] = await tx
      .insert(violations)
      .values({
        teamId: team.id,
        source: input.source,
        storeId: input.store.id,
        storeName: input.store.name,
        kind: input.kind,
        points: input.points,
        amount: input.amount,
        description: input.description,
        occurredAt: input.occurredAt,
        reportedBy: input.reportedBy,
        severe: severe ? 1 : 0,
        policy,
        nextStepAt: policy ? new Date(now.getTime() + delayBefore(policy, 1)) : null,
        createdAt: now,
      })
      .onConflictDoNothing()
      .returning();
    if (!created) {
      const [old] = await tx
        .select()
        .from(violations)
        .where(sql`${violations.teamId} = ${team.id} and ${violations.source} = ${input.source}`);
      return { outcome: 'duplicate', violation: old! };
    }
    if (policy) await startEscalation(tx, VIOLATION_SUBJECT, created, policy, now);
    await enqueue(tx, now, {
      kind: 'send',
      teamId: team.id,
      to: { chatId: team.chatId },
      body: { msgType: 'interactive', content: await renderViolation({ ...deps, db: tx }, team, created, now) },
      ref: violationCardRef(created.id),
      priority: severe ? PRIORITY.urgent : PRIORITY.interactive,
      uuid: uuidFor(`${VIOLATION_CARD}:${created.id}`),
    });
    return { outcome: 'new', violation: created };
  });
  deps.wake();
  return result;
}

/** Its card; while unclaimed it @-mentions the store's ops (its own, else the team's ops role). */
export async function renderViolation(deps: Pick<Deps, 'db' | 'config'>, team: Team, v: Violation, now: Date) {
  const people = v.claimedBy ? undefined : await teamPeople(deps, team.id);
  const ops = people && { ids: await opsOfStores(deps.db, team.id, [v.storeId], people.ops), names: people.names };
  return violationCard(v, v.severe ? violationPolicy(v) : null, localeOf(deps.config, team), team.timeZone, now, ops);
}

/** Writes `changes` on the locked row and patches its card in place. */
export async function updateViolation(
  deps: Pick<Deps, 'db' | 'config'>,
  team: Team,
  id: number,
  changes: Partial<Omit<Violation, 'id' | 'version'>>,
  now: Date,
): Promise<Violation> {
  const [row] = await deps.db
    .update(violations)
    .set({ ...changes, version: sql`${violations.version} + 1` })
    .where(eq(violations.id, id))
    .returning();
  await enqueue(deps.db, now, {
    kind: 'patch',
    teamId: team.id,
    message: { ref: violationCardRef(id) },
    card: await renderViolation(deps, team, row!, now),
    priority: PRIORITY.interactive,
    uuid: uuidFor(`${VIOLATION_CARD}:${id}:v${row!.version}`),
  });
  return row!;
}

export type ClaimResult =
  | { outcome: 'ok'; violation: Violation }
  | { outcome: 'not_found' }
  | { outcome: 'already_claimed'; violation: Violation };

/** Claims it; a severe one's escalation stops at once (no buzz goes out after this commits). */
export async function claimViolation(
  deps: Deps,
  team: Team,
  id: number,
  actor: string,
  now: Date,
): Promise<ClaimResult> {
  const result = await deps.db.transaction(async (tx): Promise<ClaimResult> => {
    const v = await lockViolation(tx, id, team.id);
    if (!v) return { outcome: 'not_found' };
    if (v.status !== 'open') return { outcome: 'already_claimed', violation: v };
    // A violation has no resolve of its own: its claim ends the escalation (steps, buzzes, and no
    // "claimed but not resolved" reminder, which would nag about something nobody can close).
    if (v.severe) await stopForResolve(tx, VIOLATION_SUBJECT, id, now);
    const updated = await updateViolation(
      { ...deps, db: tx },
      team,
      id,
      { status: 'claimed', claimedBy: actor, claimedAt: now, nextStepAt: null },
      now,
    );
    return { outcome: 'ok', violation: updated };
  });
  deps.wake();
  return result;
}
