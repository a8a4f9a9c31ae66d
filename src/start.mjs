/**
 * `npm start`: bundles floorwalker's own TypeScript with esbuild into .build/main.mjs and runs it
 * in this process. node_modules stay outside the bundle and load as Node loads them.
 *
 * Why not `tsx src/main.ts`, as before: tsx compiles each module as it is imported on a hooks
 * thread, and every import, node_modules included, makes a round trip to that thread. That was
 * about a second of a 3.2 s restart; this build takes a fraction of it (npm run bench startup).
 *
 * Several processes may start from one checkout at once (replicas on one host): each writes its own
 * file and renames it into place, so none imports a half-written bundle.
 */
import { build } from 'esbuild';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const outDir = `${root}.build/`;
const outfile = `${outDir}main.mjs`;

const built = await build({
  entryPoints: [`${root}src/main.ts`],
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  packages: 'external',
  outfile,
  sourcemap: 'linked',
  write: false,
  logLevel: 'warning',
  // The sandbox console's files, found where they are rather than beside the bundle.
  define: { FLOORWALKER_CONSOLE_DIR: JSON.stringify(`${root}src/sandbox/public/`) },
});

let entry = pathToFileURL(outfile).href;
try {
  await mkdir(outDir, { recursive: true });
  // The map first, so that the bundle never points at a map from another build.
  const files = [...built.outputFiles].sort((a) => (a.path.endsWith('.map') ? -1 : 1));
  for (const file of files) {
    const temp = `${file.path}.${process.pid}`;
    await writeFile(temp, file.contents);
    await rename(temp, file.path);
  }
  // Stack traces in the logs point into src/*.ts, not into the bundle.
  process.setSourceMapsEnabled(true);
} catch (err) {
  // A read-only checkout (some container images) cannot hold .build/: run the sources through tsx,
  // slower to start but the same program.
  process.stderr.write(`floorwalker: cannot write ${outDir} (${err instanceof Error ? err.message : String(err)}); starting through tsx instead\n`);
  const { register } = await import('tsx/esm/api');
  register();
  entry = pathToFileURL(`${root}src/main.ts`).href;
}
await import(entry);
