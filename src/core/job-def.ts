import type { Deps } from './deps';
import type { Text } from '../i18n';

/** A scheduled job: a plain run(deps) and a cron schedule read in the team time zone. */
export interface JobDef {
  name: string;
  description: Text;
  /** node-cron syntax (5 fields, or 6 with seconds), in FLOORWALKER_TIMEZONE. */
  schedule: string;
  run(deps: Deps): Promise<string | void>;
}

export const defineJob = (def: JobDef): JobDef => def;
