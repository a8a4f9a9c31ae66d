/**
 * The whole product as `npm start` runs it with nothing configured — the bot on PGlite in a
 * temporary data dir, the sandbox emulator and its console — in this process, on a free port.
 *
 *   const s = await startSandboxServer();
 *   await s.post('/send', { chatId, senderOpenId, text: '/help' });
 *   await s.stop();
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadConfig } from '../../src/config';
import { silentLogger } from '../../src/log';
import { app } from '../../src/app';
import { startNode, type NodeRuntime } from '../../src/runtime/node';
import { choosePlatform } from '../../src/platforms/choose';
import { waitFor } from './wait';

export interface SandboxServer {
  url: string;
  dir: string;
  runtime: NodeRuntime;
  get<T = any>(p: string): Promise<T>;
  /** POST JSON to /sandbox/console{p}; resolves with status and body, never throws on 4xx. */
  post<T = any>(p: string, body: unknown, headers?: Record<string, string>): Promise<{ status: number; body: T }>;
  stop(): Promise<void>;
  /** Stop and delete the data dir. */
  destroy(): Promise<void>;
}

export async function startSandboxServer(
  opts: { dir?: string; port?: number; platform?: 'feishu' | 'dingtalk' } = {},
): Promise<SandboxServer> {
  const dir = opts.dir ?? (await mkdtemp(path.join(tmpdir(), 'fw-sandbox-')));
  const config = loadConfig({
    PORT: String(opts.port ?? 0),
    FLOORWALKER_DATA_DIR: dir,
    LOG_LEVEL: 'silent',
    ...(opts.platform ? { FLOORWALKER_SANDBOX_PLATFORM: opts.platform } : {}),
  });
  const runtime = await startNode(config, { app, log: silentLogger, platform: choosePlatform(() => {}) });
  const api = `${runtime.url}/sandbox/console`;
  let stopped: Promise<void> | undefined;
  const stop = () => (stopped ??= runtime.stop());
  return {
    url: runtime.url,
    dir,
    runtime,
    async get(p) {
      const res = await fetch(api + p);
      if (!res.ok) throw new Error(`GET ${p}: HTTP ${res.status} ${await res.text()}`);
      return res.json();
    },
    async post(p, body, headers = {}) {
      const res = await fetch(api + p, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify(body),
      });
      return { status: res.status, body: await res.json() };
    },
    stop,
    async destroy() {
      await stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** waitFor, with the arguments in the order the console tests pass them. */
export const eventually = <T>(check: () => T | Promise<T>, ms = 10_000, what = 'condition') =>
  waitFor(what, check, { timeoutMs: ms });
