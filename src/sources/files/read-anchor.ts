// The last bytes before the read offset, read again at the front of every chunk (one read that starts a
// little early, no extra system call): if the file no longer holds them there, it was truncated, or
// truncated and rewritten past the offset, since the last read.

export class ReadAnchor {
  private readonly bytes: Buffer;
  private length = 0;

  constructor(capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError(`capacity must be a positive integer, got ${capacity}`);
    this.bytes = Buffer.alloc(capacity);
  }

  /** How many bytes before the read offset a read into `capacity` bytes starts: at most half of them. */
  sizeFor(capacity: number): number {
    return Math.min(this.length, capacity >> 1);
  }

  /** True when a chunk read from `offset - k` still starts with the last `k` remembered bytes. */
  matches(chunk: Buffer, bytesRead: number, k: number): boolean {
    return bytesRead >= k && chunk.compare(this.bytes, this.length - k, this.length, 0, k) === 0;
  }

  /** `contiguous` ends at the new read offset: its last bytes become the anchor. */
  advance(contiguous: Buffer): void {
    const n = Math.min(this.bytes.length, contiguous.length);
    contiguous.copy(this.bytes, 0, contiguous.length - n);
    this.length = n;
  }

  reset(): void {
    this.length = 0;
  }
}
