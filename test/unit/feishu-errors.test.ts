/**
 * Layer one of failure classification: what Feishu answered → a neutral PlatformError (reason,
 * retry hint, the code kept as detail). Layer two, the outbox's verdict, is outbox-classify.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { PlatformError } from '../../src/port/platform';
import { classifyFeishu, feishuError } from '../../src/platforms/feishu/errors';
import { Readable } from 'node:stream';
import { readStream, toPlatformError, withReadBody } from '../../src/platforms/feishu/api-errors';

describe('Feishu failures in neutral words', () => {
  it('a 429 or 99991400 is the app over its limit, with the reset header as retry-after', () => {
    expect(classifyFeishu({ status: 429, code: 99991400, retryAfterMs: 3000 })).toEqual({
      reason: 'rate_limited',
      retry: { kind: 'rate_limited', scope: 'app', retryAfterMs: 3000 },
    });
    expect(classifyFeishu({ status: 400, code: 99991400 })).toEqual({
      reason: 'rate_limited',
      retry: { kind: 'rate_limited', scope: 'app' },
    });
    expect(classifyFeishu({ status: 429 })).toEqual({
      reason: 'rate_limited',
      retry: { kind: 'rate_limited', scope: 'app' },
    });
  });

  it('230020 is one chat over its limit, even when it comes with a 429', () => {
    for (const status of [400, 429]) {
      expect(classifyFeishu({ status, code: 230020 })).toEqual({
        reason: 'chat_rate_limited',
        retry: { kind: 'rate_limited', scope: 'chat' },
      });
    }
  });

  it('5xx, 408 and no answer at all are transient', () => {
    expect(classifyFeishu({ status: 500 })).toEqual({ reason: 'server_error', retry: { kind: 'transient' } });
    expect(classifyFeishu({ status: 503, code: 0 })).toEqual({ reason: 'server_error', retry: { kind: 'transient' } });
    expect(classifyFeishu({ status: 408 })).toEqual({ reason: 'server_error', retry: { kind: 'transient' } });
    expect(classifyFeishu({ status: 0 })).toEqual({ reason: 'network', retry: { kind: 'transient' } });
  });

  it.each([
    [10003, 'app_credentials'],
    [10014, 'app_credentials'],
    [230002, 'bot_not_in_group'],
    [232011, 'bot_not_in_group'],
    [230035, 'no_permission'],
    [232009, 'chat_dissolved'],
    [232006, 'chat_not_found'],
    [230099, 'card_invalid'],
    [230001, 'invalid_request'],
    [230006, 'bot_ability_off'],
    [99991672, 'missing_scope'],
    [99991661, 'token_invalid'],
    [99991663, 'token_invalid'],
    [99991664, 'token_invalid'],
    [230011, 'message_recalled'],
    [230012, 'not_own_message'],
    [230052, 'not_allowed'],
    [230024, 'quota_exhausted'],
    [230023, 'too_many_unread'],
    [230031, 'message_too_old'],
    [230110, 'message_deleted'],
    [234003, 'file_not_found'],
    [234037, 'file_too_large'],
  ])('code %i is permanent: %s', (code, reason) => {
    expect(classifyFeishu({ status: 400, code })).toEqual({ reason, retry: { kind: 'permanent' } });
    // A known permanent code stays permanent whatever the status says.
    expect(classifyFeishu({ status: 500, code })).toEqual({ reason, retry: { kind: 'permanent' } });
  });

  it('an unknown 4xx code is rejected, permanently', () => {
    expect(classifyFeishu({ status: 400, code: 234567 })).toEqual({ reason: 'rejected', retry: { kind: 'permanent' } });
  });

  it('the error keeps Feishu’s code and status as detail, and says what to do in its message', () => {
    const e = feishuError('urgent phone', {
      status: 400,
      code: 230024,
      msg: 'Reach the upper limit of urgent message.',
      body: { code: 230024 },
    });
    expect(e).toBeInstanceOf(PlatformError);
    expect(e).toMatchObject({
      reason: 'quota_exhausted',
      retry: { kind: 'permanent' },
      code: 230024,
      httpStatus: 400,
      body: { code: 230024 },
    });
    expect(e.message).toBe(
      "feishu urgent phone failed: HTTP 400, code 230024: Reach the upper limit of urgent message. (the tenant's SMS/phone buzz quota is used up: fall back to in-app buzz)",
    );
  });

  it('reads status, code and reset header off what the SDK throws', () => {
    const axios = {
      isAxiosError: true,
      message: 'Request failed',
      response: { status: 429, data: { code: 99991400, msg: 'too fast' }, headers: { 'x-ogw-ratelimit-reset': '2' } },
    };
    expect(toPlatformError('send', axios)).toMatchObject({
      reason: 'rate_limited',
      retry: { kind: 'rate_limited', scope: 'app', retryAfterMs: 2000 },
      code: 99991400,
    });
    expect(toPlatformError('send', { isAxiosError: true, message: 'x', code: 'ECONNRESET' })).toMatchObject({
      reason: 'network',
      retry: { kind: 'transient' },
      message: 'feishu send: no answer (ECONNRESET)',
    });
    expect(
      toPlatformError('token', new Error('failed to get tenant_access_token, code: 10014, msg: app secret invalid')),
    ).toMatchObject({
      reason: 'app_credentials',
      code: 10014,
    });
  });
});

describe('downloads: bodies that are streams', () => {
  const bytes = (n: number) => Uint8Array.from({ length: n }, (_, i) => i % 251);
  const chunked = (b: Uint8Array, size: number) =>
    Array.from({ length: Math.ceil(b.length / size) }, (_, i) => Buffer.from(b.subarray(i * size, (i + 1) * size)));

  it('reads a Node stream and a web stream whole', async () => {
    const b = bytes(10_000);
    const fail = () => {
      throw new Error('not too large');
    };
    expect(await readStream(Readable.from(chunked(b, 777)), 10_000, fail)).toEqual(b);
    const web = new Blob([b]).stream();
    expect(await readStream(web, 10_000, fail)).toEqual(b);
  });

  it('stops past maxBytes and releases the stream', async () => {
    const node = Readable.from(chunked(bytes(10_000), 1000));
    await expect(
      readStream(node, 2500, () => {
        throw new Error('too large');
      }),
    ).rejects.toThrow('too large');
    expect(node.destroyed).toBe(true);
  });

  it('reads a failed download’s streamed JSON so that its code decides', async () => {
    const err = {
      isAxiosError: true,
      message: 'Request failed with status code 400',
      response: {
        status: 400,
        data: Readable.from([Buffer.from(JSON.stringify({ code: 234003, msg: 'File not in msg.' }))]),
        headers: {},
      },
    };
    const e = toPlatformError('download file', await withReadBody(err));
    expect(e).toMatchObject({ reason: 'file_not_found', code: 234003, httpStatus: 400 });
    const plain = new Error('socket hang up');
    expect(await withReadBody(plain)).toBe(plain);
  });
});
