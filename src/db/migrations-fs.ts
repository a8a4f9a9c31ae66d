import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { splitStatements, type Migration } from './migrate';

const defaultDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../migrations');

/** Reads migrations/ as drizzle-kit wrote it (the journal gives the order). Node only. */
export async function loadMigrations(dir = defaultDir): Promise<Migration[]> {
  const journal = JSON.parse(await readFile(path.join(dir, 'meta/_journal.json'), 'utf8')) as {
    entries: { tag: string }[];
  };
  return Promise.all(
    journal.entries.map(async (e) => ({
      tag: e.tag,
      statements: splitStatements(await readFile(path.join(dir, `${e.tag}.sql`), 'utf8')),
    })),
  );
}
