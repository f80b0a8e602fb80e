import { appendFileSync, openSync, closeSync, writeSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ReadSlots } from '../../src/sources/files/read-slots.js';
import { FileTail } from '../../src/sources/files/tail-file.js';
import type { LogLine } from '../../src/types.js';
import { ManualClock } from './manual-clock.js';
import { openFdCount, RecordingStats, tempDir } from './test-helpers.js';

describe('FileTail', () => {
  let dir: string;
  let cleanup: () => void;
  let clock: ManualClock;
  let stats: RecordingStats;
  let lines: LogLine[];
  let logs: string[];

  beforeEach(() => {
    ({ dir, cleanup } = tempDir('tail'));
    clock = new ManualClock();
    stats = new RecordingStats();
    lines = [];
    logs = [];
  });
  afterEach(() => cleanup());

  const openTail = (path: string, opts: { maxLineBytes?: number; chunkBytes?: number } = {}): Promise<FileTail> =>
    FileTail.open(path, {
      source: 'app', maxLineBytes: opts.maxLineBytes ?? 1024, headBytes: 16,
      slots: new ReadSlots(opts.chunkBytes ?? 64, 2), stats, clock,
      emit: (l) => lines.push(l), log: (s) => logs.push(s),
    });
  const texts = (): string[] => lines.map((l) => l.text);

  it('reads appended lines in bounded chunks with dense line numbers and an exact position', async () => {
    const path = join(dir, 'a.log');
    writeFileSync(path, '');
    const tail = await openTail(path, { chunkBytes: 16 });
    await tail.start('beginning');
    const expected = Array.from({ length: 50 }, (_, i) => `line ${i} of a file read in chunks`);
    appendFileSync(path, expected.slice(0, 20).join('\n') + '\n' + expected[20].slice(0, 7));
    await tail.pump();
    expect(texts()).toEqual(expected.slice(0, 20));
    expect(tail.position()).toEqual({ offset: Buffer.byteLength(expected.slice(0, 20).join('\n') + '\n'), line: 20, skipping: false });
    appendFileSync(path, expected[20].slice(7) + '\n' + expected.slice(21).join('\n') + '\n');
    await tail.pump();
    expect(texts()).toEqual(expected);
    expect(lines.map((l) => l.lineNo)).toEqual(expected.map((_, i) => i + 1));
    expect(lines.every((l) => l.source === 'app' && l.path === path && l.truncated === false)).toBe(true);
    expect(stats.lines.get('app')).toBe(50);
    expect(stats.bytes.get('app')).toBe(Buffer.byteLength(expected.join('\n') + '\n'));
    await tail.close();
  });

  it("starts at the end of a file present at start-up, counting its lines and skipping an unfinished one", async () => {
    const path = join(dir, 'b.log');
    writeFileSync(path, 'old 1\nold 2\nold 3 unfinish');
    const tail = await openTail(path, { chunkBytes: 4 });
    await tail.start('end');
    appendFileSync(path, 'ed\nnew 4\n');
    await tail.pump();
    expect(lines.map((l) => [l.lineNo, l.text])).toEqual([[4, 'new 4']]);
    await tail.close();
  });

  it('resumes from a saved position, including inside an over-long line', async () => {
    const path = join(dir, 'c.log');
    writeFileSync(path, 'one\ntwo\nthree\n');
    const tail = await openTail(path);
    await tail.start({ offset: 4, line: 1, skipping: false });
    await tail.pump();
    expect(lines.map((l) => [l.lineNo, l.text])).toEqual([[2, 'two'], [3, 'three']]);
    await tail.close();

    lines = [];
    const again = await openTail(path);
    await again.start({ offset: 5, line: 2, skipping: true });
    await again.pump();
    expect(lines.map((l) => [l.lineNo, l.text])).toEqual([[3, 'three']]);
    await again.close();
  });

  it('restarts from byte 0 when the file is truncated below the read offset, and counts it', async () => {
    const path = join(dir, 'd.log');
    writeFileSync(path, 'aaaaaaaaaaaaaaaaaaaa 1\naaaaaaaaaaaaaaaaaaaa 2\n');
    const tail = await openTail(path);
    await tail.start('beginning');
    await tail.pump();
    truncateSync(path, 0);
    appendFileSync(path, 'after 1\n');
    await tail.pump();
    expect(lines.map((l) => [l.lineNo, l.text])).toEqual([[1, 'aaaaaaaaaaaaaaaaaaaa 1'], [2, 'aaaaaaaaaaaaaaaaaaaa 2'], [1, 'after 1']]);
    expect(stats.rotations.get('app/truncate')).toBe(1);
    await tail.close();
  });

  it('restarts when the file was truncated and rewritten past the offset before it was looked at', async () => {
    const path = join(dir, 'e.log');
    writeFileSync(path, 'generation 1 line 1\n');
    const tail = await openTail(path);
    await tail.start('beginning');
    await tail.pump();
    writeFileSync(path, 'generation 2 line 1\ngeneration 2 line 2\n');
    await tail.pump();
    expect(texts()).toEqual(['generation 1 line 1', 'generation 2 line 1', 'generation 2 line 2']);
    expect(stats.rotations.get('app/truncate')).toBe(1);
    await tail.close();
  });

  it('notices a rewrite of a file that was empty when opened (its head was learnt from the first read)', async () => {
    const path = join(dir, 'e2.log');
    writeFileSync(path, '');
    const tail = await openTail(path);
    await tail.start('beginning');
    await tail.pump();
    appendFileSync(path, 'generation 1 line 1\n');
    await tail.pump();
    writeFileSync(path, 'generation 2 line 1\n');
    await tail.pump();
    expect(texts()).toEqual(['generation 1 line 1', 'generation 2 line 1']);
    expect(stats.rotations.get('app/truncate')).toBe(1);
    await tail.close();
  });

  it('grows the fingerprint of a file shorter than the head length as the file grows', async () => {
    const path = join(dir, 'f.log');
    writeFileSync(path, 'ab\n');
    const tail = await openTail(path);
    await tail.start('beginning');
    expect(tail.fingerprint().headBytes).toBe(3);
    appendFileSync(path, 'cdefghijklmnopqrstuvwxyz\n');
    await tail.pump();
    expect(tail.fingerprint().headBytes).toBe(16);
    expect(texts()).toEqual(['ab', 'cdefghijklmnopqrstuvwxyz']);
    await tail.close();
  });

  it('holds an unfinished last line until the file has been idle for the timeout, then delivers it', async () => {
    const path = join(dir, 'g.log');
    writeFileSync(path, '');
    const tail = await openTail(path);
    await tail.start('beginning');
    appendFileSync(path, 'done\ncrash at 0x5010B001 without newl');
    await tail.pump();
    expect(texts()).toEqual(['done']);
    expect(tail.position().offset).toBe(5);
    clock.advance(1999);
    expect(tail.flushIdlePartial(2000)).toBe(0);
    clock.advance(1);
    expect(tail.flushIdlePartial(2000)).toBe(1);
    expect(texts()).toEqual(['done', 'crash at 0x5010B001 without newl']);
    expect(tail.position()).toEqual({ offset: 37, line: 2, skipping: false });
    await tail.close();
  });

  it('cuts a 10 MB line without a newline to the cap, counts it, and keeps reading after it', async () => {
    const path = join(dir, 'h.log');
    writeFileSync(path, 'before\n');
    const tail = await openTail(path, { maxLineBytes: 64 * 1024, chunkBytes: 64 * 1024 });
    await tail.start('beginning');
    appendFileSync(path, Buffer.alloc(10 * 1024 * 1024, 0x41));
    for (let i = 0; i < 20; i++) await tail.pump();
    expect(lines.map((l) => [l.text.length, l.truncated])).toEqual([[6, false], [64 * 1024, true]]);
    expect(stats.dropped.get('app/truncated')).toBe(1);
    expect(tail.position()).toEqual({ offset: 7 + 10 * 1024 * 1024, line: 2, skipping: true });
    appendFileSync(path, 'tail\nafter\n');
    await tail.pump();
    expect(texts().slice(2)).toEqual(['after']);
    await tail.close();
  });

  it('passes invalid UTF-8 and NUL bytes through as text and counts them', async () => {
    const path = join(dir, 'i.log');
    writeFileSync(path, Buffer.from([0x41, 0x00, 0x42, 0x0a, 0xc3, 0x28, 0x0a]));
    const tail = await openTail(path);
    await tail.start('beginning');
    await tail.pump();
    expect(texts()).toEqual(['A\u0000B', '\uFFFD(']);
    expect(stats.dropped.get('app/invalid_utf8')).toBe(1);
    await tail.close();
  });

  it('reads a large backlog with flat buffer memory', async () => {
    const path = join(dir, 'big.log');
    const fd = openSync(path, 'w');
    const line = Buffer.from('x'.repeat(4095) + '\n');
    const block = Buffer.concat(Array.from({ length: 256 }, () => line)); // 1 MiB
    for (let i = 0; i < 200; i++) writeSync(fd, block);
    closeSync(fd);
    let count = 0;
    let maxBuffers = 0;
    const base = process.memoryUsage().arrayBuffers;
    const tail = await FileTail.open(path, {
      source: 'app', maxLineBytes: 64 * 1024, headBytes: 1024, slots: new ReadSlots(64 * 1024, 2), stats, clock,
      emit: () => {
        if (++count % 1000 === 0) maxBuffers = Math.max(maxBuffers, process.memoryUsage().arrayBuffers - base);
      },
      log: () => undefined,
    });
    await tail.start('beginning');
    while (tail.position().offset < 200 * 1024 * 1024) await tail.pump();
    expect(count).toBe(200 * 256);
    expect(maxBuffers).toBeLessThan(8 * 1024 * 1024);
    await tail.close();
  });

  it('reading a backlog synchronously still lets the event loop run between turns', async () => {
    const path = join(dir, 'backlog.log');
    writeFileSync(path, Buffer.alloc(8 * 1024 * 1024, 0x0a));
    const tail = await FileTail.open(path, {
      source: 'app', maxLineBytes: 1024, headBytes: 1024, slots: new ReadSlots(64 * 1024, 1), stats, clock, syncReads: true,
      emit: () => undefined, log: () => undefined,
    });
    await tail.start('beginning');
    let ticks = 0;
    const timer = setInterval(() => ticks++, 0);
    await tail.pump();
    clearInterval(timer);
    expect(tail.position().offset).toBe(8 * 1024 * 1024);
    expect(ticks).toBeGreaterThan(0);
    await tail.close();
  });

  it('releases its descriptor on close', async () => {
    const path = join(dir, 'j.log');
    writeFileSync(path, 'x\n');
    const before = openFdCount();
    const tail = await openTail(path);
    expect(openFdCount()).toBe(before + 1);
    await tail.close();
    expect(openFdCount()).toBe(before);
  });
});
