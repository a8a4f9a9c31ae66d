/**
 * DINGTALK_EVENT_MODE=stream (the default; Node only, no public URL): robot messages and card
 * callbacks over DingTalk's Stream WebSocket through the official `dingtalk-stream` client. The
 * same normalise → handleEvent as the HTTP route; the connection is authenticated by the app
 * credentials, so there is no signature to check.
 *
 * A frame is acknowledged once the event is durably accepted (or known as a duplicate): if the
 * accept fails, no ack goes out and DingTalk pushes the frame again (~60 s), with a new frame id
 * and the same msgId, which the inbox then recognises.
 */
import { DWClient, TOPIC_CARD, TOPIC_ROBOT, type DWClientDownStream } from 'dingtalk-stream';
import type { Deps } from '../../core/deps';
import { DINGTALK_API } from './api';
import { deliverDingTalk } from './deliver';
import { normalizeDingTalk } from './normalize';

/**
 * The client reads its gateway URL from a constant; this one asks the configured domain (the
 * emulator) instead, through the same documented call (dingtalk.md §2.2).
 */
class ConfigurableClient extends DWClient {
  constructor(
    opts: { clientId: string; clientSecret: string },
    private readonly apiBase: string,
  ) {
    super({ ...opts, keepAlive: true });
  }

  override async getEndpoint(): Promise<this> {
    const res = await fetch(`${this.apiBase}/v1.0/gateway/connections/open`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({
        clientId: this.config.clientId,
        clientSecret: this.config.clientSecret,
        ua: 'floorwalker',
        subscriptions: this.config.subscriptions,
      }),
      signal: AbortSignal.timeout(10_000),
    });
    const data = (await res.json().catch(() => ({}))) as { endpoint?: string; ticket?: string };
    if (!res.ok || !data.endpoint || !data.ticket) throw new Error(`stream gateway answered ${res.status}`);
    (this as unknown as { dw_url: string }).dw_url = `${data.endpoint}?ticket=${encodeURIComponent(data.ticket)}`;
    return this;
  }
}

/** The two listeners, exported so tests can feed them frames. */
export function streamHandlers(deps: Deps, ack: (frameId: string, response: unknown) => void) {
  const receive = async (frame: DWClientDownStream) => {
    let body: unknown;
    try {
      body = JSON.parse(frame.data);
    } catch {
      deps.log.warn('dingtalk event rejected', { transport: 'stream', reason: 'frame data is not JSON' });
      ack(frame.headers.messageId, null);
      return;
    }
    const n = normalizeDingTalk(body, { robotCode: deps.config.dingtalk.robotCode });
    const answer = await deliverDingTalk(n, deps, { transport: 'stream', frameId: frame.headers.messageId });
    ack(frame.headers.messageId, frame.headers.topic === TOPIC_CARD ? answer : null);
  };
  // Listeners are plain EventEmitter callbacks: a rejection must not escape.
  const safe = (frame: DWClientDownStream) =>
    void receive(frame).catch((err: unknown) =>
      deps.log.error('dingtalk frame failed', {
        frameId: frame.headers.messageId,
        error: err instanceof Error ? err.message : String(err),
      }),
    );
  return { [TOPIC_ROBOT]: safe, [TOPIC_CARD]: safe };
}

export function startStream(deps: Deps): { close(): void } {
  const { clientId, clientSecret, domain } = deps.config.dingtalk;
  const client = new ConfigurableClient({ clientId, clientSecret }, domain ?? DINGTALK_API);
  const handlers = streamHandlers(deps, (id, response) => client.socketCallBackResponse(id, response));
  for (const [topic, fn] of Object.entries(handlers)) client.registerCallbackListener(topic, fn);
  void client.connect().then(
    () => deps.log.info('dingtalk stream connecting'),
    (err: unknown) => deps.log.error('dingtalk stream failed to start', { error: String(err) }),
  );
  return { close: () => client.disconnect() };
}
