import { createAcceptor, type Acceptor } from './accept-batch';
import type { Deps } from './deps';
import { createProcessedMarks, type ProcessedMarks } from './processed-marks';
import { createWorkSlots, EVENT_WORK_SLOTS, type WorkSlots } from './work-slots';

export interface EventLanes {
  acceptor: Acceptor;
  slots: WorkSlots;
  /** Messages' "processed" marks, coalesced (on the replayable connections, like their work). */
  marks: ProcessedMarks;
}

const perDeps = new WeakMap<object, EventLanes>();

/**
 * The acceptor, the work slots and the processed marks of one Deps (per process on Node, per request
 * on Workers), wired so that work gives way while events keep arriving.
 */
export function eventLanes(deps: Deps): EventLanes {
  let lanes = perDeps.get(deps);
  if (!lanes) {
    const acceptor = createAcceptor(deps.acceptDb ?? deps.db);
    lanes = {
      acceptor,
      slots: createWorkSlots(EVENT_WORK_SLOTS, acceptor),
      marks: createProcessedMarks(deps.replayableDb ?? deps.db),
    };
    perDeps.set(deps, lanes);
  }
  return lanes;
}
