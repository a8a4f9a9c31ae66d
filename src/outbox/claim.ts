/**
 * Claiming outbox rows: due, pending, not held by anyone, in priority order, FOR UPDATE SKIP LOCKED
 * so replicas split the work. Rows are grouped in lanes (one chat, one user, one card): a pass takes
 * only the head of a lane, counting rows other replicas hold — so one replica owns a lane at a
 * time, a burst to one group cannot crowd out the others, and a lane keeps its order.
 */
import { sql } from 'drizzle-orm';
import { query, ts, type Db } from '../db/client';
import type { OutboxKind } from '../db/schema';

export interface OutboxRow {
  id: number;
  teamId: number | null;
  kind: OutboxKind;
  priority: number;
  target: Record<string, unknown>;
  payload: Record<string, unknown>;
  uuid: string;
  ref: string | null;
  guard: string | null;
  attempts: number;
  dueAt: Date;
  createdAt: Date;
  /** The generated column outbox.lane, as the database computed it ("row:<id>" for a row alone). */
  lane: string;
}

/** The lane a row shares with others (a chat, a user, a card); undefined for a row alone in its own. */
export const sharedLane = (row: Pick<OutboxRow, 'lane'>): string | undefined =>
  row.lane.startsWith('row:') ? undefined : row.lane;

interface RawRow {
  id: string | number;
  team_id: string | number | null;
  kind: OutboxKind;
  priority: number;
  target: unknown;
  payload: unknown;
  uuid: string;
  ref: string | null;
  guard: string | null;
  attempts: number;
  due_at: string | Date;
  created_at: string | Date;
  lane: string;
}

const json = (v: unknown) => (typeof v === 'string' ? JSON.parse(v) : v) as Record<string, unknown>;

function toRow(r: RawRow): OutboxRow {
  return {
    id: Number(r.id),
    teamId: r.team_id === null ? null : Number(r.team_id),
    kind: r.kind,
    priority: Number(r.priority),
    target: json(r.target),
    payload: json(r.payload),
    uuid: r.uuid,
    ref: r.ref,
    guard: r.guard,
    attempts: Number(r.attempts),
    dueAt: new Date(r.due_at),
    createdAt: new Date(r.created_at),
    lane: r.lane,
  };
}

/**
 * The head of every lane — its first due row, held or not — one per lane. A pass takes only heads:
 * a lane sends at most one row per quarter second anyway (rate-limit.ts), and while its head is
 * held (leased, or waiting for a rate slot) nobody claims the rows behind it only to be refused.
 *
 * Found by skipping from lane to lane along the outbox_lane index (a loose index scan), so a backlog of
 * thousands in one group costs a few index probes, not a sort of the backlog on every pass.
 */
const headsSql = (now: Date) => {
  const due = sql`status = 'pending' and due_at <= ${ts(now)}`;
  return sql`
    with recursive lanes(lane) as (
      select ''::text
      union all
      select (select lane from outbox where ${due} and lane > lanes.lane order by 1 limit 1)
      from lanes where lanes.lane is not null
    )
    select h.* from lanes cross join lateral (
      select id, lanes.lane, priority, due_at, claimed_until from outbox
      where ${due} and lane = lanes.lane
      order by priority, due_at, id limit 1
    ) h
    where lanes.lane is not null and lanes.lane <> ''`;
};

/**
 * Lane heads of priority `maxPriority` or more urgent, found from the few such rows (outbox_due)
 * rather than by walking every lane: a row is its lane's head when no due row comes before it there.
 */
const urgentHeadsSql = (now: Date, maxPriority: number) => sql`
  select o.id, o.claimed_until from outbox o
  where o.status = 'pending' and o.due_at <= ${ts(now)} and o.priority <= ${maxPriority}
    and not exists (
      select 1 from outbox b
      where b.lane = o.lane and b.status = 'pending' and b.due_at <= ${ts(now)}
        and (b.priority, b.due_at, b.id) < (o.priority, o.due_at, o.id))`;

/**
 * Claims due lane heads, most urgent first. `maxPriority`: only heads that urgent (the work loop's
 * lane for phone escalations, which must not wait for a pass of everything else).
 */
export async function claimDue(
  db: Db,
  now: Date,
  opts: { limit: number; leaseUntil: Date; token: string; maxPriority?: number },
): Promise<OutboxRow[]> {
  const heads = opts.maxPriority === undefined ? headsSql(now) : urgentHeadsSql(now, opts.maxPriority);
  // array(...) makes the planner compute the heads once, then lock by primary key; the conditions
  // are repeated outside so that a row another replica claimed meanwhile is re-checked and skipped.
  const rows = await query<RawRow>(
    db,
    sql`update outbox set claimed_until = ${ts(opts.leaseUntil)}, claimed_by = ${opts.token}
        where id in (
          select id from outbox
          where id = any(array(select id from (${heads}) heads where claimed_until is null or claimed_until <= ${ts(now)}))
            and status = 'pending' and due_at <= ${ts(now)} and (claimed_until is null or claimed_until <= ${ts(now)})
          order by priority, due_at, id
          limit ${opts.limit}
          for update skip locked
        )
        returning id, team_id, kind, priority, target, payload, uuid, ref, guard, attempts, due_at, created_at, lane`,
  );
  return rows
    .map(toRow)
    .sort((a, b) => a.priority - b.priority || a.dueAt.getTime() - b.dueAt.getTime() || a.id - b.id);
}

/**
 * When the next pending row may be taken: the earliest due time, or end of a hold, among lane
 * heads (the rows behind them wait for those), or the earliest row not due yet. `closedLanes`:
 * lanes the caller knows are closed until a time (it just used their quarter-second slot).
 */
export async function nextOutboxDue(
  db: Db,
  now: Date,
  closedLanes: ReadonlyMap<string, number> = new Map(),
): Promise<Date | undefined> {
  const closed = closedLanes.size
    ? sql`(values ${sql.join(
        [...closedLanes].map(([lane, until]) => sql`(${lane}, ${new Date(until).toISOString()}::timestamptz)`),
        sql`, `,
      )}) as closed(lane, until)`
    : sql`(select null::text as lane, null::timestamptz as until where false) as closed`;
  const [row] = await query<{ due: string | Date | null }>(
    db,
    sql`select least(
          (select min(greatest(h.due_at, h.claimed_until, closed.until))
             from (${headsSql(now)}) h left join ${closed} on closed.lane = h.lane),
          (select min(due_at) from outbox where status = 'pending' and due_at > ${ts(now)})
        ) as due`,
  );
  return row?.due ? new Date(row.due) : undefined;
}

/**
 * When the next row that urgent (priority ≤ `maxPriority`) can be taken — due, and out of any hold
 * (a rate slot's wait) — if later than `now`: the urgent lane sleeps until then, so that a phone
 * call enqueued ahead of its due time (a timer's lead) goes out on the dot, not on the next poll.
 */
export async function nextUrgentDue(db: Db, now: Date, maxPriority: number): Promise<Date | undefined> {
  const [row] = await query<{ due: string | Date | null }>(
    db,
    sql`select min(greatest(due_at, coalesce(claimed_until, due_at))) as due from outbox
        where status = 'pending' and priority <= ${maxPriority}
          and greatest(due_at, coalesce(claimed_until, due_at)) > ${ts(now)}`,
  );
  return row?.due ? new Date(row.due) : undefined;
}
