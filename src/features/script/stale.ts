/** Which scripts are due for review (pure): none older than 90 days without a use or a change. */
export const REVIEW_DAYS = 90;
const DAY = 86_400_000;

export interface Reviewable {
  createdAt: Date;
  updatedAt: Date;
  lastUsedAt: Date | null;
}

export type StaleWhy = 'never' | 'unused' | 'unchanged';

export function staleScripts<S extends Reviewable>(
  list: readonly S[],
  now: Date,
): { script: S; why: StaleWhy[]; days: number }[] {
  const limit = now.getTime() - REVIEW_DAYS * DAY;
  const out: { script: S; why: StaleWhy[]; days: number }[] = [];
  for (const s of list) {
    if (s.createdAt.getTime() > limit) continue;
    const why: StaleWhy[] = [];
    if (!s.lastUsedAt) why.push('never');
    else if (s.lastUsedAt.getTime() <= limit) why.push('unused');
    if (s.updatedAt.getTime() <= limit) why.push('unchanged');
    if (why.length) out.push({ script: s, why, days: REVIEW_DAYS });
  }
  // The longest forgotten first.
  return out.sort((a, b) => (a.script.lastUsedAt?.getTime() ?? 0) - (b.script.lastUsedAt?.getTime() ?? 0));
}
