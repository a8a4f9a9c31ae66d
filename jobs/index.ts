import type { JobDef } from '../src/core/job-def';
import { alertTick } from './alert-tick';
import { prune } from './prune';

/** Every scheduled job. Node runs them with node-cron; Workers dispatch them from scheduled(). */
export const jobs: JobDef[] = [prune, alertTick];
