/**
 * The emulator's Open API over HTTP: a Hono app answering /open-apis/*, mountable under any prefix
 * (`app.route('/sandbox', openApiRoutes(emulator))` → SDK domain `http://host/sandbox`).
 */
import { Hono } from 'hono';
import type { FeishuEmulator } from './emulator';
import { parseMultipart } from './multipart';

/** Multipart fields that carry a file even when the part names no filename (the SDK's Buffer). */
const BINARY_FIELDS: ReadonlySet<string> = new Set(['file', 'image']);

export function openApiRoutes(emulator: FeishuEmulator): Hono {
  const app = new Hono();
  app.all('/open-apis/*', async (c) => {
    const url = new URL(c.req.url);
    const path = url.pathname.slice(url.pathname.indexOf('/open-apis/'));
    const headers: Record<string, string> = {};
    c.req.raw.headers.forEach((v, k) => (headers[k.toLowerCase()] = v));
    let body: unknown;
    if (c.req.method !== 'GET' && c.req.method !== 'HEAD') {
      const type = headers['content-type'] ?? '';
      body = type.startsWith('multipart/form-data')
        ? parseMultipart(type, new Uint8Array(await c.req.arrayBuffer()), BINARY_FIELDS)
        : parseJson(await c.req.text());
    }
    const res = await emulator.handle({
      method: c.req.method,
      path,
      query: Object.fromEntries(url.searchParams),
      headers,
      body,
    });
    if (res.raw) return new Response(res.raw as Uint8Array<ArrayBuffer>, { status: res.status, headers: res.headers });
    return new Response(JSON.stringify(res.body), {
      status: res.status,
      headers: { 'content-type': 'application/json; charset=utf-8', ...res.headers },
    });
  });
  return app;
}

function parseJson(text: string): unknown {
  try {
    return text ? JSON.parse(text) : undefined;
  } catch {
    return undefined; // the endpoint then refuses it as an invalid parameter
  }
}
