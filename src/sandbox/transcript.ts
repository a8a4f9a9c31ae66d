/**
 * The emulated tenant lives in memory; its transcript (messages, buzzes or DINGs, violations, quota: what the
 * platform's driver snapshots) and the
 * sandbox clock's lead over real time are kept in `sandbox.json` in the data dir, so after a restart
 * the console shows the same conversation and the bot's stored message ids (cards it patches,
 * messages it buzzes) still exist. Written atomically, at most twice a second, and on stop.
 */
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { SandboxDriver } from './driver';

/** The driver's snapshot (its own shapes) and the clock's lead. */
export interface Transcript extends Record<string, unknown> {
  version: 1;
  /** How far the sandbox clock was ahead of real time (ManualClock.offset). */
  clockOffsetMs: number;
  messages: unknown[];
}

const KEEP_MESSAGES = 3000;
const KEEP_LOG = 500;
const WRITE_EVERY_MS = 500;

export function loadTranscript(file: string): { transcript?: Transcript; problem?: string } {
  if (!existsSync(file)) return {};
  try {
    const t = JSON.parse(readFileSync(file, 'utf8')) as Partial<Transcript>;
    if (t.version !== 1 || !Array.isArray(t.messages))
      return { problem: `${file} is not a sandbox transcript (version 1); starting with an empty chat` };
    // Every other list the driver keeps is an array or absent (a hand-edited file must not break restore).
    const lists = Object.fromEntries(
      Object.entries(t).filter(([k, v]) => Array.isArray(v) || (k === 'quota' && typeof v === 'object' && v !== null)),
    );
    return {
      transcript: {
        ...lists,
        version: 1,
        clockOffsetMs: typeof t.clockOffsetMs === 'number' && t.clockOffsetMs > 0 ? t.clockOffsetMs : 0,
        messages: t.messages,
      },
    };
  } catch (err) {
    return {
      problem: `${file} could not be read (${err instanceof Error ? err.message : String(err)}); starting with an empty chat`,
    };
  }
}

export function snapshot(driver: SandboxDriver, clockOffsetMs: number): Transcript {
  const taken = driver.snapshot();
  const kept = Object.fromEntries(
    Object.entries(taken).map(([k, v]) => [k, Array.isArray(v) ? v.slice(-KEEP_LOG) : v]),
  );
  return { ...kept, version: 1, clockOffsetMs, messages: taken.messages.slice(-KEEP_MESSAGES) };
}

/** Saves on every observable change (coalesced); flush() writes what is pending now. */
export function transcriptWriter(file: string, take: () => Transcript, onError: (err: unknown) => void) {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let writing: Promise<void> = Promise.resolve();

  const write = () => {
    timer = undefined;
    const data = JSON.stringify(take());
    writing = writing
      .then(async () => {
        await mkdir(path.dirname(file), { recursive: true });
        const tmp = `${file}.${process.pid}.tmp`;
        await writeFile(tmp, data);
        await rename(tmp, file);
      })
      .catch(onError);
    return writing;
  };

  return {
    changed() {
      timer ??= setTimeout(write, WRITE_EVERY_MS);
    },
    async flush() {
      if (timer) clearTimeout(timer);
      await write();
    },
  };
}
