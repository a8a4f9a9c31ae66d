import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { sql, type SQL } from 'drizzle-orm';
import * as schema from './schema';

export type Schema = typeof schema;
/** Both PGlite and postgres.js drizzle instances satisfy this; code never cares which. */
export type Db = PgDatabase<PgQueryResultHKT, Schema>;
/** A transaction is usable wherever a Db is. */
export type Tx = Db;

export interface Database {
  db: Db;
  kind: 'pglite' | 'postgres';
  /** Cheap liveness probe for /healthz. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

/** Raw SQL, rows back, identical on both drivers (PGlite returns {rows}, postgres.js an array). */
export async function query<T = Record<string, unknown>>(db: Db, q: SQL): Promise<T[]> {
  const res = (await db.execute(q)) as unknown;
  if (Array.isArray(res)) return res as T[];
  return ((res as { rows?: T[] }).rows ?? []) as T[];
}

export async function openPostgres(url: string, opts: { max?: number } = {}): Promise<Database> {
  const { default: postgres } = await import('postgres');
  const { drizzle } = await import('drizzle-orm/postgres-js');
  const sql = postgres(url, { max: opts.max ?? 10, onnotice: () => {}, connect_timeout: 10 });
  const db = drizzle(sql, { schema }) as unknown as Db;
  return {
    db,
    kind: 'postgres',
    ping: async () => {
      await sql`select 1`;
    },
    close: () => sql.end({ timeout: 5 }),
  };
}

export async function openPglite(dataDir: string | undefined): Promise<Database> {
  const { PGlite } = await import('@electric-sql/pglite');
  const { drizzle } = await import('drizzle-orm/pglite');
  // dataDir undefined → in-memory (tests); a path → persisted across restarts.
  const client = dataDir ? new PGlite(dataDir) : new PGlite();
  await client.waitReady;
  const db = drizzle(client, { schema }) as unknown as Db;
  return {
    db,
    kind: 'pglite',
    ping: async () => {
      await client.query('select 1');
    },
    close: () => client.close(),
  };
}

/**
 * A timestamp parameter for raw SQL. Pass Dates through this, never bare: drizzle's postgres.js
 * driver expects timestamps as strings and throws on a Date inside sql`…` (PGlite accepts both).
 */
export const ts = (d: Date): SQL => sql`${d.toISOString()}::timestamptz`;
