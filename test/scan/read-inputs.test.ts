import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { lastValueFrom, toArray } from 'rxjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { ScanStats } from '../../src/sinks/report/scan-stats.js';
import { expandInputs, type ScanInput } from '../../src/sources/read-files/expand-inputs.js';
import { readInputs } from '../../src/sources/read-files/read-inputs.js';

let dir: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'scan-read-'));
  mkdirSync(join(dir, 'logs', 'nested'), { recursive: true });
  writeFileSync(join(dir, 'logs', 'a.log'), 'a1\na2\n');
  writeFileSync(join(dir, 'logs', 'nested', 'b.log.gz'), gzipSync('b1\r\nb2\nb3'));
  writeFileSync(join(dir, 'logs', '.hidden.log'), 'hidden\n');
  writeFileSync(join(dir, 'broken.log.gz'), Buffer.concat([gzipSync('ok1\nok2\n').subarray(0, 12), Buffer.from('not gzip at all')]));
  mkdirSync(join(dir, 'empty'));
});

const file = (path: string): ScanInput => ({ kind: 'file', path, size: 0, gzip: path.endsWith('.gz') });

describe('expandInputs', () => {
  it('expands a directory to every non-hidden file under it, sorted, with paths as given', async () => {
    const r = await expandInputs(['logs'], dir);
    expect(r.problems).toEqual([]);
    expect(r.inputs).toEqual([
      { kind: 'file', path: 'logs/a.log', size: 6, gzip: false },
      { kind: 'file', path: 'logs/nested/b.log.gz', size: expect.any(Number), gzip: true },
    ]);
  });

  it('expands globs, keeps stdin, and reads a file named twice only once', async () => {
    const r = await expandInputs(['logs/**/*.gz', '-', 'logs/a.log', './logs/a.log', '-'], dir);
    expect(r.problems).toEqual([]);
    expect(r.inputs.map((i) => (i.kind === 'stdin' ? '-' : i.path))).toEqual(['logs/nested/b.log.gz', '-', 'logs/a.log']);
  });

  it('names every argument that matched nothing, in order', async () => {
    const r = await expandInputs(['missing.log', 'logs/a.log', 'logs/*.txt', 'empty'], dir);
    expect(r.problems).toEqual([
      'missing.log: no such file or directory.',
      'logs/*.txt: no files match this pattern.',
      'empty: the directory contains no files.',
    ]);
  });
});

describe('readInputs', () => {
  it('reads files one after another, gunzipping .gz, with 1-based line numbers per file', async () => {
    const stats = new ScanStats();
    const lines = await lastValueFrom(
      readInputs([file(join(dir, 'logs/a.log')), file(join(dir, 'logs/nested/b.log.gz'))], { stats }).pipe(toArray()),
    );
    expect(lines.map((l) => [l.source, l.path.slice(dir.length + 1), l.lineNo, l.text])).toEqual([
      ['scan', 'logs/a.log', 1, 'a1'],
      ['scan', 'logs/a.log', 2, 'a2'],
      ['scan', 'logs/nested/b.log.gz', 1, 'b1'],
      ['scan', 'logs/nested/b.log.gz', 2, 'b2'],
      ['scan', 'logs/nested/b.log.gz', 3, 'b3'],
    ]);
    expect(stats.lines).toBe(5);
  });

  it('reads stdin as source `stdin` and path `-`', async () => {
    const stdin = new PassThrough();
    const done = lastValueFrom(readInputs([{ kind: 'stdin' }], { stats: new ScanStats(), stdin }).pipe(toArray()));
    stdin.write('x 161002\ny');
    stdin.end('z\n');
    expect((await done).map((l) => [l.source, l.path, l.lineNo, l.text])).toEqual([
      ['stdin', '-', 1, 'x 161002'],
      ['stdin', '-', 2, 'yz'],
    ]);
  });

  it('reports a corrupt .gz and a missing file, counts them, and still reads the files after them', async () => {
    const stats = new ScanStats();
    const failed: string[] = [];
    const lines = await lastValueFrom(
      readInputs([file(join(dir, 'broken.log.gz')), file(join(dir, 'gone.log')), file(join(dir, 'logs/a.log'))], {
        stats,
        onReadError: (path) => failed.push(path.slice(dir.length + 1)),
      }).pipe(toArray()),
    );
    expect(failed).toEqual(['broken.log.gz', 'gone.log']);
    expect(lines.map((l) => l.text).slice(-2)).toEqual(['a1', 'a2']);
    expect(stats.dropped.read_error).toBe(2);
  });

  it('counts the raw bytes read for progress, compressed size for .gz', async () => {
    let bytes = 0;
    await lastValueFrom(
      readInputs([file(join(dir, 'logs/a.log')), file(join(dir, 'logs/nested/b.log.gz'))], {
        stats: new ScanStats(),
        onBytes: (n) => (bytes += n),
      }).pipe(toArray()),
    );
    expect(bytes).toBe(6 + gzipSync('b1\r\nb2\nb3').length);
  });
});
