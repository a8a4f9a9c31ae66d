/**
 * POST /feishu/events: a thin adapter from an HTTP request to handleEvent. In order: raw body
 * (bounded), signature, decryption, URL challenge, verification token, normalise, durable accept,
 * answer. Nothing is stored before the request is proven to come from Feishu, and nothing after
 * the insert is awaited except a card action's answer. Web APIs and node:crypto only (Workers have
 * both under nodejs_compat): runs on Node and Workers.
 */
import type { Hono } from 'hono';
import type { Deps } from '../../core/deps';
import { readBody } from '../../port/read-body';
import { decrypt, timingSafeEqual, verifySignature } from './crypto';
import type { InboundEvent } from '../../core/inbound';
import { deliver, type FeishuCallbackAnswer } from './deliver';
import { eventTypeOf, MESSAGE_EVENT, normalize } from './normalize';

export const WEBHOOK_PATH = '/feishu/events';
/** Feishu's events are a few KB; a megabyte is generous and keeps a flood of junk out of memory. */
export const MAX_BODY_BYTES = 1024 * 1024;

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const utf8 = new TextDecoder();

const fail = (status: 400 | 401 | 413 | 500 | 503, error: string) => Response.json({ ok: false, error }, { status });

export function registerFeishuWebhook(app: Hono, deps: Deps): void {
  app.post(WEBHOOK_PATH, (c) => receiveFeishuEvent(c.req.raw, deps));
}

function parseJson(text: string): Obj | undefined {
  try {
    const v: unknown = JSON.parse(text);
    return isObj(v) ? v : undefined;
  } catch {
    return undefined;
  }
}

/**
 * `answer`: what becomes of a normalised event; by default `deliver` (accept, then work here). The
 * webhook thread (webhook-thread.ts) accepts messages itself and asks the main thread about cards.
 */
export async function receiveFeishuEvent(
  req: Request,
  deps: Deps,
  answer: (event: InboundEvent, deps: Deps) => Promise<FeishuCallbackAnswer> = deliver,
): Promise<Response> {
  const { encryptKey, verificationToken } = deps.config.feishu;
  const log = deps.log;

  const raw = await readBody(req, MAX_BODY_BYTES);
  if (!raw) return fail(413, 'payload too large');

  // 1. Signature over the raw bytes. The URL-verification request is the one Feishu sends unsigned:
  //    an unsigned request may only be that, proven by its token after decryption.
  let signed = false;
  if (encryptKey) {
    const signature = req.headers.get('x-lark-signature');
    if (signature) {
      const ok = await verifySignature({
        timestamp: req.headers.get('x-lark-request-timestamp') ?? '',
        nonce: req.headers.get('x-lark-request-nonce') ?? '',
        encryptKey,
        rawBody: raw,
        signature,
      });
      if (!ok) {
        log.warn('feishu event rejected', { reason: 'signature mismatch: check FEISHU_ENCRYPT_KEY' });
        return fail(401, 'signature mismatch');
      }
      signed = true;
    }
  }
  const unauthenticated = (reason: string) => {
    log.warn('feishu event rejected', { reason });
    return fail(401, 'signature required');
  };

  // 2. Decryption.
  const outer = parseJson(utf8.decode(raw));
  if (!outer) return encryptKey && !signed ? unauthenticated('unsigned, not JSON') : fail(400, 'malformed JSON');
  let body = outer;
  if ('encrypt' in outer) {
    if (!encryptKey) return fail(400, 'encrypted event but FEISHU_ENCRYPT_KEY is not set');
    let plain: string;
    try {
      if (typeof outer.encrypt !== 'string') throw new TypeError('encrypt is not a string');
      plain = await decrypt(encryptKey, outer.encrypt);
    } catch {
      return signed ? fail(400, 'cannot decrypt') : unauthenticated('unsigned, cannot decrypt');
    }
    const inner = parseJson(plain);
    if (!inner) return signed ? fail(400, 'malformed JSON') : unauthenticated('unsigned, not JSON');
    body = inner;
  }

  // 3. URL challenge, plain or encrypted; its token is its authentication.
  const tokenOk = (token: unknown) =>
    !verificationToken || (typeof token === 'string' && timingSafeEqual(token, verificationToken));
  if (body.type === 'url_verification') {
    if (!tokenOk(body.token)) {
      log.warn('feishu url verification rejected', { reason: 'token mismatch: check FEISHU_VERIFICATION_TOKEN' });
      return fail(401, 'verification token mismatch');
    }
    return Response.json({ challenge: String(body.challenge ?? '') });
  }
  if (encryptKey && !signed) return unauthenticated('unsigned event');

  // 4. Verification token on every event: header.token (v2) or token (v1-shaped).
  const token = isObj(body.header) ? body.header.token : body.token;
  if (!tokenOk(token)) {
    log.warn('feishu event rejected', { reason: 'verification token mismatch: check FEISHU_VERIFICATION_TOKEN' });
    return fail(401, 'verification token mismatch');
  }

  // 5. Normalise. Messages need the bot's open_id to tell its @mention apart (cached after the first).
  let botOpenId: string | undefined;
  if (eventTypeOf(body) === MESSAGE_EVENT) {
    try {
      botOpenId = (await deps.bot()).openId;
    } catch (err) {
      // Without it "@bot /help" cannot be told from "@someone"; Feishu retries a non-200.
      log.error('bot identity unavailable', { error: err instanceof Error ? err.message : String(err) });
      return fail(503, 'bot identity unavailable');
    }
  }
  const normalized = normalize(body, { botOpenId });
  if (normalized.kind === 'invalid') {
    log.warn('feishu event rejected', { reason: normalized.error.code, detail: normalized.error.message });
    return fail(400, normalized.error.message);
  }
  if (normalized.kind === 'ignored') {
    log.debug('feishu event ignored', { reason: normalized.reason });
    return Response.json({});
  }

  // 6. Durable accept (the de-duplication), then answer; the work goes on deferred.
  return Response.json(await answer(normalized.event, deps));
}
