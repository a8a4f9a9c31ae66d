/**
 * `npm start`: the Node service. Reads the configuration once, then runs the bot against Feishu
 * (FEISHU_APP_ID set) or against the built-in sandbox, on Postgres (DATABASE_URL) or PGlite.
 */
import { app } from './app';
import { ConfigError, loadConfig } from './config';
import { createLogger } from './log';
import { choosePlatform } from './platforms/choose';
import { startNode } from './runtime/node';

const say = (line: string) => process.stderr.write(line + '\n');

async function main() {
  let config;
  try {
    config = loadConfig(process.env);
  } catch (err) {
    if (err instanceof ConfigError) {
      say(`floorwalker: ${err.message}`);
      process.exit(1);
    }
    throw err;
  }
  const log = createLogger(config.logLevel);
  const started = performance.now();
  const runtime = await startNode(config, { app, log, say, platform: choosePlatform(say) });
  say(`floorwalker ready in ${Math.round(performance.now() - started)} ms · ${runtime.url}`);

  let signals = 0;
  const shutdown = (signal: string) => {
    if (++signals > 1) {
      say('forced exit');
      process.exit(130);
    }
    say(`${signal}: finishing work in flight… (press Ctrl-C again to force)`);
    runtime.stop().then(
      () => process.exit(0),
      (err: unknown) => {
        log.error('shutdown failed', { error: err instanceof Error ? err.message : String(err) });
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
}

main().catch((err: unknown) => {
  say(`floorwalker 无法启动 / could not start: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
