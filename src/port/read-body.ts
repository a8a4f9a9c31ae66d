/** Reads at most `max` bytes; undefined when the body is larger (declared or actual). */
export async function readBody(req: Request, max: number): Promise<Uint8Array | undefined> {
  const declared = req.headers.get('content-length');
  if (declared !== null && Number(declared) > max) return undefined;
  // With a declared length, arrayBuffer() is the cheap path (@hono/node-server reads the socket
  // directly; touching req.body would first build a full WHATWG Request and stream).
  if (declared !== null) {
    const bytes = new Uint8Array(await req.arrayBuffer());
    return bytes.length > max ? undefined : bytes;
  }
  if (!req.body) return new Uint8Array(0);
  // Chunked: count as we go and stop reading the moment the limit is passed.
  const reader = req.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.length;
    if (size > max) {
      await reader.cancel().catch(() => {});
      return undefined;
    }
    chunks.push(value);
  }
  const out = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}
