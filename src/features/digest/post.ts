/**
 * Posting a digest to the team's group at its slot: one send through the outbox, keyed by the team,
 * the schedule and the slot, in the transaction that marks the slot done — a replica racing it, a
 * retry or a replayed timer posts it once.
 */
import type { Deps } from '../../core/deps';
import type { DigestKind } from '../../core/feature';
import type { Team } from '../../core/teams';
import { interactive } from '../../cards/card';
import { enqueue, PRIORITY, uuidFor } from '../../outbox/enqueue';
import { buildDigest } from './build';

export const DAILY = 'digest.daily';
export const WEEKLY = 'digest.weekly';

/** The outbox ref of a posted digest ("digest:7:daily:2026-12-01T01:00:00.000Z"). */
export const digestRef = (teamId: number, kind: DigestKind, slot: Date) =>
  `digest:${teamId}:${kind}:${slot.toISOString()}`;

export async function postDigest(deps: Deps, team: Team, kind: DigestKind, slot: Date): Promise<void> {
  const fitted = await buildDigest(deps, team, kind, slot);
  if (!fitted.fits)
    deps.log.warn('digest over the card limits even after cutting', {
      teamId: team.id,
      kind,
      bytes: fitted.bytes,
      elements: fitted.elements,
    });
  const ref = digestRef(team.id, kind, slot);
  await enqueue(deps.db, deps.clock.now(), {
    kind: 'send',
    teamId: team.id,
    to: { chatId: team.chatId },
    body: interactive(fitted.card),
    ref,
    priority: PRIORITY.normal,
    uuid: uuidFor(ref),
  });
  deps.wake();
}
