import type { Config } from '../config';
import type { Clock } from '../clock';
import type { Db } from '../db/client';
import type { Logger } from '../log';
import type { PlatformApi } from './platform';

/** Everything handlers, jobs and the outbox need, injected — tests and the sandbox swap parts. */
export interface Deps {
  config: Config;
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
  platform: PlatformApi;
  /** Who the bot is on the platform (cached after the first call). */
  bot(): Promise<{ openId: string; name: string }>;
  /** Keep work alive after the HTTP answer: waitUntil on Workers, a tracked promise on Node. */
  defer(work: Promise<unknown>): void;
  /** Something was enqueued or became due: nudge the outbox/timer loop to look now. */
  wake(): void;
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
