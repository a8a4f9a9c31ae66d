import type { JobDef } from '../src/core/job-def';
import { alertTick } from './alert-tick';
import { kpiImportsExpire } from './kpi-imports';
import { moodPrune } from './mood-prune';
import { prune } from './prune';

/** Every scheduled job. Node runs them with node-cron; Workers dispatch them from scheduled(). */
export const jobs: JobDef[] = [prune, kpiImportsExpire, alertTick, moodPrune];
