/** The emulator on its own port (tests): 127.0.0.1 and a free port unless told otherwise. */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { FeishuEmulator, type EmulatorOptions } from './emulator';
import { openApiRoutes } from './routes';

export interface RunningEmulator {
  emulator: FeishuEmulator;
  /** The Open API base URL: give it to the SDK as `domain`. */
  url: string;
  close(): Promise<void>;
}

export function serveEmulator(
  emulator: FeishuEmulator,
  opts: { host?: string; port?: number } = {},
): Promise<RunningEmulator> {
  const host = opts.host ?? '127.0.0.1';
  const app = openApiRoutes(emulator);
  return new Promise((resolve) => {
    const server = serve({ fetch: app.fetch, hostname: host, port: opts.port ?? 0 }, (info: AddressInfo) => {
      resolve({
        emulator,
        url: `http://${host}:${info.port}`,
        close: () =>
          new Promise<void>((done) => {
            // The SDK's HTTP agent keeps sockets alive; without this close() waits for them.
            (server as Server).closeAllConnections?.();
            server.close(() => done());
          }),
      });
    });
  });
}

export function startFeishuEmulator(
  opts: EmulatorOptions & { host?: string; port?: number } = {},
): Promise<RunningEmulator> {
  const { host, port, ...emulatorOpts } = opts;
  return serveEmulator(new FeishuEmulator(emulatorOpts), {
    ...(host ? { host } : {}),
    ...(port !== undefined ? { port } : {}),
  });
}
