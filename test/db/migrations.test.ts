import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { query } from '../../src/db/client';
import { applyMigrations } from '../../src/db/migrate';
import { loadMigrations } from '../../src/db/migrations-fs';
import { openTestDatabase, type TestDatabase } from '../helpers/db';

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

  it('lets two replicas migrate at once without failing', async () => {
    const migrations = await loadMigrations();
    const results = await Promise.all([applyMigrations(db.db, migrations), applyMigrations(db.db, migrations)]);
    expect(results.flat()).toEqual([]);
  });
});

describe('embedded migrations (what Workers apply)', () => {
  it('match migrations/ exactly — run `npm run db:generate` after changing the schema', async () => {
    const { embeddedMigrations } = await import('../../src/db/migrations.generated');
    expect(embeddedMigrations).toEqual(await loadMigrations());
  });
});
