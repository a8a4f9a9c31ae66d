/**
 * The incident's future actions, as timer rows: "post an update" reminders, overdue steps, and
 * review items reminded until done. Each runs in its timer's transaction and re-checks the row.
 */
import { mention } from '../../cards/mention';
import type { Deps } from '../../core/deps';
import { localeOf, teamOf } from '../../core/teams';
import { scheduleTimer, type TimerHandler } from '../../core/timers';
import { formatDuration } from '../../domain/duration';
import { formatLocal } from '../../domain/local-time';
import { t } from '../../i18n';
import { enqueue, PRIORITY, uuidFor } from '../../outbox/enqueue';
import { addEvent, lockIncident, refs, TIMERS, updateEveryOf } from './repo';
import { updateAndPublish } from './service';
import { IX } from './texts';

export async function say(deps: Deps, teamId: number, chatId: string, text: string, key: string) {
  await enqueue(deps.db, deps.clock.now(), {
    kind: 'send',
    teamId,
    to: { chatId },
    body: { msgType: 'text', content: { text } },
    priority: PRIORITY.interactive,
    uuid: uuidFor(key),
  });
  deps.wake();
}

/** No update for `every`: the owner (who acknowledged it, else who started it) is asked for one. */
export const runUpdateReminder: TimerHandler = async (deps, timer) => {
  const now = deps.clock.now();
  const i = await lockIncident(deps.db, Number(timer.payload.id));
  if (!i || i.closedAt || timer.teamId === null) return;
  const team = await teamOf(deps.db, timer.teamId);
  const every = await updateEveryOf(deps.db, team.id);
  // An update since this was armed re-armed a newer reminder (this one was running, so not cancelled).
  if (every <= 0 || now.getTime() - i.lastUpdateAt.getTime() < every - 1_000) return;
  const owner = i.acknowledgedBy ?? i.reporterOpenId;
  const L = localeOf(deps.config, team);
  const minutes = formatDuration(now.getTime() - i.lastUpdateAt.getTime(), L);
  await say(
    deps,
    team.id,
    team.chatId,
    t(L, IX.remindUpdate, { who: mention(owner), id: i.id, kind: i.playbook.name, minutes }),
    timer.ref,
  );
  await addEvent(deps.db, { incidentId: i.id, at: now, kind: 'reminder', openIds: [owner], source: timer.ref });
  await updateAndPublish(deps, team, i.id, {}, now);
  const dueAt = new Date(now.getTime() + every);
  await scheduleTimer(
    deps.db,
    { teamId: team.id, kind: TIMERS.update, ref: refs.update(i.id, dueAt), dueAt, payload: { id: i.id } },
    now,
  );
};

/** A step past its time limit and not done is flagged on the card. */
export const runStepDue: TimerHandler = async (deps, timer) => {
  const now = deps.clock.now();
  const n = Number(timer.payload.n);
  const i = await lockIncident(deps.db, Number(timer.payload.id));
  const st = i?.steps[n - 1];
  if (!i || !st || st.doneAt || st.overdueAt || i.closedAt || timer.teamId === null) return;
  const team = await teamOf(deps.db, timer.teamId);
  const steps = i.steps.map((x, k) => (k === n - 1 ? { ...x, overdueAt: now.toISOString() } : x));
  await addEvent(deps.db, { incidentId: i.id, at: now, kind: 'overdue', detail: { n }, source: timer.ref });
  await updateAndPublish(deps, team, i.id, { steps }, now);
  deps.wake();
};
