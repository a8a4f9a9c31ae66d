import { request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { signature } from '../../src/platforms/feishu/crypto';
import { openTestDatabase } from '../helpers/db';
import { feishuRequest, messageEvent } from '../helpers/feishu';
import { BOT_OPEN_ID, ENCRYPT_KEY, VERIFICATION_TOKEN, webhookHarness, type WebhookHarness } from '../helpers/webhook';

const command = (messageId: string) =>
  messageEvent({
    text: '@_user_1 /help',
    messageId,
    token: VERIFICATION_TOKEN,
    mentions: [{ openId: BOT_OPEN_ID, name: 'floorwalker' }],
  });

/** A request signed over exactly `body`, whatever it is. */
async function signed(body: string) {
  const timestamp = '1700000000';
  const nonce = 'nonce';
  return {
    body,
    headers: {
      'content-type': 'application/json',
      'x-lark-request-timestamp': timestamp,
      'x-lark-request-nonce': nonce,
      'x-lark-signature': await signature({ timestamp, nonce, encryptKey: ENCRYPT_KEY, rawBody: body }),
    },
  };
}

describe('POST /feishu/events refuses what it cannot read, and stores nothing', () => {
  let h: WebhookHarness;
  beforeAll(async () => {
    h = await webhookHarness();
  });
  afterAll(() => h.close());
  beforeEach(() => h.reset());

  it('malformed JSON → 400', async () => {
    const req = await signed('{"encrypt": ');
    const res = await h.post(req.body, req.headers);
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ ok: false, error: 'malformed JSON' });
  });

  it('an encrypt value that does not decrypt → 400', async () => {
    for (const value of ['not base64!', btoa('x'.repeat(48)), 42]) {
      const req = await signed(JSON.stringify({ encrypt: value }));
      expect((await h.post(req.body, req.headers)).status).toBe(400);
    }
  });

  it('a decrypted body of an unknown shape → 400', async () => {
    for (const payload of [
      { hello: 'world', token: VERIFICATION_TOKEN },
      { schema: '2.0', header: { token: VERIFICATION_TOKEN }, event: {} },
    ]) {
      const res = await h.send(payload);
      expect(res.status).toBe(400);
    }
    const broken = command('om_broken') as { event: { message: Record<string, unknown> } };
    delete broken.event.message.chat_id;
    expect((await h.send(broken)).status).toBe(400);
    expect(await h.inbound()).toEqual([]);
  });

  it('a body declared over 1 MB → 413 from a real server, before the body is sent', async () => {
    // app.request sets no content-length; a socket does. The client declares 2 MB, sends 1 KB and
    // waits: only the declared length can have decided the answer.
    const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
      const s = serve({ fetch: h.app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s));
    });
    try {
      const { port } = server.address() as AddressInfo;
      const req0 = await signed('{}');
      const status = await new Promise<number>((resolve, reject) => {
        const req = httpRequest(
          {
            host: '127.0.0.1',
            port,
            method: 'POST',
            path: '/feishu/events',
            headers: { ...req0.headers, 'content-length': String(2 * 1024 * 1024) },
          },
          (res) => {
            res.resume();
            resolve(res.statusCode ?? 0);
            req.destroy();
          },
        );
        req.on('error', (err) => (err.message.includes('socket hang up') ? undefined : reject(err)));
        req.write('x'.repeat(1024));
      });
      expect(status).toBe(413);
      expect(await h.inbound()).toEqual([]);
    } finally {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        (server as { closeAllConnections?: () => void }).closeAllConnections?.();
      });
    }
  });

  it('a body over 1 MB without a declared length (streamed) → 413, reading no further than the limit', async () => {
    const headers = (await signed('{}')).headers;
    const chunk = new TextEncoder().encode('x'.repeat(64 * 1024));
    let sent = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent++ < 20) controller.enqueue(chunk);
        else controller.close();
      },
    });
    const req = new Request('http://localhost/feishu/events', {
      method: 'POST',
      body: stream,
      headers,
      duplex: 'half',
    } as RequestInit);
    expect(req.headers.get('content-length')).toBeNull();
    const res = await h.app.request(req);
    expect(res.status).toBe(413);
    expect(sent).toBeLessThan(20);
    expect(await h.inbound()).toEqual([]);
  });

  it('an unknown path → 404 JSON', async () => {
    const res = await h.app.request('/nope');
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({ ok: false, error: 'not found' });
  });
});

describe('when the bot cannot be served', () => {
  it('an encrypted body without a configured Encrypt Key → 400', async () => {
    const h = await webhookHarness({ encryptKey: null });
    try {
      const req = await feishuRequest(command('om_nokey'), { encryptKey: 'somebody else' });
      expect((await h.post(req.body, req.headers)).status).toBe(400);
      expect(await h.inbound()).toEqual([]);
    } finally {
      await h.close();
    }
  });

  it('bot identity unavailable → 503 so Feishu retries, nothing stored', async () => {
    const h = await webhookHarness({ faults: [{ path: '/bot/v3/info', status: 500, times: Infinity }] });
    try {
      const res = await h.send(command('om_nobot'));
      expect(res.status).toBe(503);
      expect(await h.inbound()).toEqual([]);
    } finally {
      await h.close();
    }
  });

  it('database down → /healthz 503 and events 500, without a stack trace', async () => {
    const database = await openTestDatabase();
    const h = await webhookHarness({ database });
    await database.destroy();
    const health = await h.app.request('/healthz');
    expect(health.status).toBe(503);
    expect(await health.json()).toEqual({
      ok: false,
      db: database.kind,
      platform: 'feishu',
      error: 'database unreachable',
    });
    const res = await h.send(command('om_nodb'));
    expect(res.status).toBe(500);
    expect(await res.json()).toEqual({ ok: false, error: 'internal error' });
  });
});
