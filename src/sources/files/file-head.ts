// The first bytes of a followed file (up to the head length): learnt as the file grows, compared again to
// notice that it was rewritten, and hashed into the file's fingerprint.
import type { FileFingerprint } from './file-fingerprint.js';
import { fingerprintOf } from './file-fingerprint.js';

/** Reads `length` bytes at `position` into the start of `buf`; resolves with how many it got. */
export type ReadAt = (buf: Buffer, length: number, position: number) => Promise<number>;

export class FileHead {
  private readonly dev: number;
  private readonly ino: number;
  private head: Buffer = Buffer.alloc(0);
  /** Scratch space for reading the head again (the read buffer may be smaller than the head). */
  private readonly scratch: Buffer;
  private cached: FileFingerprint | undefined;

  constructor(dev: number, ino: number, maxBytes: number) {
    this.dev = dev;
    this.ino = ino;
    this.scratch = Buffer.allocUnsafe(maxBytes);
  }

  /** The head as far as it has been seen. */
  get bytes(): Buffer {
    return this.head;
  }

  fingerprint(): FileFingerprint {
    this.cached ??= fingerprintOf(this.dev, this.ino, this.head);
    return this.cached;
  }

  async load(read: ReadAt): Promise<void> {
    this.set(this.scratch.subarray(0, await read(this.scratch, this.scratch.length, 0)));
  }

  /** Compares the file's first bytes with those seen before; extends the head while the file is short. */
  async unchanged(read: ReadAt): Promise<boolean> {
    const n = await read(this.scratch, this.scratch.length, 0);
    const seen = this.head.length;
    if (n < seen || this.scratch.compare(this.head, 0, seen, 0, seen) !== 0) return false;
    if (n > seen) this.set(this.scratch.subarray(0, n));
    return true;
  }

  /** `data` was just read at offset `at`: the part that lies in the head region completes the head. */
  extend(at: number, data: Buffer): void {
    const seen = this.head.length;
    if (seen >= this.scratch.length || at > seen || at + data.length <= seen) return;
    const end = Math.min(this.scratch.length, at + data.length);
    this.set(Buffer.concat([this.head, data.subarray(seen - at, end - at)]));
  }

  /** The file starts over (truncated): its head is learnt again. */
  reset(): void {
    this.set(Buffer.alloc(0));
  }

  private set(bytes: Buffer): void {
    this.head = Buffer.from(bytes);
    this.cached = undefined;
  }
}
