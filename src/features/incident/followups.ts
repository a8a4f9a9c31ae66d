/** Review items of a closed incident: what to change, who, by when — reminded every day once due, until done. */
import { and, eq, isNull } from 'drizzle-orm';
import { mention } from '../../cards/mention';
import type { Deps } from '../../core/deps';
import { localeOf, teamOf, type Team } from '../../core/teams';
import { scheduleTimer, type TimerHandler } from '../../core/timers';
import { formatLocal } from '../../domain/local-time';
import { t } from '../../i18n';
import { addEvent, lockIncident, refs, TIMERS, type Followup } from './repo';
import { incidentFollowups } from './schema';
import { updateAndPublish } from './service';
import { say } from './timers';
import { IX } from './texts';

const DAY = 86_400_000;

export type AddResult =
  { outcome: 'new' | 'duplicate'; followup: Followup } | { outcome: 'not_found' } | { outcome: 'open' };

/** A review item of closed incident `incidentId`; `source` (the command's event) makes it once. */
export async function addFollowup(
  deps: Deps,
  team: Team,
  input: { incidentId: number; text: string; owner: string; dueAt: Date; by: string; source: string },
  now: Date,
): Promise<AddResult> {
  const result = await deps.db.transaction(async (tx): Promise<AddResult> => {
    const i = await lockIncident(tx, input.incidentId, team.id);
    if (!i) return { outcome: 'not_found' };
    if (!i.closedAt) return { outcome: 'open' };
    const [f] = await tx
      .insert(incidentFollowups)
      .values({
        teamId: team.id,
        incidentId: i.id,
        text: input.text,
        ownerOpenId: input.owner,
        dueAt: input.dueAt,
        createdBy: input.by,
        createdAt: now,
        source: input.source,
      })
      .onConflictDoNothing()
      .returning();
    if (!f) {
      const [old] = await tx
        .select()
        .from(incidentFollowups)
        .where(and(eq(incidentFollowups.teamId, team.id), eq(incidentFollowups.source, input.source)));
      return { outcome: 'duplicate', followup: old! };
    }
    await scheduleTimer(
      tx,
      {
        teamId: team.id,
        kind: TIMERS.followup,
        ref: refs.followup(f.id, 1),
        dueAt: f.dueAt,
        payload: { id: f.id, k: 1 },
      },
      now,
    );
    await addEvent(tx, {
      incidentId: i.id,
      at: now,
      kind: 'followup',
      actorOpenId: input.by,
      openIds: [input.owner],
      detail: { n: f.id, text: f.text },
      source: `followup:${f.id}`,
    });
    await updateAndPublish({ ...deps, db: tx }, team, i.id, {}, now);
    return { outcome: 'new', followup: f };
  });
  deps.wake();
  return result;
}

/** A review item not done by its date: its owner is reminded in the group, then every day. */
export const runFollowupReminder: TimerHandler = async (deps, timer) => {
  const now = deps.clock.now();
  const id = Number(timer.payload.id);
  const [f] = await deps.db.select().from(incidentFollowups).where(eq(incidentFollowups.id, id)).for('update');
  if (!f || f.doneAt) return;
  const team = await teamOf(deps.db, f.teamId);
  const L = localeOf(deps.config, team);
  const due = formatLocal(f.dueAt, team.timeZone, L, now);
  await say(
    deps,
    team.id,
    team.chatId,
    t(L, IX.followupReminder, { who: mention(f.ownerOpenId), n: f.id, id: f.incidentId, text: f.text, due }),
    timer.ref,
  );
  const k = Number(timer.payload.k ?? 1) + 1;
  await scheduleTimer(
    deps.db,
    {
      teamId: team.id,
      kind: TIMERS.followup,
      ref: refs.followup(f.id, k),
      dueAt: new Date(now.getTime() + DAY),
      payload: { id: f.id, k },
    },
    now,
  );
};

/** Marks a review item done (its reminders see it and stop). */
export async function finishFollowup(
  deps: Deps,
  teamId: number,
  id: number,
  actor: string,
  now: Date,
): Promise<'done' | 'already' | 'not_found'> {
  const done = await deps.db
    .update(incidentFollowups)
    .set({ doneAt: now, doneBy: actor })
    .where(and(eq(incidentFollowups.id, id), eq(incidentFollowups.teamId, teamId), isNull(incidentFollowups.doneAt)))
    .returning({ id: incidentFollowups.id });
  if (done.length) return 'done';
  const [row] = await deps.db
    .select({ id: incidentFollowups.id })
    .from(incidentFollowups)
    .where(and(eq(incidentFollowups.id, id), eq(incidentFollowups.teamId, teamId)));
  return row ? 'already' : 'not_found';
}
