import { describe, expect, it } from 'vitest';
import { DateTime } from 'luxon';
import {
  coverageGaps,
  dutyTimeline,
  nextChange,
  oneOffWindow,
  onDutyAt,
  type DutyRule,
} from '../../src/features/duty/rules';
import { parseClock, parseDate, parseWeekdays } from '../../src/features/duty/spec';

const SH = 'Asia/Shanghai';
const at = (iso: string, zone = SH) => DateTime.fromISO(iso, { zone }).toJSDate();
const created = new Date('2026-01-01T00:00:00Z');
const ALL = [1, 2, 3, 4, 5, 6, 7];

const early: DutyRule = {
  id: 1,
  kind: 'weekly',
  primary: 'ou_zhang',
  backup: 'ou_li',
  startMinute: 9 * 60,
  endMinute: 18 * 60,
  weekdays: ALL,
  createdAt: created,
};
const night: DutyRule = {
  id: 2,
  kind: 'weekly',
  primary: 'ou_wang',
  startMinute: 18 * 60,
  endMinute: 9 * 60,
  weekdays: ALL,
  createdAt: created,
};

describe('who is on duty', () => {
  it('reads shifts in the team time zone, not UTC', () => {
    // 09:30 in Shanghai is 01:30 UTC: the early shift, although UTC says "night".
    expect(onDutyAt([early, night], at('2026-11-23T09:30'), SH)).toMatchObject({
      primary: 'ou_zhang',
      backup: 'ou_li',
      ruleId: 1,
    });
    expect(onDutyAt([early, night], new Date('2026-11-23T01:30:00Z'), SH)?.primary).toBe('ou_zhang');
    // The same instant in New York is 20:30 the evening before: night shift there.
    expect(onDutyAt([early, night], new Date('2026-11-23T01:30:00Z'), 'America/New_York')?.primary).toBe('ou_wang');
  });

  it('carries a shift across midnight into the next day', () => {
    expect(onDutyAt([early, night], at('2026-11-23T23:59'), SH)?.primary).toBe('ou_wang');
    expect(onDutyAt([early, night], at('2026-11-24T00:00'), SH)?.primary).toBe('ou_wang');
    expect(onDutyAt([early, night], at('2026-11-24T08:59'), SH)?.primary).toBe('ou_wang');
    expect(onDutyAt([early, night], at('2026-11-24T09:00'), SH)?.primary).toBe('ou_zhang');
  });

  it('starts a weekday shift on its weekday; the night of Friday runs into Saturday', () => {
    const fridayNight: DutyRule = { ...night, id: 3, weekdays: [5] };
    expect(onDutyAt([fridayNight], at('2026-11-27T20:00'), SH)?.primary).toBe('ou_wang'); // Fri
    expect(onDutyAt([fridayNight], at('2026-11-28T08:00'), SH)?.primary).toBe('ou_wang'); // Sat morning
    expect(onDutyAt([fridayNight], at('2026-11-28T20:00'), SH)).toBeUndefined(); // Sat night: no shift
    expect(onDutyAt([fridayNight], at('2026-11-27T08:00'), SH)).toBeUndefined(); // Fri morning: Thu had none
  });

  it('lets an override beat the rota for its window only', () => {
    const override: DutyRule = {
      id: 9,
      kind: 'once',
      primary: 'ou_zhao',
      startsAt: at('2026-11-23T12:00'),
      endsAt: at('2026-11-23T14:00'),
      createdAt: created,
    };
    const rules = [early, night, override];
    expect(onDutyAt(rules, at('2026-11-23T11:59'), SH)?.primary).toBe('ou_zhang');
    expect(onDutyAt(rules, at('2026-11-23T12:00'), SH)).toMatchObject({ primary: 'ou_zhao', kind: 'once' });
    expect(onDutyAt(rules, at('2026-11-23T12:00'), SH)?.backup).toBeUndefined();
    expect(onDutyAt(rules, at('2026-11-23T14:00'), SH)?.primary).toBe('ou_zhang');
  });

  it('lets /duty set beat the rota until it is changed, and a one-off beat /duty set', () => {
    const set: DutyRule = {
      id: 5,
      kind: 'standing',
      primary: 'ou_boss',
      startsAt: at('2026-11-23T10:00'),
      createdAt: created,
    };
    const once: DutyRule = {
      id: 6,
      kind: 'once',
      primary: 'ou_zhao',
      startsAt: at('2026-11-25T10:00'),
      endsAt: at('2026-11-25T11:00'),
      createdAt: created,
    };
    const rules = [early, night, set, once];
    expect(onDutyAt(rules, at('2026-11-23T09:59'), SH)?.primary).toBe('ou_zhang');
    expect(onDutyAt(rules, at('2026-11-23T10:00'), SH)?.primary).toBe('ou_boss');
    expect(onDutyAt(rules, at('2026-11-30T03:00'), SH)?.primary).toBe('ou_boss');
    expect(onDutyAt(rules, at('2026-11-25T10:30'), SH)?.primary).toBe('ou_zhao');
    const ended: DutyRule = { ...set, endsAt: at('2026-11-23T12:00') };
    expect(onDutyAt([early, night, ended], at('2026-11-23T12:00'), SH)?.primary).toBe('ou_zhang');
  });

  it('prefers the newer of two overlapping rules of the same kind', () => {
    const later: DutyRule = { ...early, id: 7, primary: 'ou_new', createdAt: new Date('2026-02-01T00:00:00Z') };
    expect(onDutyAt([early, later], at('2026-11-23T10:00'), SH)?.primary).toBe('ou_new');
  });

  it('keeps wall-clock shifts right across a daylight-saving change', () => {
    const BER = 'Europe/Berlin';
    const berlinNight: DutyRule = { ...night, startMinute: 22 * 60, endMinute: 6 * 60 };
    // 2026-10-25: clocks go back at 03:00 → the 22:00–06:00 shift lasts 9 hours that night.
    const [seg] = dutyTimeline([berlinNight], at('2026-10-24T22:00', BER), at('2026-10-25T06:00', BER), BER);
    expect(seg!.to.getTime() - seg!.from.getTime()).toBe(9 * 3_600_000);
    expect(onDutyAt([berlinNight], at('2026-10-25T05:59', BER), BER)?.primary).toBe('ou_wang');
    expect(onDutyAt([berlinNight], at('2026-10-25T06:00', BER), BER)).toBeUndefined();
    // 2026-03-29: clocks go forward → 7 hours.
    const [spring] = dutyTimeline([berlinNight], at('2026-03-28T22:00', BER), at('2026-03-29T06:00', BER), BER);
    expect(spring!.to.getTime() - spring!.from.getTime()).toBe(7 * 3_600_000);
  });

  it('tells the next change and who takes over', () => {
    expect(nextChange([early, night], at('2026-11-23T10:00'), SH)).toMatchObject({
      at: at('2026-11-23T18:00'),
      duty: { primary: 'ou_wang' },
    });
    const onlyEarly = nextChange([early], at('2026-11-23T10:00'), SH);
    expect(onlyEarly?.at).toEqual(at('2026-11-23T18:00'));
    expect(onlyEarly?.duty).toBeUndefined();
    expect(nextChange([], at('2026-11-23T10:00'), SH)).toBeUndefined();
  });

  it('merges neighbouring windows of the same people in the timeline', () => {
    const a: DutyRule = { ...early, id: 11, startMinute: 0, endMinute: 12 * 60 };
    const b: DutyRule = { ...early, id: 12, startMinute: 12 * 60, endMinute: 24 * 60 };
    expect(dutyTimeline([a, b], at('2026-11-23T00:00'), at('2026-11-24T00:00'), SH)).toHaveLength(1);
  });
});

describe('coverage gaps in the next 24 h', () => {
  it('finds time with nobody on duty', () => {
    const gaps = coverageGaps([early], at('2026-11-23T08:00'), at('2026-11-24T08:00'), SH, () => true);
    expect(gaps).toEqual([
      { from: at('2026-11-23T08:00'), to: at('2026-11-23T09:00'), reason: 'nobody' },
      { from: at('2026-11-23T18:00'), to: at('2026-11-24T08:00'), reason: 'nobody' },
    ]);
  });

  it('is empty when the rota covers the clock', () => {
    expect(coverageGaps([early, night], at('2026-11-23T08:00'), at('2026-11-24T08:00'), SH, () => true)).toEqual([]);
  });

  it('flags someone on duty the bot cannot buzz', () => {
    const gaps = coverageGaps(
      [early, night],
      at('2026-11-23T08:00'),
      at('2026-11-24T08:00'),
      SH,
      (id) => id !== 'ou_wang',
    );
    expect(gaps).toEqual([
      { from: at('2026-11-23T08:00'), to: at('2026-11-23T09:00'), reason: 'unreachable', openIds: ['ou_wang'] },
      { from: at('2026-11-23T18:00'), to: at('2026-11-24T08:00'), reason: 'unreachable', openIds: ['ou_wang'] },
    ]);
  });

  it('is one gap for the whole window when there is no roster', () => {
    expect(coverageGaps([], at('2026-11-23T08:00'), at('2026-11-24T08:00'), SH, () => true)).toHaveLength(1);
  });
});

describe('one-off windows', () => {
  it('takes the next window not yet over, including a night shift still running', () => {
    const now = at('2026-11-23T20:00');
    expect(oneOffWindow(9 * 60, 18 * 60, now, SH)).toEqual({
      from: at('2026-11-24T09:00'),
      to: at('2026-11-24T18:00'),
    });
    expect(oneOffWindow(22 * 60, 6 * 60, now, SH)).toEqual({
      from: at('2026-11-23T22:00'),
      to: at('2026-11-24T06:00'),
    });
    expect(oneOffWindow(22 * 60, 6 * 60, at('2026-11-24T01:00'), SH)).toEqual({
      from: at('2026-11-23T22:00'),
      to: at('2026-11-24T06:00'),
    });
    expect(oneOffWindow(9 * 60, 18 * 60, now, SH, { year: 2026, month: 12, day: 1 })).toEqual({
      from: at('2026-12-01T09:00'),
      to: at('2026-12-01T18:00'),
    });
  });
});

describe('shift words', () => {
  it('reads clock times', () => {
    expect(parseClock('09:00')).toBe(540);
    expect(parseClock('9:30')).toBe(570);
    expect(parseClock('21：00')).toBe(1260);
    expect(parseClock('9点半')).toBe(570);
    expect(parseClock('24:00')).toBe(1440);
    expect(parseClock('25:00')).toBeUndefined();
    expect(parseClock('9:60')).toBeUndefined();
    expect(parseClock('daily')).toBeUndefined();
  });

  it('reads repeats', () => {
    expect(parseWeekdays('每天')).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(parseWeekdays('weekdays')).toEqual([1, 2, 3, 4, 5]);
    expect(parseWeekdays('周末')).toEqual([6, 7]);
    expect(parseWeekdays('mon,wed,fri')).toEqual([1, 3, 5]);
    expect(parseWeekdays('周一、周三')).toEqual([1, 3]);
    expect(parseWeekdays('周一至周五')).toEqual([1, 2, 3, 4, 5]);
    expect(parseWeekdays('fri-mon')).toEqual([1, 5, 6, 7]);
    expect(parseWeekdays('每周六')).toEqual([6]);
    expect(parseWeekdays('sometimes')).toBeUndefined();
    expect(parseWeekdays('09:00')).toBeUndefined();
  });

  it('reads dates relative to today', () => {
    const today = { year: 2026, month: 11, day: 30 };
    expect(parseDate('2026-12-01', today)).toEqual({ year: 2026, month: 12, day: 1 });
    expect(parseDate('12-01', today)).toEqual({ year: 2026, month: 12, day: 1 });
    expect(parseDate('1月2日', today)).toEqual({ year: 2027, month: 1, day: 2 });
    expect(parseDate('明天', today)).toEqual({ year: 2026, month: 12, day: 1 });
    expect(parseDate('2026-02-30', today)).toBeUndefined();
    expect(parseDate('backup', today)).toBeUndefined();
  });
});
