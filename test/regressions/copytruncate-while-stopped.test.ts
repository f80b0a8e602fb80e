// Regression (issue #10, hole 2): a file copytruncated while the daemon was stopped no longer starts with
// the bytes its checkpoint recorded. The checkpoint was dropped and the file started at its end, so every
// line written since the truncation was lost, silently. Same device and inode with other first bytes now
// means "rewritten since the checkpoint": it is read from byte 0, and counted as a truncation.
import { closeSync, copyFileSync, openSync, truncateSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { tempDir, waitFor } from '../sources/test-helpers.js';
import { codeLine, RunProcess } from '../run/run-process.js';
import { countLedger, deliveredBy } from './line-ledger.js';

describe('copytruncate while the daemon is stopped', () => {
  let dir: string;
  let cleanup: () => void;
  let runs: RunProcess[];
  beforeEach(() => {
    ({ dir, cleanup } = tempDir('ct-stopped'));
    runs = [];
  });
  afterEach(async () => {
    for (const r of runs) await r.signal('SIGKILL');
    cleanup();
  });

  it('reads every line written after the truncation, over 6 stop/copytruncate/start cycles', async () => {
    const log = join(dir, 'app.log');
    const config = join(dir, 'config.yaml');
    // A short rescan interval: files born within it of the last checkpoint count as new (read from 0) anyway,
    // and this test's file is only seconds old, where a real one is days old.
    writeFileSync(config, `inputs:\n  - {name: app, include: ["${log}"]}\npositions: ${join(dir, 'positions.json')}\nrescan_interval: 200ms\n`);
    writeFileSync(log, '');
    const fd = openSync(log, 'a');
    let seq = 0;
    const write = (n: number): void => {
      for (let i = 0; i < n; i++) writeSync(fd, `${codeLine(++seq)}\n`);
    };
    const cycles = 6;
    for (let cycle = 0; cycle <= cycles; cycle++) {
      const run = await RunProcess.start(['--config', config, '--events']);
      runs.push(run);
      write(200); // read while running
      const last = seq; // the lines before it may be lost (the hole): wait for it, then count
      await waitFor(`line ${last}`, () => run.seqs().includes(last), { state: () => run.stderr.slice(-2000) });
      expect(await run.signal('SIGTERM')).toEqual({ code: 0, signal: null });
      if (cycle === cycles) break;
      copyFileSync(log, `${log}.${cycle}`);
      truncateSync(log, 0);
      write(cycle % 2 === 0 ? 300 : 800); // written while stopped, after the truncation
    }
    closeSync(fd);
    console.log(`copytruncate while stopped: ${JSON.stringify(countLedger(seq, deliveredBy(runs)))}`);
    expect(countLedger(seq, deliveredBy(runs))).toEqual({ written: seq, delivered: seq, lost: 0, duplicated: 0, unknown: 0 });
    expect(runs.slice(1).every((r) => /app\.log was truncated or rewritten since its saved position/.test(r.stderr))).toBe(true);
  });
});
