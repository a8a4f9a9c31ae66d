/**
 * The console page is plain HTML, CSS and JS in ./public — no build step. Read once per start;
 * cards arrive already rendered (render/), so the page's script only places HTML and posts clicks.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
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

/** What the console's "示例文件" chips send: platform exports as a team would get them. */
export interface SampleFile {
  name: string;
  bytes: Uint8Array;
}

/**
 * The sample exports in ./public/samples (copies of test/fixtures/kpi, which make.ts builds, and
 * a keyword report like test/fixtures/keyword's: the
 * app never reads test/ at run time), read once per start like the page itself.
 */
export function consoleSamples(): SampleFile[] {
  const samples = new URL('samples/', dir);
  let names: string[];
  try {
    names = readdirSync(samples);
  } catch {
    return [];
  }
  return names
    .filter((n) => /\.(xlsx|xls|csv)$/i.test(n))
    .sort()
    .map((name) => ({ name, bytes: new Uint8Array(readFileSync(new URL(encodeURIComponent(name), samples))) }));
}

let vchart: string | null | undefined;
/**
 * VChart's browser build (@visactor/vchart, the version line Feishu's clients draw charts with),
 * read from node_modules on first use; null when it is not installed (the console then keeps its
 * SVG drawings).
 */
export function vchartScript(): string | null {
  if (vchart === undefined) {
    try {
      vchart = readFileSync(createRequire(import.meta.url).resolve('@visactor/vchart/build/index.min.js'), 'utf8');
    } catch {
      vchart = null;
    }
  }
  return vchart;
}
