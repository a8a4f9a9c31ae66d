/** A forecast for a team and day: its history, calendar and capacity read, the model run. */
import { DateTime } from 'luxon';
import type { Deps } from '../../core/deps';
import type { Team } from '../../core/teams';
import { addDays, multiplierOf, promoOf } from './calendar-rules';
import { agentsNeeded, forecastDay } from './model';
import { capacityOf, hourlyConsults, teamCalendar } from './repo';
import type { ForecastView } from './view';

/** How far ahead /forecast goes: the trend and the calendar mean little beyond two weeks. */
export const MAX_AHEAD_DAYS = 14;
/** The history read: the model's 8-week window. */
const HISTORY_DAYS = 56;

/** The team's local day of `now` ("2026-12-01"). */
export const localDay = (now: Date, zone: string): string => DateTime.fromJSDate(now, { zone }).toISODate()!;

export async function teamForecast(deps: Pick<Deps, 'db'>, team: Team, day: string, now: Date): Promise<ForecastView> {
  const today = localDay(now, team.timeZone);
  const [history, calendar, capacity] = await Promise.all([
    hourlyConsults(deps.db, team.id, addDays(today, -HISTORY_DAYS), addDays(today, -1)),
    teamCalendar(deps.db, team.id),
    capacityOf(deps.db, team.id),
  ]);
  const forecast = forecastDay({ history, day, today, multiplier: (d) => multiplierOf(d, calendar) });
  const promo = promoOf(day, calendar);
  return {
    forecast,
    day,
    capacity,
    agents: forecast.ok ? agentsNeeded(forecast.hours, capacity) : [],
    ...(promo ? { promo } : {}),
  };
}
