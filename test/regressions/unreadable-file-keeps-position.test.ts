// Regression (issue #10, hole 5): a file that could not be opened (EACCES) across SIGHUP or a restart lost
// its saved position: SIGHUP closed it and the reopen failed, a restart could not open it, and the position
// was dropped from the next checkpoint. Once readable again it was read from byte 0 (~2,000 lines counted
// twice). A checkpoint not used yet is now kept, and saved again, until the file opens; SIGHUP keeps the
// descriptor it had when the name cannot be opened.
import { chmodSync, closeSync, openSync, readFileSync, statSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parsePositions } from '../../src/sources/files/positions-file.js';
import { tempDir, waitFor } from '../sources/test-helpers.js';
import { codeLine, RunProcess } from '../run/run-process.js';
import type { RunAs } from '../run/run-process.js';
import { countLedger, deliveredBy } from './line-ledger.js';

// Root reads any file whatever its mode: as root, the daemon runs as nobody so that chmod 000 means EACCES.
const user: RunAs | undefined = process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : undefined;

describe('a file unreadable (EACCES) across SIGHUP and restarts', () => {
  let dir: string;
  let cleanup: () => void;
  let runs: RunProcess[];
  let log: string;
  let positions: string;
  let config: string;
  let seq: number;
  beforeEach(() => {
    ({ dir, cleanup } = tempDir('eacces'));
    chmodSync(dir, 0o777);
    runs = [];
    seq = 0;
    log = join(dir, 'app.log');
    positions = join(dir, 'positions.json');
    config = join(dir, 'config.yaml');
    writeFileSync(config, `inputs:\n  - {name: app, include: ["${log}"]}\npositions: ${positions}\ncheckpoint_interval: 200ms\nrescan_interval: 200ms\n`);
    writeFileSync(log, '', { mode: 0o644 });
  });
  afterEach(async () => {
    for (const r of runs) await r.signal('SIGKILL');
    cleanup();
  });

  const start = async (): Promise<RunProcess> => {
    const r = await RunProcess.start(['--config', config, '--events'], { user });
    runs.push(r);
    return r;
  };
  const write = (n: number): void => {
    const fd = openSync(log, 'a');
    for (let i = 0; i < n; i++) writeSync(fd, `${codeLine(++seq)}\n`);
    closeSync(fd);
  };
  const savedOffset = (): number | undefined => {
    const p = parsePositions(readFileSync(positions, 'utf8'));
    return typeof p === 'string' ? undefined : p.records.find((r) => r.path === log)?.offset;
  };
  const waitForLine = (r: RunProcess, n: number): Promise<void> =>
    waitFor(`line ${n}`, () => r.seqs().includes(n), { state: () => r.stderr.slice(-1500) });

  it('resumes where it was, over 3 SIGHUPs and 3 restarts while unreadable', async () => {
    let run = await start();
    for (let cycle = 0; cycle < 3; cycle++) {
      write(300);
      await waitForLine(run, seq);
      chmodSync(log, 0o000);
      run.hangup();
      await run.waitForLog(new RegExp(`(Reloaded the rules and catalogs[\\s\\S]*){${cycle + 1}}`));
      write(300);
      chmodSync(log, 0o644);
      await waitForLine(run, seq);
    }
    for (let cycle = 0; cycle < 3; cycle++) {
      write(300);
      await waitForLine(run, seq);
      const at = savedOffset();
      await waitFor('the checkpoint of every line read', () => savedOffset() !== at || at === readFileSync(log).length, { state: savedOffset });
      const kill = cycle === 1 ? 'SIGKILL' : 'SIGTERM';
      expect(await run.signal(kill)).toEqual(kill === 'SIGKILL' ? { code: null, signal: 'SIGKILL' } : { code: 0, signal: null });
      const saved = savedOffset();
      expect(saved).toBe(readFileSync(log).length);
      const before = statSync(positions).mtimeMs;
      chmodSync(log, 0o000);
      run = await start();
      await run.waitForLog(/Opening .*app\.log failed/);
      write(300);
      // Saved again while the file cannot be opened: a crash now must not forget it either.
      await waitFor('a checkpoint while unreadable', () => statSync(positions).mtimeMs !== before, { state: () => readFileSync(positions, 'utf8') });
      expect(savedOffset()).toBe(saved);
      chmodSync(log, 0o644);
      await waitForLine(run, seq);
    }
    expect(await run.signal('SIGTERM')).toEqual({ code: 0, signal: null });
    const counts = countLedger(seq, deliveredBy(runs));
    console.log(`unreadable file: ${JSON.stringify(counts)}`);
    expect(counts).toEqual({ written: seq, delivered: seq, lost: 0, duplicated: 0, unknown: 0 });
  }, 120_000);
});
