import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseBuzzRef, refs } from '../../src/escalation/refs';

describe('escalation refs: cycles after the first never collide with the first', () => {
  it('cycle 0 keeps the names rows already stored have', () => {
    expect(refs.step('anomaly', 42, 1)).toBe('anomaly:42:step:1');
    expect(refs.buzz('anomaly', 42, 3, 'phone')).toBe('anomaly:42:buzz:3:phone');
    expect(refs.buzzUuid('anomaly', 42, 3, 'phone')).toBe('anomaly:42:s3:phone');
    expect(refs.once('anomaly', 42, 'unreached')).toBe('anomaly:42:unreached');
  });

  it('a later cycle has names of its own, found by laterCycles and not by the first cycle’s prefixes', () => {
    const step = refs.step('complaint', 7, 1, 2);
    expect(step).toBe('complaint:7.2:step:1');
    expect(step.startsWith(refs.steps('complaint', 7))).toBe(false);
    expect(step.startsWith(refs.all('complaint', 7))).toBe(false);
    expect(step.startsWith(refs.laterCycles('complaint', 7))).toBe(true);
    // Row 70's refs are not row 7's.
    expect(refs.step('complaint', 70, 1).startsWith(refs.laterCycles('complaint', 7))).toBe(false);
    expect(refs.buzzUuid('complaint', 7, 1, 'app', 2)).not.toBe(refs.buzzUuid('complaint', 7, 1, 'app'));
  });

  it('a buzz ref reads back as what made it, in every cycle', () => {
    fc.assert(
      fc.property(
        fc.stringMatching(/^[a-z][a-zA-Z0-9]{0,11}$/),
        fc.nat(1e9),
        fc.nat(50),
        fc.integer({ min: 1, max: 40 }),
        fc.constantFrom('phone', 'app', 'sms' as const),
        (key, id, cycle, step, channel) => {
          expect(parseBuzzRef(refs.buzz(key, id, step, channel, cycle))).toEqual({ key, id, cycle, step, channel });
        },
      ),
    );
    expect(parseBuzzRef('anomaly:42:step:1')).toBeUndefined();
    expect(parseBuzzRef(null)).toBeUndefined();
  });
});
