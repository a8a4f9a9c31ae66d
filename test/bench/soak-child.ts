/**
 * The bot under soak (test/bench/soak.ts): `npm start`'s runtime (startNode: webhook, deferred work,
 * work loop, jobs) in a process of its own, so that what is measured is the bot's memory, not the
 * emulator's or the load generator's. Every SOAK_SAMPLE_MS it prints one line
 * `sample {"rss":…,"heap":…,"eldP99":…,"eldMax":…}` (bytes, ms; event-loop delay since the last line).
 * Run with `node --import tsx`; the environment is `npm start`'s (DATABASE_URL, FEISHU_*, PORT).
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { app } from '../../src/app';
import { loadConfig } from '../../src/config';
import { createLogger } from '../../src/log';
import { choosePlatform } from '../../src/platforms/choose';
import { startNode } from '../../src/runtime/node';

const config = loadConfig(process.env);
const runtime = await startNode(config, {
  app,
  log: createLogger(config.logLevel),
  platform: choosePlatform(() => {}),
});
const eld = monitorEventLoopDelay({ resolution: 10 });
eld.enable();
setInterval(
  () => {
    const m = process.memoryUsage();
    const line = { rss: m.rss, heap: m.heapUsed, eldP99: eld.percentile(99) / 1e6, eldMax: eld.max / 1e6 };
    eld.reset();
    console.log(`sample ${JSON.stringify(line)}`);
  },
  Number(process.env.SOAK_SAMPLE_MS ?? 60_000),
);
console.log(`soak bot ready ${runtime.url}`);
