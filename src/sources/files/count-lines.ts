// Counts the lines in the first `end` bytes of a file with bounded reads (one buffer), yielding to the
// event loop now and then, so a tailer that starts at the end of a large file still numbers lines truly.
import type { ReadAt } from './file-head.js';

const LF = 10;
const CHUNKS_BETWEEN_YIELDS = 16;

export interface LineCount {
  /** Complete lines plus, when the bytes end mid-line, that unfinished line. */
  readonly lines: number;
  readonly endsMidLine: boolean;
}

export async function countLines(read: ReadAt, buf: Buffer, end: number, stop: () => boolean = () => false): Promise<LineCount> {
  let newlines = 0;
  let last = LF;
  for (let pos = 0, chunks = 0; pos < end && !stop(); chunks++) {
    if (chunks > 0 && chunks % CHUNKS_BETWEEN_YIELDS === 0) await new Promise((resolve) => setImmediate(resolve));
    const n = await read(buf, Math.min(buf.length, end - pos), pos);
    if (n === 0) break;
    const chunk = buf.subarray(0, n);
    for (let i = chunk.indexOf(LF); i !== -1; i = chunk.indexOf(LF, i + 1)) newlines++;
    last = chunk[n - 1];
    pos += n;
  }
  return { lines: last === LF ? newlines : newlines + 1, endsMidLine: last !== LF };
}
