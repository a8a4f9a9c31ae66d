/**
 * `npm start`'s own entry (src/start.mjs, or a copy of it) in a child process, with only PATH and
 * the given variables in its environment, so nothing set in the shell (DATABASE_URL, FEISHU_*)
 * changes what starts.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const START_SCRIPT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../src/start.mjs');

const READY = /floorwalker ready in \d+ ms · (http:\/\/\S+)/;

export interface StartedProcess {
  child: ChildProcess;
  /** Everything it wrote to stdout and stderr so far. */
  output(): string;
  /** Its exit code (null when a signal ended it), once its output is closed. */
  exited: Promise<number | null>;
  /** Resolves with its URL once it says "floorwalker ready in … ms · <url>"; rejects if it exits first or after `timeoutMs`. */
  ready(timeoutMs?: number): Promise<string>;
  /** Sends `signal` and waits for the exit. */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

export function startProcess(env: Record<string, string>, script = START_SCRIPT): StartedProcess {
  const child = spawn(process.execPath, [script], {
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  const listeners = new Set<() => void>();
  const take = (d: Buffer) => {
    out += d.toString();
    for (const l of listeners) l();
  };
  child.stdout!.on('data', take);
  child.stderr!.on('data', take);
  const exited = new Promise<number | null>((resolve) => child.once('close', (code) => resolve(code)));
  return {
    child,
    output: () => out,
    exited,
    ready(timeoutMs = 60_000) {
      return new Promise<string>((resolve, reject) => {
        let settled = false;
        const settle = (fn: () => void) => {
          if (settled) return;
          settled = true;
          clearTimeout(timer);
          listeners.delete(look);
          fn();
        };
        const look = () => {
          const m = READY.exec(out);
          if (m) settle(() => resolve(m[1]!));
        };
        const timer = setTimeout(
          () => settle(() => reject(new Error(`not ready after ${timeoutMs / 1000} s:\n${out}`))),
          timeoutMs,
        );
        listeners.add(look);
        void exited.then((code) => settle(() => reject(new Error(`exited (${code}) before it was ready:\n${out}`))));
        look();
      });
    },
    stop(signal = 'SIGTERM') {
      child.kill(signal);
      return exited;
    },
  };
}
