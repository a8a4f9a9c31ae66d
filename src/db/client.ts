import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { sql, type SQL } from 'drizzle-orm';
/**
 * Both PGlite and postgres.js drizzle instances satisfy this; code never cares which. No schema
 * generic: nothing uses drizzle's relational queries, and db must not import the features' tables.
 */
export type Db = PgDatabase<PgQueryResultHKT>;
/** A transaction is usable wherever a Db is. */
export type Tx = Db;

export interface Database {
  db: Db;
  kind: 'pglite' | 'postgres';
  /** Connections of their own for accepting events (see Deps.acceptDb); unset: `db`. */
  acceptDb?: Db;
  /** Connections that commit without waiting for the disk (see Deps.replayableDb); unset: `db`. */
  replayableDb?: Db;
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

export interface PostgresOptions {
  /** Connections for everything but the lanes below. */
  max?: number;
  /**
   * Pools of their own for accepting events and for replayable work (a long-running Node process).
   * Without them one pool serves all, which is what a Worker's per-request client wants.
   */
  lanes?: { accept: number; replayable: number };
}

export async function openPostgres(url: string, opts: PostgresOptions = {}): Promise<Database> {
  const { default: postgres } = await import('postgres');
  const { drizzle } = await import('drizzle-orm/postgres-js');
  const pool = (max: number, connection?: Record<string, string>) =>
    postgres(url, { max, onnotice: () => {}, connect_timeout: 10, connection });
  const main = pool(opts.max ?? 10);
  const lanes = opts.lanes && {
    accept: pool(opts.lanes.accept),
    replayable: pool(opts.lanes.replayable, { synchronous_commit: 'off' }),
  };
  const wrap = (client: ReturnType<typeof pool>) => drizzle(client) as unknown as Db;
  return {
    db: wrap(main),
    kind: 'postgres',
    ...(lanes && { acceptDb: wrap(lanes.accept), replayableDb: wrap(lanes.replayable) }),
    // Every pool: a pooler that refuses the replayable pool's start-up setting (synchronous_commit)
    // must fail the start and /healthz, not every message's work later.
    ping: async () => {
      await main`select 1`;
      if (lanes) {
        await lanes.accept`select 1`;
        await lanes.replayable`select 1`.catch((err: unknown) => {
          throw new Error(
            `the connections for messages' work (synchronous_commit=off) were refused: ${err instanceof Error ? err.message : String(err)}`,
          );
        });
      }
    },
    close: async () => {
      await Promise.all([main, ...(lanes ? [lanes.accept, lanes.replayable] : [])].map((c) => c.end({ timeout: 5 })));
    },
  };
}

export async function openPglite(dataDir: string | undefined): Promise<Database> {
  const { PGlite } = await import('@electric-sql/pglite');
  const { drizzle } = await import('drizzle-orm/pglite');
  // dataDir undefined → in-memory (tests); a path → persisted across restarts.
  const client = dataDir ? new PGlite(dataDir) : new PGlite();
  await client.waitReady;
  const db = drizzle(client) as unknown as Db;
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
