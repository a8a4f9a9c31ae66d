/**
 * The digest's mood section: the aggregate only when at least 3 people answered in the period
 * (else 样本不足), and the count of open care cases — never a name, a note or one person's level.
 */
import { markdown, type CardElement } from '../../cards/card';
import type { DigestSection } from '../../core/feature';
import { localeOf } from '../../core/teams';
import { t } from '../../i18n';
import { openCareCount, teamEntries } from './repo';
import { aggregate } from './rules';
import { MX } from './texts';

export const moodDigest: DigestSection = {
  key: 'mood',
  title: MX.digestTitle,
  order: 80,
  async build(deps, team, { from, to }) {
    const L = localeOf(deps.config, team);
    const span = to.getTime() - from.getTime();
    const [now, before, open] = await Promise.all([
      teamEntries(deps.db, team.id, from, to),
      teamEntries(deps.db, team.id, new Date(from.getTime() - span), from),
      openCareCount(deps.db, team.id),
    ]);
    const a = aggregate(now);
    const prev = aggregate(before);
    const lines: CardElement[] = [];
    if (!a.enough) lines.push(markdown(t(L, MX.digestTooFew)));
    else {
      const c = a.counts;
      let line = t(L, MX.digestLine, {
        people: a.people,
        answers: a.answers,
        mean: a.mean,
        c1: c[1],
        c2: c[2],
        c3: c[3],
        c4: c[4],
      });
      if (prev.enough) line += t(L, MX.digestTrend, { mean: prev.mean });
      lines.push(markdown(line));
    }
    lines.push(markdown(t(L, MX.digestOpenCares, { n: open })));
    return lines;
  },
};
