/**
 * Per-team request limits for the data API, so one runaway script cannot starve the other teams:
 * a token bucket per team, in this process (each replica keeps its own; a Worker isolate too).
 * Pure apart from the clock it is given.
 */
export interface TeamLimiter {
  /** 0 when the request may go, else how many ms until it may. */
  take(teamId: number, nowMs: number): number;
}

export function teamLimiter(opts: { perSecond: number; burst: number }): TeamLimiter {
  const buckets = new Map<number, { tokens: number; at: number }>();
  return {
    take(teamId, nowMs) {
      const b = buckets.get(teamId) ?? { tokens: opts.burst, at: nowMs };
      b.tokens = Math.min(opts.burst, b.tokens + ((nowMs - b.at) / 1000) * opts.perSecond);
      b.at = nowMs;
      buckets.set(teamId, b);
      if (b.tokens >= 1) {
        b.tokens -= 1;
        return 0;
      }
      return Math.ceil(((1 - b.tokens) / opts.perSecond) * 1000);
    },
  };
}
