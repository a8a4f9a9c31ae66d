import type { UrgentKind } from '../../core/platform';
import { teamOf } from '../../core/teams';
import { advanceTimer, scheduleTimer, type TimerHandler } from '../../core/timers';
import { markUnreachable, teamPeople } from '../duty/roster';
import { t } from '../../i18n';
import type { OutboxListener, OutboxOutcome } from '../../outbox/listeners';
import { enqueueBuzz } from './escalate';
import { mentions, notifyGroup, updateAndPublish } from './publish';
import { addEvent, lockAnomaly, refs, TIMER_OUTCOME, TIMER_STEP } from './repo';
import { AX } from './texts';

const BUZZ_REF = /^anomaly:(\d+):buzz:(\d+):(phone|app|sms)$/;

interface OutcomePayload {
  anomalyId: number;
  step: number;
  urgent: UrgentKind;
  openIds: string[];
  invalid: string[];
  failure?: { reason: string; code?: number };
}

/**
 * What became of a buzz (an outbox listener). It runs while the dispatcher still holds the guard's
 * share lock on the anomaly, so it changes nothing there itself: it schedules an anomaly.buzz_outcome
 * timer, due now, which does the work under the anomaly's own lock — once, as timers do.
 * The in-app buzz of a step mirrors its phone buzz and is not acted on twice.
 */
export const onBuzzOutcome: OutboxListener = async (deps, row, outcome) => {
  const m = BUZZ_REF.exec(row.ref ?? '');
  if (!m || outcome.status === 'cancelled') return;
  const [, id, step, urgent] = m;
  const invalid = invalidIds(outcome);
  const failure = outcome.status === 'failed' ? { reason: outcome.reason, ...(outcome.code ? { code: outcome.code } : {}) } : undefined;
  if (!failure && invalid.length === 0) return;
  if (urgent === 'app') return;
  const payload: OutcomePayload = {
    anomalyId: Number(id),
    step: Number(step),
    urgent: urgent as UrgentKind,
    openIds: Array.isArray(row.payload.openIds) ? (row.payload.openIds as string[]) : [],
    invalid,
    ...(failure ? { failure } : {}),
  };
  const now = deps.clock.now();
  await scheduleTimer(deps.db, { teamId: row.teamId, kind: TIMER_OUTCOME, ref: `anomaly:${id}:outcome:${row.id}`, dueAt: now, payload: { ...payload } }, now);
  deps.wake();
};

function invalidIds(outcome: OutboxOutcome): string[] {
  if (outcome.status !== 'sent') return [];
  // invalid_user_id_list: what rows recorded before the outcome became platform-neutral.
  const list = outcome.result?.unknownPeople ?? outcome.result?.invalid_user_id_list;
  return Array.isArray(list) ? list.filter((x): x is string => typeof x === 'string') : [];
}

/**
 * anomaly.buzz_outcome: 230024 (phone quota used up) → SMS buzz instead (the in-app buzz went with
 * the step) and the group is told; 230012/230052 → the supervisors are told how to fix the group
 * setting; invalid ids or 230023 → those people are skipped and the next step runs now.
 */
export const runBuzzOutcome: TimerHandler = async (deps, timer) => {
  const p = timer.payload as unknown as OutcomePayload;
  const now = deps.clock.now();
  const a = await lockAnomaly(deps.db, p.anomalyId);
  if (!a || a.status === 'resolved') return;
  const team = await teamOf(deps.db, a.teamId);
  const people = await teamPeople(deps, a.teamId);
  const L = deps.config.locale;
  const code = p.failure?.code;
  const source = `anomaly:${a.id}:outcome:${timer.ref}`;
  const open = a.status === 'open';
  let advanced = false;

  if (p.failure) {
    await addEvent(deps.db, {
      anomalyId: a.id,
      at: now,
      kind: 'buzz_failed',
      openIds: p.openIds,
      detail: { step: p.step, urgent: p.urgent, code: code ?? null, reason: t(L, failureText(code, p.failure.reason)) },
      source,
    });
    if (code === 230024 && p.urgent === 'phone') {
      if (open) await enqueueBuzz(deps, a, p.step, 'sms', p.openIds, now);
      await notifyGroup(deps, team, t(L, AX.quotaEmpty, { id: a.id, who: mentions(people, p.openIds) }), `anomaly:${a.id}:quota`, now);
    } else if (code === 230052 || code === 230012) {
      const text = t(L, code === 230052 ? AX.groupForbids : AX.notOwnMessage, { who: mentions(people, people.supervisors), code, id: a.id });
      await notifyGroup(deps, team, text, `anomaly:${a.id}:forbidden:${code}`, now);
    } else if (code === 230023 && open) {
      await notifyGroup(deps, team, t(L, AX.tooManyBuzzes, { id: a.id, who: mentions(people, p.openIds) }), `anomaly:${a.id}:unread:${p.step}`, now);
      advanced = await advanceTimer(deps.db, TIMER_STEP, refs.step(a.id, p.step + 1), now);
    }
  }
  if (p.invalid.length) {
    await markUnreachable(deps.db, a.teamId, p.invalid, now);
    await addEvent(deps.db, {
      anomalyId: a.id,
      at: now,
      kind: 'buzz_failed',
      openIds: p.invalid,
      detail: { step: p.step, urgent: p.urgent, reason: t(L, AX.whyUnreachable, { who: '' }).trim() },
      source: `${source}:invalid`,
    });
    if (open) {
      await notifyGroup(deps, team, t(L, AX.invalidPeople, { id: a.id, who: mentions(people, p.invalid) }), `anomaly:${a.id}:invalid:${p.step}`, now);
      // Nobody of this step was reached: go on with the next person at once.
      if (p.invalid.length >= new Set(p.openIds).size) advanced = (await advanceTimer(deps.db, TIMER_STEP, refs.step(a.id, p.step + 1), now)) || advanced;
    }
  }
  await updateAndPublish(deps, team, a, advanced ? { nextStepAt: now } : {}, now, { people });
};

const FAILURES: Record<number, { 'zh-CN': string; en: string }> = {
  230024: { 'zh-CN': '电话加急额度已用完，改为短信加急', en: 'phone quota used up; SMS buzz instead' },
  230052: { 'zh-CN': '群设置不允许加急', en: 'the group does not allow buzzing' },
  230012: { 'zh-CN': '不是机器人发的消息', en: 'not a message the bot sent' },
  230023: { 'zh-CN': '未读加急太多', en: 'too many unread buzzes' },
};

function failureText(code: number | undefined, reason: string): { 'zh-CN': string; en: string } {
  return (code && FAILURES[code]) || { 'zh-CN': `加急没有发出（${reason}${code ? ' ' + code : ''}）`, en: `not sent (${reason}${code ? ' ' + code : ''})` };
}
