/**
 * The app's dependencies for a bench on a Postgres database, with the platform in process (nothing
 * is sent: the benches measure floorwalker, not a network fake) and deferred work kept for settle().
 */
import { app as floorwalker } from '../../src/app';
import { loadConfig } from '../../src/config';
import { createDeps, trackedDefer, type Deps } from '../../src/core/deps';
import { openPostgres, type Database } from '../../src/db/client';
import { NODE_POOLS } from '../../src/db/open';
import { createLogger } from '../../src/log';
import { feishuTraits } from '../../src/platforms/feishu/traits';
import type { PlatformApi } from '../../src/port/platform';
import { handleEvent } from '../../src/core/handle-event';
import { findTeam, type Team } from '../../src/core/teams';
import { inboundMessage } from '../helpers/inbound';

const BOT = { openId: 'ou_bench_bot', name: 'floorwalker' };

let sent = 0;
export const inProcessPlatform: PlatformApi = {
  ...feishuTraits,
  botInfo: async () => BOT,
  messageFile: async () => undefined,
  downloadFile: async () => new Uint8Array(),
  chatInfo: async (chatId) => ({ name: `客服组 ${chatId.slice(-2)}`, ownerOpenId: 'ou_bench_supervisor' }),
  send: async () => ({ messageId: `om_sent_${++sent}` }),
  reply: async () => ({ messageId: `om_sent_${++sent}` }),
  patchCard: async () => {},
  sendFile: async () => ({ messageId: `om_sent_${++sent}` }),
  urgent: async () => ({ invalidOpenIds: [] }),
  updateCardByToken: async () => {},
};

/** Deps as one Node replica opens them (its pools, src/db/open.ts); close() settles and closes. */
export async function benchDeps(url: string): Promise<{ deps: Deps; database: Database; close(): Promise<void> }> {
  const database = await openPostgres(url, NODE_POOLS);
  const deferred = trackedDefer();
  const config = loadConfig({
    DATABASE_URL: url,
    FEISHU_APP_ID: 'cli_a0000000000000be',
    FEISHU_APP_SECRET: 'bench-secret',
    FEISHU_ENCRYPT_KEY: 'bench-encrypt-key',
    FEISHU_VERIFICATION_TOKEN: 'bench-verification-token',
    FEISHU_DOMAIN: 'http://127.0.0.1:9',
    LOG_LEVEL: 'error',
  });
  const deps = createDeps({
    config,
    app: floorwalker,
    database,
    platform: inProcessPlatform,
    log: createLogger('error', (line) => process.stderr.write(line + '\n')),
    bot: async () => BOT,
    defer: deferred.defer,
  });
  return {
    deps,
    database,
    close: async () => {
      await deferred.settle();
      await database.close();
    },
  };
}

/** A bench's team: the first message in `chatId` makes it, its owner (the platform's chat info) a supervisor. */
export async function benchTeam(deps: Deps, chatId: string): Promise<{ team: Team; tenantKey: string }> {
  const hello = inboundMessage(`${chatId}_hello`, '/help', chatId);
  await (
    await handleEvent({ ...hello, sender: { openId: 'ou_bench_supervisor' } }, deps)
  ).done;
  return {
    team: (await findTeam(deps.db, { platform: 'feishu', tenantKey: hello.tenantKey, chatId }))!,
    tenantKey: hello.tenantKey,
  };
}
