// End-to-end: the built CLI follows real files while this test rotates, truncates, deletes and recreates
// them under steady writes; exact event counts are read from `run --events`.
import { closeSync, copyFileSync, mkdirSync, openSync, renameSync, rmSync, truncateSync, writeFileSync, writeSync, appendFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { tempDir, waitFor } from '../sources/test-helpers.js';
import { codeLine, range, RunProcess, seqOf, sorted } from './run-process.js';

const yield1ms = (): Promise<void> => new Promise((r) => setTimeout(r, 1));

describe('run --events with real files (rotation)', () => {
  let dir: string;
  let cleanup: () => void;
  let runs: RunProcess[];

  beforeEach(() => {
    ({ dir, cleanup } = tempDir('e2e-rot'));
    runs = [];
  });
  afterEach(async () => {
    for (const r of runs) await r.signal('SIGKILL');
    cleanup();
  });

  const start = async (include: string, more = ''): Promise<RunProcess> => {
    const config = join(dir, 'config.yaml');
    writeFileSync(config, `inputs:\n  - name: app\n    include: ["${include}"]\n    partial_line_timeout: 300ms\nrotate_wait: 200ms\nrescan_interval: 1s\n${more}`);
    const r = await RunProcess.start(['--config', config, '--events']);
    runs.push(r);
    return r;
  };

  it('loses and repeats nothing across 20 rename-and-create rotations under steady writes', async () => {
    const path = join(dir, 'app.log');
    writeFileSync(path, '');
    const run = await start(path);
    let seq = 0;
    let fd = openSync(path, 'a');
    for (let generation = 0; generation < 20; generation++) {
      for (let i = 0; i < 100; i++) {
        writeSync(fd, `${codeLine(++seq)}\n`);
        if (i % 10 === 0) await yield1ms();
      }
      // Rotation must not outpace discovery: this generation has been seen under its name before it moves.
      await run.waitForEvents(seq - 99);
      renameSync(path, `${path}.${generation}`);
      for (let i = 0; i < 5; i++) writeSync(fd, `${codeLine(++seq)}\n`); // still writing to the rotated file
      closeSync(fd);
      fd = openSync(path, 'a');
    }
    closeSync(fd);
    await run.waitForEvents(seq);
    expect(sorted(run.seqs())).toEqual(range(1, seq));
    expect(run.events.every((e) => e.source === 'app' && e.code === '161002' && e.class === 'fatal')).toBe(true);
    // Line numbers count within each generation's file (105 lines each, 5 of them after the rename).
    expect(run.events.filter((e) => e.lineNo !== ((seqOf(e) - 1) % 105) + 1)).toEqual([]);
  });

  it('restarts a copytruncate-rotated file from byte 0, every time', async () => {
    const path = join(dir, 'app.log');
    writeFileSync(path, '');
    const run = await start(path);
    let seq = 0;
    const fd = openSync(path, 'a'); // O_APPEND, as copytruncate requires of writers
    for (let rotation = 0; rotation < 10; rotation++) {
      for (let i = 0; i < 50; i++) writeSync(fd, `${codeLine(++seq)}\n`);
      // copytruncate itself loses what the tailer had not read before the truncation; the test waits so
      // that it measures the tailer, not logrotate's window.
      await run.waitForEvents(seq);
      copyFileSync(path, `${path}.1`);
      truncateSync(path, 0);
    }
    for (let i = 0; i < 50; i++) writeSync(fd, `${codeLine(++seq)}\n`);
    closeSync(fd);
    await run.waitForEvents(seq);
    expect(sorted(run.seqs())).toEqual(range(1, seq));
    expect(run.stderr.match(/was truncated/g)).toHaveLength(10);
  });

  it('notices a truncate-and-rewrite even when the new content is already longer than the old', async () => {
    const path = join(dir, 'app.log');
    writeFileSync(path, '');
    const run = await start(path);
    appendFileSync(path, range(1, 10).map((s) => `${codeLine(s)}\n`).join(''));
    await run.waitForEvents(10);
    writeFileSync(path, range(11, 40).map((s) => `${codeLine(s)}\n`).join('')); // O_TRUNC then 3x the bytes at once
    await run.waitForEvents(40);
    expect(sorted(run.seqs())).toEqual(range(1, 40));
    expect(run.events.filter((e) => e.lineNo === 1).map((e) => e.line.slice(0, 7))).toEqual(['seq=1 t', 'seq=11 ']);
  });

  it('releases a deleted file (descriptors back to the baseline) and reads its recreation from 0', async () => {
    const path = join(dir, 'app.log');
    writeFileSync(path, '');
    const run = await start(path);
    const baseline = run.fdCount();
    appendFileSync(path, `${codeLine(1)}\n`);
    await run.waitForEvents(1);
    rmSync(path);
    await waitFor('the deleted file to be released', () => run.fdCount() === baseline - 1, { state: () => run.fdCount() });
    writeFileSync(path, `${codeLine(2)}\n${codeLine(3)}\n`);
    await run.waitForEvents(3);
    expect(run.seqs()).toEqual([1, 2, 3]);
    expect(run.events.map((e) => e.lineNo)).toEqual([1, 1, 2]);
    expect(run.fdCount()).toBe(baseline);
  });

  it('picks up a directory created after start, and hundreds of files appearing at once', async () => {
    const base = join(dir, 'ascend', 'log', 'debug', 'plog');
    const run = await start(join(base, 'plog-*.log'));
    mkdirSync(base, { recursive: true });
    let seq = 0;
    for (let f = 0; f < 300; f++) {
      writeFileSync(join(base, `plog-${1000 + f}_20250101.log`), `${codeLine(++seq)}\n${codeLine(++seq)}\n${codeLine(++seq)}\n`);
    }
    writeFileSync(join(base, 'not-a-plog.txt'), `${codeLine(9999)}\n`);
    await run.waitForEvents(seq);
    expect(sorted(run.seqs())).toEqual(range(1, seq));
    expect(new Set(run.events.map((e) => e.path)).size).toBe(300);
  });
});
