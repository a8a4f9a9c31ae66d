/** The reminder 30 minutes before the deadline, and the deadline itself (timers, in their transaction). */
import { mentionAll } from '../../cards/mention';
import type { Deps } from '../../core/deps';
import { localeOf, teamOf } from '../../core/teams';
import type { TimerHandler, TimerRow } from '../../core/timers';
import { formatLocal } from '../../domain/local-time';
import { getPolicy, startEscalation } from '../../escalation';
import { t } from '../../i18n';
import { enqueue, PRIORITY, uuidFor } from '../../outbox/enqueue';
import { teamPeople } from '../duty/roster';
import { INSPECTION_SUBJECT, lockInspection } from './repo';
import { saveAndPublish } from './service';
import { inspectionSubject } from './subject';
import { IX } from './texts';

/** The timer's inspection, locked, while it is unfinished; with its team and the owner's mention. */
async function unfinished(deps: Deps, timer: TimerRow) {
  const row = await lockInspection(deps.db, Number(timer.payload.id));
  if (!row || row.completedAt) return undefined;
  const team = await teamOf(deps.db, row.teamId);
  const names = (await teamPeople(deps, team.id)).names;
  return {
    row,
    team,
    L: localeOf(deps.config, team),
    now: deps.clock.now(),
    left: row.items.filter((i) => i.state === 'pending'),
    owner: row.owner ? mentionAll(names, [row.owner]) : '',
  };
}

const toGroup = (deps: Deps, u: NonNullable<Awaited<ReturnType<typeof unfinished>>>, text: string, key: string) =>
  enqueue(deps.db, u.now, {
    kind: 'send',
    teamId: u.team.id,
    to: { chatId: u.team.chatId },
    body: { msgType: 'text', content: { text } },
    priority: PRIORITY.interactive,
    uuid: uuidFor(`inspection:${u.row.id}:${key}`),
  });

export const runRemindTimer: TimerHandler = async (deps, timer) => {
  const u = await unfinished(deps, timer);
  if (!u) return;
  const vars = { n: u.left.length, deadline: formatLocal(u.row.deadlineAt, u.team.timeZone, u.L, u.now) };
  await toGroup(deps, u, t(u.L, IX.reminderGroup, { ...vars, who: u.owner }).trim(), 'remind:group');
  if (u.row.owner)
    await enqueue(deps.db, u.now, {
      kind: 'send',
      teamId: u.team.id,
      to: { openId: u.row.owner },
      body: { msgType: 'text', content: { text: t(u.L, IX.reminderPrivate, vars) } },
      priority: PRIORITY.interactive,
      uuid: uuidFor(`inspection:${u.row.id}:remind:dm`),
    });
};

/** At the deadline with items left: the group is told and the escalation engine takes it (subject "inspection"). */
export const runDeadlineTimer: TimerHandler = async (deps, timer) => {
  const u = await unfinished(deps, timer);
  if (!u || u.row.policy) return;
  const policy = await getPolicy(deps.db, u.team.id, INSPECTION_SUBJECT, inspectionSubject);
  const next = await startEscalation(deps.db, INSPECTION_SUBJECT, u.row, policy, u.now);
  const items = u.left.map((i) => i.name).join('、');
  await toGroup(deps, u, `${u.owner} ${t(u.L, IX.overdueGroup, { n: u.left.length, items })}`.trim(), 'overdue');
  await saveAndPublish(deps, u.team, u.row.id, { escalated: true, policy, nextStepAt: next }, u.now);
};
