/**
 * A fixed number of slots for the work that follows an accepted event. Accepting is one insert
 * and must answer Feishu fast; the work after it is several queries per event. Unbounded, a burst
 * puts hundreds of those queries in the database pool's queue, and the next event's accept insert
 * waits behind all of them. Bounded, the pool always has free connections for accepts, and a
 * backlog waits here (its inbox rows are already stored, so a crash loses none of it).
 */
export interface WorkSlots {
  /** `urgent` work goes to the front of the queue (a card click owes its answer within 3 s). */
  run<T>(work: () => Promise<T>, opts?: { urgent?: boolean }): Promise<T>;
  /** Work waiting for a slot. */
  readonly waiting: number;
  readonly active: number;
}

export function createWorkSlots(size: number): WorkSlots {
  let active = 0;
  const queue: (() => void)[] = [];
  const release = () => {
    active--;
    queue.shift()?.();
  };
  return {
    run<T>(work: () => Promise<T>, opts: { urgent?: boolean } = {}): Promise<T> {
      return new Promise<T>((resolve, reject) => {
        const start = () => {
          active++;
          let running: Promise<T>;
          try {
            running = work();
          } catch (err) {
            running = Promise.reject(err);
          }
          running.then(resolve, reject).finally(release);
        };
        if (active < size) start();
        else if (opts.urgent) queue.unshift(start);
        else queue.push(start);
      });
    },
    get waiting() {
      return queue.length;
    },
    get active() {
      return active;
    },
  };
}

/**
 * Slots per Deps (one per process on Node, per request on Workers). Four leaves most of a
 * 10-connection pool to accepts and still runs several events' work at once.
 */
export const EVENT_WORK_SLOTS = 4;
const perDeps = new WeakMap<object, WorkSlots>();

export function eventWorkSlots(deps: object): WorkSlots {
  let slots = perDeps.get(deps);
  if (!slots) {
    slots = createWorkSlots(EVENT_WORK_SLOTS);
    perDeps.set(deps, slots);
  }
  return slots;
}
