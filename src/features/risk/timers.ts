/** An order's logistics going stale with no new report: the rules are asked again at that moment. */
import { teamOf } from '../../core/teams';
import type { TimerHandler } from '../../core/timers';
import { loadRules, lockOrder } from './repo';
import { evaluate } from './service';

export const runStaleTimer: TimerHandler = async (deps, timer) => {
  const o = await lockOrder(deps.db, Number(timer.payload.id));
  if (!o || o.closedAt) return;
  const team = await teamOf(deps.db, o.teamId);
  await evaluate(deps, team, o, await loadRules(deps.db, team.id), deps.clock.now());
};
