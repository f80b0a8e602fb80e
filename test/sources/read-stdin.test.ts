import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { readStdin } from '../../src/sources/stdin/read-stdin.js';
import type { LogLine } from '../../src/types.js';
import { ManualClock } from './manual-clock.js';
import { RecordingStats } from './test-helpers.js';

describe('readStdin', () => {
  function setup(maxLineBytes = 1024): { stream: PassThrough; lines: LogLine[]; stats: RecordingStats; clock: ManualClock; done: { value: boolean } } {
    const stream = new PassThrough();
    const stats = new RecordingStats();
    const clock = new ManualClock();
    const lines: LogLine[] = [];
    const done = { value: false };
    readStdin({ stream, stats, clock, maxLineBytes, partialLineTimeoutMs: 2000 }).subscribe({ next: (l) => lines.push(l), complete: () => (done.value = true) });
    return { stream, lines, stats, clock, done };
  }
  const flushed = (): Promise<void> => new Promise((r) => setImmediate(r));

  it('delivers lines with source stdin, path -, dense line numbers, CRLF trimmed; completes at end of input', async () => {
    const { stream, lines, stats, done } = setup();
    stream.write('aclnn failed, error code is 161002\r\nsec');
    stream.write('ond\n');
    stream.end('last line without newline');
    await flushed();
    expect(lines).toEqual([
      { source: 'stdin', path: '-', lineNo: 1, text: 'aclnn failed, error code is 161002', truncated: false, anchored: false },
      { source: 'stdin', path: '-', lineNo: 2, text: 'second', truncated: false, anchored: false },
      { source: 'stdin', path: '-', lineNo: 3, text: 'last line without newline', truncated: false, anchored: false },
    ]);
    expect(done.value).toBe(true);
    expect(stats.lines.get('stdin')).toBe(3);
    expect(stats.bytes.get('stdin')).toBe(36 + 7 + 25);
  });

  it('delivers an unfinished line after the partial-line timeout while input stays open', async () => {
    const { stream, lines, clock } = setup();
    stream.write('writer stopped mid-li');
    await flushed();
    clock.advance(1999);
    expect(lines).toEqual([]);
    clock.advance(1);
    expect(lines.map((l) => l.text)).toEqual(['writer stopped mid-li']);
    stream.write('ne\n');
    await flushed();
    expect(lines.map((l) => l.text)).toEqual(['writer stopped mid-li', 'ne']);
  });

  it('cuts over-long lines to the cap and counts them', async () => {
    const { stream, lines, stats } = setup(16);
    stream.write('x'.repeat(100));
    stream.end('\nshort\n');
    await flushed();
    expect(lines.map((l) => [l.text, l.truncated])).toEqual([['x'.repeat(16), true], ['short', false]]);
    expect(stats.dropped.get('stdin/truncated')).toBe(1);
  });
});
