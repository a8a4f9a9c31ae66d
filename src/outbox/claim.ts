/**
 * Claiming outbox rows: due, pending, not held by anyone, in priority order, FOR UPDATE SKIP LOCKED
 * so replicas split the work. Rows are grouped in lanes (one chat, one user, one card): a pass takes
 * only the head of a lane, counting rows other replicas hold — so one replica owns a lane's head at
 * a time, a burst to one group cannot crowd out the others, and a lane keeps its order.
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
}

/**
 * Rows of one lane a pass may take. One: a lane sends at most one row per quarter second anyway
 * (rate-limit.ts), and a row held for a rate slot then holds its whole lane, so nobody keeps
 * claiming rows that would only be refused.
 */
export const PER_LANE = 1;

/**
 * The lane of a row, in SQL. Keep in step with laneOf(). Sends and replies queue per chat (or per
 * user for p2p sends), patches per card; buzzes and callback updates each stand alone.
 */
const LANE_SQL = sql.raw(`case kind
  when 'send' then coalesce('chat:' || (target->>'chatId'), 'user:' || (target->>'openId'))
  when 'reply' then coalesce('chat:' || (target->>'chatId'), 'reply:' || (target->>'messageId'))
  when 'patch' then coalesce('msg:' || (target->>'messageId'), 'ref:' || (target->>'ref'))
end`);

const str = (v: unknown): string | undefined => (typeof v === 'string' && v ? v : undefined);

export function laneOf(row: Pick<OutboxRow, 'kind' | 'target'>): string | undefined {
  const t = row.target;
  switch (row.kind) {
    case 'send':
      return str(t.chatId) ? `chat:${t.chatId}` : str(t.openId) ? `user:${t.openId}` : undefined;
    case 'reply':
      return str(t.chatId) ? `chat:${t.chatId}` : str(t.messageId) ? `reply:${t.messageId}` : undefined;
    case 'patch':
      return str(t.messageId) ? `msg:${t.messageId}` : str(t.ref) ? `ref:${t.ref}` : undefined;
    default:
      return undefined;
  }
}

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
  };
}

export async function claimDue(db: Db, now: Date, opts: { limit: number; leaseUntil: Date; token: string }): Promise<OutboxRow[]> {
  const rows = await query<RawRow>(
    db,
    sql`with ranked as (
          select id, row_number() over (partition by coalesce(${LANE_SQL}, 'row:' || id::text) order by priority, due_at, id) as rn
          from outbox
          where status = 'pending' and due_at <= ${ts(now)}
        )
        update outbox set claimed_until = ${ts(opts.leaseUntil)}, claimed_by = ${opts.token}
        where id in (
          select c.id from outbox c join ranked r on r.id = c.id
          where r.rn <= ${PER_LANE} and c.status = 'pending' and c.due_at <= ${ts(now)}
            and (c.claimed_until is null or c.claimed_until <= ${ts(now)})
          order by c.priority, c.due_at, c.id
          limit ${opts.limit}
          for update of c skip locked
        )
        returning id, team_id, kind, priority, target, payload, uuid, ref, guard, attempts, due_at, created_at`,
  );
  return rows.map(toRow).sort((a, b) => a.priority - b.priority || a.dueAt.getTime() - b.dueAt.getTime() || a.id - b.id);
}

/**
 * When the next pending row may be taken: the earliest due time, or end of a hold, among rows at
 * the head of their lanes (the rows behind them wait for those), or the earliest row not due yet.
 */
export async function nextOutboxDue(db: Db, now: Date): Promise<Date | undefined> {
  const [row] = await query<{ due: string | Date | null }>(
    db,
    sql`with ranked as (
          select due_at, claimed_until,
                 row_number() over (partition by coalesce(${LANE_SQL}, 'row:' || id::text) order by priority, due_at, id) as rn
          from outbox where status = 'pending' and due_at <= ${ts(now)}
        )
        select least(
          (select min(greatest(due_at, coalesce(claimed_until, due_at))) from ranked where rn <= ${PER_LANE}),
          (select min(due_at) from outbox where status = 'pending' and due_at > ${ts(now)})
        ) as due`,
  );
  return row?.due ? new Date(row.due) : undefined;
}
