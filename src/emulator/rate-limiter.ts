/**
 * Sliding-window counters, shared by the emulators: "at most `limit` in any `windowMs`", keyed by
 * app, API, chat, user or message. A refused attempt does not count, as on Feishu.
 */
export class RateLimiter {
  private readonly hits = new Map<string, number[]>();
  private longestWindowMs = 0;
  private takesSinceSweep = 0;

  /** Counts the attempt and returns 0 when allowed, else the ms until the window has room. */
  take(key: string, limit: number, windowMs: number, now: number): number {
    this.longestWindowMs = Math.max(this.longestWindowMs, windowMs);
    if (++this.takesSinceSweep >= 1000) this.sweep(now);
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

  /** Keys tracked: one per chat, user and message that was limited recently. */
  get size(): number {
    return this.hits.size;
  }

  clear(): void {
    this.hits.clear();
  }

  /**
   * Keys are per message too (5 QPS per card update), so a long run would keep one for every card
   * ever patched: drop keys with no hit inside any window in use — they count nothing.
   */
  private sweep(now: number): void {
    this.takesSinceSweep = 0;
    for (const [key, list] of this.hits) {
      if ((list.at(-1) ?? -Infinity) <= now - this.longestWindowMs) this.hits.delete(key);
    }
  }
}
