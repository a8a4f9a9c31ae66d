/**
 * The console page is plain HTML, CSS and JS in ./public — no build step. Read once per start;
 * cards arrive already rendered (render/), so the page's script only places HTML and posts clicks.
 */
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

/** Set by `npm start`'s bundle (src/start.mjs), whose own location is .build/; unset under tsx and vitest. */
declare const FLOORWALKER_CONSOLE_DIR: string | undefined;
const dir =
  typeof FLOORWALKER_CONSOLE_DIR === 'string'
    ? pathToFileURL(FLOORWALKER_CONSOLE_DIR)
    : new URL('./public/', import.meta.url);
const read = (name: string) => readFileSync(new URL(name, dir), 'utf8');

export function consoleAssets(): { html: string; js: string; css: string } {
  return { html: read('console.html'), js: read('console.js'), css: read('console.css') };
}
