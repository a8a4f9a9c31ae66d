import { describe, expect, it } from 'vitest';
import {
  DecryptError,
  decrypt,
  encrypt,
  signature,
  timingSafeEqual,
  verifySignature,
} from '../../src/platforms/feishu/crypto';

describe('verifySignature rejects', () => {
  const body = '{"encrypt":"abc","x":1}';
  const base = { timestamp: '1700000000', nonce: 'n0nce', encryptKey: 'k3y', rawBody: body };

  it('a signature made with another key', async () => {
    const sig = await signature({ ...base, encryptKey: 'other' });
    expect(await verifySignature({ ...base, signature: sig })).toBe(false);
  });

  it('a body changed by one byte', async () => {
    const sig = await signature(base);
    expect(await verifySignature({ ...base, rawBody: body.replace('1', '2'), signature: sig })).toBe(false);
  });

  it('the same JSON re-serialised (the raw bytes are what is signed)', async () => {
    const sig = await signature(base);
    const reserialised = JSON.stringify(JSON.parse(body), null, 1);
    expect(await verifySignature({ ...base, rawBody: reserialised, signature: sig })).toBe(false);
  });

  it('a replayed signature with another timestamp or nonce', async () => {
    const sig = await signature(base);
    expect(await verifySignature({ ...base, timestamp: '1700000001', signature: sig })).toBe(false);
    expect(await verifySignature({ ...base, nonce: 'other', signature: sig })).toBe(false);
  });

  it('a missing signature, timestamp or nonce', async () => {
    const sig = await signature(base);
    expect(await verifySignature({ ...base, signature: undefined })).toBe(false);
    expect(await verifySignature({ ...base, signature: '' })).toBe(false);
    expect(await verifySignature({ ...base, timestamp: '', signature: sig })).toBe(false);
    expect(await verifySignature({ ...base, nonce: '', signature: sig })).toBe(false);
  });

  it('a truncated or padded signature', async () => {
    const sig = await signature(base);
    expect(await verifySignature({ ...base, signature: sig.slice(0, -1) })).toBe(false);
    expect(await verifySignature({ ...base, signature: sig + '0' })).toBe(false);
  });
});

describe('timingSafeEqual', () => {
  it('is plain equality without an early exit', () => {
    expect(timingSafeEqual('abc', 'abc')).toBe(true);
    expect(timingSafeEqual('abc', 'abd')).toBe(false);
    expect(timingSafeEqual('abc', 'ab')).toBe(false);
    expect(timingSafeEqual('', '')).toBe(true);
  });
});

describe('decrypt refuses', () => {
  it('the wrong Encrypt Key', async () => {
    await expect(decrypt('not the key', 'P37w+VZImNgPEO1RBhJ6RtKl7n6zymIbEG1pReEzghk=')).rejects.toBeInstanceOf(
      DecryptError,
    );
  });

  it('text that is not base64', async () => {
    await expect(decrypt('k', 'not base64 at all!')).rejects.toBeInstanceOf(DecryptError);
  });

  it('a value shorter than IV + one block, or not whole blocks', async () => {
    await expect(decrypt('k', btoa('0123456789abcdef'))).rejects.toThrow(/wrong length/);
    const wire = await encrypt('k', 'hello');
    await expect(decrypt('k', btoa(atob(wire) + 'x'))).rejects.toThrow(/wrong length/);
  });

  it('with a message that names the setting to check, and no key material', async () => {
    const err = await decrypt('secret-key-value', 'P37w+VZImNgPEO1RBhJ6RtKl7n6zymIbEG1pReEzghk=').catch(
      (e: Error) => e,
    );
    expect(String(err)).toMatch(/FEISHU_ENCRYPT_KEY/);
    expect(String(err)).not.toContain('secret-key-value');
  });
});
