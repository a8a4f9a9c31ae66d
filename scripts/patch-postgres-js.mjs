/**
 * postinstall: a two-line fix to postgres.js 3.4.9 (the latest release), until upstream ships one.
 *
 * Small writes are batched behind a setImmediate. When the server goes away (a restart, a
 * failover, a pooler dropping the connection) the connection's socket is set to null, and a write
 * batched after that throws `TypeError: Cannot read properties of null (reading 'write')` from
 * the immediate — an uncaught exception that ends the whole process (porsager/postgres#1154,
 * #1208; unmerged fixes #1168, #1209). test/db/postgres-restart.test.ts hit it on its first run.
 * The teardown also cancels a batched write without forgetting it, so the next connection's first
 * write would carry the dead one's bytes, or never be sent.
 *
 * The fix, as in #1209: a write with no socket fails the connection's queries with
 * CONNECTION_CLOSED (callers see an ordinary, catchable error, and retry), and teardown drops the
 * batched write. Idempotent; says what it did; fails loudly if the file no longer looks as expected
 * (a new postgres.js: check whether it still needs this, then update or delete this script).
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const pkgDir = path.join(root, 'node_modules', 'postgres');
const MARK = '/* floorwalker: porsager/postgres#1208 */';

const edits = [
  [
    '  function nextWrite(fn) {\n    const x = socket.write(chunk, fn)',
    `  function nextWrite(fn) {\n    if (!socket) { ${MARK} chunk = nextWriteTimer = null; error(Errors.connection('CONNECTION_CLOSED', options)); return false }\n    const x = socket.write(chunk, fn)`,
  ],
  [
    '    clearImmediate(nextWriteTimer)\n    if (socket) {',
    `    clearImmediate(nextWriteTimer)\n    chunk = nextWriteTimer = null ${MARK}\n    if (socket) {`,
  ],
  [
    '    clearImmediate(nextWriteTimer)\n    socket.removeListener',
    `    clearImmediate(nextWriteTimer)\n    chunk = nextWriteTimer = null ${MARK}\n    socket.removeListener`,
  ],
];

if (!existsSync(pkgDir)) process.exit(0); // not installed (yet): nothing to patch
const { version } = JSON.parse(readFileSync(path.join(pkgDir, 'package.json'), 'utf8'));
for (const rel of ['src/connection.js', 'cjs/src/connection.js', 'cf/src/connection.js']) {
  const file = path.join(pkgDir, rel);
  if (!existsSync(file)) continue;
  let text = readFileSync(file, 'utf8');
  if (text.includes(MARK)) continue;
  for (const [from, to] of edits) {
    if (!text.includes(from)) {
      console.error(
        `patch-postgres-js: postgres ${version} ${rel} no longer matches; see scripts/patch-postgres-js.mjs`,
      );
      process.exit(1);
    }
    text = text.replace(from, to);
  }
  writeFileSync(file, text);
  console.log(`patch-postgres-js: patched postgres ${version} ${rel} (null socket on write)`);
}
