import { appendFileSync, mkdirSync, renameSync, rmSync, truncateSync, writeFileSync, copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FileInput } from '../../src/sources/files/file-input.js';
import type { Positions } from '../../src/sources/files/positions-file.js';
import { FileTailSource } from '../../src/sources/files/tail-files.js';
import type { LogLine } from '../../src/types.js';
import { openFdCount, RecordingStats, tempDir, waitFor } from './test-helpers.js';

const input = (name: string, include: string[], more: Partial<FileInput> = {}): FileInput => ({
  name, include, exclude: [], fromBeginning: false, poll: false, pollIntervalMs: 100, maxLineBytes: 4096, partialLineTimeoutMs: 200, ...more,
});

describe('FileTailSource', () => {
  let dir: string;
  let cleanup: () => void;
  let stats: RecordingStats;
  let lines: LogLine[];
  let sources: FileTailSource[];

  beforeEach(() => {
    ({ dir, cleanup } = tempDir('tails'));
    stats = new RecordingStats();
    lines = [];
    sources = [];
  });
  afterEach(async () => {
    await Promise.all(sources.map((s) => s.stop()));
    cleanup();
  });

  async function start(inputs: FileInput[], more: { resume?: Positions; wallNow?: () => number } = {}): Promise<FileTailSource> {
    const src = new FileTailSource({ inputs, stats, safetyPollMs: 50, rescanIntervalMs: 200, rotateWaitMs: 100, ...more });
    sources.push(src);
    src.lines$.subscribe((l) => lines.push(l));
    await src.ready;
    return src;
  }
  const texts = (): string[] => lines.map((l) => l.text);
  const waitLines = (n: number): Promise<void> => waitFor(`${n} lines`, () => lines.length >= n, { state: () => texts() });

  it('starts files present at start-up at their end and reads files created later from byte 0', async () => {
    writeFileSync(join(dir, 'old.log'), 'history 1\nhistory 2\n');
    const src = await start([input('app', [join(dir, '*.log')])]);
    appendFileSync(join(dir, 'old.log'), 'new in old\n');
    writeFileSync(join(dir, 'fresh.log'), 'first line of fresh\nsecond\n');
    writeFileSync(join(dir, 'ignored.txt'), 'not matched\n');
    await waitLines(3);
    expect(texts().sort()).toEqual(['first line of fresh', 'new in old', 'second']);
    expect(lines.find((l) => l.text === 'new in old')?.lineNo).toBe(3);
    expect(lines.every((l) => l.source === 'app')).toBe(true);
    expect(stats.watched.get('app')).toBe(2);
    expect(src.openFileCount()).toBe(2);
  });

  it('reads files present at start-up from the beginning with fromBeginning, honouring excludes', async () => {
    writeFileSync(join(dir, 'a.log'), 'a1\na2\n');
    writeFileSync(join(dir, 'b.log.gz'), 'binary\n');
    mkdirSync(join(dir, 'sub'));
    writeFileSync(join(dir, 'sub', 'c.log'), 'c1\n');
    await start([input('app', [join(dir, '**')], { fromBeginning: true, exclude: ['*.gz'] })]);
    await waitLines(3);
    expect(texts().sort()).toEqual(['a1', 'a2', 'c1']);
  });

  it('gives a file matched by two inputs to the first one only', async () => {
    writeFileSync(join(dir, 'x.log'), '');
    await start([input('first', [join(dir, 'x.log')]), input('second', [join(dir, '*.log')])]);
    appendFileSync(join(dir, 'x.log'), 'once\n');
    await waitLines(1);
    expect(lines.map((l) => [l.source, l.text])).toEqual([['first', 'once']]);
  });

  it('resumes from saved positions: lines written while stopped are read, earlier ones are not', async () => {
    const path = join(dir, 'app.log');
    writeFileSync(path, '');
    const first = await start([input('app', [path])]);
    appendFileSync(path, 'one\ntwo\n');
    await waitLines(2);
    await first.stop();
    const saved: Positions = { writtenAt: Date.now(), records: first.positions() };
    expect(saved.records.map((r) => [r.path, r.offset, r.line])).toEqual([[path, 8, 2]]);
    appendFileSync(path, 'three while down\n');
    lines = [];
    await start([input('app', [path])], { resume: saved });
    appendFileSync(path, 'four\n');
    await waitLines(2);
    expect(lines.map((l) => [l.lineNo, l.text])).toEqual([[3, 'three while down'], [4, 'four']]);
  });

  it('reads from byte 0 a file without a position that was born after the last checkpoint', async () => {
    const saved: Positions = { writtenAt: Date.now() - 1000, records: [] };
    writeFileSync(join(dir, 'rotated-while-down.log'), 'written while we were down\n');
    await start([input('app', [join(dir, '*.log')])], { resume: saved });
    await waitLines(1);
    expect(texts()).toEqual(['written while we were down']);
  });

  it('follows rename-and-create rotation: drains the old file, reads the new one from 0, releases the old', async () => {
    const path = join(dir, 'app.log');
    writeFileSync(path, '');
    const baseline = openFdCount();
    const src = await start([input('app', [path])]);
    let seq = 0;
    const write = (file: string, n: number): void => {
      for (let i = 0; i < n; i++) appendFileSync(file, `line ${++seq}\n`);
    };
    for (let r = 0; r < 5; r++) {
      write(path, 20);
      await waitLines(seq); // the current file has been seen under its name before it is rotated away
      renameSync(path, `${path}.${r}`);
      write(`${path}.${r}`, 1); // the writer has not reopened yet: this line lands in the rotated file
      write(path, 20);
    }
    await waitLines(seq);
    expect(texts().map((t) => Number(t.split(' ')[1])).sort((a, b) => a - b)).toEqual(Array.from({ length: seq }, (_, i) => i + 1));
    expect(stats.rotations.get('app/rename')).toBe(5);
    await waitFor('rotated files released', () => src.openFileCount() === 1 && openFdCount() <= baseline + 1, { state: () => [src.openFileCount(), openFdCount(), baseline] });
  });

  it('loses and repeats nothing when rotations outpace discovery, if the rotated names are watched too', async () => {
    const path = join(dir, 'app.log');
    writeFileSync(path, '');
    await start([input('app', [join(dir, 'app.log*')])]);
    let seq = 0;
    for (let r = 0; r < 10; r++) {
      for (let i = 0; i < 10; i++) appendFileSync(path, `line ${++seq}\n`);
      renameSync(path, `${path}.${r}`);
    }
    await waitLines(seq);
    expect(texts().map((t) => Number(t.split(' ')[1])).sort((a, b) => a - b)).toEqual(Array.from({ length: seq }, (_, i) => i + 1));
  });

  it('keeps one reader for a file renamed into another watched name, without reading it again', async () => {
    const path = join(dir, 'app.log');
    writeFileSync(path, '');
    const src = await start([input('app', [join(dir, 'app.log*')])]);
    appendFileSync(path, 'a\n');
    await waitLines(1);
    renameSync(path, `${path}.1`);
    await waitFor('the file to be known by its new name', () => src.positions().some((p) => p.path === `${path}.1`));
    appendFileSync(`${path}.1`, 'b\n');
    await waitLines(2);
    writeFileSync(path, 'c\n');
    await waitLines(3);
    expect(lines.map((l) => [l.path, l.lineNo, l.text])).toEqual([[path, 1, 'a'], [`${path}.1`, 2, 'b'], [path, 1, 'c']]);
  });

  it('restarts a copytruncate-rotated file from byte 0 and counts the truncation', async () => {
    const path = join(dir, 'app.log');
    writeFileSync(path, '');
    await start([input('app', [path])]);
    appendFileSync(path, 'before 1\nbefore 2\n');
    await waitLines(2);
    copyFileSync(path, `${path}.1`);
    truncateSync(path, 0);
    appendFileSync(path, 'after 1\n');
    await waitLines(3);
    expect(texts()).toEqual(['before 1', 'before 2', 'after 1']);
    expect(stats.rotations.get('app/truncate')).toBe(1);
  });

  it('recognises a same-name replacement by identity and reads the replacement from 0', async () => {
    const path = join(dir, 'app.log');
    writeFileSync(path, '');
    await start([input('app', [path])]);
    appendFileSync(path, 'original\n');
    await waitLines(1);
    writeFileSync(join(dir, 'next.tmp'), 'replacement 1\n');
    renameSync(join(dir, 'next.tmp'), path);
    await waitLines(2);
    expect(texts()).toEqual(['original', 'replacement 1']);
    expect(stats.rotations.get('app/deleted')).toBe(1); // the original is gone: the rename went over it
  });

  it('releases the descriptor of a deleted file and reads a recreated one from 0', async () => {
    const path = join(dir, 'app.log');
    writeFileSync(path, '');
    const baseline = openFdCount();
    const src = await start([input('app', [path])]);
    appendFileSync(path, 'x\n');
    await waitLines(1);
    rmSync(path);
    await waitFor('the deleted file released', () => src.openFileCount() === 0 && openFdCount() <= baseline, { state: () => [src.openFileCount(), openFdCount(), baseline] });
    expect(stats.rotations.get('app/deleted')).toBe(1);
    writeFileSync(path, 'y\n');
    await waitLines(2);
    expect(texts()).toEqual(['x', 'y']);
  });

  it('watches a directory created after start, several levels down', async () => {
    const base = join(dir, 'ascend', 'log', 'debug');
    await start([input('device', [join(base, 'device-*', 'device-*.log')])]);
    mkdirSync(join(base, 'device-0'), { recursive: true });
    writeFileSync(join(base, 'device-0', 'device-123_1.log'), 'first line of a new device log\n');
    await waitLines(1);
    expect(lines.map((l) => [l.source, l.text])).toEqual([['device', 'first line of a new device log']]);
  });

  it('delivers an unfinished last line after the partial-line timeout', async () => {
    const path = join(dir, 'crash.log');
    writeFileSync(path, '');
    await start([input('app', [path])]);
    appendFileSync(path, 'complete\nfatal: 0x5010B001 and then the process died');
    await waitLines(2);
    expect(texts()).toEqual(['complete', 'fatal: 0x5010B001 and then the process died']);
  });

  it('follows hundreds of files created at once, and files found only by polling', async () => {
    await start([input('many', [join(dir, 'many', '*.log')]), input('polled', [join(dir, 'polled', '*.log')], { poll: true, pollIntervalMs: 50 })]);
    mkdirSync(join(dir, 'many'));
    mkdirSync(join(dir, 'polled'));
    for (let i = 0; i < 300; i++) writeFileSync(join(dir, 'many', `plog-${i}.log`), `file ${i} line 1\nfile ${i} line 2\n`);
    writeFileSync(join(dir, 'polled', 'nfs.log'), 'over nfs\n');
    await waitLines(601);
    expect(lines.filter((l) => l.source === 'many')).toHaveLength(600);
    expect(lines.filter((l) => l.source === 'polled').map((l) => l.text)).toEqual(['over nfs']);
  });
});
