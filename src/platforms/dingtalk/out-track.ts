/**
 * A card's outTrackId (≤ 64 characters, chosen by the caller): derived from the outbox row's uuid,
 * so a resend of the same row names the same card, and sealed with the app secret, so a callback
 * for an outTrackId floorwalker never made is known as such without a database read. Pure.
 */
import { createHmac } from 'node:crypto';
import { timingSafeEqual } from '../feishu/crypto';

const seal = (body: string, secret: string) =>
  createHmac('sha256', secret).update(`outTrackId:${body}`).digest('hex').slice(0, 12);

export function outTrackIdFor(uuid: string, secret: string): string {
  const body = uuid.replace(/[^0-9a-zA-Z]/g, '').slice(0, 40);
  return `fw${body}_${seal(body, secret)}`;
}

export function isOwnOutTrackId(id: string, secret: string): boolean {
  const m = /^fw([0-9a-zA-Z]{1,40})_([0-9a-f]{12})$/.exec(id);
  return Boolean(m) && timingSafeEqual(seal(m![1]!, secret), m![2]!);
}
