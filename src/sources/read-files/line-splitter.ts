// Cuts a byte stream into lines on '\n' without ever holding more than one capped line: a line longer
// than the cap is cut at a character boundary and flagged; invalid UTF-8 becomes U+FFFD, never an error.
import { isUtf8 } from 'node:buffer';

/** The longest line we keep, in bytes; the rest of a longer line is dropped and the line flagged `truncated`. */
export const MAX_LINE_BYTES = 64 * 1024;

/** Called once per line, in order: the decoded text (terminator and a trailing '\r' removed) and its flags. */
export type LineCallback = (text: string, truncated: boolean, invalidUtf8: boolean) => void;

const LF = 10;
const CR = 13;
const REPLACEMENT = '\uFFFD';

export class LineSplitter {
  private readonly onLine: LineCallback;
  private readonly maxBytes: number;
  /** Pieces of the line that started in an earlier chunk (at most `maxBytes` in total). */
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  /** The pending line hit the cap: drop its bytes until the next '\n'. */
  private overflowed = false;

  constructor(onLine: LineCallback, maxBytes = MAX_LINE_BYTES) {
    if (!Number.isInteger(maxBytes) || maxBytes < 4) throw new RangeError(`maxBytes must be an integer >= 4, got ${maxBytes}`);
    this.onLine = onLine;
    this.maxBytes = maxBytes;
  }

  /** Feeds one chunk; returns how many lines it completed. */
  push(chunk: Buffer): number {
    let start = 0;
    let lines = 0;
    for (let nl = chunk.indexOf(LF, start); nl !== -1; nl = chunk.indexOf(LF, start)) {
      if (this.pendingBytes === 0 && !this.overflowed) {
        this.emit(chunk, start, nl);
      } else {
        this.append(chunk, start, nl);
        this.flushPending();
      }
      lines++;
      start = nl + 1;
    }
    if (start < chunk.length) this.append(chunk, start, chunk.length);
    return lines;
  }

  /** Ends the stream: a last line without a terminator is still a line. Returns 1 if it emitted one. */
  end(): number {
    if (this.pendingBytes === 0 && !this.overflowed) return 0;
    this.flushPending();
    return 1;
  }

  private append(chunk: Buffer, from: number, to: number): void {
    if (this.overflowed) return;
    const room = this.maxBytes - this.pendingBytes;
    if (to - from > room) {
      to = from + room;
      this.overflowed = true;
    }
    if (to > from) {
      // Copy: a subarray would pin the whole (possibly 1 MiB) chunk while the line is pending.
      this.pending.push(Buffer.from(chunk.subarray(from, to)));
      this.pendingBytes += to - from;
    }
  }

  private flushPending(): void {
    const buf = this.pending.length === 1 ? this.pending[0] : Buffer.concat(this.pending, this.pendingBytes);
    const truncated = this.overflowed;
    this.pending = [];
    this.pendingBytes = 0;
    this.overflowed = false;
    if (truncated) this.emitTruncated(buf, 0, buf.length);
    else this.emit(buf, 0, buf.length);
  }

  private emit(buf: Buffer, from: number, to: number): void {
    if (to - from > this.maxBytes) {
      this.emitTruncated(buf, from, from + this.maxBytes);
      return;
    }
    if (to > from && buf[to - 1] === CR) to--;
    const text = buf.toString('utf8', from, to);
    // Only lines that decoded to U+FFFD need the exact check; a real U+FFFD in the file is valid UTF-8.
    const invalid = text.includes(REPLACEMENT) && !isUtf8(buf.subarray(from, to));
    this.onLine(text, false, invalid);
  }

  /** Emits bytes [from, to) of a line that was longer than the cap, without splitting a UTF-8 sequence. */
  private emitTruncated(buf: Buffer, from: number, to: number): void {
    const end = characterBoundary(buf, from, to);
    const text = buf.toString('utf8', from, end);
    const invalid = text.includes(REPLACEMENT) && !isUtf8(buf.subarray(from, end));
    this.onLine(text, true, invalid);
  }
}

/** The largest end <= `to` that does not cut a well-formed UTF-8 sequence in half. */
function characterBoundary(buf: Buffer, from: number, to: number): number {
  let lead = to - 1;
  while (lead > from && lead > to - 4 && (buf[lead] & 0xc0) === 0x80) lead--;
  if (lead < from) return to;
  const b = buf[lead];
  const length = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : b >= 0xc0 ? 2 : 1;
  return lead + length > to ? lead : to;
}
