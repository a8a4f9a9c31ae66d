import { mkdir } from 'node:fs/promises';
import type { Config } from '../config';
import { openPglite, openPostgres, type Database } from './client';
import { applyMigrations } from './migrate';
import { embeddedMigrations } from './migrations.generated';

/** Opens the configured database and brings its schema up to date (Node runtime). */
export async function openDatabase(config: Config['database']): Promise<Database> {
  let database: Database;
  if (config.kind === 'postgres') {
    database = await openPostgres(config.url);
  } else {
    await mkdir(config.dataDir, { recursive: true });
    database = await openPglite(config.dataDir);
  }
  await applyMigrations(database.db, embeddedMigrations);
  return database;
}
