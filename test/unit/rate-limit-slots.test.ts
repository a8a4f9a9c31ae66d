/** Which counters a call takes, by the platform's limits (pure: no database). */
import { describe, expect, it } from 'vitest';
import { PRIORITY } from '../../src/outbox/enqueue';
import { appLimit, slice, slotsFor } from '../../src/outbox/rate-limit';
import { DINGTALK_LIMITS } from '../../src/platforms/dingtalk/limits';
import { FEISHU_LIMITS } from '../../src/platforms/feishu/limits';
import { feishuTraits } from '../../src/platforms/feishu/traits';

const at = (s: number, ms: number) => s * 1000 + ms;

describe('rate slots', () => {
  it('counts Feishu in quarter seconds: 8 a quarter for the app (less for normal and bulk rows), 1 for a chat', () => {
    expect(FEISHU_LIMITS).toMatchObject({ windowMs: 1000, sliceMs: 250, appPerSlice: 8, lanePerSlice: 1 });
    expect(slotsFor(feishuTraits, 'chat:oc_1', PRIORITY.urgent, at(100, 620))).toEqual([
      { key: 'app#2', second: 100, limit: 8, reopensAt: at(100, 750) },
      { key: 'chat:oc_1#2', second: 100, limit: 1, reopensAt: at(100, 750) },
    ]);
    expect(
      [PRIORITY.urgent, PRIORITY.interactive, PRIORITY.normal, PRIORITY.bulk].map((p) => appLimit(FEISHU_LIMITS, p)),
    ).toEqual([8, 8, 7, 6]);
    expect(slotsFor(feishuTraits, undefined, PRIORITY.bulk, at(7, 999))).toEqual([
      { key: 'app#3', second: 7, limit: 6, reopensAt: at(8, 0) },
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

  it('adds the windows of what a call reaches: its group, the people it reaches, its API', () => {
    const send = slotsFor(feishuTraits, 'chat:oc_1', PRIORITY.normal, at(100, 620), { call: 'send', chatId: 'oc_1' });
    expect(send.map((s) => s.key)).toEqual([
      'api:feishu:POST /im/v1/messages@60000ms#0',
      'app#2',
      'chat:oc_1#2',
      'in:chat:oc_1#6',
    ]);
    const group = send.find((s) => s.key.startsWith('in:chat:'))!;
    expect(group).toMatchObject({ second: 100, limit: 4, reopensAt: at(100, 700) });
    // A 1-s window ending at .620 touches the 100-ms cells from 99.600 to 100.600.
    expect(group.window!.cells).toHaveLength(11);
    expect(group.window!.cells[0]).toEqual({ key: 'in:chat:oc_1#6', second: 99, startMs: at(99, 600) });
    const api = send.find((s) => s.key.startsWith('api:'))!;
    expect(api).toMatchObject({ limit: 1000, reopensAt: at(101, 0) });
    expect(api.window!.cells).toHaveLength(61);
    expect(api.window!.cells[0]).toMatchObject({ second: 40 });

    // Feishu paces buzzes by API only; a platform that limits buzzes per person says so (perBuzzed).
    const reach = { call: 'urgent_phone' as const, buzzed: ['ou_a', 'ou_a', 'ou_b'] };
    expect(slotsFor(feishuTraits, undefined, PRIORITY.urgent, at(100, 620), reach).map((s) => s.key)).toEqual([
      'api:feishu:PATCH /im/v1/messages/:id/urgent_phone@60000ms#0',
      'app#2',
    ]);
    const strict = { name: 'dingtalk', limits: { ...FEISHU_LIMITS, perApi: {}, perBuzzed: FEISHU_LIMITS.perUser } };
    expect(slotsFor(strict, undefined, PRIORITY.urgent, at(100, 620), reach).map((s) => s.key)).toEqual([
      'app:dingtalk#2',
      'buzz:user:ou_a#6',
      'buzz:user:ou_b#6',
    ]);
    const dm = slotsFor(feishuTraits, 'user:ou_a', PRIORITY.normal, at(100, 620), { call: 'send', openIds: ['ou_a'] });
    expect(dm.map((s) => s.key)).toContain('in:user:ou_a#6');
  });

  it('counts DingTalk sends into a group in a minute window of their own, replies and card updates not among them', () => {
    const dingtalk = { name: 'dingtalk', limits: DINGTALK_LIMITS };
    const send = slotsFor(dingtalk, 'chat:cid1', PRIORITY.normal, at(100, 620), { call: 'send', chatId: 'cid1' });
    const messages = send.find((s) => s.key.startsWith('msgs:chat:'))!;
    expect(messages).toMatchObject({ key: 'msgs:chat:cid1#0', limit: 20 });
    // Second cells from 40 to 100: no 60 s window can hold more than 20.
    expect(messages.window!.cells).toHaveLength(61);
    expect(messages.window!.cells[0]).toMatchObject({ second: 40 });
    const reply = slotsFor(dingtalk, 'chat:cid1', PRIORITY.normal, at(100, 620), { call: 'reply', chatId: 'cid1' });
    expect(reply.map((s) => s.key).filter((k) => k.startsWith('msgs:'))).toEqual([]);
    const patch = slotsFor(dingtalk, 'msg:x', PRIORITY.normal, at(100, 620), { call: 'patch', chatId: 'cid1' });
    expect(patch.map((s) => s.key).filter((k) => k.startsWith('msgs:'))).toEqual([]);
    expect(patch.map((s) => s.key)).toContain('in:chat:cid1#6');
  });

  it('leaves room in the app budget for urgent rows while they are due, as many as are due up to the reserve', () => {
    const priorities = [PRIORITY.urgent, PRIORITY.urgent + 1, PRIORITY.interactive, PRIORITY.normal, PRIORITY.bulk];
    expect(priorities.map((p) => appLimit(FEISHU_LIMITS, p, 0))).toEqual([8, 8, 8, 7, 6]);
    expect(priorities.map((p) => appLimit(FEISHU_LIMITS, p, 3))).toEqual([8, 5, 5, 5, 5]);
    expect(priorities.map((p) => appLimit(FEISHU_LIMITS, p, 40))).toEqual([8, 3, 3, 3, 3]);
    const noReserve = { ...FEISHU_LIMITS, appReserve: { normal: 1, bulk: 2 } };
    expect(appLimit(noReserve, PRIORITY.interactive, 40)).toBe(8);
  });
});
