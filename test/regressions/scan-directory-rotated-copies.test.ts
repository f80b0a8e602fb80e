// Regression (issue #10): scanning a directory read `x.log` and its rotated `x.log.gz` (or `x.log.1`)
// both, counting their lines twice when the copy was taken without truncating, and said nothing. Rotated
// copies beside their live file are now skipped by default and named; --rotated reads them; a file named
// explicitly, or matched by a glob, is always read.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { spawnSync } from 'node:child_process';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { expandInputs } from '../../src/sources/read-files/expand-inputs.js';
import { findRotatedCopies } from '../../src/sources/read-files/rotated-copies.js';
import { tempDir } from '../sources/test-helpers.js';
import { codeLine } from '../run/run-process.js';

describe('rotated copies under a scanned directory', () => {
  let dir: string;
  let cleanup: () => void;
  beforeEach(() => ({ dir, cleanup } = tempDir('scan-rotated')));
  afterEach(() => cleanup());

  it.each(([
    // [file, is a rotated copy of]
    ['logs/app.log.gz', 'logs/app.log'],
    ['logs/app.log.1', 'logs/app.log'],
    ['logs/app.log.2.gz', 'logs/app.log'],
    ['logs/app.log-20261204', 'logs/app.log'],
    ['logs/app.log-20261204.gz', 'logs/app.log'],
    ['logs/pods/0.log.20261204-183000', 'logs/pods/0.log'],
    ['logs/pods/0.log.20261204-183000.gz', 'logs/pods/0.log'],
    ['logs/app.log', undefined],
    ['logs/other.log.1', undefined], // its live file is not there: read
    ['logs/device-1-2', undefined], // not a live log with an extension beside it
    ['logs/app.log.bak', undefined],
    ['logs/sub/app.log.1', undefined], // another directory
  ] as [string, string | undefined][]).map(([file, of]) => [file, of === undefined ? 'no rotated copy: read' : `a rotated copy of ${of}`, of] as const))('%s -> %s', (file, _shown, of) => {
    const all = ['logs/app.log', 'logs/app.log.gz', 'logs/app.log.1', 'logs/app.log.2.gz', 'logs/app.log-20261204', 'logs/app.log-20261204.gz',
      'logs/pods/0.log', 'logs/pods/0.log.20261204-183000', 'logs/pods/0.log.20261204-183000.gz', 'logs/other.log.1', 'logs/device-1',
      'logs/device-1-2', 'logs/app.log.bak', 'logs/sub/app.log.1'];
    expect(findRotatedCopies(all).get(file)).toBe(of);
  });

  it('skips them by default with a note, reads them with --rotated, and always reads named ones', async () => {
    mkdirSync(join(dir, 'logs'));
    const lines = Array.from({ length: 50 }, (_, i) => codeLine(i + 1)).join('\n') + '\n';
    writeFileSync(join(dir, 'logs', 'x.log'), lines);
    writeFileSync(join(dir, 'logs', 'x.log.gz'), gzipSync(lines)); // compressed without truncating: the same lines
    writeFileSync(join(dir, 'logs', 'y.log.1'), lines.slice(0, 100)); // no y.log: not a copy of anything here
    const byDefault = await expandInputs(['logs'], dir);
    expect(byDefault.inputs.map((i) => (i.kind === 'file' ? i.path : '-'))).toEqual(['logs/x.log', 'logs/y.log.1']);
    expect(byDefault.notes).toEqual(['logs: 1 rotated copy skipped: logs/x.log.gz (of x.log). They hold a log\'s older lines, or the same lines again; name them, or pass --rotated, to read them too.']);
    const all = await expandInputs(['logs'], dir, { rotated: true });
    expect(all.inputs.map((i) => (i.kind === 'file' ? i.path : '-'))).toEqual(['logs/x.log', 'logs/x.log.gz', 'logs/y.log.1']);
    expect(all.notes).toEqual([]);
    const named = await expandInputs(['logs/x.log', 'logs/x.log.gz'], dir);
    expect(named.inputs).toHaveLength(2);

    // The CLI end to end: 50 events, not 100, and the note on stderr.
    const cli = join(process.cwd(), 'dist', 'cli', 'main.js');
    const scan = spawnSync(process.execPath, [cli, 'scan', 'logs/', '--events'], { cwd: dir, encoding: 'utf8' });
    expect(scan.status).toBe(0);
    const seqs = scan.stdout.trim().split('\n').map((l) => (JSON.parse(l) as { line: string }).line).filter((l) => l.includes('seq='));
    expect(seqs.length).toBe(50 + 1); // x.log's 50, and y.log.1's first line (it holds 100 bytes: one whole line)
    expect(scan.stderr).toContain('1 rotated copy skipped: logs/x.log.gz (of x.log)');
  });
});
