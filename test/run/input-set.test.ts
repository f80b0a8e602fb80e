// InputSet on real files: a config reload adds, removes and changes inputs while the others keep their
// descriptors and offsets; no line is lost or read twice, and a file changing hands is read on from where
// its previous input stopped. Exact lines, in-process (the end-to-end versions are in run-reload.test.ts).
import { appendFileSync, readdirSync, readlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { InputSet } from '../../src/run/input-set.js';
import type { FileInput } from '../../src/sources/files/file-input.js';
import type { LogLine } from '../../src/types.js';
import { RecordingStats, tempDir, waitFor } from '../sources/test-helpers.js';

const input = (name: string, include: string[], more: Partial<FileInput> = {}): FileInput => ({
  name, include, exclude: [], fromBeginning: false, poll: false, pollIntervalMs: 100, maxLineBytes: 4096, partialLineTimeoutMs: 200, ...more,
});

/** This process's descriptors open on `path`, by fd number. */
function fdsOn(path: string): string[] {
  return readdirSync('/proc/self/fd').filter((fd) => {
    try {
      return readlinkSync(`/proc/self/fd/${fd}`) === path;
    } catch {
      return false;
    }
  });
}

describe('InputSet', () => {
  let dir: string;
  let cleanup: () => void;
  let stats: RecordingStats;
  let lines: LogLine[];
  let set: InputSet;

  beforeEach(() => {
    ({ dir, cleanup } = tempDir('input-set'));
    stats = new RecordingStats();
    lines = [];
    set = new InputSet({ stats, log: () => undefined, rescanIntervalMs: 200, rotateWaitMs: 100 });
    set.lines$.subscribe((l) => lines.push(l));
  });
  afterEach(async () => {
    await set.stop();
    cleanup();
  });

  const path = (name: string): string => join(dir, name);
  const of = (source: string): string[] => lines.filter((l) => l.source === source).map((l) => l.text);
  const waitFrom = (source: string, n: number): Promise<void> =>
    waitFor(`${n} lines from ${source}`, () => of(source).length >= n, { state: () => lines.map((l) => `${l.source}:${l.text}`) });
  const write = (name: string, from: number, to: number, tag = name): void => {
    let text = '';
    for (let i = from; i <= to; i++) text += `${tag} ${i}\n`;
    appendFileSync(path(name), text);
  };
  const seq = (tag: string, from: number, to: number): string[] => Array.from({ length: to - from + 1 }, (_, i) => `${tag} ${from + i}`);

  it('refuses to start before anyone listens (the first lines would be lost)', async () => {
    const unheard = new InputSet({ stats, log: () => undefined, rescanIntervalMs: 200, rotateWaitMs: 100 });
    await expect(unheard.start([], undefined)).rejects.toThrow(/subscribe to lines\$ before start/);
  });

  it('stops a removed input (its files closed) while the other keeps its descriptor and reads on, exactly once', async () => {
    writeFileSync(path('a.log'), '');
    writeFileSync(path('b.log'), '');
    const a = input('a', [path('a.log')]);
    await set.start([a, input('b', [path('b.log')])], undefined);
    write('a.log', 1, 50);
    write('b.log', 1, 20);
    await waitFrom('a', 50);
    await waitFrom('b', 20);
    const aFds = fdsOn(path('a.log'));
    expect([aFds.length, fdsOn(path('b.log')).length]).toEqual([1, 1]);

    write('a.log', 51, 100);
    const applied = set.apply([a]);
    write('a.log', 101, 150);
    expect(await applied).toEqual({ started: [], stopped: ['b'], restarted: [] });
    write('a.log', 151, 200);
    write('b.log', 21, 40);
    await waitFrom('a', 200);

    expect(of('a')).toEqual(seq('a.log', 1, 200));
    expect(of('b')).toEqual(seq('b.log', 1, 20));
    expect([fdsOn(path('a.log')), fdsOn(path('b.log'))]).toEqual([aFds, []]);
    expect([stats.watched.get('a'), stats.watched.get('b'), set.size]).toEqual([1, 0, 1]);
    expect(set.positions().map((p) => [p.source, p.path, p.line])).toEqual([['a', path('a.log'), 200]]);
  });

  it('starts an added input as at start-up: files there now from their end, files created later from byte 0', async () => {
    writeFileSync(path('a.log'), '');
    writeFileSync(path('b.log'), 'history 1\nhistory 2\n');
    const a = input('a', [path('a.log')]);
    await set.start([a], undefined);
    write('a.log', 1, 10);
    await waitFrom('a', 10);

    expect(await set.apply([a, input('b', [join(dir, 'b*.log')])])).toEqual({ started: ['b'], stopped: [], restarted: [] });
    write('b.log', 3, 9);
    writeFileSync(path('b2.log'), 'fresh 1\nfresh 2\nfresh 3\n');
    write('a.log', 11, 20);
    await waitFrom('b', 10);
    await waitFrom('a', 20);

    expect(of('b').filter((t) => t.startsWith('b.log'))).toEqual(seq('b.log', 3, 9));
    expect(of('b').filter((t) => t.startsWith('fresh'))).toEqual(['fresh 1', 'fresh 2', 'fresh 3']);
    expect(of('a')).toEqual(seq('a.log', 1, 20));
    expect(lines.find((l) => l.text === 'b.log 3')?.lineNo).toBe(3);
    expect(stats.watched.get('b')).toBe(2);
  });

  it('honours from_beginning for an added input', async () => {
    writeFileSync(path('b.log'), 'history 1\nhistory 2\n');
    await set.start([], undefined);
    await set.apply([input('b', [path('b.log')], { fromBeginning: true })]);
    await waitFrom('b', 2);
    expect(of('b')).toEqual(['history 1', 'history 2']);
  });

  it('restarts an input whose settings changed from its exact positions: no line lost or repeated, line numbers go on', async () => {
    writeFileSync(path('a.log'), '');
    await set.start([input('a', [path('a.log')])], undefined);
    write('a.log', 1, 100);
    await waitFrom('a', 100);
    write('a.log', 101, 200);
    const applied = set.apply([input('a', [path('a.log')], { maxLineBytes: 8192 })]);
    write('a.log', 201, 300);
    expect(await applied).toEqual({ started: [], stopped: [], restarted: ['a'] });
    write('a.log', 301, 400);
    await waitFrom('a', 400);
    expect(of('a')).toEqual(seq('a.log', 1, 400));
    expect(lines.map((l) => l.lineNo)).toEqual(Array.from({ length: 400 }, (_, i) => i + 1));
    expect(fdsOn(path('a.log'))).toHaveLength(1);
  });

  it('keeps an input untouched when its config is the same (same descriptor, nothing restarted)', async () => {
    writeFileSync(path('a.log'), '');
    const a = input('a', [path('a.log')]);
    await set.start([a], undefined);
    write('a.log', 1, 5);
    await waitFrom('a', 5);
    const fds = fdsOn(path('a.log'));
    expect(await set.apply([{ ...a }])).toEqual({ started: [], stopped: [], restarted: [] });
    write('a.log', 6, 10);
    await waitFrom('a', 10);
    expect([of('a'), fdsOn(path('a.log'))]).toEqual([seq('a.log', 1, 10), fds]);
  });

  it('hands a file from a removed input to the next input matching it, at the position where it stopped', async () => {
    writeFileSync(path('x.log'), 'before start\n');
    const second = input('second', [join(dir, '*.log')]);
    await set.start([input('first', [path('x.log')]), second], undefined);
    write('x.log', 1, 10);
    await waitFrom('first', 10);
    write('x.log', 11, 20);
    // `second` gains a file: it restarts, taking x.log on from where `first` stopped.
    expect(await set.apply([second])).toEqual({ started: [], stopped: ['first'], restarted: ['second'] });
    write('x.log', 21, 30);
    await waitFor('30 lines of x.log', () => lines.length >= 30);
    expect([of('first').length + of('second').length, [...of('first'), ...of('second')].sort()]).toEqual([30, seq('x.log', 1, 30).sort()]);
    expect(of('second')).toEqual(seq('x.log', of('first').length + 1, 30));
  });

  it('hands a file to an input added before the one following it, at that one\'s position', async () => {
    writeFileSync(path('x.log'), '');
    const second = input('second', [join(dir, '*.log')]);
    await set.start([second], undefined);
    write('x.log', 1, 10);
    await waitFrom('second', 10);
    expect(await set.apply([input('first', [path('x.log')]), second])).toEqual({ started: ['first'], stopped: [], restarted: ['second'] });
    write('x.log', 11, 20);
    await waitFrom('first', 10);
    expect([of('second'), of('first')]).toEqual([seq('x.log', 1, 10), seq('x.log', 11, 20)]);
    expect(fdsOn(path('x.log'))).toHaveLength(1);
  });
});
