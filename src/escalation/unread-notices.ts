/**
 * "Too many unread buzzes" told to the group, gathered per group and person. In a storm (many
 * subjects at once, a supervisor who has not read their buzzes) each refused buzz used to post its
 * own message: noise when the group is busiest, and outbox rows the real work needed.
 *
 * The first refusal for someone is told at once, in the subject's own words: a lone one is news a
 * supervisor can act on (read the buzzes), and waiting for company would only delay it. Refusals
 * for them in the next GATHER_MS are gathered and told together when it ends, and each gathered
 * notice opens another such window — so a storm that goes on costs one message per person per
 * GATHER_MS, not one per refusal. The escalation never waits for any of this: the outcome moves on
 * to the next person in the same transaction that records the refusal.
 *
 * All of it is rows: the window row (unread_notice_windows, locked FOR UPDATE, puts refusals and
 * the gathered notice of one person in order across replicas), the refusals (unique by the buzz,
 * so a refusal is recorded once), and an escalation.unread timer for the gathered notice, whose
 * outbox uuid is the timer's ref. A crash rolls back the transaction doing it, which runs again.
 */
import { sql } from 'drizzle-orm';
import { localeOf, teamOf, type Team } from '../core/teams';
import { scheduleTimer, type TimerHandler } from '../core/timers';
import { query, ts, type Db } from '../db/client';
import { notifyGroup } from './outbox-ops';
import { refs, TIMER } from './refs';
import { gatheredNotice } from './unread-text';

/** Long enough to gather a storm's refusals, short enough that what is gathered is still news. */
export const GATHER_MS = 30_000;
/** Refusals told this long ago are forgotten (they are kept only to record each one once). */
const KEEP_MS = 24 * 3600_000;

export interface UnreadRefusal {
  openIds: string[];
  /** The refused buzz: subject, row, cycle, step (with the people, what records it once). */
  source: string;
  /** "店铺异常": what the list calls the subject before its number. */
  label: string;
  /** Null: a subject whose number the group is not told (EscalationSubject.unnumberedInGroup). */
  subjectId: number | null;
  /** The subject's own sentence, for a refusal told alone. */
  alone: string;
  mention: string;
}

interface Window {
  quiet_from: string | Date;
  gathering: boolean;
  seq: number;
}

const whoOf = (openIds: readonly string[]) => [...new Set(openIds)].sort().join(',');

async function lockWindow(db: Db, teamId: number, who: string, now: Date): Promise<Window> {
  await query(
    db,
    sql`insert into unread_notice_windows (team_id, who, quiet_from) values (${teamId}, ${who}, ${ts(now)})
        on conflict do nothing`,
  );
  const [w] = await query<Window>(
    db,
    sql`select quiet_from, gathering, seq from unread_notice_windows
        where team_id = ${teamId} and who = ${who} for update`,
  );
  return w!;
}

/** Records a refused buzz and tells the group now, or gathers it for the notice at the window's end. */
export async function tellUnreadRefusal(db: Db, team: Team, r: UnreadRefusal, now: Date): Promise<void> {
  const who = whoOf(r.openIds);
  const source = `${r.source}:${who}`;
  const w = await lockWindow(db, team.id, who, now);
  const quietFrom = new Date(w.quiet_from);
  const atOnce = !w.gathering && quietFrom.getTime() <= now.getTime();
  const [added] = await query<{ id: string | number }>(
    db,
    sql`insert into unread_refusals (team_id, who, source, label, subject_id, alone, mention, created_at, told_at)
        values (${team.id}, ${who}, ${source}, ${r.label}, ${r.subjectId}, ${r.alone}, ${r.mention}, ${ts(now)},
                ${atOnce ? ts(now) : null})
        on conflict (source) do nothing returning id`,
  );
  if (!added) return; // recorded (and told or gathered) before
  if (atOnce) {
    await notifyGroup(db, team, r.alone, source, now);
    await openWindow(db, team.id, who, now);
  } else if (!w.gathering) {
    const seq = w.seq + 1;
    await scheduleTimer(
      db,
      {
        teamId: team.id,
        kind: TIMER.unread,
        ref: refs.unreadNotice(team.id, who, seq),
        dueAt: quietFrom,
        payload: { who, seq },
      },
      now,
    );
    await query(
      db,
      sql`update unread_notice_windows set gathering = true, seq = ${seq} where team_id = ${team.id} and who = ${who}`,
    );
  }
}

/** A notice just went: refusals in the next GATHER_MS wait for the next one. */
async function openWindow(db: Db, teamId: number, who: string, now: Date): Promise<void> {
  await query(
    db,
    sql`update unread_notice_windows set gathering = false, quiet_from = ${ts(new Date(now.getTime() + GATHER_MS))}
        where team_id = ${teamId} and who = ${who}`,
  );
  await query(
    db,
    sql`delete from unread_refusals where team_id = ${teamId} and who = ${who}
        and told_at is not null and created_at < ${ts(new Date(now.getTime() - KEEP_MS))}`,
  );
}

interface Gathered {
  id: string | number;
  label: string;
  subject_id: string | number | null;
  alone: string;
  mention: string;
}

/** escalation.unread: the window ended; tells the group what was gathered in it, in one message. */
export const runUnreadNotice: TimerHandler = async (deps, timer) => {
  const { who, seq } = timer.payload as { who: string; seq: number };
  const teamId = timer.teamId!;
  const now = deps.clock.now();
  const w = await lockWindow(deps.db, teamId, who, now);
  if (!w.gathering || w.seq !== seq) return; // told already (the window row says which notice is due)
  const rows = await query<Gathered>(
    deps.db,
    sql`select id, label, subject_id, alone, mention from unread_refusals
        where team_id = ${teamId} and who = ${who} and told_at is null order by id`,
  );
  if (!rows.length) {
    // Nothing gathered after all: the window's end has passed, so the next refusal is told at once.
    await query(
      deps.db,
      sql`update unread_notice_windows set gathering = false where team_id = ${teamId} and who = ${who}`,
    );
    return;
  }
  const team = await teamOf(deps.db, teamId);
  const items = rows.map((r) => ({ label: r.label, subjectId: r.subject_id === null ? null : Number(r.subject_id) }));
  const last = rows.at(-1)!;
  // One subject refused twice (two steps naming the same people) is still one: told in its own words.
  const one = new Set(rows.map((r) => `${r.label}#${r.subject_id ?? `row${r.id}`}`)).size === 1;
  const text = one ? last.alone : gatheredNotice(localeOf(deps.config, team), last.mention, items);
  await notifyGroup(deps.db, team, text, timer.ref, now);
  await query(
    deps.db,
    sql`update unread_refusals set told_at = ${ts(now)} where id in (${sql.join(
      rows.map((r) => sql`${Number(r.id)}`),
      sql`, `,
    )})`,
  );
  await openWindow(deps.db, teamId, who, now);
};
