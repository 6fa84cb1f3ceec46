/**
 * Time source for the kernel. Code that needs "now" takes a Clock so tests can pin and move time
 * instead of sleeping or depending on the machine's clock.
 */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

const DAY_MS = 86_400_000;

/** A clock that only moves when told to, for tests. `now()` returns a copy so callers cannot mutate it. */
export class ManualClock implements Clock {
  private t: number;

  constructor(start: Date | string) {
    this.t = toMillis(start);
  }

  now(): Date {
    return new Date(this.t);
  }

  set(t: Date | string): void {
    this.t = toMillis(t);
  }

  advance(ms: number): void {
    this.t += ms;
  }

  /** Moves by n × 24 h (Shanghai has no DST, so this is always n calendar days). */
  advanceDays(n: number): void {
    this.t += n * DAY_MS;
  }
}

function toMillis(t: Date | string): number {
  const ms = new Date(t).getTime();
  if (!Number.isFinite(ms)) throw new RangeError(`ManualClock: invalid time ${String(t)}`);
  return ms;
}
