import type { Deps } from '../core/deps';
import { resumeEvent } from '../core/handle-event';
import { claimUnfinished, INBOX_LEASE_MS } from '../core/inbox';
import { runDueTimers } from '../core/timers';
import { nextUrgentDue } from '../outbox/claim';
import { dispatchOutbox } from '../outbox/dispatcher';
import { PRIORITY } from '../outbox/enqueue';

/** Timers per transaction: what a step enqueues becomes claimable when its batch commits. */
const TIMER_BATCH = 5;
/** Urgent rows per pass of the urgent lane: few, so that one pass never holds the next phone call long. */
const URGENT_BATCH = 10;
/** The urgent lane never polls faster than this, even for a row due sooner. */
const MIN_URGENT_NAP_MS = 5;
/** Unfinished events taken per pass of the inbox lane. */
export const RESUME_BATCH = 20;

/** One pass over everything that is due: timers first (they enqueue), then the outbox. */
export async function workOnce(
  deps: Deps,
  runnerId: string,
  opts: { nextDue?: boolean; lead?: boolean } = {},
): Promise<{ timers: number; sent: number; nextDueAt?: Date }> {
  let timers = 0;
  const batch = () => runDueTimers(deps, deps.app.timers, TIMER_BATCH, { lead: opts.lead ?? false });
  for (let n = await batch(); n > 0; n = await batch()) timers += n;
  const out = await dispatchOutbox(deps, { runnerId, nextDue: opts.nextDue });
  return { timers, sent: out.sent, nextDueAt: out.nextDueAt };
}

/**
 * Picks up a batch of events that a crashed replica accepted but never finished (or that a flood
 * left to the inbox: work-slots' SlotsFull), and runs them side by side in the work slots. Returns
 * how many ran here: a full batch says more may be waiting.
 */
export async function resumeUnfinished(deps: Deps): Promise<number> {
  const now = deps.clock.now();
  const heldUntil = new Date(now.getTime() + INBOX_LEASE_MS);
  const events = await claimUnfinished(deps.db, now, RESUME_BATCH);
  const ran = await Promise.all(
    events.map((e) =>
      resumeEvent(e, deps, heldUntil).then(
        (handled) => handled !== undefined,
        (err: unknown) => {
          deps.log.error('resume failed', { id: e.id, error: String(err) });
          return true;
        },
      ),
    ),
  );
  return ran.filter(Boolean).length;
}

/**
 * The Node replica's heartbeat. It is not a source of truth — the rows are — so stopping or
 * crashing it loses nothing. Three lanes run side by side, each passing at once on wake() and every
 * `pollMs` (the inbox every `resumeEveryMs`), so that none waits for another's pass:
 * - timers, then the outbox (workOnce): timers a few at a time (runDueTimers commits each small
 *   batch: the rows a step enqueues are claimable as soon as it is done, not when a batch of 25
 *   is), and those that allow it (an escalation step, TimerHandler.leadMs) ahead of their due time,
 *   their rows due at that time;
 * - the outbox's urgent rows alone (phone and SMS escalations), sleeping until the next one is due:
 *   a due phone call never waits for a pass of card patches and buzzes to finish — strict
 *   priority, across every replica's pass;
 * - events a crashed replica left unfinished, in batches while there is a backlog.
 */
export function startWorkLoop(deps: Deps, opts: { runnerId: string; pollMs?: number; resumeEveryMs?: number }) {
  const pollMs = opts.pollMs ?? 250;
  const resumeEveryMs = opts.resumeEveryMs ?? 10_000;
  let stopped = false;
  const lanes: Lane[] = [];

  /** `pass` says whether to go again at once (true), or how long to sleep at most (a number). */
  const lane = (name: string, everyMs: number, pass: () => Promise<boolean | number>, wakeable = true): Lane => {
    let wakeUp: (() => void) | undefined;
    let woken = false;
    const sleep = (ms: number) =>
      new Promise<void>((resolve) => {
        if (woken) return resolve();
        const timer = setTimeout(resolve, ms);
        wakeUp = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    const done = (async () => {
      while (!stopped) {
        woken = false;
        let napMs = everyMs;
        try {
          const again = await pass();
          if (again === true) continue;
          if (typeof again === 'number') napMs = Math.min(everyMs, again);
        } catch (err) {
          deps.log.error('work loop pass failed', {
            lane: name,
            error: err instanceof Error ? err.message : String(err),
          });
        }
        if (!stopped) await sleep(napMs);
      }
    })();
    const l: Lane = {
      done,
      wake() {
        if (!wakeable) return;
        woken = true;
        wakeUp?.();
      },
      stop: () => wakeUp?.(),
      woken: () => woken,
    };
    lanes.push(l);
    return l;
  };

  // Timers first, then one pass of the outbox: due timers keep their turn ahead of a backlog of
  // sends (run side by side, the outbox's passes slowed the timers down several times over).
  lane('work', pollMs, async () => {
    const r = await workOnce(deps, opts.runnerId, { lead: true });
    return r.timers > 0 || r.sent > 0;
  });
  lane('urgent', pollMs, async () => {
    const r = await dispatchOutbox(deps, {
      runnerId: opts.runnerId,
      maxPriority: PRIORITY.urgent,
      limit: URGENT_BATCH,
    });
    if (r.sent > 0) return true;
    const now = deps.clock.now();
    const next = await nextUrgentDue(deps.db, now, PRIORITY.urgent);
    return next ? Math.max(MIN_URGENT_NAP_MS, next.getTime() - now.getTime()) : false;
  });
  // A full batch means more are waiting: take the next one after the other lanes' next passes.
  lane('inbox', resumeEveryMs, async () => (await resumeUnfinished(deps)) >= RESUME_BATCH, false);

  return {
    wake() {
      for (const l of lanes) l.wake();
    },
    /**
     * Finishes the passes in progress, then stops. Something woken after they began (a reply
     * queued by work that finished while stopping) gets one last pass, so that it goes now rather
     * than when another replica next looks.
     */
    async stop() {
      stopped = true;
      for (const l of lanes) l.stop();
      await Promise.all(lanes.map((l) => l.done));
      if (lanes.some((l) => l.woken())) {
        await workOnce(deps, opts.runnerId).catch((err: unknown) =>
          deps.log.error('last work loop pass failed', { error: err instanceof Error ? err.message : String(err) }),
        );
      }
    },
  };
}

interface Lane {
  done: Promise<void>;
  wake(): void;
  stop(): void;
  /** Woken since its last pass began: what woke it may not have been seen yet. */
  woken(): boolean;
}
