import { describe, expect, it } from 'vitest';
import {
  canonicalZone,
  catchUp,
  formatTimeOfDay,
  nextSlot,
  normalizeWeekdays,
  parseTimeOfDay,
} from '../../src/core/schedule-rules';

const WEEKDAYS = [1, 2, 3, 4, 5];
const at830 = { minuteOfDay: 8 * 60 + 30, weekdays: WEEKDAYS };
const iso = (d: Date | undefined) => d?.toISOString();

describe('nextSlot: the next local HH:MM on a chosen weekday, in the team’s zone', () => {
  it('Asia/Shanghai: today when still ahead, else the next weekday; Friday evening goes to Monday', () => {
    // 2026-12-03 is a Thursday. 08:30 in Shanghai (UTC+8) is 00:30Z.
    expect(iso(nextSlot(at830, new Date('2026-12-02T23:00:00Z'), 'Asia/Shanghai'))).toBe('2026-12-03T00:30:00.000Z');
    expect(iso(nextSlot(at830, new Date('2026-12-03T00:30:00Z'), 'Asia/Shanghai'))).toBe('2026-12-04T00:30:00.000Z'); // strictly after
    expect(iso(nextSlot(at830, new Date('2026-12-04T10:00:00Z'), 'Asia/Shanghai'))).toBe('2026-12-07T00:30:00.000Z'); // Fri 18:00 → Mon
  });

  it('takes the weekday in the team’s zone, not in UTC', () => {
    // Sunday 2026-12-06 20:00Z is already Monday 04:00 in Shanghai: Monday's 08:30 is the next slot.
    expect(iso(nextSlot(at830, new Date('2026-12-06T20:00:00Z'), 'Asia/Shanghai'))).toBe('2026-12-07T00:30:00.000Z');
    // …while in New York (UTC−5) it is still Sunday 15:00: Monday 08:30 there is 13:30Z.
    expect(iso(nextSlot(at830, new Date('2026-12-06T20:00:00Z'), 'America/New_York'))).toBe('2026-12-07T13:30:00.000Z');
  });

  it('Europe/Berlin across the spring change: 08:30 stays 08:30 local, the UTC instant moves an hour', () => {
    // Clocks go 02:00 → 03:00 on Sunday 2026-03-29. Friday 27th is CET (+1), Monday 30th CEST (+2).
    expect(iso(nextSlot(at830, new Date('2026-03-26T12:00:00Z'), 'Europe/Berlin'))).toBe('2026-03-27T07:30:00.000Z');
    expect(iso(nextSlot(at830, new Date('2026-03-27T12:00:00Z'), 'Europe/Berlin'))).toBe('2026-03-30T06:30:00.000Z');
  });

  it('Europe/Berlin across the autumn change, daily: one slot a day, never a skipped or doubled day', () => {
    const daily = { minuteOfDay: 8 * 60 + 30, weekdays: [1, 2, 3, 4, 5, 6, 7] };
    const slots: string[] = [];
    let after = new Date('2026-10-23T12:00:00Z');
    for (let i = 0; i < 4; i++) {
      after = nextSlot(daily, after, 'Europe/Berlin')!;
      slots.push(after.toISOString());
    }
    expect(slots).toEqual([
      '2026-10-24T06:30:00.000Z',
      '2026-10-25T07:30:00.000Z',
      '2026-10-26T07:30:00.000Z',
      '2026-10-27T07:30:00.000Z',
    ]);
  });

  it('a time the spring change skips runs at the first moment that exists; a time that happens twice runs once', () => {
    const at0230 = { minuteOfDay: 2 * 60 + 30, weekdays: [7] };
    // 02:30 does not exist on 2026-03-29 in Berlin: it runs at 03:30 CEST (01:30Z).
    expect(iso(nextSlot(at0230, new Date('2026-03-28T12:00:00Z'), 'Europe/Berlin'))).toBe('2026-03-29T01:30:00.000Z');
    // 02:30 happens twice on 2026-10-25: one slot that day, and the next one a week later.
    const first = nextSlot(at0230, new Date('2026-10-24T12:00:00Z'), 'Europe/Berlin')!;
    expect(first.toISOString().slice(0, 10)).toBe('2026-10-25');
    expect(iso(nextSlot(at0230, first, 'Europe/Berlin'))).toBe('2026-11-01T01:30:00.000Z');
  });

  it('has no slot without weekdays', () => {
    expect(nextSlot({ minuteOfDay: 510, weekdays: [] }, new Date(), 'Asia/Shanghai')).toBeUndefined();
  });
});

describe('schedule input', () => {
  it('reads HH:MM (also with a Chinese colon) and rejects everything else', () => {
    expect(parseTimeOfDay('08:30')).toBe(510);
    expect(parseTimeOfDay('8:30')).toBe(510);
    expect(parseTimeOfDay('23：59')).toBe(1439);
    for (const bad of ['24:00', '8.30', '830', '08:60', '', 'morning']) expect(parseTimeOfDay(bad)).toBeUndefined();
    expect(formatTimeOfDay(510)).toBe('08:30');
  });

  it('keeps weekdays 1…7, sorted and once each; anything else is refused', () => {
    expect(normalizeWeekdays([5, 1, 1, 3])).toEqual([1, 3, 5]);
    expect(normalizeWeekdays([])).toBeUndefined();
    expect(normalizeWeekdays([0, 1])).toBeUndefined();
    expect(normalizeWeekdays([8])).toBeUndefined();
    expect(normalizeWeekdays([1.5])).toBeUndefined();
  });

  it('knows IANA zones in their canonical spelling and nothing else', () => {
    expect(canonicalZone('Europe/Berlin')).toBe('Europe/Berlin');
    expect(canonicalZone('europe/berlin')).toBe('Europe/Berlin');
    expect(canonicalZone('Asia/Shanghai')).toBe('Asia/Shanghai');
    for (const bad of ['Beijing', 'Mars/Olympus', '+08:00', 'GMT+8', '', 'Asia/Shanghai; drop table'])
      expect(canonicalZone(bad)).toBeUndefined();
  });

  it('runs a late slot within its window and skips it after', () => {
    const slot = new Date('2026-12-03T00:30:00Z');
    expect(catchUp(slot, new Date('2026-12-03T00:30:00Z'), 3_600_000)).toEqual({ run: true, lateMs: 0 });
    expect(catchUp(slot, new Date('2026-12-03T01:30:00Z'), 3_600_000).run).toBe(true);
    expect(catchUp(slot, new Date('2026-12-03T01:30:01Z'), 3_600_000).run).toBe(false);
  });
});
