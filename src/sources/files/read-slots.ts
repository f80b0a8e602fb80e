// Bounds how many files are read at the same moment and reuses their read buffers, so the memory used
// for reading is slots x chunk bytes, whatever the number of files or the size of their backlog.

export class ReadSlots {
  readonly chunkBytes: number;
  private readonly slots: number;
  private readonly free: Buffer[] = [];
  private readonly waiting: ((buf: Buffer) => void)[] = [];
  private created = 0;

  constructor(chunkBytes: number, slots: number) {
    if (!Number.isInteger(chunkBytes) || chunkBytes < 1) throw new RangeError(`chunkBytes must be a positive integer, got ${chunkBytes}`);
    if (!Number.isInteger(slots) || slots < 1) throw new RangeError(`slots must be a positive integer, got ${slots}`);
    this.chunkBytes = chunkBytes;
    this.slots = slots;
  }

  /** A buffer of chunkBytes, once one of the slots is free. Give it back with release(). */
  acquire(): Promise<Buffer> {
    const buf = this.free.pop();
    if (buf) return Promise.resolve(buf);
    if (this.created < this.slots) {
      this.created++;
      return Promise.resolve(Buffer.allocUnsafe(this.chunkBytes));
    }
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  release(buf: Buffer): void {
    const next = this.waiting.shift();
    if (next) next(buf);
    else this.free.push(buf);
  }
}
