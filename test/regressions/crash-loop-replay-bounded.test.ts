// Regression (issue #10, hole 7): the first checkpoint was written one interval after start, so a process
// that died sooner never moved its positions forward and every restart of a crash loop replayed more than
// the last (228, 1,946, ..., 12,878 lines after 8 restarts). Positions are now also written once the
// start-up backlog is read, so each restart replays only what the previous run read after that.
import { closeSync, openSync, readFileSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parsePositions } from '../../src/sources/files/positions-file.js';
import { tempDir, waitFor } from '../sources/test-helpers.js';
import { codeLine, RunProcess } from '../run/run-process.js';
import { countLedger, deliveredBy } from './line-ledger.js';

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

describe('a crash loop (kill -9 one second after each start)', () => {
  let dir: string;
  let cleanup: () => void;
  let runs: RunProcess[];
  beforeEach(() => {
    ({ dir, cleanup } = tempDir('crash-loop'));
    runs = [];
  });
  afterEach(async () => {
    for (const r of runs) await r.signal('SIGKILL');
    cleanup();
  });

  it('replays at most what the previous run read after its start-up checkpoint, and loses nothing, over 8 kills', async () => {
    const log = join(dir, 'app.log');
    const positions = join(dir, 'positions.json');
    const config = join(dir, 'config.yaml');
    // The default checkpoint interval (5 s) is longer than each run lives: only the start-up checkpoint helps.
    writeFileSync(config, `inputs:\n  - {name: app, include: ["${log}"]}\npositions: ${positions}\n`);
    writeFileSync(log, '');
    const fd = openSync(log, 'a');
    let seq = 0;
    let writing = true;
    // The first run starts before any line is written (without positions, a first start skips history).
    const first = await RunProcess.start(['--config', config, '--events']);
    const writer = (async () => {
      while (writing) {
        for (let i = 0; i < 5; i++) writeSync(fd, `${codeLine(++seq)}\n`);
        await sleep(2);
      }
    })();
    const savedLine = (): number => {
      try {
        const p = parsePositions(readFileSync(positions, 'utf8'));
        return typeof p === 'string' ? -1 : (p.records.find((r) => r.path === log)?.line ?? 0);
      } catch {
        return 0;
      }
    };

    // A clean first run leaves a positions file; then the crash loop.
    runs.push(first);
    await sleep(1000);
    expect(await first.signal('SIGTERM')).toEqual({ code: 0, signal: null });
    const lived: { from: number; to: number }[] = [];
    const saved: number[] = [savedLine()];
    for (let k = 0; k < 8; k++) {
      const from = seq; // its life, from spawn to kill, is well under one checkpoint interval
      const run = await RunProcess.start(['--config', config, '--events']);
      runs.push(run);
      await sleep(1000);
      await run.signal('SIGKILL');
      lived.push({ from, to: seq });
      saved.push(savedLine());
    }
    const last = await RunProcess.start(['--config', config, '--events']);
    runs.push(last);
    writing = false;
    await writer;
    closeSync(fd);
    const lastLine = seq;
    await waitFor(`line ${lastLine}`, () => last.seqs().includes(lastLine), { timeoutMs: 30_000, state: () => last.stderr.slice(-1500) });
    await waitFor('every line', () => new Set(deliveredBy(runs)).size >= seq, { timeoutMs: 5_000 }).catch(() => undefined); // a loss shows below
    expect(await last.signal('SIGTERM')).toEqual({ code: 0, signal: null });

    const counts = countLedger(seq, deliveredBy(runs));
    console.log(`crash loop ledger: ${JSON.stringify(counts)}`);
    expect({ lost: counts.lost, unknown: counts.unknown }).toEqual({ lost: 0, unknown: 0 });
    // Each restart k replays the lines run k-1 delivered after the checkpoint it left: never the backlog
    // that run k-1 itself inherited, i.e. no more than was written during run k-1's own life (< 5 s).
    const replays = runs.slice(2).map((run, i) => {
      const earlier = new Set(runs.slice(0, i + 2).flatMap((r) => r.seqs()));
      return run.seqs().filter((s) => earlier.has(s)).length;
    });
    const budgets = lived.map((l) => l.to - l.from); // budgets[k]: lines written while crash run k lived
    console.log(`crash loop: ${seq} lines written, ${counts.duplicated} delivered twice; replays per restart ${replays.join(', ')}; lines written per run ${budgets.join(', ')}; saved lines ${saved.join(', ')}`);
    // replays[k]: what the run after crash run k read again; runs.slice(2) starts after the first crash run.
    replays.forEach((replayed, k) => expect(replayed, `restart after crash ${k + 1}`).toBeLessThanOrEqual(budgets[k]));
    // The positions moved forward in every run of the loop, though none lived one checkpoint interval.
    saved.slice(1).forEach((line, k) => expect(line, `crash run ${k + 1}`).toBeGreaterThan(saved[k]));
    expect(counts.duplicated).toBe(replays.reduce((a, b) => a + b, 0));
  }, 90_000);
});
