/**
 * What a zip says its entries expand to, read from its central directory without inflating
 * anything — so a zip bomb posing as an XLSX is refused before a byte is decompressed. Pure.
 * Undefined: not a zip we can read (no end-of-central-directory record, or it points outside).
 */
const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;

export function zipExpandedSize(bytes: Uint8Array): number | undefined {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  // The EOCD record is 22 bytes plus a comment of at most 65,535 bytes, at the very end.
  const stop = Math.max(0, bytes.length - 22 - 65_535);
  let eocd = -1;
  for (let i = bytes.length - 22; i >= stop; i--) {
    if (view.getUint32(i, true) === EOCD) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) return undefined;
  const entries = view.getUint16(eocd + 10, true);
  let at = view.getUint32(eocd + 16, true);
  let total = 0;
  for (let n = 0; n < entries; n++) {
    if (at + 46 > bytes.length || view.getUint32(at, true) !== CENTRAL) return undefined;
    total += view.getUint32(at + 24, true);
    at += 46 + view.getUint16(at + 28, true) + view.getUint16(at + 30, true) + view.getUint16(at + 32, true);
  }
  return total;
}
