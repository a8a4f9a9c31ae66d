/**
 * How much the tenant remembers. A test wants everything; a long run (the soak bench sends 50
 * events a second for an hour) must not keep every message and every delivery, or the emulator —
 * not the bot — becomes what grows. Forgetting is oldest first: a forgotten message is gone the way
 * a deleted one is (GET, reply, patch, buzz and card-token updates answer "invalid message_id" /
 * "no longer exists"), and its uuid no longer de-duplicates.
 */
import type { EmulatorContext, StoredMessage } from './model';

export interface Retention {
  /** Messages kept (posting order, newest kept). Default: all. */
  messages?: number;
  /** Entries kept in each log: urgent calls, deliveries, violations, and API calls (at most 5,000). */
  log?: number;
}

export interface RetentionLimits {
  messages: number;
  log: number;
}

export const keepEverything: RetentionLimits = { messages: Infinity, log: Infinity };

export function retentionLimits(r: Retention | undefined): RetentionLimits {
  const check = (n: number | undefined, what: string) => {
    if (n === undefined) return Infinity;
    if (!Number.isInteger(n) || n < 1) throw new RangeError(`retain.${what} must be a positive integer (got ${n})`);
    return n;
  };
  return { messages: check(r?.messages, 'messages'), log: check(r?.log, 'log') };
}

/** Store a message (a member's or the bot's), forgetting the oldest beyond the limit. */
export function storeMessage(ctx: EmulatorContext, message: StoredMessage): void {
  const { messages, sentByUuid } = ctx.state;
  messages.set(message.messageId, message);
  const excess = messages.size - ctx.state.retain.messages;
  if (excess <= 0) return;
  // A Map iterates in insertion order: the first keys are the oldest messages.
  let n = 0;
  for (const [id, old] of messages) {
    if (n++ >= excess) break;
    messages.delete(id);
    if (old.uuid && sentByUuid.get(old.uuid)?.messageId === id) sentByUuid.delete(old.uuid);
  }
}

/** Append to one of the tenant's logs, dropping its oldest entries beyond `limit`. */
export function appendLog<T>(list: T[], entry: T, limit: number): void {
  list.push(entry);
  if (list.length > limit) list.splice(0, list.length - limit);
}
