// Makes one open file look like one endless stream of lines: reads it in bounded chunks from its offset,
// restarts from byte 0 when it was truncated (size below the offset, or its first bytes changed), holds an
// unfinished last line until its newline or an idle timeout, and knows the exact position after the last
// delivered line. Hot path: read errors are counted and retried, never thrown.
import { fstatSync, readSync } from 'node:fs';
import type { Stats } from 'node:fs';
import { open } from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import type { SourceStats } from '../source-stats.js';
import type { LogLine } from '../../types.js';
import type { Clock } from './clock.js';
import type { FileFingerprint } from './file-fingerprint.js';
import { fingerprintOf, identityKey } from './file-fingerprint.js';
import { OffsetLineSplitter } from './offset-line-splitter.js';
import type { ReadSlots } from './read-slots.js';

/** Where to start reading: a checkpoint, the first byte, or after the last complete line present now. */
export type StartAt = { readonly offset: number; readonly line: number; readonly skipping: boolean } | 'beginning' | 'end';

export interface FileTailOptions {
  readonly source: string;
  readonly maxLineBytes: number;
  readonly headBytes: number;
  readonly slots: ReadSlots;
  readonly stats: SourceStats;
  readonly clock: Clock;
  readonly emit: (line: LogLine) => void;
  /** Awaited before each chunk when it returns a promise: the sinks' backpressure. */
  readonly readGate?: () => Promise<void> | undefined;
  /**
   * Read with readSync: for local files the page-cache copy costs a few microseconds, while an
   * asynchronous read costs more than that in promise and thread-pool hand-off on every write event.
   * Inputs on network file systems (poll: true) read asynchronously so a slow server never blocks.
   */
  readonly syncReads?: boolean;
  readonly log: (sentence: string) => void;
}

/** Chunks one file may read before giving its read slot to another file (fairness under backlog). */
const CHUNKS_PER_TURN = 16;
const LF = 10;

const yieldToEventLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

export class FileTail {
  readonly dev: number;
  readonly ino: number;
  readonly identity: string;
  /** The stat of the file when it was opened (birth time decides where a file found at start-up begins). */
  readonly openedStat: Stats;
  path: string;
  private readonly fh: FileHandle;
  private readonly opts: FileTailOptions;
  private readonly splitter: OffsetLineSplitter;
  private readOffset = 0;
  private lineNo = 0;
  private head: Buffer = Buffer.alloc(0);
  /** Scratch space for reading the head again (the read buffer may be smaller than the head). */
  private readonly headScratch: Buffer;
  private fingerprintCache: FileFingerprint | undefined;
  private knownSize: number;
  private lastDataAt: number;
  private pumping: Promise<void> | undefined;
  private again = false;
  private closed = false;
  private readFailing = false;
  private truncatedCount = 0;
  private invalidCount = 0;

  private constructor(path: string, fh: FileHandle, st: Stats, opts: FileTailOptions) {
    this.path = path;
    this.fh = fh;
    this.openedStat = st;
    this.dev = st.dev;
    this.ino = st.ino;
    this.identity = identityKey(st.dev, st.ino);
    this.knownSize = st.size;
    this.opts = opts;
    this.lastDataAt = opts.clock.now();
    this.headScratch = Buffer.allocUnsafe(opts.headBytes);
    this.splitter = new OffsetLineSplitter(opts.maxLineBytes, (text, truncated, invalid) => {
      this.lineNo++;
      if (truncated) this.truncatedCount++;
      if (invalid) this.invalidCount++;
      // One object shape for every line keeps downstream property access monomorphic.
      opts.emit({ source: opts.source, path: this.path, lineNo: this.lineNo, text, truncated });
    });
  }

  /** Opens `path` and reads its head. Rejects when it cannot be opened (the caller decides what that means). */
  static async open(path: string, opts: FileTailOptions): Promise<FileTail> {
    const fh = await open(path, 'r');
    try {
      const tail = new FileTail(path, fh, await fh.stat(), opts);
      await tail.readHead();
      return tail;
    } catch (err) {
      await fh.close().catch(() => undefined);
      throw err;
    }
  }

  /** The fingerprint of the file as far as its head has been seen. */
  fingerprint(): FileFingerprint {
    this.fingerprintCache ??= fingerprintOf(this.dev, this.ino, this.head);
    return this.fingerprintCache;
  }

  /** The first bytes of the file (up to the head length), for matching checkpoints. */
  headBytes(): Buffer {
    return this.head;
  }

  /** The position after the last delivered line: what a checkpoint may safely record. */
  position(): { offset: number; line: number; skipping: boolean } {
    return { offset: this.committed(), line: this.lineNo, skipping: this.splitter.skippingLongLine };
  }

  /** Bytes in the file (as of the last look) that have not been read yet. */
  bytesBehind(): number {
    return Math.max(0, this.knownSize - this.readOffset);
  }

  get isClosed(): boolean {
    return this.closed;
  }

  /** Sets the start position. 'end' counts the lines before it (bounded reads) so line numbers stay true. */
  async start(at: StartAt): Promise<void> {
    if (at === 'beginning') return;
    if (at !== 'end') {
      this.readOffset = at.offset;
      this.lineNo = at.line;
      this.splitter.resumeSkipping(at.skipping);
      return;
    }
    const end = this.openedStat.size;
    const buf = await this.opts.slots.acquire();
    try {
      let lines = 0;
      let last = LF;
      for (let pos = 0, chunks = 0; pos < end && !this.closed; chunks++) {
        if (chunks > 0 && chunks % CHUNKS_PER_TURN === 0) await yieldToEventLoop();
        const bytesRead = await this.readAt(buf, Math.min(buf.length, end - pos), pos);
        if (bytesRead === 0) break;
        const chunk = buf.subarray(0, bytesRead);
        for (let i = chunk.indexOf(LF); i !== -1; i = chunk.indexOf(LF, i + 1)) lines++;
        last = buf[bytesRead - 1];
        pos += bytesRead;
      }
      this.readOffset = end;
      // A line unfinished at start-up began before we started: skip the rest of it, but count it.
      this.lineNo = last === LF ? lines : lines + 1;
      this.splitter.resumeSkipping(last !== LF);
    } finally {
      this.opts.slots.release(buf);
    }
  }

  /** Reads whatever is new. Calls made while a read is running make it go round once more. */
  pump(): Promise<void> {
    if (this.closed) return Promise.resolve();
    if (this.pumping) {
      this.again = true;
      return this.pumping;
    }
    this.pumping = this.pumpLoop();
    return this.pumping;
  }

  /** Delivers a held unfinished line once the file has been quiet for `idleMs`. Returns lines delivered. */
  flushIdlePartial(idleMs: number): number {
    if (this.closed || this.pumping || this.splitter.heldBytes === 0) return 0;
    if (this.opts.clock.now() - this.lastDataAt < idleMs) return 0;
    return this.deliver(this.committed(), () => this.splitter.flushPartial());
  }

  /** Milliseconds since bytes were last read from the file. */
  idleFor(): number {
    return this.opts.clock.now() - this.lastDataAt;
  }

  get holdsPartialLine(): boolean {
    return this.splitter.heldBytes > 0;
  }

  get isReading(): boolean {
    return this.pumping !== undefined;
  }

  /** The file's link count now (0 once deleted), or undefined if it cannot be asked. */
  async linkCount(): Promise<number | undefined> {
    try {
      return (await this.fh.stat()).nlink;
    } catch {
      return undefined;
    }
  }

  /** Stops reading (a read in flight finishes but is not delivered) and releases the descriptor. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.pumping;
    await this.fh.close().catch(() => undefined);
  }

  private async pumpLoop(): Promise<void> {
    try {
      do {
        this.again = false;
        // A backlog is read a turn at a time; between turns timers, sockets and other files get their go
        // (with synchronous reads nothing else would run until the whole backlog was read).
        if (await this.pumpTurn()) await yieldToEventLoop();
      } while (this.again && !this.closed);
    } finally {
      this.pumping = undefined;
    }
  }

  /** Reads until the end of the file or for one turn; true when the turn ended with bytes left to read. */
  private async pumpTurn(): Promise<boolean> {
    const buf = await this.opts.slots.acquire();
    try {
      if (this.closed) return false;
      if (!(await this.headUnchanged())) {
        this.restart('its first bytes changed');
        await this.headUnchanged();
      }
      for (let chunk = 0; chunk < CHUNKS_PER_TURN; chunk++) {
        const gate = this.opts.readGate?.();
        if (gate) await gate;
        if (this.closed) return false;
        // A wake-up from now on may be about bytes this read misses: it makes the loop go round again.
        this.again = false;
        const bytesRead = await this.readAt(buf, buf.length, this.readOffset);
        if (this.closed) return false;
        if (bytesRead === 0) {
          const st = this.opts.syncReads ? fstatSync(this.fh.fd) : await this.fh.stat();
          this.knownSize = st.size;
          if (st.size >= this.readOffset) return false;
          this.restart('it is shorter than the read position');
          await this.headUnchanged();
          continue;
        }
        this.readFailing = false;
        this.lastDataAt = this.opts.clock.now();
        this.extendHead(buf, bytesRead);
        const before = this.committed();
        this.readOffset += bytesRead;
        if (this.knownSize < this.readOffset) this.knownSize = this.readOffset;
        this.deliver(before, () => this.splitter.push(buf.subarray(0, bytesRead)));
        if (bytesRead < buf.length) return false;
      }
      this.again = true; // backlog left: let other files have the slot, then continue
      return true;
    } catch (err) {
      this.opts.stats.linesDropped(this.opts.source, 'read_error', 1);
      if (!this.readFailing) this.opts.log(`Reading ${this.path} failed (${(err as Error).message}); it will be retried.`);
      this.readFailing = true;
    } finally {
      this.opts.slots.release(buf);
    }
    return false;
  }

  private committed(): number {
    return this.readOffset - this.splitter.heldBytes;
  }

  /** Runs `split` (which delivers lines) and reports to the stats hooks what it delivered since `before`. */
  private deliver(before: number, split: () => number): number {
    const lines = split();
    const bytes = this.committed() - before;
    const { stats, source } = this.opts;
    if (lines > 0 || bytes > 0) stats.linesRead(source, lines, bytes);
    if (this.truncatedCount > 0) stats.linesDropped(source, 'truncated', this.truncatedCount);
    if (this.invalidCount > 0) stats.linesDropped(source, 'invalid_utf8', this.invalidCount);
    this.truncatedCount = 0;
    this.invalidCount = 0;
    return lines;
  }

  /** Compares the file's first bytes with those seen before; extends the head while the file is short. */
  private async headUnchanged(): Promise<boolean> {
    const buf = this.headScratch;
    const bytesRead = await this.readAt(buf, buf.length, 0);
    const seen = this.head.length;
    if (bytesRead < seen || buf.compare(this.head, 0, seen, 0, seen) !== 0) return false;
    if (bytesRead > seen) this.setHead(buf.subarray(0, bytesRead));
    return true;
  }

  private async readAt(buf: Buffer, length: number, position: number): Promise<number> {
    if (this.opts.syncReads) return readSync(this.fh.fd, buf, 0, length, position);
    return (await this.fh.read(buf, 0, length, position)).bytesRead;
  }

  /** Bytes just read at readOffset that lie in the head region complete the head (the file was short). */
  private extendHead(buf: Buffer, length: number): void {
    const seen = this.head.length;
    const at = this.readOffset;
    if (seen >= this.opts.headBytes || at > seen || at + length <= seen) return;
    const end = Math.min(this.opts.headBytes, at + length);
    this.setHead(Buffer.concat([this.head, buf.subarray(seen - at, end - at)]));
  }

  private async readHead(): Promise<void> {
    const bytesRead = await this.readAt(this.headScratch, this.headScratch.length, 0);
    this.setHead(this.headScratch.subarray(0, bytesRead));
  }

  private setHead(bytes: Buffer): void {
    this.head = Buffer.from(bytes);
    this.fingerprintCache = undefined;
  }

  /** Truncated or rewritten in place: deliver what was held (those bytes existed), then read from byte 0. */
  private restart(why: string): void {
    this.deliver(this.committed(), () => this.splitter.flushPartial());
    this.splitter.reset();
    this.readOffset = 0;
    this.lineNo = 0;
    this.head = Buffer.alloc(0);
    this.fingerprintCache = undefined;
    this.opts.stats.rotation(this.opts.source, 'truncate');
    this.opts.log(`${this.path} was truncated (${why}); reading it again from the start.`);
  }
}
