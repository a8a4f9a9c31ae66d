/**
 * `npm start` with no Feishu app configured: a local Feishu tenant (the emulator) served by the
 * bot's own process under /sandbox, a web console at /, and the bot's real SDK client pointed at
 * it. Events go to the bot's own /feishu/events, signed and encrypted with the sandbox keys.
 */
import path from 'node:path';
import { ManualClock, systemClock, type Clock } from '../clock';
import { SANDBOX_APP, type Config } from '../config';
import { FeishuEmulator, openApiRoutes } from '../emulator/feishu';
import { createFeishuPlatform } from '../platforms/feishu/api';
import type { Logger } from '../log';
import type { PlatformSetup } from '../runtime/node';
import { registerConsole } from './console-routes';
import { Sandbox } from './sandbox';
import { BOT_NAME, populateTenant, sandboxIds } from './team';
import { loadTranscript, snapshot, transcriptWriter } from './transcript';

export interface SandboxOptions {
  config: Config;
  baseUrl: string;
  log: Logger;
  say: (line: string) => void;
}

export async function createSandbox({ config, baseUrl, log, say }: SandboxOptions): Promise<PlatformSetup> {
  const f = config.feishu;
  const app = {
    appId: f.appId || SANDBOX_APP.appId,
    appSecret: f.appSecret || SANDBOX_APP.appSecret,
    encryptKey: f.encryptKey ?? SANDBOX_APP.encryptKey,
    verificationToken: f.verificationToken ?? SANDBOX_APP.verificationToken,
  };
  // The emulator stamps messages with the bot's clock, which exists once the server has started.
  let clock: Clock = systemClock;
  const emulator = new FeishuEmulator({
    app,
    tenantKey: sandboxIds.tenantKey,
    bot: { openId: sandboxIds.botOpenId, name: BOT_NAME },
    clock: { now: () => clock.now() },
    webhook: `${baseUrl}/feishu/events`,
  });
  populateTenant(emulator);

  const dir = config.database.kind === 'pglite' ? config.database.dataDir : '.data';
  const file = path.resolve(dir, 'sandbox.json');
  const { transcript, problem } = loadTranscript(file);
  if (problem) say(`沙盒 / sandbox: ${problem}`);
  if (transcript) emulator.restore(transcript);

  const sandbox = new Sandbox(emulator, log, say);
  const writer = transcriptWriter(
    file,
    () => snapshot(emulator, clock instanceof ManualClock ? clock.offset : 0),
    (err) =>
      log.warn('sandbox transcript not saved', { file, error: err instanceof Error ? err.message : String(err) }),
  );
  const unsubscribe = emulator.subscribe((ch) => {
    if (ch.type !== 'api.call' && ch.type !== 'delivery') writer.changed();
  });

  const platform = createFeishuPlatform({
    appId: app.appId,
    appSecret: app.appSecret,
    domain: `${baseUrl}/sandbox`,
    log,
  });
  const anyHost = Boolean(config.host) && !['127.0.0.1', 'localhost', '::1'].includes(config.host!);

  return {
    platform,
    routes: (hono) => {
      hono.route('/sandbox', openApiRoutes(emulator));
      registerConsole(hono, sandbox, { anyHost });
    },
    prepare(deps) {
      clock = deps.clock;
      // The sandbox clock keeps its lead over real time across restarts (time only moves forward),
      // restored before the schedules are armed: a slot armed by real time would be in the past.
      if (transcript && deps.clock instanceof ManualClock && transcript.clockOffsetMs > deps.clock.offset)
        deps.clock.advance(transcript.clockOffsetMs - deps.clock.offset);
    },
    async started(url, deps) {
      clock = deps.clock;
      deps.wake();
      await sandbox.start(deps);
      await writer.flush();
      say(`沙盒控制台 / sandbox console: ${url}/   （在浏览器打开，以「客服一组」成员的身份和机器人对话）`);
      if (anyHost)
        say(
          `注意：HOST=${config.host}，局域网内任何人都能打开控制台并以任何成员的身份发言 / the console is reachable from the network`,
        );
      say(
        '接入真实飞书 / to use a real Feishu app: set FEISHU_APP_ID, FEISHU_APP_SECRET, FEISHU_VERIFICATION_TOKEN (and FEISHU_ENCRYPT_KEY), see README "Connecting a real Feishu app"',
      );
    },
    stopping: () => sandbox.close(),
    async close() {
      sandbox.close();
      unsubscribe();
      await writer.flush();
    },
  };
}
