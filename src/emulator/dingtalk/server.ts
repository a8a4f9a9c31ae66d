/**
 * The DingTalk emulator on its own port (tests, the sandbox): the API and oapi routes under one
 * origin, session webhooks, file downloads, and the Stream gateway's WebSocket at /connect, which
 * pushes CALLBACK frames and resolves each with the client's ack (its `response`).
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { WebSocketServer, type WebSocket } from 'ws';
import { DingTalkEmulator } from './emulator';

export interface RunningDingTalk {
  emulator: DingTalkEmulator;
  url: string;
  /** Deliver over Stream from now on (the bot must connect first; waits for it). */
  useStream(): void;
  /** Stream clients connected now. */
  streamClients(): number;
  close(): Promise<void>;
}

const ACK_TIMEOUT_MS = 10_000;

export function serveDingTalk(
  emulator: DingTalkEmulator,
  opts: { host?: string; port?: number } = {},
): Promise<RunningDingTalk> {
  const host = opts.host ?? '127.0.0.1';
  const pending = new Map<string, (data: unknown) => void>();
  let frames = 0;
  return new Promise((resolve) => {
    const server = serve(
      { fetch: (req) => emulator.handle(req), hostname: host, port: opts.port ?? 0 },
      (info: AddressInfo) => {
        const url = `http://${host}:${info.port}`;
        emulator.baseUrl = url;
        const wss = new WebSocketServer({ server: server as Server, path: '/connect' });
        const clients: WebSocket[] = [];
        wss.on('connection', (ws: WebSocket) => {
          clients.push(ws);
          ws.on('message', (raw: unknown) => {
            try {
              const ack = JSON.parse(String(raw)) as { headers?: { messageId?: string }; data?: string };
              const id = ack.headers?.messageId;
              if (id && pending.has(id)) {
                const done = pending.get(id)!;
                pending.delete(id);
                const data = ack.data ? (JSON.parse(ack.data) as { response?: unknown }) : {};
                done(data.response);
              }
            } catch {
              // not an ack of ours
            }
          });
          ws.on('close', () => clients.splice(clients.indexOf(ws), 1));
        });
        const stream = async (topic: string, data: Record<string, unknown>): Promise<unknown> => {
          for (let i = 0; i < 100 && clients.length === 0; i++) await new Promise((r) => setTimeout(r, 50));
          // Each push goes to one connection (DingTalk picks one at random).
          const ws = clients[Math.floor(Math.random() * clients.length)];
          if (!ws) throw new Error('no Stream client connected');
          const messageId = `frame-${++frames}`;
          const answer = new Promise<unknown>((res, rej) => {
            pending.set(messageId, res);
            setTimeout(
              () => pending.has(messageId) && (pending.delete(messageId), rej(new Error('no ack'))),
              ACK_TIMEOUT_MS,
            );
          });
          ws.send(
            JSON.stringify({
              specVersion: '1.0',
              type: 'CALLBACK',
              headers: {
                appId: emulator.app.clientId,
                connectionId: 'c1',
                contentType: 'application/json',
                messageId,
                time: String(Date.now()),
                topic,
              },
              data: JSON.stringify(data),
            }),
          );
          return answer;
        };
        resolve({
          emulator,
          url,
          useStream: () => emulator.setTarget({ stream }),
          streamClients: () => clients.length,
          close: () =>
            new Promise<void>((done) => {
              for (const c of clients) c.terminate();
              wss.close();
              (server as Server).closeAllConnections?.();
              server.close(() => done());
            }),
        });
      },
    );
  });
}
