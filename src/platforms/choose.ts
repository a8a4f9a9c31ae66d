import type { Config } from '../config';
import { createFeishuPlatform } from './feishu/api';
import { createDingTalkPlatform } from './dingtalk/api';
import type { Logger } from '../log';
import type { PlatformSetup } from '../runtime/node';

/**
 * Feishu when FEISHU_APP_ID is set, otherwise the built-in sandbox (the emulator and its console
 * served by this same process). Commands and jobs never know which one they talk to.
 */
export function choosePlatform(say: (line: string) => void) {
  return async (config: Config, baseUrl: string, log: Logger): Promise<PlatformSetup> => {
    if (config.platform === 'feishu') {
      const { appId, appSecret, domain, eventMode } = config.feishu;
      say(
        eventMode === 'ws'
          ? `Feishu ${appId}: receiving events over the long connection`
          : `Feishu ${appId}: set the request URL to https://<public host>/feishu/events (this server listens at ${baseUrl}/feishu/events)`,
      );
      const platform = createFeishuPlatform({ appId, appSecret, domain, log });
      const { webhookPort } = config.feishu;
      if (eventMode !== 'ws' && webhookPort !== undefined && config.database.kind === 'postgres') {
        const databaseUrl = config.database.url;
        let thread: { stop(): Promise<void> } | undefined;
        return {
          platform,
          // Once the bot is ready to do the work of what the thread accepts; stopped first on stop.
          started: async (_url, deps) => {
            const { startWebhookThread } = await import('./feishu/webhook-thread-host');
            const t = await startWebhookThread(deps, {
              databaseUrl,
              host: config.host ?? '0.0.0.0',
              port: webhookPort,
            });
            thread = t;
            say(`Feishu webhook on a thread of its own: ${t.url} (point the request URL here)`);
          },
          stopping: () => thread?.stop(),
        };
      }
      if (eventMode !== 'ws') return { platform };
      // The long connection starts once the bot is ready to handle events, and ends first on stop.
      let ws: { close(): void } | undefined;
      return {
        platform,
        started: async (_url, deps) => {
          const { startLongConnection } = await import('./feishu/ws');
          ws = startLongConnection(deps);
        },
        stopping: () => ws?.close(),
      };
    }
    if (config.platform === 'dingtalk') {
      const d = config.dingtalk;
      say(
        d.eventMode === 'stream'
          ? `DingTalk ${d.clientId}: receiving robot messages and card callbacks over Stream mode`
          : `DingTalk ${d.clientId}: set the message receiving URL to https://<public host>/dingtalk/events (this server listens at ${baseUrl}/dingtalk/events)`,
      );
      const platform = createDingTalkPlatform({ ...d, log });
      if (d.eventMode !== 'stream') return { platform };
      let stream: { close(): void } | undefined;
      return {
        platform,
        started: async (_url, deps) => {
          const { startStream } = await import('./dingtalk/stream');
          stream = startStream(deps);
        },
        stopping: () => stream?.close(),
      };
    }
    const { createSandbox } = await import('../sandbox');
    return createSandbox({ config, baseUrl, log, say });
  };
}
