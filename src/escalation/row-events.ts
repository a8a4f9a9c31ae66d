/**
 * A subject whose timeline is a jsonb `events` column on its own row (a violation, an inspection):
 * the engine's `record` and `buzzed` for it, written once. `record` adds each event once (by its
 * `source`), so a re-run step adds nothing.
 */
import { eq, sql } from 'drizzle-orm';
import type { AnyPgColumn, PgTable } from 'drizzle-orm/pg-core';
import type { EscalationSubject, SubjectStatus } from './subject';

type WithEvents = PgTable & { id: AnyPgColumn; events: AnyPgColumn };

export function rowEvents(table: WithEvents): Pick<EscalationSubject, 'record' | 'buzzed'> {
  const load = async (tx: Parameters<EscalationSubject['record']>[0], id: number) => {
    const [row] = (await tx
      .select({ events: table.events })
      .from(table as PgTable)
      .where(eq(table.id, id))) as {
      events: Record<string, unknown>[] | null;
    }[];
    return row?.events ?? [];
  };
  return {
    async record(tx, id, events) {
      if (!events.length) return;
      const seen = new Set((await load(tx, id)).map((e) => e.source));
      const fresh = events.filter((e) => !seen.has(e.source)).map((e) => ({ ...e, at: e.at.toISOString() }));
      if (fresh.length)
        await tx
          .update(table)
          .set({ events: sql`${table.events} || ${JSON.stringify(fresh)}::jsonb` } as never)
          .where(eq(table.id, id));
    },
    async buzzed(tx, id) {
      const ids = (await load(tx, id)).filter((e) => e.kind === 'buzz').flatMap((e) => (e.openIds as string[]) ?? []);
      return [...new Set(ids)];
    },
  };
}

type WithStatus = PgTable & { id: AnyPgColumn; status: AnyPgColumn };

/** The engine's `sharedStatus` for a subject whose row has a `status` column: read under a share lock. */
export function sharedStatusOf(table: WithStatus): EscalationSubject['sharedStatus'] {
  return async (tx, id) => {
    const [row] = (await tx
      .select({ status: table.status })
      .from(table as PgTable)
      .where(eq(table.id, id))
      .for('share')) as { status: SubjectStatus }[];
    return row?.status;
  };
}

type Tx = Parameters<EscalationSubject['record']>[0];
type EngineEvent = Parameters<EscalationSubject['record']>[2][number];

/**
 * A subject whose timeline is a table of its own (anomaly_events, incident_events): the engine's
 * `record` and `buzzed` over the feature's add and load (each adds an event once, by its source).
 */
export function eventLog(
  add: (tx: Tx, id: number, events: EngineEvent[]) => Promise<unknown>,
  load: (tx: Tx, id: number) => Promise<{ kind: string; openIds: string[] }[]>,
): Pick<EscalationSubject, 'record' | 'buzzed'> {
  return {
    record: async (tx, id, events) => void (await add(tx, id, events)),
    async buzzed(tx, id) {
      const events = await load(tx, id);
      return [...new Set(events.filter((e) => e.kind === 'buzz').flatMap((e) => e.openIds))];
    },
  };
}
