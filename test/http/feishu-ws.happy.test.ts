import * as lark from '@larksuiteoapi/node-sdk';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { envelopeFromDispatcher, longConnectionHandlers } from '../../src/platforms/feishu/ws';
import { fixture, TEXT_FIXTURE_BOT } from '../helpers/feishu';
import { webhookHarness, type WebhookHarness } from '../helpers/webhook';

/**
 * The long connection cannot be opened without Feishu, but what it calls can: the SDK's own
 * EventDispatcher, with our handlers registered, invoked the way WSClient invokes it.
 */
describe('long connection handlers', () => {
  let h: WebhookHarness;
  let dispatcher: lark.EventDispatcher;
  beforeAll(async () => {
    h = await webhookHarness({ botOpenId: TEXT_FIXTURE_BOT });
    dispatcher = new lark.EventDispatcher({ loggerLevel: lark.LoggerLevel.error }).register(
      longConnectionHandlers(h.deps),
    );
  });
  afterAll(() => h.close());
  beforeEach(() => h.reset());

  const invoke = (body: unknown) => dispatcher.invoke(body, { needCheck: false });

  it('stores a message, answers nothing, and finishes the work deferred', async () => {
    expect(await invoke(fixture('im.message.receive_v1.text'))).toBeUndefined();
    expect(await h.inbound()).toMatchObject([{ id: 'msg:om_5ce6d572455d361153b7cb51da133945', kind: 'message' }]);
    await h.deps.settle();
    expect(await h.inbound()).toMatchObject([{ processed: true, outcome: 'ok' }]);
    expect(await h.outbox()).toEqual([
      { kind: 'reply', target: { messageId: 'om_5ce6d572455d361153b7cb51da133945', chatId: expect.any(String) } },
    ]);
  });

  it('takes a redelivered message once', async () => {
    const again = fixture('im.message.receive_v1.text');
    again.header.event_id = 'redelivered-event-id';
    await invoke(fixture('im.message.receive_v1.text'));
    await invoke(again);
    await h.deps.settle();
    expect(await h.inbound()).toHaveLength(1);
  });

  it('answers a card button with the toast, in Feishu callback shape', async () => {
    const answer = (await invoke(fixture('card.action.trigger'))) as { toast?: unknown };
    expect(answer.toast).toEqual({ type: expect.any(String), content: expect.any(String) });
    expect(await h.inbound()).toMatchObject([{ id: 'evt:f7984f25108f8137722bb63cee927e66', kind: 'card_action' }]);
  });

  it('drops a payload it cannot read without throwing, storing nothing', async () => {
    const body = fixture('im.message.receive_v1.text') as unknown as { event: { message: Record<string, unknown> } };
    delete body.event.message.message_id;
    expect(await invoke(body)).toBeUndefined();
    expect(await h.inbound()).toEqual([]);
  });
});

describe('envelopeFromDispatcher', () => {
  it('rebuilds the v2 envelope, keeping the card callback token (which shadows header.token)', () => {
    const flat = {
      schema: '2.0',
      event_id: 'e1',
      event_type: 'card.action.trigger',
      create_time: '1',
      app_id: 'cli',
      tenant_key: 't',
      token: 'c-callback',
      operator: { open_id: 'ou_1' },
    };
    expect(envelopeFromDispatcher(flat)).toEqual({
      schema: '2.0',
      header: { event_id: 'e1', event_type: 'card.action.trigger', create_time: '1', app_id: 'cli', tenant_key: 't' },
      event: { token: 'c-callback', operator: { open_id: 'ou_1' } },
    });
  });
});
