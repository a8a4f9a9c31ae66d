import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { InboundCardAction } from '../../src/core/inbound';
import { callbackAnswer, deliver } from '../../src/platforms/feishu/deliver';
import { normalize } from '../../src/platforms/feishu/normalize';
import { fixture, messageEvent } from '../helpers/feishu';
import { BOT_OPEN_ID, VERIFICATION_TOKEN, webhookHarness, type WebhookHarness } from '../helpers/webhook';

const atBot = (text: string, extra: Parameters<typeof messageEvent>[0] = { text: '' }) =>
  messageEvent({
    ...extra,
    text: `@_user_1 ${text}`,
    mentions: [{ openId: BOT_OPEN_ID, name: 'floorwalker' }],
    token: VERIFICATION_TOKEN,
  });

describe('POST /feishu/events with an Encrypt Key (signed, encrypted)', () => {
  let h: WebhookHarness;
  beforeAll(async () => {
    h = await webhookHarness();
  });
  afterAll(() => h.close());
  beforeEach(() => h.reset());

  it('GET /healthz reports the database and the platform', async () => {
    const res = await h.app.request('/healthz');
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ok: true, db: h.database.kind, platform: 'feishu' });
  });

  it('answers the encrypted URL challenge', async () => {
    const res = await h.send(
      { challenge: 'ajls384kdjx98XX', token: VERIFICATION_TOKEN, type: 'url_verification' },
      { sign: false },
    );
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ challenge: 'ajls384kdjx98XX' });
    expect(await h.inbound()).toEqual([]);
  });

  it('stores a command message before answering, then does the work after', async () => {
    const event = atBot('/help', { text: '', messageId: 'om_happy_1' });
    const res = await h.send(event);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({});
    // Durable before the answer: the row is there the moment the response is.
    expect(await h.inbound()).toMatchObject([{ id: 'msg:om_happy_1', kind: 'message' }]);
    await h.deps.settle();
    expect(await h.inbound()).toMatchObject([{ id: 'msg:om_happy_1', processed: true, outcome: 'ok' }]);
    expect(await h.outbox()).toEqual([
      { kind: 'reply', target: { messageId: 'om_happy_1', chatId: expect.any(String) } },
    ]);
  });

  it('takes the documented rich-text (post) message', async () => {
    const body = fixture('im.message.receive_v1.post');
    body.header.token = VERIFICATION_TOKEN;
    const res = await h.send(body);
    expect(res.status).toBe(200);
    expect(await h.inbound()).toMatchObject([{ id: 'msg:om_post_example_1', kind: 'message' }]);
  });

  it('answers group chatter that is not for the bot and stores nothing', async () => {
    const res = await h.send(messageEvent({ text: '今天的单量好多', token: VERIFICATION_TOKEN }));
    expect(res.status).toBe(200);
    await h.deps.settle();
    expect(await h.inbound()).toEqual([]);
    expect(await h.outbox()).toEqual([]);
  });

  it('answers event types it does not act on with 200 and stores nothing', async () => {
    const body = atBot('/help') as { header: Record<string, unknown> };
    body.header.event_type = 'im.chat.member.bot.added_v1';
    const res = await h.send(body);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({});
    expect(await h.inbound()).toEqual([]);
  });

  it('answers a card button within the budget with a toast', async () => {
    const body = fixture('card.action.trigger');
    body.header.token = VERIFICATION_TOKEN;
    const res = await h.send(body);
    expect(res.status).toBe(200);
    const answer = (await res.json()) as { toast?: { type: string; content: string } };
    expect(answer.toast).toEqual({
      type: expect.stringMatching(/^(success|info|warning|error)$/),
      content: expect.any(String),
    });
    expect(await h.inbound()).toMatchObject([
      { id: 'evt:f7984f25108f8137722bb63cee927e66', kind: 'card_action', processed: true },
    ]);
  });
});

describe('POST /feishu/events without an Encrypt Key (plain JSON)', () => {
  let h: WebhookHarness;
  beforeAll(async () => {
    h = await webhookHarness({ encryptKey: null });
  });
  afterAll(() => h.close());

  it('answers the plain URL challenge', async () => {
    const res = await h.send({ ...fixture('url_verification'), token: VERIFICATION_TOKEN });
    expect(await res.json()).toEqual({ challenge: 'ajls384kdjx98XX' });
  });

  it('takes a message whose verification token matches', async () => {
    const res = await h.send(atBot('/store list', { text: '', messageId: 'om_plain_1' }));
    expect(res.status).toBe(200);
    expect(await h.inbound()).toMatchObject([{ id: 'msg:om_plain_1' }]);
  });
});

describe('card answers', () => {
  it('have Feishu callback shape: {toast, card: {type: "raw", data}}, the card as Feishu JSON', () => {
    const card = { header: { title: '已认领', color: 'blue' as const }, elements: [] };
    expect(callbackAnswer({ toast: { type: 'success', content: '已认领' }, card })).toEqual({
      toast: { type: 'success', content: '已认领' },
      card: {
        type: 'raw',
        data: {
          schema: '2.0',
          config: { update_multi: true },
          header: { title: { tag: 'plain_text', content: '已认领' }, template: 'blue' },
          body: { elements: [] },
        },
      },
    });
    expect(callbackAnswer(undefined)).toEqual({});
  });

  it('past the budget are empty, and the work still finishes deferred', async () => {
    const h = await webhookHarness();
    try {
      // Chat info for a new team is held until the answer is out: the card's work outlasts the budget.
      let release!: () => void;
      const held = new Promise<void>((r) => (release = r));
      const platform = {
        ...h.deps.platform,
        chatInfo: (chatId: string) => held.then(() => h.deps.platform.chatInfo(chatId)),
      };
      const n = normalize(fixture('card.action.trigger'), { botOpenId: undefined }) as { event: InboundCardAction };
      expect(await deliver(n.event, { ...h.deps, platform, platformFor: () => platform }, 50)).toEqual({});
      // The answer did not wait for the work: the event is stored, and not processed yet.
      expect(await h.inbound()).toMatchObject([{ kind: 'card_action', processed: false }]);
      release();
      await h.deps.settle();
      expect(await h.inbound()).toMatchObject([{ kind: 'card_action', processed: true }]);
    } finally {
      await h.close();
    }
  });
});
