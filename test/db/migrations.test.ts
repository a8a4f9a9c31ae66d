import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { randomBytes } from 'node:crypto';
import { openPglite, openPostgres, query, type Database } from '../../src/db/client';
import { applyMigrations } from '../../src/db/migrate';
import { loadMigrations } from '../../src/db/migrations-fs';
import { openTestDatabase, usingPostgres, type TestDatabase } from '../helpers/db';

/** The key applyMigrations takes its advisory lock on (src/db/migrate.ts). */
const MIGRATION_LOCK = 7253310141n;

describe('migrations', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await openTestDatabase();
  });
  afterAll(() => db.destroy());

  it('creates every table of the schema', async () => {
    const rows = await query<{ table_name: string }>(
      db.db,
      sql`select table_name from information_schema.tables where table_schema = 'public' order by table_name`,
    );
    const names = rows.map((r) => r.table_name);
    for (const t of ['teams', 'members', 'stores', 'inbound_events', 'outbox', 'rate_slots', 'job_runs', 'timers']) {
      expect(names).toContain(t);
    }
  });

  it('applies nothing the second time (a restart or a second replica)', async () => {
    expect(await applyMigrations(db.db, await loadMigrations())).toEqual([]);
  });

  it('lets two replicas migrate a fresh database at once: one applies everything, the other waits for its lock and finds nothing', async () => {
    const migrations = await loadMigrations();
    const tags = migrations.map((m) => m.tag);
    if (!usingPostgres()) {
      // PGlite: one connection per database, so two replicas cannot share one; two migrations on a
      // fresh, unmigrated database through the one connection still must not both apply.
      const fresh = await openPglite(undefined);
      try {
        const results = await Promise.all([
          applyMigrations(fresh.db, migrations),
          applyMigrations(fresh.db, migrations),
        ]);
        expect(results.map((r) => r.length).sort()).toEqual([0, tags.length]);
        expect(
          (await query<{ tag: string }>(fresh.db, sql`select tag from floorwalker_migrations order by tag`)).map(
            (r) => r.tag,
          ),
        ).toEqual([...tags].sort());
      } finally {
        await fresh.close();
      }
      return;
    }

    // Postgres: a fresh database, two replicas with pools of their own, and a third session that
    // holds the migration lock until both are seen waiting for it in pg_locks.
    const admin = process.env.TEST_DATABASE_URL!;
    const { default: postgres } = await import('postgres');
    const root = postgres(admin, { max: 1, onnotice: () => {} });
    const name = `fw_test_mig_${randomBytes(6).toString('hex')}`;
    await root.unsafe(`create database ${name}`);
    const url = new URL(admin);
    url.pathname = `/${name}`;
    const gate = postgres(url.toString(), { max: 1, onnotice: () => {} });
    const replicas: Database[] = [];
    try {
      replicas.push(await openPostgres(url.toString(), { max: 2 }), await openPostgres(url.toString(), { max: 2 }));
      const waiting = async () =>
        Number(
          (
            await gate`select count(*)::int as n from pg_locks
              where locktype = 'advisory' and not granted and database = (select oid from pg_database where datname = current_database())
                and ((classid::bigint << 32) | objid::bigint) = ${MIGRATION_LOCK.toString()}::bigint`
          )[0]!.n,
        );
      await gate`select pg_advisory_lock(${MIGRATION_LOCK.toString()}::bigint)`;
      const running = replicas.map((r) => applyMigrations(r.db, migrations));
      await expect.poll(waiting).toBe(2); // both replicas are blocked on the lock, nothing applied yet
      expect((await gate`select to_regclass('floorwalker_migrations') as t`)[0]!.t).toBeNull();
      await gate`select pg_advisory_unlock(${MIGRATION_LOCK.toString()}::bigint)`;
      const results = await Promise.all(running);
      // The one that got the lock first applied everything; the other waited for that transaction
      // (had it not, it would have applied them too, or failed on "already exists").
      expect(results.map((r) => r.length).sort()).toEqual([0, tags.length]);
      const applied = await gate<{ tag: string }[]>`select tag from floorwalker_migrations order by tag`;
      expect(applied.map((r) => r.tag)).toEqual([...tags].sort());
      expect(await waiting()).toBe(0);
    } finally {
      for (const r of replicas) await r.close();
      await gate.end();
      await root.unsafe(`drop database if exists ${name} with (force)`);
      await root.end();
    }
  });
});

describe('embedded migrations (what Workers apply)', () => {
  it('match migrations/ exactly — run `npm run db:generate` after changing the schema', async () => {
    const { embeddedMigrations } = await import('../../src/db/migrations.generated');
    expect(embeddedMigrations).toEqual(await loadMigrations());
  });
});
