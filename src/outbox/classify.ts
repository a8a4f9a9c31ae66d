/**
 * What to do about a failed platform call, decided from the platform's neutral verdict on it
 * (PlatformError: reason and retry hint) — pure, no I/O. Only what can succeed later is retried;
 * everything else is recorded with a reason a person can act on.
 */
import { PlatformError } from '../port/platform';
import type { OutboxKind } from '../db/schema';

/** Transient failures (server errors, network, one chat over its limit) are tried this many times in all, then recorded. */
export const MAX_ATTEMPTS = 8;
const BACKOFF_BASE_MS = 1_000;
const BACKOFF_CAP_MS = 5 * 60_000;
/** When the platform says "too many" without saying for how long. */
const DEFAULT_RATE_LIMIT_WAIT_MS = 1_000;

export type Verdict =
  | {
      action: 'retry';
      afterMs: number;
      /** Stop every send of the app, or of this chat, for a while, across replicas. */
      pause?: 'app' | 'lane';
      /** Rate limits are the platform saying "later", not a failure: they do not use up attempts. */
      countsAsAttempt: boolean;
      reason: string;
      code?: number;
      message: string;
    }
  | { action: 'fail'; reason: string; code?: number; message: string };

/** Exponential backoff with equal jitter: attempt 1 → 0.5–1 s, 2 → 1–2 s, … capped at 5 min. */
export function backoffMs(attempt: number, random: () => number = Math.random): number {
  const ceiling = Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** Math.max(0, attempt - 1));
  return Math.round(ceiling / 2 + (ceiling / 2) * random());
}

/**
 * `attempt` is the number of the call that just failed (1 for the first). Errors that are not a
 * PlatformError came from below the adapter (a socket, a timeout) and are treated as network trouble.
 * The platform's numeric code only travels along, for the record and the explanation.
 */
export function classifyFailure(
  err: unknown,
  ctx: { kind: OutboxKind; attempt: number; random?: () => number },
): Verdict {
  const message = (err instanceof Error ? err.message : String(err)).slice(0, 1000);
  const pe = err instanceof PlatformError ? err : new PlatformError(message, 'network', { kind: 'transient' });
  const reason = pe.reason;
  const code = pe.code ? { code: pe.code } : {};
  const retry = pe.retry;

  if (retry.kind === 'rate_limited' && retry.scope === 'app') {
    return {
      action: 'retry',
      afterMs: retry.retryAfterMs ?? DEFAULT_RATE_LIMIT_WAIT_MS,
      pause: 'app',
      countsAsAttempt: false,
      reason,
      ...code,
      message,
    };
  }
  // One chat over its limit usually means another bot is busy in it too: back off, and give up
  // like any transient error if it never ends.
  if (retry.kind === 'transient' || retry.kind === 'rate_limited') {
    if (ctx.attempt >= MAX_ATTEMPTS) return { action: 'fail', reason: 'gave_up', ...code, message };
    return {
      action: 'retry',
      afterMs: backoffMs(ctx.attempt, ctx.random),
      ...(retry.kind === 'rate_limited' ? { pause: 'lane' as const } : {}),
      countsAsAttempt: true,
      reason,
      ...code,
      message,
    };
  }
  return { action: 'fail', reason, ...code, message };
}

export { explainFailure, scopesIn } from './explain';
