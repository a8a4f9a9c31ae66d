/** Moving the sandbox clock: which scheduled runs a jump skips over, and "tomorrow 08:30" in the team's zone. */
import { describe, expect, it } from 'vitest';
import { firesBetween, tomorrowAt } from '../../src/sandbox/clock-control';

const at = (iso: string) => new Date(iso);

describe('firesBetween', () => {
  it('finds a daily run inside the skipped interval, in the team time zone', () => {
    // 08:30 Asia/Shanghai is 00:30 UTC.
    expect(firesBetween('30 8 * * *', at('2026-11-23T23:00:00Z'), at('2026-11-24T01:00:00Z'), 'Asia/Shanghai')).toEqual(
      [at('2026-11-24T00:30:00Z')],
    );
  });

  it('counts the end of the interval but not its start', () => {
    expect(firesBetween('30 8 * * *', at('2026-11-24T00:30:00Z'), at('2026-11-24T00:31:00Z'), 'Asia/Shanghai')).toEqual(
      [],
    );
    expect(firesBetween('30 8 * * *', at('2026-11-24T00:29:30Z'), at('2026-11-24T00:30:00Z'), 'Asia/Shanghai')).toEqual(
      [at('2026-11-24T00:30:00Z')],
    );
  });

  it('keeps only the latest runs when a jump skips many', () => {
    const runs = firesBetween('*/5 * * * *', at('2026-11-24T00:00:00Z'), at('2026-11-24T01:00:00Z'), 'UTC', 3);
    expect(runs).toEqual([at('2026-11-24T00:50:00Z'), at('2026-11-24T00:55:00Z'), at('2026-11-24T01:00:00Z')]);
  });

  it('finds nothing when the schedule does not fall in the interval', () => {
    expect(firesBetween('17 3 * * *', at('2026-11-24T00:00:00Z'), at('2026-11-24T01:00:00Z'), 'Asia/Shanghai')).toEqual(
      [],
    );
  });
});

describe('tomorrowAt', () => {
  it('is the next day’s wall time in the zone, whatever the UTC date', () => {
    // 2026-11-24 07:00 in Shanghai is still 2026-11-23 in UTC.
    expect(tomorrowAt(at('2026-11-23T23:00:00Z'), '08:30', 'Asia/Shanghai')).toEqual(at('2026-11-25T00:30:00Z'));
    expect(tomorrowAt(at('2026-11-24T12:00:00Z'), '08:30', 'UTC')).toEqual(at('2026-11-25T08:30:00Z'));
  });
});
