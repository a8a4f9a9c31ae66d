/**
 * The console page is plain HTML, CSS and JS in ./public — no build step. Read once per start;
 * cards arrive already rendered (render/), so the page's script only places HTML and posts clicks.
 */
import { readFileSync } from 'node:fs';

const read = (name: string) => readFileSync(new URL(`./public/${name}`, import.meta.url), 'utf8');

export function consoleAssets(): { html: string; js: string; css: string } {
  return { html: read('console.html'), js: read('console.js'), css: read('console.css') };
}
