// Makes one open file look like one endless stream of lines: reads it in bounded chunks from its offset,
// restarts from byte 0 when it was truncated (shorter than the offset, the bytes just before the offset
// changed, or its first bytes changed), holds an unfinished last line until its newline or an idle
// timeout, and knows the exact position after the last delivered line. Hot path: read errors are counted
// and retried, never thrown.
import { fstatSync, readSync } from 'node:fs';
import type { Stats } from 'node:fs';
import { open } from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import type { SourceStats } from '../source-stats.js';
import type { LogLine } from '../../types.js';
import type { Clock } from './clock.js';
import type { FileFingerprint } from './file-fingerprint.js';
import { CriLineDecoder } from '../cri/cri-line-decoder.js';
import { countLines } from './count-lines.js';
import { identityKey } from './file-fingerprint.js';
import { FileHead } from './file-head.js';
import type { ReadAt } from './file-head.js';
import { OffsetLineSplitter } from './offset-line-splitter.js';
import { ReadAnchor } from './read-anchor.js';
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
/** Bytes before the offset re-read with every chunk (see ReadAnchor). */
const ANCHOR_BYTES = 256;

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
  /** Container logs: CRI prefixes removed, partial records joined, pod taken from the path. */
  private readonly decoder: CriLineDecoder;
  private readOffset = 0;
  private lineNo = 0;
  private readonly head: FileHead;
  private readonly readAtBound: ReadAt = (buf, length, position) => this.readAt(buf, length, position);
  private readonly anchor = new ReadAnchor(ANCHOR_BYTES);
  /** Compare the first bytes again before the next read (the safety poll asks for it). */
  private headCheckDue = true;
  private knownSize: number;
  private lastDataAt: number;
  private pumping: Promise<void> | undefined;
  private again = false;
  private closed = false;
  private held = false;
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
    this.head = new FileHead(st.dev, st.ino, opts.headBytes);
    this.decoder = new CriLineDecoder(opts.maxLineBytes, opts.emit);
    this.splitter = new OffsetLineSplitter(opts.maxLineBytes, (text, truncated, invalid) => {
      this.lineNo++;
      if (truncated) this.truncatedCount++;
      if (invalid) this.invalidCount++;
      // One object shape for every line keeps downstream property access monomorphic.
      this.decoder.push({ source: opts.source, path: this.path, lineNo: this.lineNo, text, truncated });
    });
  }

  /** Opens `path` and reads its head. Rejects when it cannot be opened (the caller decides what that means). */
  static async open(path: string, opts: FileTailOptions): Promise<FileTail> {
    const fh = await open(path, 'r');
    try {
      const tail = new FileTail(path, fh, await fh.stat(), opts);
      await tail.head.load(tail.readAtBound);
      return tail;
    } catch (err) {
      await fh.close().catch(() => undefined);
      throw err;
    }
  }

  /** The fingerprint of the file as far as its head has been seen. */
  fingerprint(): FileFingerprint {
    return this.head.fingerprint();
  }

  /** The first bytes of the file (up to the head length), for matching checkpoints. */
  headBytes(): Buffer {
    return this.head.bytes;
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
      await this.loadAnchor();
      return;
    }
    const buf = await this.opts.slots.acquire();
    try {
      const count = await countLines(this.readAtBound, buf, this.openedStat.size, () => this.closed);
      this.readOffset = this.openedStat.size;
      // A line unfinished at start-up began before we started: skip the rest of it, but count it.
      this.lineNo = count.lines;
      this.splitter.resumeSkipping(count.endsMidLine);
      await this.loadAnchor();
    } finally {
      this.opts.slots.release(buf);
    }
  }

  /** Like pump, comparing the file's first bytes first (the periodic safety net; see ReadAnchor for every read). */
  pumpVerifyingHead(): Promise<void> {
    this.headCheckDue = true;
    return this.pump();
  }

  /**
   * Stops delivering lines but keeps the descriptor (an input handing its files to its successor): the
   * position is final unless release() lets it go on. Resolves once a read in flight is done.
   */
  async hold(): Promise<void> {
    this.held = true;
    await this.pumping;
  }

  release(): void {
    this.held = false;
  }

  get isHeld(): boolean {
    return this.held;
  }

  /** Reads whatever is new. Calls made while a read is running make it go round once more. */
  pump(): Promise<void> {
    if (this.closed || this.held) return Promise.resolve();
    if (this.pumping) {
      this.again = true;
      return this.pumping;
    }
    this.pumping = this.pumpLoop();
    return this.pumping;
  }

  /** Delivers a held unfinished line once the file has been quiet for `idleMs`. Returns lines delivered. */
  flushIdlePartial(idleMs: number): number {
    if (this.closed || this.pumping || (this.splitter.heldBytes === 0 && !this.decoder.holding)) return 0;
    if (this.opts.clock.now() - this.lastDataAt < idleMs) return 0;
    const lines = this.deliver(this.committed(), () => this.splitter.flushPartial());
    // A partial CRI record whose end never came (the writer died mid-line) is still a line.
    this.decoder.flush(this.opts.source);
    return lines;
  }

  /** Milliseconds since bytes were last read from the file. */
  idleFor(): number {
    return this.opts.clock.now() - this.lastDataAt;
  }

  get holdsPartialLine(): boolean {
    return this.splitter.heldBytes > 0 || this.decoder.holding;
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
    this.decoder.flush(this.opts.source);
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
      if (this.headCheckDue) {
        this.headCheckDue = false;
        if (!(await this.head.unchanged(this.readAtBound))) this.restart('its first bytes changed');
      }
      for (let chunk = 0; chunk < CHUNKS_PER_TURN; chunk++) {
        const gate = this.opts.readGate?.();
        if (gate) await gate;
        if (this.closed) return false;
        // A wake-up from now on may be about bytes this read misses: it makes the loop go round again.
        this.again = false;
        const k = this.anchor.sizeFor(buf.length);
        const bytesRead = await this.readAt(buf, buf.length, this.readOffset - k);
        if (this.closed) return false;
        if (!this.anchor.matches(buf, bytesRead, k)) {
          this.restart(bytesRead < k ? 'it is shorter than the read position' : 'the bytes before the read position changed');
          continue;
        }
        if (bytesRead === k) {
          if (k > 0 || this.readOffset === 0) return false;
          // No anchor to tell (a position set without one): ask for the size.
          const st = this.opts.syncReads ? fstatSync(this.fh.fd) : await this.fh.stat();
          this.knownSize = st.size;
          if (st.size < this.readOffset) this.restart('it is shorter than the read position');
          return false;
        }
        this.readFailing = false;
        this.lastDataAt = this.opts.clock.now();
        const data = buf.subarray(k, bytesRead);
        this.head.extend(this.readOffset, data);
        this.anchor.advance(buf.subarray(0, bytesRead));
        const before = this.committed();
        this.readOffset += data.length;
        if (this.knownSize < this.readOffset) this.knownSize = this.readOffset;
        this.deliver(before, () => this.splitter.push(data));
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

  private async readAt(buf: Buffer, length: number, position: number): Promise<number> {
    if (this.opts.syncReads) return readSync(this.fh.fd, buf, 0, length, position);
    return (await this.fh.read(buf, 0, length, position)).bytesRead;
  }

  /** The bytes just before a position set from outside (start at the end, a checkpoint). */
  private async loadAnchor(): Promise<void> {
    const from = Math.max(0, this.readOffset - ANCHOR_BYTES);
    const want = this.readOffset - from;
    const scratch = Buffer.allocUnsafe(want);
    // Shorter than the position (truncated since the checkpoint): no anchor; the first read finds out.
    if ((await this.readAt(scratch, want, from)) === want) this.anchor.advance(scratch);
  }

  /** Truncated or rewritten in place: deliver what was held (those bytes existed), then read from byte 0. */
  private restart(why: string): void {
    this.deliver(this.committed(), () => this.splitter.flushPartial());
    this.decoder.flush(this.opts.source);
    this.splitter.reset();
    this.anchor.reset();
    this.readOffset = 0;
    this.lineNo = 0;
    this.head.reset();
    this.opts.stats.rotation(this.opts.source, 'truncate');
    this.opts.log(`${this.path} was truncated (${why}); reading it again from the start.`);
  }
}
