import { createAcceptor, type Acceptor } from './accept-batch';
import type { Deps } from './deps';
import { createWorkSlots, EVENT_WORK_SLOTS, type WorkSlots } from './work-slots';

export interface EventLanes {
  acceptor: Acceptor;
  slots: WorkSlots;
}

const perDeps = new WeakMap<object, EventLanes>();

/**
 * The acceptor and the work slots of one Deps (per process on Node, per request on Workers), wired
 * so that work gives way while events keep arriving.
 */
export function eventLanes(deps: Deps): EventLanes {
  let lanes = perDeps.get(deps);
  if (!lanes) {
    const acceptor = createAcceptor(deps.acceptDb ?? deps.db);
    lanes = { acceptor, slots: createWorkSlots(EVENT_WORK_SLOTS, acceptor) };
    perDeps.set(deps, lanes);
  }
  return lanes;
}
