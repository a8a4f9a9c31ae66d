import { defineJob } from '../src/core/job-def';
import { expireUndecided } from '../src/features/kpi/import-repo';

const DAY = 24 * 3600_000;

/** Export files shown in a preview and left undecided for 2 days are dropped (their bytes with them). */
export const kpiImportsExpire = defineJob({
  name: 'kpi-imports-expire',
  description: {
    'zh-CN': '取消 2 天未处理的报表导入，删除其文件内容',
    en: 'Cancel export imports left undecided for 2 days and drop their files',
  },
  schedule: '23 3 * * *',
  run: async (deps) => {
    const now = deps.clock.now();
    const n = await expireUndecided(deps.db, new Date(now.getTime() - 2 * DAY), now);
    return `expired=${n}`;
  },
});
