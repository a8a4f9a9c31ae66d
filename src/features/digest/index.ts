import { defineFeature } from '../../core/feature';
import { DAILY, postDigest, WEEKLY } from './post';
import { GX } from './texts';

/**
 * The morning digest (日报, every day 09:00) and the weekly report (周报, Mondays 09:30): one card
 * each, assembled from the digest sections the other features register (FeatureDef.digest). This
 * feature reads deps.app.digest only and imports no feature.
 */
export const digestFeature = defineFeature({
  name: 'digest',
  schedules: {
    [DAILY]: {
      description: GX.dailyDescription,
      time: '09:00',
      weekdays: [1, 2, 3, 4, 5, 6, 7],
      // A digest two hours late is still worth reading; a whole morning late it is not.
      catchUpMinutes: 120,
      run: (deps, team, { slot }) => postDigest(deps, team, 'daily', slot),
    },
    [WEEKLY]: {
      description: GX.weeklyDescription,
      time: '09:30',
      weekdays: [1],
      catchUpMinutes: 240,
      run: (deps, team, { slot }) => postDigest(deps, team, 'weekly', slot),
    },
  },
  sandbox: { quick: ['/digest', '/digest week'] },
});
