import { eq, sql } from 'drizzle-orm';
import type { Deps } from '../../core/deps';
import { slotScript } from '../../core/script-slots';
import { localeOf, type Team } from '../../core/teams';
import type { Card } from '../../cards/card';
import { mention, mentionAll } from '../../cards/mention';
import { anomalies } from './schema';
import { teamPeople, type TeamPeople } from '../duty/roster';
import { enqueue, PRIORITY, uuidFor } from '../../outbox/enqueue';
import { anomalyCard } from './card';
import { loadEvents, refs, type Anomaly, type AnomalyEvent } from './repo';

/** What a caller may have loaded already, current as of the render: renderCard then reads it no second time. */
export interface Loaded {
  people?: TeamPeople;
  events?: AnomalyEvent[];
}

/** Renders the card as the anomaly stands now. */
export async function renderCard(
  deps: Pick<Deps, 'db' | 'config' | 'app'>,
  team: Team,
  anomaly: Anomaly,
  loaded: Loaded = {},
): Promise<Card> {
  const locale = localeOf(deps.config, team);
  const [events, people, script] = await Promise.all([
    loaded.events ?? loadEvents(deps.db, anomaly.id),
    loaded.people ?? teamPeople(deps, team.id),
    // Counted once per card (its ref), at the report: when the card first showed it.
    slotScript(deps, team, `anomaly.${anomaly.kind}`, { locale, now: anomaly.reportedAt, ref: refs.card(anomaly.id) }),
  ]);
  return anomalyCard({
    anomaly,
    events,
    ops: people.ops,
    names: people.names,
    locale,
    zone: team.timeZone,
    ...(script ? { script } : {}),
  });
}

/**
 * Applies `changes` to the locked anomaly, bumps its version and enqueues the patch of the card in
 * place (the outbox drops a patch that a newer one of the same card overtakes). Call inside the
 * transaction that holds the anomaly lock. `loaded` (see renderCard) must include every change made so far.
 */
export async function updateAndPublish(
  deps: Pick<Deps, 'db' | 'config' | 'app'>,
  team: Team,
  anomaly: Pick<Anomaly, 'id'>,
  changes: Partial<Omit<Anomaly, 'id' | 'version'>>,
  now: Date,
  loaded: Loaded = {},
): Promise<{ anomaly: Anomaly; card: Card }> {
  const [updated] = await deps.db
    .update(anomalies)
    .set({ ...changes, version: sql`${anomalies.version} + 1` })
    .where(eq(anomalies.id, anomaly.id))
    .returning();
  const row = updated!;
  const c = await renderCard(deps, team, row, loaded);
  await enqueue(deps.db, now, {
    kind: 'patch',
    teamId: team.id,
    // Always by ref: the outbox drops a patch only for a newer one with the same target.
    message: { ref: refs.card(row.id) },
    card: c,
    priority: PRIORITY.interactive,
    uuid: uuidFor(`anomaly:${row.id}:v${row.version}`),
  });
  return { anomaly: row, card: c };
}

/** A mention in a text message or card: the neutral token (cards/mention.ts), kept under the name escalation code uses. */
export const textMention = (openId: string, name?: string): string => mention(openId, name);

/** People mentioned in a text message, with the names we know. */
export const mentions = (people: Pick<TeamPeople, 'names'>, openIds: string[]): string =>
  mentionAll(people.names, openIds);
