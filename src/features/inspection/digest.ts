/**
 * The inspection's digest section: for a day, today's inspection and yesterday's completion; for a
 * longer period (the weekly report), the completion rate and the most frequent problems.
 */
import { DateTime } from 'luxon';
import { markdown } from '../../cards/card';
import type { DigestSection } from '../../core/feature';
import { localeOf } from '../../core/teams';
import { formatLocal } from '../../domain/local-time';
import { t } from '../../i18n';
import { progress } from './items';
import { historyStats, rateText } from './history';
import { inspectionsBetween } from './repo';
import { IX } from './texts';

const DAY_MS = 86_400_000;

export const inspectionDigest: DigestSection = {
  key: 'inspection',
  title: IX.digestTitle,
  order: 50,
  async build(deps, team, period) {
    const L = localeOf(deps.config, team);
    const zone = team.timeZone;
    const iso = (d: Date) => DateTime.fromJSDate(d, { zone }).toISODate()!;
    if (period.to.getTime() - period.from.getTime() > 2 * DAY_MS) {
      const rows = await inspectionsBetween(deps.db, team.id, iso(period.from), iso(new Date(period.to.getTime() - 1)));
      if (!rows.length) return undefined;
      const s = historyStats(rows, period.now);
      const top = s.problems.slice(0, 3).map((p) => `${p.item} ${p.count}`);
      return [
        markdown(
          t(L, IX.digestWeek, {
            rate: rateText(s),
            done: s.completed,
            days: s.days,
            late: s.late,
            top: top.length ? top.join('、') : t(L, IX.noProblems),
          }),
        ),
      ];
    }
    const today = iso(period.now);
    const yesterday = DateTime.fromISO(today, { zone }).minus({ days: 1 }).toISODate()!;
    const rows = await inspectionsBetween(deps.db, team.id, yesterday, today);
    const now = rows.find((r) => r.day === today);
    const before = rows.find((r) => r.day === yesterday);
    const lines: string[] = [];
    if (now) {
      const p = progress(now.items);
      lines.push(t(L, IX.digestToday, { ...p, deadline: formatLocal(now.deadlineAt, zone, L, period.now) }));
    } else lines.push(t(L, IX.digestTodayNone));
    const state = !before
      ? t(L, IX.digestNotPosted)
      : before.completedAt
        ? t(L, IX.digestDone, {
            at: formatLocal(before.completedAt, zone, L, period.now),
            problems: progress(before.items).problems,
          })
        : t(L, IX.digestUnfinished, progress(before.items));
    lines.push(t(L, IX.digestYesterday, { state }));
    return [markdown(lines.join('\n'))];
  },
};
