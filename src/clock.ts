/**
 * One clock for the whole bot. Domain code never calls Date.now(): it asks the injected clock,
 * so tests and the sandbox can move time forward and watch escalations and routines happen.
 */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** Real time plus an offset that only grows; `freeze` pins it for pure tests. */
export class ManualClock implements Clock {
  private offsetMs = 0;
  private frozenAt: number | undefined;

  constructor(start?: Date) {
    if (start) this.offsetMs = start.getTime() - Date.now();
  }

  now(): Date {
    return new Date(this.frozenAt ?? Date.now() + this.offsetMs);
  }

  advance(ms: number): Date {
    if (ms < 0) throw new RangeError('time only moves forward');
    if (this.frozenAt !== undefined) this.frozenAt += ms;
    else this.offsetMs += ms;
    return this.now();
  }

  set(to: Date): Date {
    return this.advance(Math.max(0, to.getTime() - this.now().getTime()));
  }

  freeze(at?: Date): void {
    this.frozenAt = (at ?? this.now()).getTime();
  }

  get offset(): number {
    return this.frozenAt === undefined ? this.offsetMs : this.frozenAt - Date.now();
  }
}
