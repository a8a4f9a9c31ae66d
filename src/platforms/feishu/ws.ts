/**
 * FEISHU_EVENT_MODE=ws: events over the SDK's long connection (no public URL; self-built apps
 * only; Node only). The same normalise → handleEvent as the webhook; the connection is
 * authenticated by the app credentials, so there is no signature or token to check.
 */
import * as lark from '@larksuiteoapi/node-sdk';
import type { Deps } from '../../core/deps';
import type { Logger } from '../../log';
import { deliver, type FeishuCallbackAnswer } from './deliver';
import { CARD_ACTION_EVENT, MESSAGE_EVENT, normalize } from './normalize';

type Obj = Record<string, unknown>;
type Handler = (data: Obj) => Promise<FeishuCallbackAnswer | undefined>;

/**
 * The SDK's dispatcher hands handlers the envelope flattened ({...rest, ...header, ...event});
 * put it back into the v2 shape normalize reads. Where header and event share a key the event's
 * value won — for card.action.trigger `token` is the callback token, which is what we need.
 */
export function envelopeFromDispatcher(data: Obj): Obj {
  const { schema, event_id, event_type, create_time, app_id, tenant_key, ...event } = data;
  return { schema: schema ?? '2.0', header: { event_id, event_type, create_time, app_id, tenant_key }, event };
}

/**
 * The handlers registered on the dispatcher, exported so tests can feed them payloads. Feishu
 * expects each within 3 s: a message returns once stored; a card action returns its answer.
 * A handler that throws makes the SDK report a 500 frame and Feishu re-deliver.
 */
export function longConnectionHandlers(deps: Deps): Record<typeof MESSAGE_EVENT | typeof CARD_ACTION_EVENT, Handler> {
  const receive: Handler = async (data) => {
    const body = envelopeFromDispatcher(data);
    const botOpenId = data.event_type === MESSAGE_EVENT ? (await deps.bot()).openId : undefined;
    const normalized = normalize(body, { botOpenId });
    if (normalized.kind === 'invalid') {
      deps.log.warn('feishu event rejected', {
        transport: 'ws',
        reason: normalized.error.code,
        detail: normalized.error.message,
      });
      return undefined;
    }
    if (normalized.kind === 'ignored') return undefined;
    const answer = await deliver(normalized.event, deps);
    // Only a callback has an answer to send back; a message needs none.
    return normalized.event.type === 'card_action' ? answer : undefined;
  };
  return { [MESSAGE_EVENT]: receive, [CARD_ACTION_EVENT]: receive };
}

function sdkLogger(log: Logger): lark.Logger {
  const line = (msg: unknown[]) => msg.map((m) => (typeof m === 'string' ? m : JSON.stringify(m))).join(' ');
  return {
    error: (...m) => log.error('feishu sdk', { detail: line(m) }),
    warn: (...m) => log.warn('feishu sdk', { detail: line(m) }),
    info: (...m) => log.info('feishu sdk', { detail: line(m) }),
    debug: (...m) => log.debug('feishu sdk', { detail: line(m) }),
    trace: () => {},
  };
}

export function startLongConnection(deps: Deps): { close(): void } {
  const { appId, appSecret, domain } = deps.config.feishu;
  const logger = sdkLogger(deps.log);
  const dispatcher = new lark.EventDispatcher({ logger, loggerLevel: lark.LoggerLevel.info }).register(
    longConnectionHandlers(deps),
  );
  const client = new lark.WSClient({
    appId,
    appSecret,
    domain,
    logger,
    loggerLevel: lark.LoggerLevel.info,
    onReady: () => deps.log.info('long connection ready'),
    onReconnecting: () => deps.log.warn('long connection lost, reconnecting'),
    onError: (err) =>
      deps.log.error('long connection failed', {
        error: err.message,
        hint: 'check FEISHU_APP_ID/FEISHU_APP_SECRET and that the app uses long connection mode',
      }),
  });
  client.start({ eventDispatcher: dispatcher }).catch((err: unknown) => {
    deps.log.error('long connection failed to start', { error: err instanceof Error ? err.message : String(err) });
  });
  return { close: () => client.close({ force: true }) };
}
