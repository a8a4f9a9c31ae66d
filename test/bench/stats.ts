/**
 * Nearest-rank percentile of values sorted ascending: the smallest value with at least p % of all
 * values at or below it, sorted[ceil(p/100 · n) − 1]. NaN when there are none.
 */
export function percentile(sorted: ArrayLike<number>, p: number): number {
  const n = sorted.length;
  if (n === 0) return NaN;
  return sorted[Math.min(n - 1, Math.max(0, Math.ceil((p / 100) * n) - 1))]!;
}
