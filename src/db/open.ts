import { mkdir } from 'node:fs/promises';
import type { Config } from '../config';
import { openPglite, openPostgres, type Database, type PostgresOptions } from './client';
import { applyMigrations } from './migrate';
import { embeddedMigrations } from './migrations.generated';
import { lockDataDir } from './data-dir-lock';

/**
 * A Node replica's connections: 8 for the outbox, timers, jobs and card actions, 2 kept for
 * accepting events, 4 for messages' work (one per work slot). 14 in all, so seven replicas fit in
 * Postgres's default max_connections of 100.
 */
export const NODE_POOLS: PostgresOptions = { max: 8, lanes: { accept: 2, replayable: 4 } };

/** Opens the configured database and brings its schema up to date (Node runtime). */
export async function openDatabase(config: Config['database']): Promise<Database> {
  let database: Database;
  if (config.kind === 'postgres') {
    database = await openPostgres(config.url, NODE_POOLS);
    // postgres.js connects lazily: ask once so an unreachable DATABASE_URL is said plainly, at start.
    await database.ping().catch(async (err: unknown) => {
      await database.close().catch(() => {});
      const host = new URL(config.url).host;
      throw new Error(
        `cannot reach the database at DATABASE_URL (${host}): ${err instanceof Error ? err.message : String(err)}`,
      );
    });
  } else {
    await mkdir(config.dataDir, { recursive: true });
    const unlock = lockDataDir(config.dataDir);
    try {
      const pglite = await openPglite(config.dataDir);
      database = { ...pglite, close: () => pglite.close().finally(unlock) };
    } catch (err) {
      unlock();
      throw err;
    }
  }
  await applyMigrations(database.db, embeddedMigrations);
  return database;
}
