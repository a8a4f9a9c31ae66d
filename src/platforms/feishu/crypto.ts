/**
 * Feishu's event encryption and request signature. (docs: server-docs/event-subscription-guide/
 * overview, …/encrypt-key-encryption-configuration-case)
 *
 * - Encryption: key = SHA-256(Encrypt Key); AES-256-CBC with PKCS7 padding;
 *   wire value = base64(iv[16] + ciphertext).
 * - Signature: hex(sha256(timestamp + nonce + Encrypt Key + raw body)) in X-Lark-Signature.
 *
 * node:crypto, which Workers provide under nodejs_compat, rather than Web Crypto: Web Crypto runs
 * every digest and decryption on Node's thread pool and answers through the event loop, about
 * 100 µs an event against 20 µs here, and at a thousand events a second those hops queue behind
 * everything else the process is doing.
 */
import { Buffer } from 'node:buffer';
import { createCipheriv, createDecipheriv, createHash, randomBytes, timingSafeEqual as sameBytes } from 'node:crypto';

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/** The body could not be decrypted: not base64, too short, wrong key or bad padding. */
export class DecryptError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DecryptError';
  }
}

// Deriving the key is a SHA-256 on every event otherwise: keep it per Encrypt Key. A deployment
// has one key (two while rotating); the bound only guards against misuse.
const keyCache = new Map<string, Buffer>();
const KEY_CACHE_MAX = 8;

function aesKey(encryptKey: string): Buffer {
  let key = keyCache.get(encryptKey);
  if (!key) {
    if (keyCache.size >= KEY_CACHE_MAX) keyCache.clear();
    key = createHash('sha256').update(encryptKey).digest();
    keyCache.set(encryptKey, key);
  }
  return key;
}

/** Decrypts an `{"encrypt": "..."}` value to its plaintext (normally JSON). Throws DecryptError. */
export async function decrypt(encryptKey: string, base64: string): Promise<string> {
  // Buffer.from skips what is not base64; Feishu's value is strict base64, anything else is junk.
  if (!BASE64.test(base64) || base64.length % 4 !== 0) throw new DecryptError('encrypt is not base64');
  const wire = Buffer.from(base64, 'base64');
  // At least the IV and one AES block.
  if (wire.length < 32 || wire.length % 16 !== 0) throw new DecryptError('encrypt has the wrong length');
  try {
    const decipher = createDecipheriv('aes-256-cbc', aesKey(encryptKey), wire.subarray(0, 16));
    return strictUtf8.decode(Buffer.concat([decipher.update(wire.subarray(16)), decipher.final()]));
  } catch {
    throw new DecryptError('decryption failed: check FEISHU_ENCRYPT_KEY');
  }
}

/** The inverse of decrypt, as Feishu does it (the sandbox, the tests and the bench use it). */
export async function encrypt(
  encryptKey: string,
  plaintext: string,
  iv: Uint8Array = randomBytes(16),
): Promise<string> {
  const cipher = createCipheriv('aes-256-cbc', aesKey(encryptKey), iv);
  return Buffer.concat([iv, cipher.update(plaintext, 'utf8'), cipher.final()]).toString('base64');
}

export interface SignatureInput {
  /** X-Lark-Request-Timestamp */
  timestamp: string;
  /** X-Lark-Request-Nonce */
  nonce: string;
  encryptKey: string;
  /** The body exactly as received: hashing a re-serialised body breaks on key order and escapes. */
  rawBody: Uint8Array | string;
}

/** hex(sha256(timestamp + nonce + encryptKey + rawBody)): what X-Lark-Signature carries. */
export async function signature(input: SignatureInput): Promise<string> {
  return createHash('sha256')
    .update(input.timestamp + input.nonce + input.encryptKey)
    .update(input.rawBody)
    .digest('hex');
}

/**
 * True when X-Lark-Signature matches. No freshness window on the timestamp: Feishu re-sends up to
 * 6 h later, and a replayed request is stopped by the inbox's de-duplication, not here.
 */
export async function verifySignature(
  input: SignatureInput & { signature: string | undefined | null },
): Promise<boolean> {
  if (!input.signature || !input.timestamp || !input.nonce) return false;
  return timingSafeEqual(await signature(input), input.signature);
}

/** Compares without an early exit, so the time taken says nothing about where strings differ. */
export function timingSafeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && sameBytes(x, y);
}
