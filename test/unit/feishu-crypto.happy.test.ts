import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { decrypt, encrypt, signature, verifySignature } from '../../src/platforms/feishu/crypto';

describe('decrypt (Feishu documentation vectors)', () => {
  it('decrypts the "test key" vector to hello world', async () => {
    expect(await decrypt('test key', 'P37w+VZImNgPEO1RBhJ6RtKl7n6zymIbEG1pReEzghk=')).toBe('hello world');
  });

  it('decrypts the "mazhe.nerd" vector to the URL challenge', async () => {
    const wire =
      'tT1xP+ovuc0T3b/rnZX3ax76exqAn0ANQ6/U45GcciC0mgNBc8JtvqOJGNAPMKpgRs2dVU1NYk9VDeqS8T4SYtU0hzNU54aS84WnxvZ3VFfDcy/RyABlNqlUiGyLDzFI0yxdCMT4KR/YEQXlt6nZi50KwRlZ+A75r645KesZuLMljezYyY8VeeXEVjPw35+e';
    expect(JSON.parse(await decrypt('mazhe.nerd', wire))).toEqual({
      challenge: '5634b122-c042-4634-bc7f-b07a3c3e77ad',
      token: 'iRdCP2WwXNBXRM3mGLqhrgch3cn0gbT6',
      type: 'url_verification',
    });
  });
});

describe('encrypt', () => {
  it('round-trips UTF-8 text of any size through decrypt', async () => {
    for (const text of ['', '{"text":"@_user_1 /异常 天猫旗舰店 优惠券叠加后价格错误"}', 'x'.repeat(100_000)]) {
      expect(await decrypt('k', await encrypt('k', text))).toBe(text);
    }
  });

  it('puts the IV first, as Feishu does (a fixed IV gives a fixed wire value)', async () => {
    const iv = new Uint8Array(16).fill(7);
    const wire = await encrypt('test key', 'hello world', iv);
    expect(wire).toBe(await encrypt('test key', 'hello world', iv));
    expect(Buffer.from(wire, 'base64').subarray(0, 16)).toEqual(Buffer.from(iv));
  });
});

describe('signature', () => {
  const input = { timestamp: '1700000000', nonce: 'n0nce', encryptKey: 'k3y', rawBody: '{"encrypt":"abc"}' };

  it('is hex(sha256(timestamp + nonce + encryptKey + body))', async () => {
    const expected = createHash('sha256').update('1700000000n0ncek3y{"encrypt":"abc"}').digest('hex');
    expect(await signature(input)).toBe(expected);
  });

  it('verifies from the raw bytes as well as from a string', async () => {
    const sig = await signature(input);
    expect(await verifySignature({ ...input, signature: sig })).toBe(true);
    expect(await verifySignature({ ...input, rawBody: new TextEncoder().encode(input.rawBody), signature: sig })).toBe(
      true,
    );
  });
});
