import type { Deps } from '../core/deps';
import { resumeEvent } from '../core/handle-event';
import { claimUnfinished } from '../core/inbox';
import { runDueTimers } from '../core/timers';
import { dispatchOutbox } from '../outbox/dispatcher';

/** One pass over everything that is due: timers first (they enqueue), then the outbox. */
export async function workOnce(
  deps: Deps,
  runnerId: string,
  opts: { nextDue?: boolean } = {},
): Promise<{ timers: number; sent: number; nextDueAt?: Date }> {
  let timers = 0;
  for (let n = await runDueTimers(deps, deps.app.timers); n > 0; n = await runDueTimers(deps, deps.app.timers))
    timers += n;
  const out = await dispatchOutbox(deps, { runnerId, nextDue: opts.nextDue });
  return { timers, sent: out.sent, nextDueAt: out.nextDueAt };
}

/** Picks up events that a crashed replica accepted but never finished. */
export async function resumeUnfinished(deps: Deps): Promise<number> {
  const events = await claimUnfinished(deps.db, deps.clock.now());
  for (const e of events)
    await resumeEvent(e, deps).catch((err: unknown) =>
      deps.log.error('resume failed', { id: e.id, error: String(err) }),
    );
  return events.length;
}

/**
 * The Node replica's heartbeat: runs due timers and the outbox every `pollMs` and at once on wake().
 * It is not a source of truth — the rows are — so stopping or crashing it loses nothing.
 */
export function startWorkLoop(deps: Deps, opts: { runnerId: string; pollMs?: number; resumeEveryMs?: number }) {
  const pollMs = opts.pollMs ?? 250;
  let stopped = false;
  let wakeUp: (() => void) | undefined;
  let woken = false;
  let lastResume = 0;

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
      try {
        const r = await workOnce(deps, opts.runnerId);
        if (Date.now() - lastResume > (opts.resumeEveryMs ?? 10_000)) {
          lastResume = Date.now();
          await resumeUnfinished(deps);
        }
        if (r.timers > 0 || r.sent > 0) continue;
      } catch (err) {
        deps.log.error('work loop pass failed', { error: err instanceof Error ? err.message : String(err) });
      }
      if (!stopped) await sleep(pollMs);
    }
  })();

  return {
    wake() {
      woken = true;
      wakeUp?.();
    },
    /**
     * Finishes the pass in progress, then stops. Something woken after that pass began (a reply
     * queued by work that finished while stopping) gets one last pass, so that it goes now rather
     * than when another replica next looks.
     */
    async stop() {
      stopped = true;
      wakeUp?.();
      await done;
      if (woken) {
        await workOnce(deps, opts.runnerId).catch((err: unknown) =>
          deps.log.error('last work loop pass failed', { error: err instanceof Error ? err.message : String(err) }),
        );
      }
    },
  };
}
