import { and, eq, isNull } from 'drizzle-orm';
import type { Deps } from '../../core/deps';
import type { Team } from '../../core/teams';
import { anomalies } from './schema';
import type { Store } from '../stores/repo';
import { enqueue, PRIORITY, uuidFor } from '../../outbox/enqueue';
import { getPolicy, startEscalation } from '../../escalation';
import { delayBefore } from '../../escalation/policy';
import { renderCard, updateAndPublish } from './publish';
import { addEvent, hasEventSource, refs, SUBJECT, type Anomaly } from './repo';
import { anomalySubject } from './subject';

export interface ReportInput {
  store: Store;
  kind: string;
  description: string;
  reporter: string;
  /** The inbound event id: the same message replayed reports nothing new. */
  source: string;
}

export type ReportResult = { outcome: 'new' | 'merged'; anomaly: Anomaly } | { outcome: 'duplicate' };

/**
 * Reports an anomaly: a new one posts the card and schedules step 1; the same store and kind while
 * one is unresolved is merged into it (its count goes up, the card is patched, no second escalation).
 * One transaction: a crash leaves either all of it or none.
 */
export async function reportAnomaly(deps: Deps, team: Team, input: ReportInput, now: Date): Promise<ReportResult> {
  return deps.db.transaction(async (tx) => {
    const d = { ...deps, db: tx };
    if (await hasEventSource(tx, `report:${input.source}`)) return { outcome: 'duplicate' as const };
    const policy = await getPolicy(tx, team.id, SUBJECT, anomalySubject);
    for (let attempt = 0; attempt < 3; attempt++) {
      const [created] = await tx
        .insert(anomalies)
        .values({
          teamId: team.id,
          storeId: input.store.id,
          storeName: input.store.name,
          kind: input.kind,
          description: input.description,
          reporterOpenId: input.reporter,
          policy,
          reportedAt: now,
          nextStepAt: new Date(now.getTime() + delayBefore(policy, 1)),
        })
        .onConflictDoNothing()
        .returning();
      if (created) {
        await addEvent(tx, {
          anomalyId: created.id,
          at: now,
          kind: 'reported',
          actorOpenId: input.reporter,
          source: `report:${input.source}`,
        });
        await startEscalation(tx, SUBJECT, created, policy, now);
        await enqueue(tx, now, {
          kind: 'send',
          teamId: team.id,
          to: { chatId: team.chatId },
          body: { msgType: 'interactive', content: await renderCard(d, team, created) },
          ref: refs.card(created.id),
          priority: PRIORITY.urgent,
          uuid: uuidFor(`anomaly:${created.id}:card`),
        });
        return { outcome: 'new' as const, anomaly: created };
      }
      const [open] = await tx
        .select()
        .from(anomalies)
        .where(
          and(
            eq(anomalies.teamId, team.id),
            eq(anomalies.storeId, input.store.id),
            eq(anomalies.kind, input.kind),
            isNull(anomalies.resolvedAt),
          ),
        )
        .for('update');
      // Resolved between our insert and this read: try inserting again.
      if (!open) continue;
      await addEvent(tx, {
        anomalyId: open.id,
        at: now,
        kind: 'merged',
        actorOpenId: input.reporter,
        detail: { description: input.description },
        source: `report:${input.source}`,
      });
      const { anomaly } = await updateAndPublish(d, team, open, { reportCount: open.reportCount + 1 }, now);
      return { outcome: 'merged' as const, anomaly };
    }
    throw new Error('could not report the anomaly: it kept being resolved concurrently');
  });
}
