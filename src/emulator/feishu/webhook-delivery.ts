/**
 * POSTing an event to the bot the way Feishu does: `{"encrypt": …}` when the app has an Encrypt
 * Key, X-Lark-Request-Timestamp/Nonce/Signature over the raw body, and a 3-second budget for the
 * answer (1 s for the URL challenge). A late or non-200 answer is recorded as a violation (late:
 * timed by ctx.answerStopwatch, which tests may turn off or put on a clock of their own).
 */
import { encryptEvent, signEvent } from './event-crypto';
import { appendLog } from './retention';
import { newNonce } from './ids';
import type { Delivery, EmulatorContext } from './model';

/** A URL, or a fetch-like function (e.g. a Hono app's `fetch`) to deliver without a socket. */
export type WebhookTarget = string | ((req: Request) => Response | Promise<Response>);

export interface DeliveryResult {
  delivery: Delivery;
  status: number;
  /** The bot's answer, parsed when it is JSON. */
  answer: unknown;
}

const IN_PROCESS_URL = 'http://emulator.local/feishu/events';
const GIVE_UP_MS = 10_000;

export async function deliverToWebhook(
  ctx: EmulatorContext,
  target: WebhookTarget,
  payload: object,
  meta: { eventType: string; eventId: string; sign: boolean; budgetMs: number },
): Promise<DeliveryResult> {
  const { encryptKey } = ctx.state.app;
  const plain = JSON.stringify(payload);
  const body = encryptKey ? JSON.stringify({ encrypt: encryptEvent(encryptKey, plain) }) : plain;
  const headers: Record<string, string> = { 'content-type': 'application/json; charset=utf-8' };
  if (encryptKey && meta.sign) {
    const timestamp = String(Math.floor(ctx.now() / 1000));
    const nonce = newNonce();
    headers['x-lark-request-timestamp'] = timestamp;
    headers['x-lark-request-nonce'] = nonce;
    headers['x-lark-signature'] = signEvent(timestamp, nonce, encryptKey, body);
  }

  const started = performance.now();
  const budgetStarted = ctx.answerStopwatch?.();
  let status = 0;
  let text = '';
  let error: string | undefined;
  try {
    const init = { method: 'POST', headers, body, signal: AbortSignal.timeout(GIVE_UP_MS) };
    const res =
      typeof target === 'string' ? await fetch(target, init) : await target(new Request(IN_PROCESS_URL, init));
    status = res.status;
    text = await res.text();
  } catch (err) {
    error = err instanceof Error ? err.message : String(err);
  }
  const elapsedMs = Math.round(performance.now() - started);
  const budgetElapsedMs =
    ctx.answerStopwatch && budgetStarted !== undefined ? Math.round(ctx.answerStopwatch() - budgetStarted) : undefined;

  const delivery: Delivery = {
    time: ctx.now(),
    eventType: meta.eventType,
    eventId: meta.eventId,
    status,
    elapsedMs,
    answer: text.slice(0, 2000),
    ...(error ? { error } : {}),
  };
  appendLog(ctx.state.deliveries, delivery, ctx.state.retain.log);
  ctx.notify({ type: 'delivery', delivery });
  if (status !== 200) violate(ctx, delivery, 'answer_not_200', error ?? `the bot answered HTTP ${status}`);
  else if (budgetElapsedMs !== undefined && budgetElapsedMs > meta.budgetMs) {
    violate(ctx, delivery, 'answer_too_slow', `answered in ${budgetElapsedMs} ms, over the ${meta.budgetMs} ms budget`);
  }

  return { delivery, status, answer: parseJson(text) };
}

function violate(ctx: EmulatorContext, d: Delivery, rule: string, detail: string) {
  const violation = {
    time: d.time,
    rule,
    status: d.status,
    code: undefined,
    method: 'POST',
    path: `(webhook) ${d.eventType}`,
    detail,
  };
  appendLog(ctx.state.violations, violation, ctx.state.retain.log);
  ctx.notify({ type: 'violation', violation });
}

function parseJson(text: string): unknown {
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
