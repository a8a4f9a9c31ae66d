/**
 * `npm start`: bundles floorwalker's own TypeScript with esbuild into .build/main.mjs and runs it
 * in this process. node_modules stay outside the bundle and load as Node loads them.
 *
 * Why not `tsx src/main.ts`, as before: tsx compiles each module as it is imported on a hooks
 * thread, and every import, node_modules included, makes a round trip to that thread. That was
 * about a second of a 3.2 s restart (npm run bench startup).
 *
 * The bundle is rebuilt only when the sources it was built from changed, by content (not mtime: a
 * deploy that copies older files over newer ones must not run a stale bundle).
 *
 * Several processes may start from one checkout at once (replicas on one host): each writes its own
 * files and renames them into place, so none imports a half-written bundle.
 */
import { createHash } from 'node:crypto';
import { access, mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const outDir = `${root}.build/`;
const outfile = `${outDir}main.mjs`;
const manifest = `${outDir}inputs.json`;
const consoleDir = `${root}src/sandbox/public/`;

/** A digest of the files (and of this script, whose options shape the bundle); undefined if one is gone. */
async function digest(files) {
  const hash = createHash('sha256').update(await readFile(fileURLToPath(import.meta.url)));
  for (const file of files) {
    try {
      hash.update(file).update(await readFile(`${root}${file}`));
    } catch {
      return undefined;
    }
  }
  return hash.digest('hex');
}

async function upToDate() {
  try {
    const { files, hash } = JSON.parse(await readFile(manifest, 'utf8'));
    await access(outfile);
    await access(`${outDir}webhook-thread.mjs`);
    return hash === (await digest(files));
  } catch {
    return false;
  }
}

async function bundle() {
  const { build } = await import('esbuild');
  const built = await build({
    absWorkingDir: root,
    // The webhook thread (FEISHU_WEBHOOK_PORT) is a module of its own, loaded beside main.mjs.
    entryPoints: ['src/main.ts', 'src/webhook-thread.ts'],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    outdir: outDir,
    entryNames: '[name]',
    outExtension: { '.js': '.mjs' },
    sourcemap: 'linked',
    write: false,
    metafile: true,
    logLevel: 'warning',
    // The sandbox console's files, found where they are rather than beside the bundle.
    define: { FLOORWALKER_CONSOLE_DIR: JSON.stringify(consoleDir) },
  });
  // Paths relative to the checkout (absWorkingDir), so a moved checkout still matches.
  const files = Object.keys(built.metafile.inputs);
  const maps = built.outputFiles.filter((f) => f.path.endsWith('.map'));
  // main.mjs last of the bundles: a bundle in place always finds the webhook thread's beside it.
  const code = built.outputFiles
    .filter((f) => !f.path.endsWith('.map'))
    .sort((a, b) => Number(a.path === outfile) - Number(b.path === outfile));
  await mkdir(outDir, { recursive: true });
  // The maps before the bundles (a bundle never points at another build's map), the manifest last
  // (it never vouches for a bundle that is not in place yet).
  for (const [path, contents] of [
    ...maps.map((f) => [f.path, f.contents]),
    ...code.map((f) => [f.path, f.contents]),
    [manifest, JSON.stringify({ files, hash: await digest(files) })],
  ]) {
    const temp = `${path}.${process.pid}`;
    await writeFile(temp, contents);
    await rename(temp, path);
  }
}

let entry = pathToFileURL(outfile).href;
try {
  if (!(await upToDate())) await bundle();
  // Stack traces in the logs point into src/*.ts, not into the bundle.
  process.setSourceMapsEnabled(true);
} catch (err) {
  // A build error is the program's: say it as esbuild does and stop.
  if (err && Array.isArray(err.errors)) throw err;
  // A read-only checkout (some container images) cannot hold .build/: run the sources through tsx,
  // slower to start but the same program.
  process.stderr.write(
    `floorwalker: cannot write ${outDir} (${err instanceof Error ? err.message : String(err)}); starting through tsx instead\n`,
  );
  const { register } = await import('tsx/esm/api');
  register();
  entry = pathToFileURL(`${root}src/main.ts`).href;
}
await import(entry);
