/**
 * `npm start` with no app configured: a local Feishu tenant (the default) or DingTalk org
 * (FLOORWALKER_SANDBOX_PLATFORM=dingtalk) served by the bot's own process under /sandbox, a web
 * console at /, and the bot's real platform client pointed at it. Events go to the bot's own
 * /feishu/events (signed and encrypted with the sandbox keys) or /dingtalk/events (signed).
 */
import path from 'node:path';
import { ManualClock, systemClock, type Clock } from '../clock';
import type { Config } from '../config';
import type { Deps } from '../core/deps';
import type { Logger } from '../log';
import type { PlatformSetup } from '../runtime/node';
import { registerConsole } from './console-routes';
import { dingTalkDriver } from './dingtalk-driver';
import type { SandboxDriver } from './driver';
import { feishuDriver } from './feishu-driver';
import { Sandbox } from './sandbox';
import { loadTranscript, snapshot, transcriptWriter } from './transcript';

export interface SandboxOptions {
  config: Config;
  baseUrl: string;
  log: Logger;
  say: (line: string) => void;
}

export async function createSandbox({ config, baseUrl, log, say }: SandboxOptions): Promise<PlatformSetup> {
  // The emulator stamps messages with the bot's clock, which exists once the server has started.
  let clock: Clock = systemClock;
  let deps: Deps | undefined;
  const on = config.sandboxPlatform;
  const make = on === 'dingtalk' ? dingTalkDriver : feishuDriver;
  const driver: SandboxDriver = make({ config, baseUrl, log, now: () => clock.now() });
  driver.populate();

  const dir = config.database.kind === 'pglite' ? config.database.dataDir : '.data';
  // One transcript per platform: the two demo orgs are different teams in the same database.
  const file = path.resolve(dir, on === 'dingtalk' ? 'sandbox-dingtalk.json' : 'sandbox.json');
  const { transcript, problem } = loadTranscript(file);
  if (problem) say(`沙盒 / sandbox: ${problem}`);
  if (transcript) driver.restore(transcript);

  const sandbox = new Sandbox(driver, log, say);
  const writer = transcriptWriter(
    file,
    () => snapshot(driver, clock instanceof ManualClock ? clock.offset : 0),
    (err) =>
      log.warn('sandbox transcript not saved', { file, error: err instanceof Error ? err.message : String(err) }),
  );
  const unsubscribe = driver.subscribe((ch) => {
    if (ch.type !== 'call' && ch.type !== 'delivery') writer.changed();
  });
  const anyHost = Boolean(config.host) && !['127.0.0.1', 'localhost', '::1'].includes(config.host!);

  return {
    platform: driver.api,
    routes: (hono) => {
      driver.routes(hono, () => deps);
      registerConsole(hono, sandbox, { anyHost });
    },
    prepare(d) {
      deps = d;
      clock = d.clock;
      // The sandbox clock keeps its lead over real time across restarts (time only moves forward),
      // restored before the schedules are armed: a slot armed by real time would be in the past.
      if (transcript && d.clock instanceof ManualClock && transcript.clockOffsetMs > d.clock.offset)
        d.clock.advance(transcript.clockOffsetMs - d.clock.offset);
    },
    async started(url, d) {
      clock = d.clock;
      d.wake();
      await sandbox.start(d);
      await writer.flush();
      say(
        `沙盒控制台 / sandbox console (${driver.platformName}): ${url}/   （在浏览器打开，以「客服一组」成员的身份和机器人对话）`,
      );
      if (anyHost)
        say(
          `注意：HOST=${config.host}，局域网内任何人都能打开控制台并以任何成员的身份发言 / the console is reachable from the network`,
        );
      say(
        on === 'dingtalk'
          ? '接入真实钉钉 / to use a real DingTalk app: set DINGTALK_CLIENT_ID and DINGTALK_CLIENT_SECRET, see README "Connecting a DingTalk app"'
          : '接入真实飞书 / to use a real Feishu app: set FEISHU_APP_ID, FEISHU_APP_SECRET, FEISHU_VERIFICATION_TOKEN (and FEISHU_ENCRYPT_KEY), see README "Connecting a real Feishu app"',
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
