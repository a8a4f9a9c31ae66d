/** `npm run db:migrate`: bring DATABASE_URL (or the PGlite data dir) up to date, then exit. */
import { loadConfig, ConfigError } from '../config';
import { openDatabase } from './open';

try {
  const config = loadConfig(process.env);
  const db = await openDatabase(config.database);
  await db.close();
  console.log(`migrated ${config.database.kind === 'postgres' ? 'Postgres' : `PGlite in ${config.database.dataDir}`}`);
} catch (err) {
  console.error(
    err instanceof ConfigError ? err.message : `migration failed: ${err instanceof Error ? err.message : String(err)}`,
  );
  process.exit(1);
}
