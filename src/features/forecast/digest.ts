/**
 * The forecast's part of the morning digest: tomorrow (the day after the digest's own day) per hour,
 * with the agents it needs. The weekly report does not carry it: staffing is planned day by day.
 */
import type { DigestSection } from '../../core/feature';
import { localeOf } from '../../core/teams';
import { addDays } from './calendar-rules';
import { localDay, teamForecast } from './service';
import { FX } from './texts';
import { forecastElements } from './view';

export const forecastDigest: DigestSection = {
  key: 'forecast',
  title: FX.digestTitle,
  order: 15,
  kinds: ['daily'],
  async build(deps, team, period) {
    const tomorrow = addDays(localDay(period.now, team.timeZone), 1);
    const view = await teamForecast(deps, team, tomorrow, period.now);
    // A team that sends no hourly data at all is not told about it every morning (/forecast says so).
    if (!view.forecast.ok && view.forecast.basisDays === 0) return undefined;
    return forecastElements(view, localeOf(deps.config, team));
  },
};
