// Runs at most one task per key at a time. A request for a key whose task is running makes it run once
// more afterwards (requests in between merge), so no request is lost and none runs concurrently.

export class SerialByKey<M> {
  private readonly running = new Map<string, { next: M | undefined; done: Promise<void> }>();
  private readonly merge: (a: M, b: M) => M;

  constructor(merge: (a: M, b: M) => M) {
    this.merge = merge;
  }

  run(key: string, mode: M, task: (mode: M) => Promise<void>): Promise<void> {
    const busy = this.running.get(key);
    if (busy) {
      busy.next = busy.next === undefined ? mode : this.merge(busy.next, mode);
      return busy.done;
    }
    const entry: { next: M | undefined; done: Promise<void> } = { next: undefined, done: Promise.resolve() };
    this.running.set(key, entry);
    entry.done = (async () => {
      let current: M | undefined = mode;
      while (current !== undefined) {
        entry.next = undefined;
        await task(current);
        current = entry.next;
      }
      this.running.delete(key);
    })();
    return entry.done;
  }

  /** Resolves when every task running now (and its reruns) has finished. */
  async idle(): Promise<void> {
    await Promise.all([...this.running.values()].map((e) => e.done));
  }
}
