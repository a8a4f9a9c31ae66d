/**
 * The complaint's future actions, as timer rows: each stage's reminder (at 75% of its time) and
 * breach, and a closed complaint's follow-up reminded daily until done. Each handler runs in its
 * timer's transaction and re-checks the row under its lock.
 */
import { mention } from '../../cards/mention';
import type { Deps } from '../../core/deps';
import { localeOf, teamOf, type Team } from '../../core/teams';
import { scheduleTimer, type TimerHandler } from '../../core/timers';
import { formatDuration } from '../../domain/duration';
import { formatLocal } from '../../domain/local-time';
import { t } from '../../i18n';
import { enqueue, PRIORITY, uuidFor } from '../../outbox/enqueue';
import { lockComplaint, refs, TIMERS } from './repo';
import type { Stage } from './rules';
import { recordBreach } from './service';
import { CX, STAGE_NAMES } from './texts';

const DAY_MS = 86_400_000;

/** A line in the team's group, once per `key` (the timer's ref). */
async function sayInGroup(deps: Deps, team: Team, text: string, key: string, now: Date) {
  await enqueue(deps.db, now, {
    kind: 'send',
    teamId: team.id,
    to: { chatId: team.chatId },
    body: { msgType: 'text', content: { text } },
    priority: PRIORITY.interactive,
    uuid: uuidFor(key),
  });
  deps.wake();
}

export const runSlaTimer: TimerHandler = async (deps, timer) => {
  const now = deps.clock.now();
  const c = await lockComplaint(deps.db, Number(timer.payload.id));
  const stage = timer.payload.stage as Stage;
  if (
    !c ||
    c.closedAt ||
    c.pausedAt ||
    c.done[stage] ||
    c.slaGen !== Number(timer.payload.gen) ||
    timer.teamId === null
  )
    return;
  const team = await teamOf(deps.db, timer.teamId);
  const L = localeOf(deps.config, team);
  const due = new Date(c.due[stage]);
  const vars = {
    who: mention(c.ownerOpenId),
    id: c.id,
    store: c.storeName,
    stage: t(L, STAGE_NAMES[stage]),
    at: formatLocal(due, team.timeZone, L, now),
    minutes: formatDuration(Math.max(0, due.getTime() - now.getTime()), L),
  };
  if (timer.payload.phase === 'breach') {
    // The supervisors hear of it from the escalation engine (its buzz on the card), not from this line.
    if (!(await recordBreach(deps, team, c, stage, now))) return;
  }
  await sayInGroup(deps, team, t(L, timer.payload.phase === 'breach' ? CX.breach : CX.warn, vars), timer.ref, now);
};

export const runFollowupReminder: TimerHandler = async (deps, timer) => {
  const now = deps.clock.now();
  const c = await lockComplaint(deps.db, Number(timer.payload.id));
  if (!c?.followup || c.followup.doneAt || timer.teamId === null) return;
  const team = await teamOf(deps.db, timer.teamId);
  const L = localeOf(deps.config, team);
  const kind = t(L, CX.followupKinds).split('|')[c.followup.kind === 'training' ? 0 : 1]!;
  await enqueue(deps.db, now, {
    kind: 'send',
    teamId: team.id,
    to: { chatId: team.chatId },
    body: {
      msgType: 'text',
      content: { text: t(L, CX.followupRemind, { who: mention(c.followup.owner), id: c.id, kind }) },
    },
    priority: PRIORITY.interactive,
    uuid: uuidFor(timer.ref),
  });
  const n = Number(timer.payload.n) + 1;
  await scheduleTimer(
    deps.db,
    {
      teamId: team.id,
      kind: TIMERS.followup,
      ref: refs.followup(c.id, n),
      dueAt: new Date(now.getTime() + DAY_MS),
      payload: { id: c.id, n },
    },
    now,
  );
  deps.wake();
};
