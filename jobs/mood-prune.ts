import { defineJob } from '../src/core/job-def';
import { pruneEntries } from '../src/features/mood/repo';
import { KEEP_DAYS } from '../src/features/mood/rules';

/** Check-ins are kept 90 days: older entries (and the care cases about them) are deleted. */
export const moodPrune = defineJob({
  name: 'mood-prune',
  description: {
    'zh-CN': '删除 90 天前的情绪打卡（及相关关怀记录）',
    en: 'Delete check-ins older than 90 days (and their care cases)',
  },
  schedule: '27 3 * * *',
  run: async (deps) => {
    const before = new Date(deps.clock.now().getTime() - KEEP_DAYS * 24 * 3600_000);
    return `mood_entries=${await pruneEntries(deps.db, before)}`;
  },
});
