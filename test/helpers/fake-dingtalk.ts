/**
 * The DingTalk counterpart of fake-feishu.ts: the DingTalk emulator on 127.0.0.1 (free port) and the
 * real DingTalk PlatformApi pointed at it, with a card template configured so cards are interactive
 * card instances (created, updated in place, pressed) as on a team that imported the template.
 * Close it in afterAll/afterEach.
 */
import type { Clock } from '../../src/clock';
import { loadConfig } from '../../src/config';
import { DingTalkEmulator, serveDingTalk } from '../../src/emulator/dingtalk';
import { createDingTalkPlatform } from '../../src/platforms/dingtalk/api';
import type { PlatformApi } from '../../src/port/platform';

/** Any id works against the emulator; what matters is that one is set (template mode, not markdown). */
export const TEST_DINGTALK_TEMPLATE_ID = 'fw-test-template.schema';

export interface FakeDingTalk {
  url: string;
  emulator: DingTalkEmulator;
  platform: PlatformApi;
  /** The environment the bot's config is loaded from (credentials, domain, template, HTTP events). */
  env: Record<string, string>;
  close(): Promise<void>;
}

export async function startFakeDingTalk(opts: { clock?: Clock; botName?: string } = {}): Promise<FakeDingTalk> {
  // Named as the Feishu tests' bot, so "@floorwalker /help" reads the same on both platforms.
  const emulator = new DingTalkEmulator({
    botName: opts.botName ?? 'floorwalker',
    ...(opts.clock ? { clock: opts.clock } : {}),
  });
  const running = await serveDingTalk(emulator);
  const env = {
    DINGTALK_CLIENT_ID: emulator.app.clientId,
    DINGTALK_CLIENT_SECRET: emulator.app.clientSecret,
    DINGTALK_DOMAIN: running.url,
    DINGTALK_EVENT_MODE: 'http',
    DINGTALK_CARD_TEMPLATE_ID: TEST_DINGTALK_TEMPLATE_ID,
  };
  const clock = opts.clock;
  const platform = createDingTalkPlatform({
    ...loadConfig({ LOG_LEVEL: 'silent', ...env }).dingtalk,
    timeoutMs: 3_000,
    // Session webhooks expire on the emulator's clock (90 min): the adapter must judge them on the same one.
    ...(clock ? { now: () => clock.now().getTime() } : {}),
  });
  return { url: running.url, emulator, platform, env, close: running.close };
}
