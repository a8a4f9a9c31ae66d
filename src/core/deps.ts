import type { Config } from '../config';
import { systemClock, type Clock } from '../clock';
import type { Database, Db } from '../db/client';
import type { Logger } from '../log';
import type { App } from './app-def';
import type { InboundEvent } from './inbound';
import type { PlatformApi, PlatformName } from '../port/platform';

/** Everything handlers, jobs and the outbox need, injected — tests and the sandbox swap parts. */
export interface Deps {
  config: Config;
  /** The features, commands and jobs, and the registries built from them (src/app.ts). */
  app: App;
  db: Db;
  /**
   * Connections of their own for accepting events, so an accept never queues behind other work's
   * queries (Node on Postgres). Unset: `db`.
   */
  acceptDb?: Db;
  /**
   * Commits without waiting for the disk (synchronous_commit off). Only for a message's work, which
   * the inbox replays if a crash loses it: a lost commit is also a lost "processed" mark, and the
   * write-ahead log keeps commits in order. Unset: `db`.
   */
  replayableDb?: Db;
  dbKind: 'pglite' | 'postgres';
  /** Cheap database liveness probe (for /healthz). */
  dbPing(): Promise<void>;
  clock: Clock;
  log: Logger;
  /** The default platform: for rows and work that belong to no team. */
  platform: PlatformApi;
  /** The platform a team lives on (team.platform); throws for one this process is not connected to. */
  platformFor(name: PlatformName): PlatformApi;
  /** Who the bot is on the default platform (cached after the first call). */
  bot(): Promise<{ openId: string; name: string }>;
  /** Keep work alive after the HTTP answer: waitUntil on Workers, a tracked promise on Node. */
  defer(work: Promise<unknown>): void;
  /** Something was enqueued or became due: nudge the outbox/timer loop to look now. */
  wake(): void;
  /**
   * Set only on a thread that accepts and does no work (Feishu's webhook thread): a newly accepted
   * message, with this process's lease on it, goes to the thread that does the work
   * (continueAccepted) instead of running here.
   */
  handOff?: (event: InboundEvent, acceptedAt: Date) => void;
}

export function cachedBot(platform: PlatformApi): Deps['bot'] {
  let pending: Promise<{ openId: string; name: string }> | undefined;
  return () => {
    pending ??= platform.botInfo().catch((err: unknown) => {
      pending = undefined;
      throw err;
    });
    return pending;
  };
}

/**
 * The one way to build Deps: the database's connections (and its lanes, when it has them) and
 * liveness probe, the bot's identity cached from the platform unless `bot` says otherwise, real
 * time unless `clock` is given, and a wake() that does nothing unless there is a loop to nudge.
 */
export function createDeps(opts: {
  config: Config;
  app: App;
  database: Database;
  platform: PlatformApi;
  /** Further platforms by name, for teams on them; the default one is found by its own name. */
  platforms?: readonly PlatformApi[];
  log: Logger;
  clock?: Clock;
  bot?: Deps['bot'];
  defer: Deps['defer'];
  wake?: Deps['wake'];
  handOff?: Deps['handOff'];
}): Deps {
  const { database } = opts;
  return {
    config: opts.config,
    app: opts.app,
    db: database.db,
    acceptDb: database.acceptDb,
    replayableDb: database.replayableDb,
    dbKind: database.kind,
    dbPing: () => database.ping(),
    clock: opts.clock ?? systemClock,
    log: opts.log,
    platform: opts.platform,
    platformFor: platformLookup(opts.platform, opts.platforms ?? []),
    bot: opts.bot ?? cachedBot(opts.platform),
    defer: opts.defer,
    wake: opts.wake ?? (() => {}),
    ...(opts.handOff ? { handOff: opts.handOff } : {}),
  };
}

export class UnknownPlatform extends Error {}

/** Deps.platformFor over the default and the others. */
export function platformLookup(fallback: PlatformApi, others: readonly PlatformApi[]): Deps['platformFor'] {
  const byName = new Map<PlatformName, PlatformApi>([
    [fallback.name, fallback],
    ...others.map((p) => [p.name, p] as const),
  ]);
  return (name) => {
    const p = byName.get(name);
    if (!p)
      throw new UnknownPlatform(
        `no "${name}" platform is configured in this process (known: ${[...byName.keys()].join(', ')})`,
      );
    return p;
  };
}

export interface TrackedDefer {
  /** Deps.defer: keeps the work, and hands a failure to onError rather than rejecting. */
  defer: Deps['defer'];
  /** Deferred work not finished yet. */
  readonly pending: number;
  /**
   * Resolves once nothing is pending, counting work deferred while waiting, or when `timeoutMs`
   * has passed; true when nothing is pending.
   */
  settle(timeoutMs?: number): Promise<boolean>;
}

/** A defer() for a process that keeps deferred work itself (Node, tests, benches) and awaits it before stopping. */
export function trackedDefer(onError: (err: unknown) => void = () => {}): TrackedDefer {
  const pending = new Set<Promise<unknown>>();
  return {
    defer(work) {
      const p = work.catch(onError).finally(() => pending.delete(p));
      pending.add(p);
    },
    get pending() {
      return pending.size;
    },
    async settle(timeoutMs = Infinity) {
      const deadline = Date.now() + timeoutMs;
      while (pending.size) {
        const left = deadline - Date.now();
        if (left <= 0) return false;
        let timer: ReturnType<typeof setTimeout> | undefined;
        const waits: Promise<unknown>[] = [Promise.allSettled([...pending])];
        if (Number.isFinite(left)) waits.push(new Promise((resolve) => (timer = setTimeout(resolve, left))));
        await Promise.race(waits);
        clearTimeout(timer);
      }
      return true;
    },
  };
}
