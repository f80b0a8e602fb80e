// A clock the test moves by hand: timers fire only inside advance(), in due order.
import type { CancelTimer, Clock } from '../../src/sources/files/clock.js';

interface Timer {
  due: number;
  readonly fn: () => void;
  readonly every: number | undefined;
  cancelled: boolean;
}

export class ManualClock implements Clock {
  private t = 0;
  private timers: Timer[] = [];

  now(): number {
    return this.t;
  }

  setTimeout(fn: () => void, ms: number): CancelTimer {
    return this.schedule(fn, ms, undefined);
  }

  setInterval(fn: () => void, ms: number): CancelTimer {
    return this.schedule(fn, ms, ms);
  }

  /** Moves time forward by `ms`, firing every timer that falls due on the way. */
  advance(ms: number): void {
    const end = this.t + ms;
    for (;;) {
      const next = this.timers.filter((x) => !x.cancelled && x.due <= end).sort((a, b) => a.due - b.due)[0];
      if (!next) break;
      this.t = next.due;
      if (next.every === undefined) next.cancelled = true;
      else next.due += next.every;
      next.fn();
    }
    this.t = end;
    this.timers = this.timers.filter((x) => !x.cancelled);
  }

  private schedule(fn: () => void, ms: number, every: number | undefined): CancelTimer {
    const timer: Timer = { due: this.t + ms, fn, every, cancelled: false };
    this.timers.push(timer);
    return () => {
      timer.cancelled = true;
    };
  }
}
