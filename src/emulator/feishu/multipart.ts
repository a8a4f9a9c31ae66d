/**
 * multipart/form-data read byte for byte. The SDK (axios with the form-data package) sends a Buffer
 * as a part without a filename, which Request.formData() turns into a string and so corrupts any
 * binary file: here every part stays bytes, and `binaryFields` (or a filename) make a part a file.
 */
import type { UploadedPart } from './files';

const enc = new TextEncoder();
const dec = new TextDecoder();

function indexOf(hay: Uint8Array, needle: Uint8Array, from: number): number {
  const first = needle[0];
  outer: for (
    let i = hay.indexOf(first!, from);
    i !== -1 && i <= hay.length - needle.length;
    i = hay.indexOf(first!, i + 1)
  ) {
    for (let j = 1; j < needle.length; j++) if (hay[i + j] !== needle[j]) continue outer;
    return i;
  }
  return -1;
}

/** The fields of a multipart body; undefined when it is not one (no boundary, no parts). */
export function parseMultipart(
  contentType: string,
  body: Uint8Array,
  binaryFields: ReadonlySet<string>,
): Record<string, unknown> | undefined {
  const boundary = /boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType);
  const b = boundary?.[1] ?? boundary?.[2];
  if (!b) return undefined;
  const delimiter = enc.encode(`--${b}`);
  const fields: Record<string, unknown> = {};
  let at = indexOf(body, delimiter, 0);
  if (at === -1) return undefined;
  for (;;) {
    at += delimiter.length;
    // "--" after a delimiter ends the body.
    if (body[at] === 0x2d && body[at + 1] === 0x2d) break;
    const headersEnd = indexOf(body, enc.encode('\r\n\r\n'), at);
    if (headersEnd === -1) return undefined;
    const head = dec.decode(body.subarray(at, headersEnd));
    const next = indexOf(body, enc.encode(`\r\n--${b}`), headersEnd + 4);
    if (next === -1) return undefined;
    const content = body.slice(headersEnd + 4, next);
    const disposition = /content-disposition:[^\r\n]*/i.exec(head)?.[0] ?? '';
    const name = /\bname="([^"]*)"/i.exec(disposition)?.[1];
    const filename = /\bfilename="([^"]*)"/i.exec(disposition)?.[1];
    const type = /content-type:\s*([^\r\n]+)/i.exec(head)?.[1]?.trim() ?? '';
    if (name !== undefined) {
      fields[name] =
        filename !== undefined || binaryFields.has(name)
          ? ({ name: filename ?? '', type, bytes: content } satisfies UploadedPart)
          : dec.decode(content);
    }
    at = next + 2;
  }
  return fields;
}
