/** Edit distance, for "did you mean". Short strings only; O(a·b) is fine. */
export function editDistance(a: string, b: string): number {
  const prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0]!;
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = prev[j]!;
      prev[j] = Math.min(prev[j]! + 1, prev[j - 1]! + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = tmp;
    }
  }
  return prev[b.length]!;
}

/** The closest candidates within a distance that still looks like a typo. */
export function closest(input: string, candidates: string[], max = 3): string[] {
  const word = input.toLowerCase();
  return candidates
    .map((c) => ({ c, d: c.toLowerCase().startsWith(word) && word.length >= 2 ? 0.5 : editDistance(word, c.toLowerCase()) }))
    .filter(({ c, d }) => d <= Math.max(1, Math.floor(c.length / 3)) + 0.5)
    .sort((x, y) => x.d - y.d)
    .slice(0, max)
    .map(({ c }) => c);
}
