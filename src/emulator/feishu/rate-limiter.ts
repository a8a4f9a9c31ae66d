/**
 * Sliding-window counters: "at most `limit` in any `windowMs`", keyed by app, chat, user or
 * message. A refused attempt does not count, as on Feishu.
 */
export class RateLimiter {
  private readonly hits = new Map<string, number[]>();

  /** Counts the attempt and returns 0 when allowed, else the ms until the window has room. */
  take(key: string, limit: number, windowMs: number, now: number): number {
    const since = now - windowMs;
    const list = (this.hits.get(key) ?? []).filter((t) => t > since);
    if (list.length >= limit) {
      this.hits.set(key, list);
      return Math.max(1, list[list.length - limit]! + windowMs - now);
    }
    list.push(now);
    this.hits.set(key, list);
    return 0;
  }

  clear(): void {
    this.hits.clear();
  }
}
