/**
 * Edit distance counting a swap of two neighbours as one edit (optimal string alignment), since
 * "/hepl" is the typo people make. Short strings only; O(a·b) is fine.
 */
export function editDistance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) =>
    Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, d[i - 2]![j - 2]! + 1);
      d[i]![j] = v;
    }
  }
  return d[a.length]![b.length]!;
}

/** The closest candidates within a distance that still looks like a typo. */
export function closest(input: string, candidates: string[], max = 3): string[] {
  const word = input.toLowerCase();
  return candidates
    .map((c) => ({
      c,
      d: c.toLowerCase().startsWith(word) && word.length >= 2 ? 0.5 : editDistance(word, c.toLowerCase()),
    }))
    .filter(({ c, d }) => d <= Math.max(1, Math.floor(c.length / 3)) + 0.5)
    .sort((x, y) => x.d - y.d)
    .slice(0, max)
    .map(({ c }) => c);
}
