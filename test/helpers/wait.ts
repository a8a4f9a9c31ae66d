/**
 * Polls `check` until it returns something other than undefined, null or false, and resolves with
 * that. After `timeoutMs` (default 10 s) it throws, naming `what` it waited for, followed by
 * `detail()` when given (e.g. the log of the process that should have done it).
 */
export async function waitFor<T>(
  what: string,
  check: () => T | Promise<T>,
  opts: { timeoutMs?: number; intervalMs?: number; detail?: () => string } = {},
): Promise<Exclude<T, undefined | null | false>> {
  const timeoutMs = opts.timeoutMs ?? 10_000;
  const until = Date.now() + timeoutMs;
  for (;;) {
    const v = await check();
    if (v !== undefined && v !== null && v !== false) return v as Exclude<T, undefined | null | false>;
    if (Date.now() > until)
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${opts.detail ? `\n${opts.detail()}` : ''}`);
    await new Promise((r) => setTimeout(r, opts.intervalMs ?? 50));
  }
}
