import { defineJob } from '../src/core/job-def';
import { DATA_TIMER } from '../src/core/data-signals';
import { pruneInbound } from '../src/core/inbox';
import { pruneDoneTimers } from '../src/core/timers';
import { pruneRateSlots } from '../src/outbox/dispatcher';
import { pruneOutboxFiles } from '../src/outbox/files';
import { pruneJobRuns } from '../src/runtime/jobs';

const DAY = 24 * 3600_000;

/**
 * Keeps the de-duplication and bookkeeping tables small: inbound de-dup rows live 7 days, done
 * data signals (timers "data.changed") one.
 */
export const prune = defineJob({
  name: 'prune',
  description: {
    'zh-CN': '清理 7 天前的去重记录、限流计数和 1 天前已处理的数据信号',
    en: 'Prune de-dup rows older than 7 days, old rate counters and data signals done a day ago',
  },
  schedule: '17 3 * * *',
  run: async (deps) => {
    const now = deps.clock.now().getTime();
    const inbound = await pruneInbound(deps.db, new Date(now - 7 * DAY));
    const slots = await pruneRateSlots(deps.db, new Date(now - 3600_000));
    const runs = await pruneJobRuns(deps, new Date(now - 30 * DAY));
    // A data signal per team and 2-second window with new data: done ones are kept a day.
    const signals = await pruneDoneTimers(deps.db, [DATA_TIMER], new Date(now - DAY));
    // Files to send (exports) are kept 3 days: their send rows are long finished by then.
    const files = await pruneOutboxFiles(deps.db, new Date(now - 3 * DAY));
    return `inbound=${inbound} rate_slots=${slots} job_runs=${runs} data_signals=${signals} outbox_files=${files}`;
  },
});
