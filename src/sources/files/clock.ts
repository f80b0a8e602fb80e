// Time as the sources see it. Injected so tests drive idle timeouts, polls and checkpoint intervals
// instead of sleeping; the system clock's timers never keep the process alive on their own.

/** Stops a timer; calling it twice is harmless. */
export type CancelTimer = () => void;

export interface Clock {
  /** Milliseconds; only differences matter. */
  now(): number;
  setTimeout(fn: () => void, ms: number): CancelTimer;
  setInterval(fn: () => void, ms: number): CancelTimer;
}

export const systemClock: Clock = {
  now: () => performance.now(),
  setTimeout(fn, ms) {
    const t = setTimeout(fn, ms);
    t.unref();
    return () => clearTimeout(t);
  },
  setInterval(fn, ms) {
    const t = setInterval(fn, ms);
    t.unref();
    return () => clearInterval(t);
  },
};

/** Runs `task` every `ms`, skipping a beat while the previous run has not finished. */
export function repeat(clock: Clock, ms: number, task: () => Promise<void>): CancelTimer {
  let running = false;
  return clock.setInterval(() => {
    if (running) return;
    running = true;
    void task().finally(() => (running = false));
  }, ms);
}
