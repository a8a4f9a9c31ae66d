/**
 * How Feishu encrypts and signs what it POSTs to a webhook (feishu.md):
 * key = SHA-256(encryptKey); AES-256-CBC, PKCS7; wire = base64(iv[16] + ciphertext);
 * X-Lark-Signature = hex(sha256(timestamp + nonce + encryptKey + rawBody)).
 * Node-only on purpose: the emulator never runs on Workers.
 */
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

const keyOf = (encryptKey: string) => createHash('sha256').update(encryptKey, 'utf8').digest();

export function encryptEvent(encryptKey: string, plaintext: string, iv: Buffer = randomBytes(16)): string {
  const cipher = createCipheriv('aes-256-cbc', keyOf(encryptKey), iv);
  return Buffer.concat([iv, cipher.update(plaintext, 'utf8'), cipher.final()]).toString('base64');
}

export function decryptEvent(encryptKey: string, encrypted: string): string {
  const raw = Buffer.from(encrypted, 'base64');
  const decipher = createDecipheriv('aes-256-cbc', keyOf(encryptKey), raw.subarray(0, 16));
  return Buffer.concat([decipher.update(raw.subarray(16)), decipher.final()]).toString('utf8');
}

export function signEvent(timestamp: string, nonce: string, encryptKey: string, rawBody: string | Uint8Array): string {
  return createHash('sha256')
    .update(timestamp + nonce + encryptKey, 'utf8')
    .update(rawBody)
    .digest('hex');
}
