import { eq } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { anomalies } from './schema';
import type { Guard } from '../../outbox/guards';

/** Reads the anomaly under a share lock: a claim (FOR UPDATE) waits until the send is over, or goes first. */
async function locked(tx: Db, id: string) {
  if (!/^\d+$/.test(id)) return undefined;
  const [row] = await tx
    .select({ status: anomalies.status })
    .from(anomalies)
    .where(eq(anomalies.id, Number(id)))
    .for('share');
  return row;
}

/**
 * anomaly:<id>          a buzz: only while nobody has claimed or resolved it.
 * anomalyClaimed:<id>   a reminder: only while it is claimed and not resolved.
 */
export const anomalyGuards: Record<string, Guard> = {
  anomaly: async (tx, id) => (await locked(tx, id))?.status === 'open',
  anomalyClaimed: async (tx, id) => (await locked(tx, id))?.status === 'claimed',
};
