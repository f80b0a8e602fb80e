// Regression: scan's former LineSplitter counted the '\r' of CRLF against the line cap, so a line of exactly
// the cap followed by CRLF was flagged truncated (and counted as dropped), and a trailing lone lead byte was
// cut off. Found by differential fuzzing against the tailer's splitter; the counterexample is kept as found.
import { Readable } from 'node:stream';
import { firstValueFrom, toArray } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { readLineStream } from '../../src/sources/read-files/read-line-stream.js';
import type { DropReason, SourceStats } from '../../src/sources/source-stats.js';
import type { LogLine } from '../../src/types.js';

function countingStats(): SourceStats & { dropped: Partial<Record<DropReason, number>> } {
  const dropped: Partial<Record<DropReason, number>> = {};
  return {
    dropped,
    linesRead: () => undefined,
    linesDropped: (_source, reason, n) => void (dropped[reason] = (dropped[reason] ?? 0) + n),
    rotation: () => undefined,
    filesWatched: () => undefined,
    bytesBehind: () => undefined,
    checkpointWritten: () => undefined,
  };
}

async function scanLines(bytes: readonly number[], maxLineBytes: number, chunk: number): Promise<{ lines: LogLine[]; dropped: object }> {
  const buf = Buffer.from(bytes);
  const chunks: Buffer[] = [];
  for (let i = 0; i < buf.length; i += chunk) chunks.push(buf.subarray(i, i + chunk));
  const stats = countingStats();
  const lines = await firstValueFrom(readLineStream(Readable.from(chunks), { source: 'scan', path: 'f', stats, maxLineBytes }).pipe(toArray()));
  return { lines, dropped: stats.dropped };
}

describe('a line of exactly the cap before CRLF', () => {
  it.each([1, 3, 100])('is whole and not truncated, read in chunks of %i bytes', async (chunk) => {
    // The fuzzer's counterexample: 8 bytes (ending in a lone UTF-8 lead byte 0xC0) + CR, cap 8, no LF.
    const r = await scanLines([97, 240, 97, 0, 0, 0, 97, 192, 13], 8, chunk);
    expect(r.lines).toEqual([{ source: 'scan', path: 'f', lineNo: 1, text: 'a\uFFFDa\u0000\u0000\u0000a\uFFFD', truncated: false, anchored: false }]);
    expect(r.dropped).toEqual({ invalid_utf8: 1 });
  });

  it('with its LF is still whole, and one byte more is cut', async () => {
    const r = await scanLines([...Buffer.from('12345678\r\n123456789\r\n')], 8, 4);
    expect(r.lines.map((l) => [l.text, l.truncated])).toEqual([
      ['12345678', false],
      ['12345678', true],
    ]);
    expect(r.dropped).toEqual({ truncated: 1 });
  });
});
