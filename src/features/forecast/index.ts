import { defineFeature } from '../../core/feature';
import { forecastDigest } from './digest';

/**
 * Tomorrow's peaks and a staffing suggestion (issue 16): the hourly consult volume forecast from the
 * KPI history (consult_users by hour), the team's promotion calendar, and the agents needed per hour
 * at the team's per-agent capacity — in the morning digest and on /forecast.
 */
export const forecastFeature = defineFeature({
  name: 'forecast',
  digest: forecastDigest,
  sandbox: {
    quick: ['/forecast', '/calendar', '/calendar add 12-24 平安夜直播 x1.5', '/forecast capacity'],
  },
});
