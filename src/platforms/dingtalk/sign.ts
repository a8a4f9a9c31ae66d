/**
 * DingTalk's HTTP callback signature (dingtalk.md §2.1): headers `timestamp` (ms) and
 * `sign = base64(HMAC-SHA256(key = appSecret, timestamp + "\n" + appSecret))`. It does not cover the
 * body, so a captured pair authenticates any body for its hour: the inbox de-duplication on
 * (robotCode, msgId) and the session-webhook host check do the rest. node:crypto (Workers: nodejs_compat).
 */
import { createHmac } from 'node:crypto';
import { timingSafeEqual } from '../feishu/crypto';

/** DingTalk rejects, and so do we, a timestamp more than an hour off. */
export const SIGN_WINDOW_MS = 60 * 60 * 1000;

export function dingTalkSign(timestamp: string, appSecret: string): string {
  return createHmac('sha256', appSecret).update(`${timestamp}\n${appSecret}`, 'utf8').digest('base64');
}

export type SignCheck = { ok: true } | { ok: false; reason: 'missing' | 'stale' | 'mismatch' };

export function checkDingTalkSign(o: {
  timestamp: string | null | undefined;
  sign: string | null | undefined;
  appSecret: string;
  nowMs: number;
}): SignCheck {
  if (!o.timestamp || !o.sign) return { ok: false, reason: 'missing' };
  const ts = Number(o.timestamp);
  if (!/^\d{10,16}$/.test(o.timestamp) || Math.abs(o.nowMs - ts) > SIGN_WINDOW_MS)
    return { ok: false, reason: 'stale' };
  return timingSafeEqual(dingTalkSign(o.timestamp, o.appSecret), o.sign)
    ? { ok: true }
    : { ok: false, reason: 'mismatch' };
}
