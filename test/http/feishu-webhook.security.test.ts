import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { encrypt, signature } from '../../src/platforms/feishu/crypto';
import { feishuRequest, fixture, messageEvent } from '../helpers/feishu';
import { BOT_OPEN_ID, ENCRYPT_KEY, VERIFICATION_TOKEN, webhookHarness, type WebhookHarness } from '../helpers/webhook';

const command = (messageId: string, token = VERIFICATION_TOKEN) =>
  messageEvent({ text: '@_user_1 /help', messageId, token, mentions: [{ openId: BOT_OPEN_ID, name: 'floorwalker' }] });

describe('signature (Encrypt Key configured)', () => {
  let h: WebhookHarness;
  beforeAll(async () => {
    h = await webhookHarness();
  });
  afterAll(() => h.close());
  beforeEach(() => h.reset());

  it('accepts a good signature', async () => {
    expect((await h.send(command('om_sig_good'))).status).toBe(200);
    expect(await h.inbound()).toHaveLength(1);
  });

  it('refuses a missing signature with 401 and stores nothing', async () => {
    const res = await h.send(command('om_sig_missing'), { sign: false });
    expect(res.status).toBe(401);
    expect(await h.inbound()).toEqual([]);
  });

  it('refuses a wrong signature with 401 and stores nothing', async () => {
    const req = await feishuRequest(command('om_sig_wrong'), { encryptKey: ENCRYPT_KEY });
    req.headers['x-lark-signature'] = await signature({
      timestamp: '1',
      nonce: 'n',
      encryptKey: 'another key',
      rawBody: req.body,
    });
    expect((await h.post(req.body, req.headers)).status).toBe(401);
    expect(await h.inbound()).toEqual([]);
  });

  it('refuses a signature that belongs to another body', async () => {
    const a = await feishuRequest(command('om_sig_a'), { encryptKey: ENCRYPT_KEY });
    const b = await feishuRequest(command('om_sig_b'), { encryptKey: ENCRYPT_KEY });
    expect((await h.post(b.body, a.headers)).status).toBe(401);
    expect(await h.inbound()).toEqual([]);
  });

  it('checks the raw bytes: the same JSON re-serialised does not pass', async () => {
    const req = await feishuRequest(command('om_sig_raw'), { encryptKey: ENCRYPT_KEY });
    const spaced = JSON.stringify(JSON.parse(req.body), null, 2);
    expect((await h.post(spaced, req.headers)).status).toBe(401);
  });

  it('lets an unsigned request through only as a URL challenge with the right token', async () => {
    const wrong = await h.send({ challenge: 'c1', token: 'wrong', type: 'url_verification' }, { sign: false });
    expect(wrong.status).toBe(401);
    const noToken = await h.send({ challenge: 'c1', type: 'url_verification' }, { sign: false });
    expect(noToken.status).toBe(401);
    const otherKey = JSON.stringify({
      encrypt: await encrypt(
        'another key',
        JSON.stringify({ challenge: 'c1', token: VERIFICATION_TOKEN, type: 'url_verification' }),
      ),
    });
    expect((await h.post(otherKey)).status).toBe(401);
    const garbage = await h.post('{"hello":');
    expect(garbage.status).toBe(401);
    expect(await h.inbound()).toEqual([]);
  });

  it('refuses a signed event whose verification token is wrong', async () => {
    const res = await h.send(command('om_token_wrong', 'not-the-token'));
    expect(res.status).toBe(401);
    expect(await h.inbound()).toEqual([]);
  });

  it('refuses a signed event that carries no verification token', async () => {
    const body = command('om_token_none') as { header: Record<string, unknown> };
    delete body.header.token;
    expect((await h.send(body)).status).toBe(401);
    expect(await h.inbound()).toEqual([]);
  });

  it('checks the token of v1-shaped bodies too', async () => {
    const v1 = { uuid: 'u1', ts: '1', type: 'event_callback', event: { type: 'message' } };
    expect((await h.send({ ...v1, token: 'wrong' })).status).toBe(401);
    expect((await h.send({ ...v1, token: VERIFICATION_TOKEN })).status).toBe(200);
    expect(await h.inbound()).toEqual([]);
  });

  it('does a replayed message once: the second delivery is answered and does nothing', async () => {
    const first = await h.send(command('om_replay'));
    expect(first.status).toBe(200);
    await h.deps.settle();
    const outboxAfterFirst = await h.outbox();
    expect(outboxAfterFirst).toHaveLength(1);
    // Feishu's retry: same message, new event id, new signature.
    const again = command('om_replay') as { header: Record<string, unknown> };
    again.header.event_id = 'a-different-event-id';
    for (const body of [command('om_replay'), again]) {
      const res = await h.send(body);
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({});
    }
    await h.deps.settle();
    expect(await h.inbound()).toMatchObject([{ id: 'msg:om_replay', processed: true }]);
    expect(await h.outbox()).toEqual(outboxAfterFirst);
  });

  it('never echoes secrets or stack traces in an error answer', async () => {
    const res = await h.send(command('om_leak', 'not-the-token'));
    const text = await res.text();
    expect(text).not.toContain(ENCRYPT_KEY);
    expect(text).not.toContain(VERIFICATION_TOKEN);
    expect(text).not.toMatch(/at .*\.ts:\d+/);
  });
});

describe('verification token without an Encrypt Key', () => {
  let h: WebhookHarness;
  beforeAll(async () => {
    h = await webhookHarness({ encryptKey: null });
  });
  afterAll(() => h.close());

  it('refuses the plain URL challenge with a wrong token', async () => {
    const res = await h.send(fixture('url_verification'));
    expect(res.status).toBe(401);
  });

  it('refuses an event with a wrong token and stores nothing', async () => {
    expect((await h.send(command('om_plain_wrong', 'nope'))).status).toBe(401);
    expect(await h.inbound()).toEqual([]);
  });
});
