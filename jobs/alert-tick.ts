import { defineJob } from '../src/core/job-def';
import { signalHourlyTeams } from '../src/features/alert/tick';

/** Hourly KPI data is judged each minute too, not only when it arrives (see signalHourlyTeams). */
export const alertTick = defineJob({
  name: 'alert-tick',
  description: { 'zh-CN': '每分钟重新判断按小时上报的数据', en: 'Judge hourly KPI data again each minute' },
  schedule: '* * * * *',
  run: async (deps) => `teams=${await signalHourlyTeams(deps)}`,
});
