import { defineJob } from '../src/core/job-def';
import { expireUndecidedKeywordImports } from '../src/features/keyword/import';
import { expireUndecided } from '../src/features/kpi/import-repo';

const DAY = 24 * 3600_000;

/**
 * Export files and keyword reports shown in a preview and left undecided for 2 days are dropped
 * (their bytes or counts with them).
 */
export const kpiImportsExpire = defineJob({
  name: 'kpi-imports-expire',
  description: {
    'zh-CN': '取消 2 天未处理的报表和关键词报表导入，删除其内容',
    en: 'Cancel export and keyword-report imports left undecided for 2 days and drop their contents',
  },
  schedule: '23 3 * * *',
  run: async (deps) => {
    const now = deps.clock.now();
    const before = new Date(now.getTime() - 2 * DAY);
    const n = await expireUndecided(deps.db, before, now);
    const k = await expireUndecidedKeywordImports(deps.db, before, now);
    return k ? `expired=${n} keyword=${k}` : `expired=${n}`;
  },
});
