import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { and, eq, isNull } from 'drizzle-orm';
import type { Db } from '../db/client';
import { apiTokens } from '../db/schema';

const hash = (token: string): string => createHash('sha256').update(token).digest('hex');

/**
 * A new token for the team; any token it had stops working in the same transaction. The token is
 * returned once and never stored: only its hash is.
 */
export async function issueToken(
  db: Db,
  teamId: number,
  by: string,
  now: Date,
): Promise<{ token: string; replaced: number }> {
  const token = `fw_${randomBytes(24).toString('base64url')}`;
  return db.transaction(async (tx) => {
    const revoked = await tx
      .update(apiTokens)
      .set({ revokedAt: now })
      .where(and(eq(apiTokens.teamId, teamId), isNull(apiTokens.revokedAt)))
      .returning({ id: apiTokens.id });
    await tx
      .insert(apiTokens)
      .values({ teamId, tokenHash: hash(token), prefix: token.slice(0, 7), createdBy: by, createdAt: now });
    return { token, replaced: revoked.length };
  });
}

export async function activeToken(db: Db, teamId: number): Promise<{ prefix: string; createdAt: Date } | undefined> {
  const [row] = await db
    .select({ prefix: apiTokens.prefix, createdAt: apiTokens.createdAt })
    .from(apiTokens)
    .where(and(eq(apiTokens.teamId, teamId), isNull(apiTokens.revokedAt)));
  return row;
}

/**
 * The team a bearer token belongs to, or undefined. The lookup is by hash (the database never sees
 * the token), and the stored hash is compared again in constant time.
 */
export async function teamOfToken(db: Db, token: string): Promise<number | undefined> {
  if (!/^fw_[A-Za-z0-9_-]{20,64}$/.test(token)) return undefined;
  const h = hash(token);
  const [row] = await db
    .select({ teamId: apiTokens.teamId, tokenHash: apiTokens.tokenHash })
    .from(apiTokens)
    .where(and(eq(apiTokens.tokenHash, h), isNull(apiTokens.revokedAt)));
  if (!row || !timingSafeEqual(Buffer.from(row.tokenHash), Buffer.from(h))) return undefined;
  return row.teamId;
}
