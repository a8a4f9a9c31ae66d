/**
 * A fixed number of slots for the work that follows an accepted event. Accepting is one insert
 * and must answer Feishu fast; the work after it is several queries per event. Unbounded, a burst
 * puts hundreds of those queries in the database pool's queue, and the next event's accept insert
 * waits behind all of them. Bounded, the pool always has free connections for accepts, and a
 * backlog waits here (its inbox rows are already stored, so a crash loses none of it).
 *
 * Work also gives way to accepting. While events keep arriving (`pressed()`: one in the last
 * 50 ms), work runs one item at a time and rests after each item for rate/100 times as long as the
 * item took: at a few events a second the rest is nothing to speak of, at 100 a second work gets
 * half the time, at 300 a quarter, at 1,000 an eleventh (and never less than a sixteenth). The CPU, the event loop and the
 * database are shared, and Feishu is owed an answer within seconds while a reply can follow a
 * moment later. So a flood slows replies down but never stops them, and once it passes all slots
 * take work again. Card clicks are exempt: their own answer waits on their work.
 *
 * Steered by the arrival rate, which is steady, rather than by how slow accepts are, which on a
 * shared two-core machine swung too much from one moment to the next to steer by. Measured with
 * `npm run bench` at 1,000/s: one slot without rest put the p99 answer at ~100 ms, a fixed quarter
 * share at 18–31 ms, this at ~15 ms, and no work at all during the flood at 15–20 ms (the last two
 * are within this machine's run-to-run noise of each other); at 200/s it falls a few seconds
 * behind during the flood and catches up after.
 */
export interface WorkSlots {
  /**
   * `urgent` work skips the queue and the rest (a card click owes its answer within 3 s). Other
   * work rejects with SlotsFull when `maxWaiting` items already wait.
   */
  run<T>(work: () => Promise<T>, opts?: { urgent?: boolean }): Promise<T>;
  /**
   * True when `maxWaiting` items already wait, so that run() would refuse other work: an event
   * accepted now is better left to the inbox loop from the start (see handleEvent).
   */
  full(): boolean;
  /**
   * Stopping: work still waiting is not started; its run() rejects with SlotsClosed (the work
   * running now finishes). Later run() calls reject at once.
   */
  close(): void;
}

/** The slots were closed (the process is stopping) before this work got one. */
export class SlotsClosed extends Error {
  constructor() {
    super('not started: stopping');
    this.name = 'SlotsClosed';
  }
}

export interface Pressure {
  /** True while events keep arriving: one in the last QUIET_MS, or any waiting on the database. */
  pressed(): boolean;
  /** Events per second lately (a moving average over about a second). */
  rate(): number;
}

/**
 * The work waiting for a slot is bounded: past this many, an event's work is not queued in memory
 * but left to the inbox loop (its row is stored; SlotsFull hands its lease over at once). At one
 * process's ~400 events/s of work that is about 12 s of backlog held in memory, a few MB.
 */
export const MAX_WAITING = 5_000;

/** The queue was full: the work was not queued (the caller leaves it to the inbox loop). */
export class SlotsFull extends Error {
  constructor() {
    super('not queued: too much work waiting');
    this.name = 'SlotsFull';
  }
}

/** Under pressure, rest (rate / EVENTS_PER_REST) times an item's duration after it, at most MAX_REST times. */
const EVENTS_PER_REST = 100;
const MAX_REST = 15;
/** Under pressure with nothing to time, look again this often. */
const RECHECK_MS = 10;

export function createWorkSlots(
  size: number,
  pressure?: Pressure,
  now: () => number = () => performance.now(),
  maxWaiting = MAX_WAITING,
): WorkSlots {
  let active = 0;
  let restUntil = 0;
  let recheck: ReturnType<typeof setTimeout> | undefined;
  let closed = false;
  const queue: { start: () => void; refuse: () => void }[] = [];

  const free = () => (pressure?.pressed() ? active === 0 && now() >= restUntil : active < size);
  const pump = () => {
    while (queue.length && free()) queue.shift()!.start();
    if (queue.length && active === 0 && !recheck) {
      recheck = setTimeout(
        () => {
          recheck = undefined;
          pump();
        },
        Math.max(1, Math.min(RECHECK_MS, restUntil - now())),
      );
    }
  };

  return {
    run<T>(work: () => Promise<T>, opts: { urgent?: boolean } = {}): Promise<T> {
      return new Promise<T>((resolve, reject) => {
        const start = () => {
          active++;
          const began = now();
          let running: Promise<T>;
          try {
            running = work();
          } catch (err) {
            running = Promise.reject(err);
          }
          // The slot is freed before the caller hears back, so its next run() sees it free.
          const finish = () => {
            active--;
            const ended = now();
            restUntil = Math.max(
              restUntil,
              ended + (ended - began) * Math.min(MAX_REST, (pressure?.rate() ?? 0) / EVENTS_PER_REST),
            );
            pump();
          };
          running.then(
            (value) => {
              finish();
              resolve(value);
            },
            (err: unknown) => {
              finish();
              reject(err);
            },
          );
        };
        const refuse = () => reject(new SlotsClosed());
        if (closed) refuse();
        else if (active < size && (opts.urgent || free())) start();
        else if (opts.urgent) queue.unshift({ start, refuse });
        else if (queue.length >= maxWaiting) reject(new SlotsFull());
        else {
          queue.push({ start, refuse });
          pump();
        }
      });
    },
    full: () => queue.length >= maxWaiting,
    close() {
      closed = true;
      clearTimeout(recheck);
      for (const item of queue.splice(0)) item.refuse();
    },
  };
}

/**
 * Slots per Deps (one per process on Node, per request on Workers). Four, one per connection of
 * the replayable pool (src/db/open.ts).
 */
export const EVENT_WORK_SLOTS = 4;
