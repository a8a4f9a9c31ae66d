import type { Guard } from '../outbox/guards';
import type { EscalationSubject } from './subject';

/**
 * The outbox guards of subject `key`, for its feature's `guards` (a guard gets no deps, so it
 * closes over the subject):
 *   <key>:<id>          a buzz: only while nobody has claimed or resolved it.
 *   <key>Claimed:<id>   a reminder: only while it is claimed and not resolved.
 * Both read the row FOR SHARE inside the dispatcher's send transaction, which is what makes "no
 * buzz after a claim" hold: the claim's FOR UPDATE waits for a send in progress, or goes first.
 */
export function escalationGuards(key: string, subject: Pick<EscalationSubject, 'sharedStatus'>): Record<string, Guard> {
  const status = (tx: Parameters<Guard>[0], id: string) =>
    /^\d+$/.test(id) ? subject.sharedStatus(tx, Number(id)) : Promise.resolve(undefined);
  return {
    [key]: async (tx, id) => (await status(tx, id)) === 'open',
    [`${key}Claimed`]: async (tx, id) => (await status(tx, id)) === 'claimed',
  };
}
