/**
 * Board links: `/board/<team>?t=<token>`, the token an HMAC of the team id under the team's board
 * key. The key never leaves the database; the token proves the link was made by the bot for this
 * team, and rotating the key revokes every link at once. The same key gives the same link, so
 * /board can send it again without breaking the screen on the wall.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { eq } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { boardKeys } from './schema';

export const sign = (key: string, teamId: number): string =>
  createHmac('sha256', key).update(`board:v1:${teamId}`).digest('base64url').slice(0, 32);

const newKey = () => randomBytes(32).toString('base64url');

async function keyOf(db: Db, teamId: number): Promise<string | undefined> {
  const [row] = await db.select({ key: boardKeys.key }).from(boardKeys).where(eq(boardKeys.teamId, teamId));
  return row?.key;
}

/** The team's board token, made on first use (two first uses at once agree on one key). */
export async function boardToken(db: Db, teamId: number, by: string, now: Date): Promise<string> {
  await db
    .insert(boardKeys)
    .values({ teamId, key: newKey(), createdBy: by, createdAt: now })
    .onConflictDoNothing({ target: boardKeys.teamId });
  return sign((await keyOf(db, teamId))!, teamId);
}

/** A new key: every earlier link of the team stops working. Returns the new token. */
export async function rotateBoardToken(db: Db, teamId: number, by: string, now: Date): Promise<string> {
  const key = newKey();
  await db
    .insert(boardKeys)
    .values({ teamId, key, createdBy: by, createdAt: now })
    .onConflictDoUpdate({ target: boardKeys.teamId, set: { key, createdBy: by, createdAt: now } });
  return sign(key, teamId);
}

/** Whether `token` opens team `teamId`'s board now (compared in constant time). */
export async function tokenOpens(db: Db, teamId: number, token: string | undefined): Promise<boolean> {
  if (!token || !/^[A-Za-z0-9_-]{32}$/.test(token) || !Number.isSafeInteger(teamId) || teamId <= 0) return false;
  const key = await keyOf(db, teamId);
  if (!key) return false;
  return timingSafeEqual(Buffer.from(sign(key, teamId)), Buffer.from(token));
}

/** Where the board of `teamId` is, for the link: FLOORWALKER_PUBLIC_URL, else this process's address. */
export function boardUrl(base: string, teamId: number, token: string): string {
  return `${base}/board/${teamId}?t=${token}`;
}
