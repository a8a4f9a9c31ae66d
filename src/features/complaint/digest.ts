/** The digest's complaint section: open complaints nearest their time limit, and the period's breaches. */
import { markdown } from '../../cards/card';
import type { DigestSection } from '../../core/feature';
import { localeOf } from '../../core/teams';
import { t } from '../../i18n';
import { nextDue } from './card';
import { stateLine } from './commands';
import { categoryName, complaintRowsSince, openComplaints } from './repo';
import { CX } from './texts';

const SHOWN = 8;

export const complaintDigest: DigestSection = {
  key: 'complaint',
  title: CX.digestTitle,
  order: 25,
  async build(deps, team, period) {
    const L = localeOf(deps.config, team);
    const [open, recent] = await Promise.all([
      openComplaints(deps.db, team.id),
      complaintRowsSince(deps.db, team.id, new Date(period.from.getTime() - 7 * 86_400_000)),
    ]);
    // Breaches that happened in [from, to), whenever the complaint was opened.
    const inPeriod = (at: unknown) => {
      const ms = new Date(String(at)).getTime();
      return ms >= period.from.getTime() && ms < period.to.getTime();
    };
    const breaches = [...new Map([...open, ...recent].map((c) => [c.id, c])).values()].flatMap((c) =>
      c.events.filter((e) => e.kind === 'breach' && inPeriod(e.at)),
    ).length;
    const lines: string[] = [];
    if (period.kind === 'weekly') {
      const week = recent.filter((c) => c.createdAt >= period.from && c.createdAt < period.to);
      if (!week.length && !open.length) return undefined;
      lines.push(t(L, CX.digestWeek, { n: week.length, closed: week.filter((c) => c.closedAt).length, breaches }));
    } else if (!open.length && !breaches) return undefined;
    const soonest = [...open].sort(
      (a, b) => (nextDue(a)?.at.getTime() ?? Infinity) - (nextDue(b)?.at.getTime() ?? Infinity),
    );
    for (const c of soonest.slice(0, SHOWN))
      lines.push(
        t(L, CX.digestLine, {
          id: c.id,
          store: c.storeName,
          category: categoryName(L, c.category),
          state: stateLine(L, c, team.timeZone, period.now),
        }),
      );
    if (period.kind !== 'weekly' && breaches) lines.push(t(L, CX.digestBreaches, { n: breaches }));
    return [markdown(lines.join('\n'))];
  },
};
