/**
 * The periods the digests are about (pure), in the team's time zone: the morning digest covers
 * yesterday, the weekly report the seven days before today (Monday to Sunday when it runs on a
 * Monday); each with the period before it, of the same length, to compare with.
 */
import { DateTime } from 'luxon';
import type { DigestKind, DigestPeriod } from '../../core/feature';

export function digestPeriod(kind: DigestKind, now: Date, zone: string): Required<DigestPeriod> {
  const today = DateTime.fromJSDate(now, { zone }).startOf('day');
  const days = kind === 'daily' ? 1 : 7;
  const from = today.minus({ days });
  const previousFrom = from.minus({ days });
  return {
    kind,
    now,
    from: from.toJSDate(),
    to: today.toJSDate(),
    previousFrom: previousFrom.toJSDate(),
    days: {
      from: from.toISODate()!,
      to: today.minus({ days: 1 }).toISODate()!,
      previousFrom: previousFrom.toISODate()!,
    },
  };
}
