/**
 * A subject's timeline kept on its own row as a jsonb array (small: a few buzzes and skips), for
 * subjects that need no table of events of their own: `record` appends each event once (by its
 * source), `buzzed` reads who was buzzed. The subject names its table and columns.
 */
import { eq, sql } from 'drizzle-orm';
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core';
import type { Db } from '../db/client';
import type { EscalationSubject } from './subject';

interface StoredEvent {
  kind?: unknown;
  openIds?: unknown;
  source?: unknown;
}

export function rowTimeline(
  table: PgTable,
  columns: { id: PgColumn; events: PgColumn },
): Pick<EscalationSubject, 'record' | 'buzzed'> {
  const load = async (tx: Db, id: number): Promise<StoredEvent[]> => {
    const [row] = await tx.select({ events: columns.events }).from(table).where(eq(columns.id, id));
    return (row?.events as StoredEvent[] | undefined) ?? [];
  };
  return {
    async record(tx, id, events) {
      if (!events.length) return;
      const seen = new Set((await load(tx, id)).map((e) => e.source));
      const fresh = events.filter((e) => !seen.has(e.source)).map((e) => ({ ...e, at: e.at.toISOString() }));
      if (!fresh.length) return;
      await tx.execute(
        sql`update ${table} set ${sql.identifier(columns.events.name)} = ${columns.events} || ${JSON.stringify(fresh)}::jsonb where ${columns.id} = ${id}`,
      );
    },
    async buzzed(tx, id) {
      const ids = (await load(tx, id))
        .filter((e) => e.kind === 'buzz')
        .flatMap((e) => (Array.isArray(e.openIds) ? (e.openIds as string[]) : []));
      return [...new Set(ids)];
    },
  };
}
