import { DateTime } from 'luxon';
import { sql } from 'drizzle-orm';
import { query, ts, type Db } from '../db/client';
import type { Text } from '../i18n';
import { explainFailure } from './classify';

export interface DeliveryProblem {
  code: number | null;
  /** The neutral name of it ("bot_not_in_group", "missing_scope", "gave_up" …, see explain.ts). */
  reason: string;
  /** What it means and what to do, in both languages. */
  explanation: Text;
  /** The latest time it happened, and how often since `since`. */
  at: Date;
  count: number;
  /** The platform's own words the last time. */
  lastError: string;
}

export interface DeliveryHealth {
  /** Sent, failed and cancelled since `since`; pending now. */
  sent: number;
  failed: number;
  cancelled: number;
  pending: number;
  /** Due time of the oldest pending row: far in the past means delivery is stuck. */
  oldestPendingDueAt?: Date;
  /** Distinct problems (by code and reason), newest first. */
  problems: DeliveryProblem[];
}

const isText = (v: unknown): v is Text =>
  typeof v === 'object' && v !== null && typeof (v as Text)['zh-CN'] === 'string' && typeof (v as Text).en === 'string';

/** For /setup: is what this team's bot says getting through, and if not, why and what to do. */
export async function deliveryHealth(
  db: Db,
  teamId: number,
  since: Date,
  opts: { maxProblems?: number } = {},
): Promise<DeliveryHealth> {
  const counts = await query<{ status: string; n: string | number; oldest: string | Date | null }>(
    db,
    sql`select status, count(*) as n, min(due_at) as oldest from outbox
        where team_id = ${teamId} and (status = 'pending' or finished_at >= ${ts(since)})
        group by status`,
  );
  const count = (s: string) => Number(counts.find((c) => c.status === s)?.n ?? 0);
  const oldest = counts.find((c) => c.status === 'pending')?.oldest;

  const problems = await query<{
    error_code: number | null;
    error_reason: string | null;
    last_error: string | null;
    attempts: number;
    finished_at: string | Date;
    explanation: Text | null;
    n: string | number;
  }>(
    db,
    sql`select distinct on (coalesce(error_code, 0), coalesce(error_reason, ''))
          error_code, error_reason, last_error, attempts, finished_at, result -> 'explanation' as explanation,
          count(*) over (partition by coalesce(error_code, 0), coalesce(error_reason, '')) as n
        from outbox
        where team_id = ${teamId} and status = 'failed' and finished_at >= ${ts(since)}
        order by coalesce(error_code, 0), coalesce(error_reason, ''), finished_at desc, id desc`,
  );
  return {
    sent: count('sent'),
    failed: count('failed'),
    cancelled: count('cancelled'),
    pending: count('pending'),
    ...(oldest ? { oldestPendingDueAt: new Date(oldest) } : {}),
    problems: problems
      .map((p) => {
        const reason = p.error_reason ?? 'rejected';
        return {
          code: p.error_code === null ? null : Number(p.error_code),
          reason,
          // As recorded, in the words of the row's platform; derived again only for rows without them.
          explanation: isText(p.explanation)
            ? p.explanation
            : explainFailure({ reason, code: p.error_code, message: p.last_error, attempts: Number(p.attempts) }),
          at: new Date(p.finished_at),
          count: Number(p.n),
          lastError: p.last_error ?? '',
        };
      })
      .sort((a, b) => b.at.getTime() - a.at.getTime())
      .slice(0, opts.maxProblems ?? 5),
  };
}

/**
 * Calls the bot made on `platform` this calendar month (in `timeZone`), across every team on it:
 * each sent or failed outbox row with its tries. What a platform with a monthly allowance (DingTalk's
 * standard edition) shows in /setup; an estimate — the token calls, which do not count, are left out.
 */
export async function callsThisMonth(db: Db, platform: string, timeZone: string, now: Date): Promise<number> {
  const start = DateTime.fromJSDate(now).setZone(timeZone).startOf('month').toJSDate();
  const [row] = await query<{ n: string | number | null }>(
    db,
    sql`select coalesce(sum(greatest(o.attempts, 1)), 0) as n from outbox o join teams t on t.id = o.team_id
        where t.platform = ${platform} and o.status in ('sent', 'failed') and o.finished_at >= ${ts(start)}`,
  );
  return Number(row?.n ?? 0);
}
