import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll } from 'vitest';
import { openPglite, openPostgres, type Database } from '../../src/db/client';
import { applyMigrations } from '../../src/db/migrate';
import { loadMigrations } from '../../src/db/migrations-fs';

export interface TestDatabase extends Database {
  /** A connection string for this test's own database (Postgres only), e.g. for a second replica. */
  url?: string;
  destroy(): Promise<void>;
}

export const usingPostgres = (): boolean => Boolean(process.env.TEST_DATABASE_URL);

/**
 * A fresh, migrated database for one test file: in-memory PGlite by default, or — when
 * TEST_DATABASE_URL is set — a database of its own on that Postgres server, dropped afterwards.
 */
export async function openTestDatabase(): Promise<TestDatabase> {
  const admin = process.env.TEST_DATABASE_URL;
  if (!admin) {
    const db = await openPglite(undefined);
    await applyMigrations(db.db, await loadMigrations());
    return { ...db, destroy: () => db.close() };
  }
  return throwawayPostgres(admin);
}

/**
 * A test file's database: opened (openTestDatabase) before its tests, destroyed after them. The
 * object returned is filled in by beforeAll, so use it inside tests and hooks, not at collection.
 */
export function useTestDatabase(): TestDatabase {
  const database = {} as TestDatabase;
  beforeAll(async () => {
    Object.assign(database, await openTestDatabase());
  });
  afterAll(() => database.destroy?.());
  return database;
}

/** The Postgres server the benches and the Worker test use: TEST_DATABASE_URL, else a local one. */
export const postgresAdminUrl = (): string =>
  process.env.TEST_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/test';

/** A throwaway database for a bench (fw_bench_*) on postgresAdminUrl(); destroy() drops it. */
export const benchDatabase = () => throwawayPostgres(postgresAdminUrl(), 'fw_bench');

/** A new database on that server (tests: fw_test_*, benches: fw_bench_*), migrated; destroy() drops it. */
export async function throwawayPostgres(admin: string, prefix = 'fw_test'): Promise<TestDatabase & { url: string }> {
  const name = `${prefix}_${randomBytes(6).toString('hex')}`;
  const { default: postgres } = await import('postgres');
  const root = postgres(admin, { max: 1, onnotice: () => {} });
  await root.unsafe(`create database ${name}`);
  const url = new URL(admin);
  url.pathname = `/${name}`;
  const db = await openPostgres(url.toString(), { max: 10 });
  await applyMigrations(db.db, await loadMigrations());
  let closed = false;
  return {
    ...db,
    url: url.toString(),
    close: async () => {
      if (!closed) await db.close();
      closed = true;
    },
    destroy: async () => {
      if (!closed) await db.close();
      closed = true;
      await root.unsafe(`drop database if exists ${name} with (force)`);
      await root.end();
    },
  };
}
