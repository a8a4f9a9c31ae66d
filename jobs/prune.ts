import { defineJob } from '../src/core/job-def';
import { pruneInbound } from '../src/core/inbox';
import { pruneRateSlots } from '../src/outbox/dispatcher';
import { pruneJobRuns } from '../src/runtime/jobs';

const DAY = 24 * 3600_000;

/** Keeps the de-duplication and bookkeeping tables small: inbound de-dup rows live 7 days. */
export const prune = defineJob({
  name: 'prune',
  description: {
    'zh-CN': '清理 7 天前的去重记录和限流计数',
    en: 'Prune de-dup rows older than 7 days and old rate counters',
  },
  schedule: '17 3 * * *',
  run: async (deps) => {
    const now = deps.clock.now().getTime();
    const inbound = await pruneInbound(deps.db, new Date(now - 7 * DAY));
    const slots = await pruneRateSlots(deps.db, new Date(now - 3600_000));
    const runs = await pruneJobRuns(deps, new Date(now - 30 * DAY));
    return `inbound=${inbound} rate_slots=${slots} job_runs=${runs}`;
  },
});
