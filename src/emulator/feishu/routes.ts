/**
 * The emulator's Open API over HTTP: a Hono app answering /open-apis/*, mountable under any prefix
 * (`app.route('/sandbox', openApiRoutes(emulator))` → SDK domain `http://host/sandbox`).
 */
import { Hono } from 'hono';
import type { FeishuEmulator } from './emulator';

export function openApiRoutes(emulator: FeishuEmulator): Hono {
  const app = new Hono();
  app.all('/open-apis/*', async (c) => {
    const url = new URL(c.req.url);
    const path = url.pathname.slice(url.pathname.indexOf('/open-apis/'));
    const headers: Record<string, string> = {};
    c.req.raw.headers.forEach((v, k) => (headers[k.toLowerCase()] = v));
    let body: unknown;
    if (c.req.method !== 'GET' && c.req.method !== 'HEAD') {
      const text = await c.req.text();
      try {
        body = text ? JSON.parse(text) : undefined;
      } catch {
        body = undefined; // the endpoint then refuses it as an invalid parameter
      }
    }
    const res = await emulator.handle({
      method: c.req.method,
      path,
      query: Object.fromEntries(url.searchParams),
      headers,
      body,
    });
    return new Response(JSON.stringify(res.body), {
      status: res.status,
      headers: { 'content-type': 'application/json; charset=utf-8', ...res.headers },
    });
  });
  return app;
}
