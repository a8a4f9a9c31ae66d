/** Which counters a call takes, by the platform's limits (pure: no database). */
import { describe, expect, it } from 'vitest';
import { PRIORITY } from '../../src/outbox/enqueue';
import { appLimit, slice, slotsFor } from '../../src/outbox/rate-limit';
import { FEISHU_LIMITS } from '../../src/platforms/feishu/limits';
import { feishuTraits } from '../../src/platforms/feishu/traits';

const at = (s: number, ms: number) => s * 1000 + ms;

describe('rate slots', () => {
  it('counts Feishu in quarter seconds: 10 a quarter for the app (less for normal and bulk rows), 1 for a chat', () => {
    expect(FEISHU_LIMITS).toMatchObject({ windowMs: 1000, sliceMs: 250, appPerSlice: 10, lanePerSlice: 1 });
    expect(slotsFor(feishuTraits, 'chat:oc_1', PRIORITY.urgent, at(100, 620))).toEqual([
      { key: 'app#2', second: 100, limit: 10, reopensAt: at(100, 750) },
      { key: 'chat:oc_1#2', second: 100, limit: 1, reopensAt: at(100, 750) },
    ]);
    expect(
      [PRIORITY.urgent, PRIORITY.interactive, PRIORITY.normal, PRIORITY.bulk].map((p) => appLimit(FEISHU_LIMITS, p)),
    ).toEqual([10, 10, 9, 8]);
    expect(slotsFor(feishuTraits, undefined, PRIORITY.bulk, at(7, 999))).toEqual([
      { key: 'app#3', second: 7, limit: 8, reopensAt: at(8, 0) },
    ]);
  });

  it('names the app key by platform, the first platform keeping its old key', () => {
    const other = { name: 'dingtalk', limits: { ...FEISHU_LIMITS, appPerSlice: 4 } };
    expect(slotsFor(other, undefined, PRIORITY.urgent, at(1, 0))).toEqual([
      { key: 'app:dingtalk#0', second: 1, limit: 4, reopensAt: at(1, 250) },
    ]);
  });

  it('counts slices longer than a second under the second they start in', () => {
    const minute = { sliceMs: 15_000 };
    expect(slice(minute, 'chat:c', at(61, 500))).toEqual({ key: 'chat:c#0', second: 60, reopensAt: at(75, 0) });
    expect(slice(minute, 'chat:c', at(74, 999))).toEqual({ key: 'chat:c#0', second: 60, reopensAt: at(75, 0) });
    expect(slice(minute, 'chat:c', at(75, 0))).toEqual({ key: 'chat:c#0', second: 75, reopensAt: at(90, 0) });
  });
});
