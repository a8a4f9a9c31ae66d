/**
 * POST /dingtalk/events: DINGTALK_EVENT_MODE=http (and Workers). In order: bounded raw body, the
 * `timestamp`/`sign` check (±1 h, before anything is parsed), normalise, durable accept, answer.
 * The signature does not cover the body; the inbox's (robotCode, msgId) de-duplication stops a
 * replayed message, and replies only ever go to DingTalk's own session-webhook hosts. Card
 * callbacks registered for HTTP (callbackRouteKey) arrive here too, signed the same way [u].
 */
import type { Hono } from 'hono';
import type { Deps } from '../../core/deps';
import { readBody } from '../../port/read-body';
import { deliverDingTalk } from './deliver';
import { normalizeDingTalk } from './normalize';
import { checkDingTalkSign } from './sign';

export const DINGTALK_EVENTS_PATH = '/dingtalk/events';
export const MAX_BODY_BYTES = 1024 * 1024;

const SIGN_REASONS = {
  missing: 'timestamp/sign headers missing',
  stale: 'timestamp more than 1 h off',
  mismatch: 'sign mismatch: check DINGTALK_CLIENT_SECRET',
} as const;

export function registerDingTalkEvents(app: Hono, deps: Deps): void {
  app.post(DINGTALK_EVENTS_PATH, (c) => receiveDingTalkEvent(c.req.raw, deps));
}

export async function receiveDingTalkEvent(req: Request, deps: Deps): Promise<Response> {
  const log = deps.log;
  const check = checkDingTalkSign({
    timestamp: req.headers.get('timestamp'),
    sign: req.headers.get('sign'),
    appSecret: deps.config.dingtalk.clientSecret,
    nowMs: Date.now(),
  });
  if (!check.ok) {
    log.warn('dingtalk event rejected', { transport: 'http', reason: SIGN_REASONS[check.reason] });
    return Response.json({ ok: false, error: 'signature rejected' }, { status: 401 });
  }
  const raw = await readBody(req, MAX_BODY_BYTES);
  if (!raw) return Response.json({ ok: false, error: 'payload too large' }, { status: 413 });
  let body: unknown;
  try {
    body = JSON.parse(new TextDecoder().decode(raw));
  } catch {
    log.warn('dingtalk event rejected', { transport: 'http', reason: 'malformed JSON' });
    return Response.json({ ok: false, error: 'malformed JSON' }, { status: 400 });
  }
  const n = normalizeDingTalk(body, { robotCode: deps.config.dingtalk.robotCode });
  if (n.kind === 'invalid') {
    log.warn('dingtalk event rejected', { transport: 'http', reason: n.reason });
    return Response.json({ ok: false, error: n.reason }, { status: 400 });
  }
  const answer = await deliverDingTalk(n, deps, { transport: 'http' });
  // A robot callback's answer may be a webhook-format reply; floorwalker replies out of band.
  return Response.json(n.kind === 'event' && n.event.type === 'card_action' ? answer : { msgtype: 'empty' });
}
