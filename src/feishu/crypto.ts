/**
 * Feishu's event encryption and request signature, on Web Crypto only, so the same code runs on
 * Node 20 and on Cloudflare Workers. (docs: server-docs/event-subscription-guide/overview,
 * …/encrypt-key-encryption-configuration-case)
 *
 * - Encryption: key = SHA-256(Encrypt Key); AES-256-CBC with PKCS7 padding;
 *   wire value = base64(iv[16] + ciphertext).
 * - Signature: hex(sha256(timestamp + nonce + Encrypt Key + raw body)) in X-Lark-Signature.
 */
const utf8 = new TextEncoder();
const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/** The body could not be decrypted: not base64, too short, wrong key or bad padding. */
export class DecryptError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DecryptError';
  }
}

// Deriving the key is a SHA-256 plus an importKey on every event otherwise: keep it per Encrypt Key.
// A deployment has one key (two while rotating); the bound only guards against misuse.
const keyCache = new Map<string, Promise<CryptoKey>>();
const KEY_CACHE_MAX = 8;

function aesKey(encryptKey: string): Promise<CryptoKey> {
  let key = keyCache.get(encryptKey);
  if (!key) {
    if (keyCache.size >= KEY_CACHE_MAX) keyCache.clear();
    key = crypto.subtle
      .digest('SHA-256', utf8.encode(encryptKey))
      .then((hash) => crypto.subtle.importKey('raw', hash, { name: 'AES-CBC' }, false, ['encrypt', 'decrypt']));
    key.catch(() => keyCache.delete(encryptKey));
    keyCache.set(encryptKey, key);
  }
  return key;
}

function fromBase64(b64: string): Uint8Array<ArrayBuffer> {
  const bin = atob(b64);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

function toBase64(bytes: Uint8Array): string {
  let bin = '';
  for (let i = 0; i < bytes.length; i += 0x8000) bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(bin);
}

function toHex(buf: ArrayBuffer): string {
  const bytes = new Uint8Array(buf);
  let out = '';
  for (let i = 0; i < bytes.length; i++) out += (bytes[i]! < 16 ? '0' : '') + bytes[i]!.toString(16);
  return out;
}

/** Decrypts an `{"encrypt": "..."}` value to its plaintext (normally JSON). Throws DecryptError. */
export async function decrypt(encryptKey: string, base64: string): Promise<string> {
  let wire: Uint8Array<ArrayBuffer>;
  try {
    wire = fromBase64(base64);
  } catch {
    throw new DecryptError('encrypt is not base64');
  }
  // At least the IV and one AES block.
  if (wire.length < 32 || wire.length % 16 !== 0) throw new DecryptError('encrypt has the wrong length');
  try {
    const plain = await crypto.subtle.decrypt({ name: 'AES-CBC', iv: wire.subarray(0, 16) }, await aesKey(encryptKey), wire.subarray(16));
    return strictUtf8.decode(plain);
  } catch {
    throw new DecryptError('decryption failed: check FEISHU_ENCRYPT_KEY');
  }
}

/** The inverse of decrypt, as Feishu does it (the sandbox, the tests and the bench use it). */
export async function encrypt(encryptKey: string, plaintext: string, iv: Uint8Array<ArrayBuffer> = crypto.getRandomValues(new Uint8Array(16))): Promise<string> {
  const cipher = new Uint8Array(await crypto.subtle.encrypt({ name: 'AES-CBC', iv }, await aesKey(encryptKey), utf8.encode(plaintext)));
  const wire = new Uint8Array(16 + cipher.length);
  wire.set(iv);
  wire.set(cipher, 16);
  return toBase64(wire);
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
  const prefix = utf8.encode(input.timestamp + input.nonce + input.encryptKey);
  const body = typeof input.rawBody === 'string' ? utf8.encode(input.rawBody) : input.rawBody;
  const data = new Uint8Array(prefix.length + body.length);
  data.set(prefix);
  data.set(body, prefix.length);
  return toHex(await crypto.subtle.digest('SHA-256', data));
}

/**
 * True when X-Lark-Signature matches. No freshness window on the timestamp: Feishu re-sends up to
 * 6 h later, and a replayed request is stopped by the inbox's de-duplication, not here.
 */
export async function verifySignature(input: SignatureInput & { signature: string | undefined | null }): Promise<boolean> {
  if (!input.signature || !input.timestamp || !input.nonce) return false;
  return timingSafeEqual(await signature(input), input.signature);
}

/** Compares without an early exit, so the time taken says nothing about where strings differ. */
export function timingSafeEqual(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return diff === 0;
}
