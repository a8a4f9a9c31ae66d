import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createWorkSlots, SlotsClosed, SlotsFull } from '../../src/core/work-slots';

const later = () => {
  let release!: () => void;
  const p = new Promise<void>((r) => (release = r));
  return { p, release };
};

describe('work slots', () => {
  it('run at most `size` at once and start the next as one finishes, in order', async () => {
    const slots = createWorkSlots(2);
    const gates = [later(), later(), later(), later()];
    const started: number[] = [];
    const runs = gates.map((g, i) =>
      slots.run(async () => {
        started.push(i);
        await g.p;
        return i;
      }),
    );
    expect(started).toEqual([0, 1]);
    gates[1]!.release();
    await runs[1];
    await Promise.resolve();
    expect(started).toEqual([0, 1, 2]);
    for (const g of gates) g.release();
    expect(await Promise.all(runs)).toEqual([0, 1, 2, 3]);
  });

  it('put urgent work at the front of the queue', async () => {
    const slots = createWorkSlots(1);
    const gate = later();
    const order: string[] = [];
    const first = slots.run(() => gate.p);
    const a = slots.run(async () => void order.push('bulk'));
    const b = slots.run(async () => void order.push('urgent'), { urgent: true });
    gate.release();
    await Promise.all([first, a, b]);
    expect(order).toEqual(['urgent', 'bulk']);
  });

  it('on close, refuse the work still waiting and anything later, and let the running work finish', async () => {
    const slots = createWorkSlots(1);
    const gate = later();
    const running = slots.run(async () => {
      await gate.p;
      return 'finished';
    });
    const waiting = slots.run(async () => 'never');
    slots.close();
    await expect(waiting).rejects.toBeInstanceOf(SlotsClosed);
    await expect(slots.run(async () => 'after')).rejects.toBeInstanceOf(SlotsClosed);
    gate.release();
    expect(await running).toBe('finished');
  });

  it('refuse work past the bound of waiting items (urgent work still queues), and take it again once there is room', async () => {
    const slots = createWorkSlots(1, undefined, undefined, 2);
    const gate = later();
    const running = slots.run(() => gate.p);
    const waiting = [slots.run(async () => 'a'), slots.run(async () => 'b')];
    await expect(slots.run(async () => 'c')).rejects.toBeInstanceOf(SlotsFull);
    const urgent = slots.run(async () => 'urgent', { urgent: true });
    gate.release();
    await running;
    expect(await Promise.all([urgent, ...waiting])).toEqual(['urgent', 'a', 'b']);
    expect(await slots.run(async () => 'd')).toBe('d');
  });

  it('free the slot when work throws or rejects, and pass the error on', async () => {
    const slots = createWorkSlots(1);
    await expect(slots.run(() => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    await expect(
      slots.run(() => {
        throw new Error('sync boom');
      }),
    ).rejects.toThrow('sync boom');
    expect(await slots.run(async () => 'still works')).toBe('still works');
  });
});

describe('work slots under pressure (events still arriving)', () => {
  // The slots read the time from `now` and look again on a timer: both move only when the test says.
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });
  const tick = (ms: number) => vi.advanceTimersByTimeAsync(ms);

  it('run one item at a time and rest after it: at 300 events/s, three times its duration', async () => {
    let now = 0;
    let pressed = true;
    const slots = createWorkSlots(4, { pressed: () => pressed, rate: () => 300 }, () => now);
    const started: string[] = [];
    const gate = later();
    const a = slots.run(async () => {
      started.push('a');
      now += 10;
      await gate.p;
    });
    const b = slots.run(async () => void started.push('b'));
    expect(started).toEqual(['a']);
    gate.release();
    await a;
    // a took 10 ms, so b waits until 30 ms after a ended.
    now += 29;
    await tick(25);
    expect(started).toEqual(['a']);
    now += 2;
    await tick(25);
    expect(started).toEqual(['a', 'b']);
    await b;

    // When arrivals stop, every slot takes work again.
    pressed = false;
    const gates = [later(), later(), later()];
    const all = gates.map((g, i) =>
      slots.run(async () => {
        started.push(`open ${i}`);
        await g.p;
      }),
    );
    expect(started.slice(2)).toEqual(['open 0', 'open 1', 'open 2']);
    for (const g of gates) g.release();
    await Promise.all(all);
  });

  it('let a card click start at once, whatever the pressure', async () => {
    const slots = createWorkSlots(4, { pressed: () => true, rate: () => 300 }, () => 0);
    const gate = later();
    const first = slots.run(() => gate.p);
    let clicked = false;
    const click = slots.run(async () => void (clicked = true), { urgent: true });
    await click;
    expect(clicked).toBe(true);
    gate.release();
    await first;
  });
});
