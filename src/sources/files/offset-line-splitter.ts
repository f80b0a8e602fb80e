// Cuts bytes into lines on '\n' and always knows how many fed bytes are not yet part of a delivered line,
// so a tailer can checkpoint the exact offset after the last delivered line. Never holds more than one
// capped line: a longer line is delivered cut to the cap at once and the rest of it is skipped unbuffered.
// Given a byte search, a line that cannot matter is counted and never decoded (see LineSearch).
import { isUtf8 } from 'node:buffer';
import type { LiteralSearch } from '../../rules/literal-search.js';

/**
 * Called once per line, in order: decoded text (terminator and a trailing '\r' removed) and its flags. `anchored`:
 * the byte search found one of its anchor literals (LineSearch.anchorLiterals) first in this very line, as bytes,
 * wholly inside the delivered text; always false without a search, and for cut lines, lines spanning chunks and
 * lines in a window with invalid UTF-8.
 */
export type SplitLineCallback = (text: string, truncated: boolean, invalidUtf8: boolean, anchored: boolean) => void;

/**
 * Search the buffer, not each line: `literals` are searched in a chunk's complete lines as bytes, in one pass over
 * the chunk, and a line with none of them is counted by `onSkipped` instead of being decoded and delivered. Only a
 * line that would be delivered whole, not truncated and valid UTF-8 is ever skipped (so the truncated and invalid
 * counts, the offsets and checkpoints stay exact); lines that span chunks are always delivered. For readers whose
 * consumer ignores such lines (scan: the rules' byte prefilter), never for one that joins lines (CRI partials).
 */
export interface LineSearch {
  /** Searched in bytes (LiteralSearch.ofUtf8). */
  readonly literals: LiteralSearch;
  /**
   * Literals 0 .. anchorLiterals - 1 are the rules' anchors: a line whose first literal is one of them is delivered
   * `anchored` (its consumer need not look for an anchor again). The others only keep lines from being skipped.
   */
  readonly anchorLiterals: number;
  /** Called with the number of lines skipped since the last call, always before the next line is delivered. */
  readonly onSkipped: (lines: number) => void;
  /** Asked before skipping a line: false delivers it anyway (a joiner downstream holds a partial record). */
  readonly maySkip?: () => boolean;
}

const LF = 10;
/**
 * Bytes of lines checked for valid UTF-8 at once for the search (a window with invalid UTF-8 is delivered whole). The
 * size once bounded latin1 strings of the window (of 128 KiB and more V8 allocates them in its large-object space);
 * kept, so which lines are delivered from a window with invalid UTF-8 is unchanged.
 */
const SEARCH_WINDOW_BYTES = 32 * 1024;
const CR = 13;
const REPLACEMENT = '\uFFFD';

export class OffsetLineSplitter {
  private readonly onLine: SplitLineCallback;
  private readonly maxBytes: number;
  /** Copies of the unfinished line's pieces; at most maxBytes + 1 bytes (room for a final '\r'). */
  private held: Buffer[] = [];
  private heldLength = 0;
  private skipping = false;
  /** The last line was delivered unfinished (idle timeout): a '\n' arriving next only ends it. */
  private endedEarly = false;

  private readonly search: LineSearch | undefined;
  /** Lines skipped and not yet told to the search's onSkipped. */
  private skippedLines = 0;

  constructor(maxBytes: number, onLine: SplitLineCallback, search?: LineSearch) {
    if (!Number.isInteger(maxBytes) || maxBytes < 4) throw new RangeError(`maxBytes must be an integer >= 4, got ${maxBytes}`);
    this.maxBytes = maxBytes;
    this.onLine = onLine;
    this.search = search;
  }

  /** Bytes fed but not yet delivered as part of a line (the unfinished last line). */
  get heldBytes(): number {
    return this.heldLength;
  }

  /** True while the rest of an over-long line (already delivered, cut) is being skipped. */
  get skippingLongLine(): boolean {
    return this.skipping;
  }

  /** Restores the state saved in a checkpoint: resume in the middle of an over-long line. */
  resumeSkipping(skipping: boolean): void {
    this.reset();
    this.skipping = skipping;
  }

  /** Forgets the unfinished line without delivering it (the file was truncated or replaced). */
  reset(): void {
    this.held = [];
    this.heldLength = 0;
    this.skipping = false;
    this.endedEarly = false;
  }

  /** Feeds one chunk (it may be reused by the caller afterwards); returns how many lines it delivered. */
  push(chunk: Buffer): number {
    let pos = 0;
    let lines = 0;
    if (this.endedEarly && chunk.length > 0) {
      this.endedEarly = false;
      if (chunk[0] === LF) pos = 1;
    }
    if (this.skipping) {
      const nl = chunk.indexOf(LF);
      if (nl === -1) return 0;
      this.skipping = false;
      pos = nl + 1;
    }
    // The search: a window of the chunk's complete lines, [pos, windowEnd); `hit` the chunk offset of the next
    // literal at or after `pos` in it (Infinity: none).
    let windowEnd = -1;
    let hit = -1;
    /** Where the hit ends if it is one of the anchor literals, else -1. */
    let anchorEnd = -1;
    /** False for a window with invalid UTF-8: every line of it is decoded, so each is counted as before. */
    let searchable = false;
    while (pos < chunk.length) {
      const nl = chunk.indexOf(LF, pos);
      if (nl === -1) {
        this.tellSkipped();
        lines += this.hold(chunk, pos, chunk.length);
        break;
      }
      if (this.heldLength === 0) {
        if (this.search !== undefined && nl - pos <= this.maxBytes) {
          if (nl > windowEnd) {
            windowEnd = Math.max(nl, chunk.lastIndexOf(LF, Math.min(pos + SEARCH_WINDOW_BYTES, chunk.length - 1)));
            searchable = isUtf8(chunk.subarray(pos, windowEnd));
            hit = -1;
          }
          if (searchable && hit < pos) {
            const at = this.search.literals.firstInBytes(chunk, pos, windowEnd);
            hit = at === -1 ? Infinity : at;
            const found = this.search.literals.foundLiteral;
            anchorEnd = at !== -1 && found < this.search.anchorLiterals ? at + this.search.literals.byteLength(found) : -1;
          }
          if (searchable && hit >= nl && (this.search.maySkip === undefined || this.search.maySkip())) {
            this.skippedLines++;
            lines++;
            pos = nl + 1;
            continue;
          }
        }
        this.tellSkipped();
        // Anchored: the anchor lies in this line, and wholly in its text (not ending in a '\r' that deliver drops).
        this.deliver(chunk, pos, nl, searchable && hit >= pos && anchorEnd !== -1 && anchorEnd <= (chunk[nl - 1] === CR ? nl - 1 : nl));
      } else {
        this.held.push(chunk.subarray(pos, nl));
        this.heldLength += nl - pos;
        this.deliverHeld();
      }
      lines++;
      pos = nl + 1;
    }
    this.tellSkipped();
    return lines;
  }

  private tellSkipped(): void {
    if (this.skippedLines === 0) return;
    const n = this.skippedLines;
    this.skippedLines = 0;
    this.search?.onSkipped(n);
  }

  /**
   * Delivers the unfinished line as a line of its own (the writer went idle mid-line). If the next byte
   * is the '\n' that ends it, that byte is consumed silently; anything else starts a new line. Returns 1 or 0.
   */
  flushPartial(): number {
    if (this.heldLength === 0) return 0;
    this.deliverHeld();
    this.endedEarly = true;
    return 1;
  }

  /** Keeps bytes [from, to) of a line that has no '\n' yet; delivers it cut if it passes the cap. */
  private hold(chunk: Buffer, from: number, to: number): number {
    const room = this.maxBytes + 1 - this.heldLength;
    if (to - from <= room) {
      // Copy: the caller reuses its read buffer for the next chunk.
      this.held.push(Buffer.from(chunk.subarray(from, to)));
      this.heldLength += to - from;
      return 0;
    }
    this.held.push(chunk.subarray(from, from + room));
    const line = Buffer.concat(this.held, this.maxBytes + 1);
    this.held = [];
    this.heldLength = 0;
    this.skipping = true;
    this.deliverCut(line, 0, this.maxBytes);
    return 1;
  }

  private deliverHeld(): void {
    const line = this.held.length === 1 ? this.held[0] : Buffer.concat(this.held, this.heldLength);
    this.held = [];
    this.heldLength = 0;
    this.deliver(line, 0, line.length, false);
  }

  private deliver(buf: Buffer, from: number, to: number, anchored: boolean): void {
    if (to > from && buf[to - 1] === CR) to--;
    if (to - from > this.maxBytes) {
      this.deliverCut(buf, from, from + this.maxBytes);
      return;
    }
    const text = buf.toString('utf8', from, to);
    this.onLine(text, false, isInvalid(text, buf, from, to), anchored);
  }

  /** Delivers the first maxBytes of an over-long line, never splitting a UTF-8 sequence. */
  private deliverCut(buf: Buffer, from: number, to: number): void {
    const end = characterBoundary(buf, from, to);
    const text = buf.toString('utf8', from, end);
    this.onLine(text, true, isInvalid(text, buf, from, end), false);
  }
}

/** Only text that decoded to U+FFFD needs the exact check; a real U+FFFD in the file is valid UTF-8. */
function isInvalid(text: string, buf: Buffer, from: number, to: number): boolean {
  return text.includes(REPLACEMENT) && !isUtf8(buf.subarray(from, to));
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
