/**
 * Prompts at the team's times (`/mood prompt 09:00,14:00`; none by default): each agent gets the
 * check-in card privately, once per slot. Nobody who does not answer is chased or reported: there
 * is no follow-up of any kind. One pending timer per team (mood.prompt), re-armed by its own run
 * in the transaction that marks it done, under the settings row's lock.
 */
import { formatTimeOfDay } from '../../core/schedule-rules';
import type { Deps } from '../../core/deps';
import { effectiveRole } from '../../core/people';
import { listMembers, localeOf, teamOf, type Team } from '../../core/teams';
import { cancelTimers, scheduleTimer, type TimerHandler } from '../../core/timers';
import type { Db } from '../../db/client';
import { t } from '../../i18n';
import { enqueue, PRIORITY, uuidFor } from '../../outbox/enqueue';
import { checkInCard } from './card';
import { lockSettings, promptPrefix, promptRef, savePromptMinutes, TIMER } from './repo';
import { nextPromptSlot } from './rules';
import { MX } from './texts';

/** A slot later than this (the bot was down) is skipped, not sent late. */
const CATCH_UP_MS = 30 * 60_000;

async function arm(tx: Db, team: Pick<Team, 'id' | 'timeZone'>, minutes: number[], after: Date, now: Date) {
  const slot = nextPromptSlot(minutes, after, team.timeZone);
  if (slot)
    await scheduleTimer(
      tx,
      {
        teamId: team.id,
        kind: TIMER.prompt,
        ref: promptRef(team.id, slot),
        dueAt: slot,
        payload: { slot: slot.toISOString() },
      },
      now,
    );
  return slot;
}

/** Sets the team's prompt times and re-arms (the pending slot cancelled, the next one armed). */
export async function setPromptTimes(deps: Deps, team: Team, minutes: number[], by: string): Promise<Date | undefined> {
  return deps.db.transaction(async (tx) => {
    const now = deps.clock.now();
    await lockSettings(tx, team.id, now);
    await savePromptMinutes(tx, team.id, minutes, by, now);
    await cancelTimers(tx, promptPrefix(team.id), now, TIMER.prompt);
    return arm(tx, team, minutes, now, now);
  });
}

export const runPrompt: TimerHandler = async (deps, timer) => {
  if (timer.teamId === null) return;
  const team = await teamOf(deps.db, timer.teamId);
  const now = deps.clock.now();
  const slot = new Date(String(timer.payload.slot));
  const minutes = await lockSettings(deps.db, team.id, now);
  // Still one of the team's times (a change cancels the pending slot, but be sure) and not too late.
  const minute = minutes.find(
    (m) => nextPromptSlot([m], new Date(slot.getTime() - 1), team.timeZone)?.getTime() === slot.getTime(),
  );
  if (minute !== undefined && now.getTime() - slot.getTime() <= CATCH_UP_MS) {
    const L = localeOf(deps.config, team);
    const title = t(L, MX.promptTitle, { time: formatTimeOfDay(minute) });
    const agents = (await listMembers(deps.db, team.id)).filter((m) => effectiveRole(deps, m) === 'agent');
    for (const a of agents)
      await enqueue(deps.db, now, {
        kind: 'send',
        teamId: team.id,
        to: { openId: a.openId },
        body: { msgType: 'interactive', content: checkInCard(L, team.id, title, t(L, MX.promptNote)) },
        priority: PRIORITY.normal,
        uuid: uuidFor(`${promptRef(team.id, slot)}:${a.openId}`),
      });
  }
  await arm(deps.db, team, minutes, new Date(Math.max(now.getTime(), slot.getTime())), now);
};
