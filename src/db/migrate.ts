import { sql } from 'drizzle-orm';
import { query, type Db } from './client';

export interface Migration {
  tag: string;
  statements: string[];
}

/**
 * Applies drizzle-kit's SQL migrations in order. We run them ourselves rather than with drizzle's
 * migrator because several replicas start at once against one Postgres: an advisory lock held by
 * the migrating transaction makes the others wait and then find nothing left to do.
 */
export async function applyMigrations(db: Db, migrations: Migration[]): Promise<string[]> {
  const applied: string[] = [];
  await db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(7253310141)`);
    await tx.execute(
      sql`create table if not exists floorwalker_migrations (tag text primary key, applied_at timestamptz not null default now())`,
    );
    const done = new Set(
      (await query<{ tag: string }>(tx, sql`select tag from floorwalker_migrations`)).map((r) => r.tag),
    );
    for (const m of migrations) {
      if (done.has(m.tag)) continue;
      for (const statement of m.statements) await tx.execute(sql.raw(statement));
      await tx.execute(sql`insert into floorwalker_migrations (tag) values (${m.tag})`);
      applied.push(m.tag);
    }
  });
  return applied;
}

export function splitStatements(text: string): string[] {
  return text
    .split('--> statement-breakpoint')
    .map((s) => s.trim())
    .filter(Boolean);
}
