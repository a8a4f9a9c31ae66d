import type { Card } from '../../cards/card';
import type { Deps } from '../../core/deps';
import type { Team } from '../../core/teams';
import type { Db } from '../../db/client';
import { stopForClaim, stopForResolve } from '../../escalation';
import { anomalyPolicy } from './policy';
import { updateAndPublish } from './publish';
import { addEvent, lockAnomaly, SUBJECT, type Anomaly } from './repo';

export type ChangeResult =
  | { outcome: 'ok'; anomaly: Anomaly; card: Card }
  | { outcome: 'not_found' }
  | { outcome: 'already_claimed' | 'already_resolved'; anomaly: Anomaly };

/** A claim or a resolve, as changeAnomaly applies it. */
interface Change {
  /** Whether it applies to a claimed anomaly too (else: already_claimed). A resolved one is final. */
  claimedToo: boolean;
  now: Date;
  /** Under the anomaly's lock: cancels, events, timers. Returns the columns to change. */
  apply(tx: Db, a: Anomaly): Promise<Partial<Omit<Anomaly, 'id' | 'version'>>>;
}

/** One transaction holding the anomaly's row lock: check its status, apply `change`, patch the card. */
async function changeAnomaly(deps: Deps, team: Team, id: number, change: Change): Promise<ChangeResult> {
  const result = await deps.db.transaction(async (tx): Promise<ChangeResult> => {
    const a = await lockAnomaly(tx, id, team.id);
    if (!a) return { outcome: 'not_found' };
    if (a.status === 'resolved') return { outcome: 'already_resolved', anomaly: a };
    if (a.status === 'claimed' && !change.claimedToo) return { outcome: 'already_claimed', anomaly: a };
    const columns = await change.apply(tx, a);
    const { anomaly, card } = await updateAndPublish({ ...deps, db: tx }, team, a, columns, change.now);
    return { outcome: 'ok', anomaly, card };
  });
  deps.wake();
  return result;
}

/**
 * Claim stops everything, atomically: under the anomaly's row lock it records the claim, and the
 * escalation engine cancels the pending steps and any buzz not yet sent and schedules the "still
 * not resolved" reminder. A step or a buzz that races it waits for the lock (or the outbox guard)
 * and then sees the claim: no buzz is sent after this commits.
 */
export function claimAnomaly(deps: Deps, team: Team, id: number, actor: string, now: Date): Promise<ChangeResult> {
  return changeAnomaly(deps, team, id, {
    claimedToo: false,
    now,
    apply: async (tx, a) => {
      await stopForClaim(tx, SUBJECT, { id: a.id, teamId: team.id, policy: anomalyPolicy(a) }, now);
      await addEvent(tx, { anomalyId: a.id, at: now, kind: 'claimed', actorOpenId: actor, source: `claim:${a.id}` });
      return { status: 'claimed', claimedAt: now, claimedBy: actor, nextStepAt: null };
    },
  });
}

/** Resolve closes it with a note; an unclaimed anomaly counts as claimed at the same moment. */
export function resolveAnomaly(
  deps: Deps,
  team: Team,
  id: number,
  actor: string,
  note: string | undefined,
  now: Date,
): Promise<ChangeResult> {
  return changeAnomaly(deps, team, id, {
    claimedToo: true,
    now,
    apply: async (tx, a) => {
      await stopForResolve(tx, SUBJECT, a.id, now);
      await addEvent(tx, {
        anomalyId: a.id,
        at: now,
        kind: 'resolved',
        actorOpenId: actor,
        detail: note ? { note } : {},
        source: `resolve:${a.id}`,
      });
      return {
        status: 'resolved',
        resolvedAt: now,
        resolvedBy: actor,
        resolutionNote: note ?? null,
        nextStepAt: null,
        ...(a.claimedAt ? {} : { claimedAt: now, claimedBy: actor }),
      };
    },
  });
}
