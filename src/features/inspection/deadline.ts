/** The reminder 30 minutes before the deadline, and the deadline itself (timers, in their transaction). */
import { mentionAll } from '../../cards/mention';
import { localeOf, teamOf } from '../../core/teams';
import type { TimerHandler } from '../../core/timers';
import { formatLocal } from '../../domain/local-time';
import { getPolicy, startEscalation } from '../../escalation';
import { t } from '../../i18n';
import { enqueue, PRIORITY, uuidFor } from '../../outbox/enqueue';
import { teamPeople } from '../duty/roster';
import { INSPECTION_SUBJECT, lockInspection } from './repo';
import { saveAndPublish } from './service';
import { inspectionSubject } from './subject';
import { IX } from './texts';

const groupText = (teamId: number, chatId: string, text: string, key: string) =>
  ({
    kind: 'send',
    teamId,
    to: { chatId },
    body: { msgType: 'text', content: { text } },
    priority: PRIORITY.interactive,
    uuid: uuidFor(key),
  }) as const;

export const runRemindTimer: TimerHandler = async (deps, timer) => {
  const row = await lockInspection(deps.db, Number(timer.payload.id));
  if (!row || row.completedAt) return;
  const team = await teamOf(deps.db, row.teamId);
  const L = localeOf(deps.config, team);
  const now = deps.clock.now();
  const left = row.items.filter((i) => i.state === 'pending').length;
  const deadline = formatLocal(row.deadlineAt, team.timeZone, L, now);
  const names = (await teamPeople(deps, team.id)).names;
  const who = row.owner ? mentionAll(names, [row.owner]) : '';
  await enqueue(
    deps.db,
    now,
    groupText(
      team.id,
      team.chatId,
      t(L, IX.reminderGroup, { who, n: left, deadline }).trim(),
      `inspection:${row.id}:remind:group`,
    ),
  );
  if (row.owner)
    await enqueue(deps.db, now, {
      kind: 'send',
      teamId: team.id,
      to: { openId: row.owner },
      body: { msgType: 'text', content: { text: t(L, IX.reminderPrivate, { n: left, deadline }) } },
      priority: PRIORITY.interactive,
      uuid: uuidFor(`inspection:${row.id}:remind:dm`),
    });
};

/** At the deadline with items left: the group is told and the escalation engine takes it (subject "inspection"). */
export const runDeadlineTimer: TimerHandler = async (deps, timer) => {
  const row = await lockInspection(deps.db, Number(timer.payload.id));
  if (!row || row.completedAt || row.policy) return;
  const team = await teamOf(deps.db, row.teamId);
  const L = localeOf(deps.config, team);
  const now = deps.clock.now();
  const left = row.items.filter((i) => i.state === 'pending');
  const policy = await getPolicy(deps.db, team.id, INSPECTION_SUBJECT, inspectionSubject);
  const next = await startEscalation(deps.db, INSPECTION_SUBJECT, row, policy, now);
  const names = (await teamPeople(deps, team.id)).names;
  const who = row.owner ? mentionAll(names, [row.owner]) + ' ' : '';
  await enqueue(
    deps.db,
    now,
    groupText(
      team.id,
      team.chatId,
      who + t(L, IX.overdueGroup, { n: left.length, items: left.map((i) => i.name).join('、') }),
      `inspection:${row.id}:overdue`,
    ),
  );
  await saveAndPublish(deps, team, row.id, { escalated: true, policy, nextStepAt: next }, now);
};
