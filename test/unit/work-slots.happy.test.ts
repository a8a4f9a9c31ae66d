import { describe, expect, it } from 'vitest';
import { createWorkSlots } from '../../src/core/work-slots';

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
    expect(slots.waiting).toBe(2);
    gates[1]!.release();
    await runs[1];
    await Promise.resolve();
    expect(started).toEqual([0, 1, 2]);
    for (const g of gates) g.release();
    expect(await Promise.all(runs)).toEqual([0, 1, 2, 3]);
    expect(slots.active).toBe(0);
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

  it('free the slot when work throws or rejects, and pass the error on', async () => {
    const slots = createWorkSlots(1);
    await expect(slots.run(() => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    await expect(slots.run(() => { throw new Error('sync boom'); })).rejects.toThrow('sync boom');
    expect(await slots.run(async () => 'still works')).toBe('still works');
  });
});
