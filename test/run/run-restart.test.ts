// End-to-end: restarts of the built CLI against the same positions file (kill -9 mid-stream, clean
// SIGTERM, a corrupt positions file), SIGHUP, stdin, and lines that never end. Exact counts via --events.
import { appendFileSync, existsSync, openSync, readdirSync, readFileSync, writeFileSync, writeSync, closeSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parsePositions } from '../../src/sources/files/positions-file.js';
import { tempDir, waitFor } from '../sources/test-helpers.js';
import { codeLine, range, RunProcess, sorted } from './run-process.js';

describe('run --events with real files (restarts and odd lines)', () => {
  let dir: string;
  let cleanup: () => void;
  let runs: RunProcess[];
  let config: string;
  let positions: string;
  let log: string;

  beforeEach(() => {
    ({ dir, cleanup } = tempDir('e2e-restart'));
    runs = [];
    log = join(dir, 'app.log');
    positions = join(dir, 'positions.json');
    config = join(dir, 'config.yaml');
    writeFileSync(config, [
      'inputs:',
      `  - {name: app, include: ["${log}"], partial_line_timeout: 300ms}`,
      `positions: ${positions}`,
      'checkpoint_interval: 100ms',
      'rotate_wait: 200ms',
      '',
    ].join('\n'));
  });
  afterEach(async () => {
    for (const r of runs) await r.signal('SIGKILL');
    cleanup();
  });

  const start = async (extra: string[] = []): Promise<RunProcess> => {
    const r = await RunProcess.start(['--config', config, '--events', ...extra]);
    runs.push(r);
    return r;
  };
  const savedLine = (): number => {
    const p = parsePositions(readFileSync(positions, 'utf8'));
    if (typeof p === 'string') throw new Error(p);
    return p.records.find((r) => r.path === log)?.line ?? 0;
  };

  it('after kill -9 mid-stream, a restart reads exactly the lines after the last checkpoint: nothing lost', async () => {
    writeFileSync(log, '');
    const first = await start();
    const total = 3000;
    const fd = openSync(log, 'a');
    let killedAt = 0;
    for (let seq = 1; seq <= total; seq++) {
      writeSync(fd, `${codeLine(seq)}\n`);
      if (seq % 10 === 0) await new Promise((r) => setTimeout(r, 1));
      if (!killedAt && first.events.length >= 1000) {
        killedAt = seq;
        await first.signal('SIGKILL');
      }
    }
    closeSync(fd);
    expect(killedAt).toBeGreaterThan(0);
    const seenBefore = first.seqs();
    const checkpointed = savedLine();
    // The first run printed a gap-free prefix, and its checkpoint is never ahead of what it printed.
    expect(seenBefore).toEqual(range(1, seenBefore.length));
    expect(checkpointed).toBeGreaterThan(0);
    expect(checkpointed).toBeLessThanOrEqual(seenBefore.length);

    const second = await start();
    await second.waitForEvents(total - checkpointed);
    await waitFor('the second run to reach the last line', () => second.seqs().includes(total));
    expect(second.seqs()).toEqual(range(checkpointed + 1, total));
    // Replayed: the lines printed after the last checkpoint the first run wrote (at most one interval).
    console.info(`kill -9 at line ${killedAt}: ${seenBefore.length} printed, checkpoint at ${checkpointed}, ${seenBefore.length - checkpointed} replayed`);
  });

  it('after SIGTERM (exit 0, positions saved), a restart replays nothing and reads what was written meanwhile', async () => {
    writeFileSync(log, 'history that was there before the first start\n');
    const first = await start();
    appendFileSync(log, range(1, 100).map((s) => `${codeLine(s)}\n`).join(''));
    await first.waitForEvents(100);
    expect(await first.signal('SIGTERM')).toEqual({ code: 0, signal: null });
    expect(first.stderr).toMatch(/Stopping on SIGTERM: saving positions\./);
    expect(savedLine()).toBe(101);
    appendFileSync(log, range(101, 150).map((s) => `${codeLine(s)}\n`).join(''));
    const second = await start();
    appendFileSync(log, range(151, 160).map((s) => `${codeLine(s)}\n`).join(''));
    await second.waitForEvents(60);
    expect(second.seqs()).toEqual(range(101, 160));
    expect(second.events.map((e) => e.lineNo)).toEqual(range(102, 161));
  });

  it('moves a corrupt positions file aside with a warning and keeps running', async () => {
    writeFileSync(log, `${codeLine(1)}\n`);
    writeFileSync(positions, '{"version": 1, "files": {"truncated');
    const run = await start();
    expect(run.stderr).toMatch(/The positions file .* is corrupt \(.*\); it was moved to .*\.corrupt-.* and files start as on a first run\./);
    expect(readdirSync(dir).filter((f) => f.startsWith('positions.json.corrupt-'))).toHaveLength(1);
    appendFileSync(log, `${codeLine(2)}\n`);
    await run.waitForEvents(1);
    expect(run.seqs()).toEqual([2]);
    await waitFor('a valid positions file', () => existsSync(positions) && typeof parsePositions(readFileSync(positions, 'utf8')) !== 'string');
  });

  it('SIGHUP reopens and re-scans without repeating or losing a line', async () => {
    writeFileSync(log, '');
    const run = await start();
    appendFileSync(log, range(1, 20).map((s) => `${codeLine(s)}\n`).join(''));
    await run.waitForEvents(20);
    run.hangup();
    await run.waitForLog(/SIGHUP: reloading/);
    appendFileSync(log, range(21, 40).map((s) => `${codeLine(s)}\n`).join(''));
    await run.waitForEvents(40);
    expect(sorted(run.seqs())).toEqual(range(1, 40));
  });

  it('delivers a 10 MB line without a newline at once, cut to the cap, and goes on after it', async () => {
    writeFileSync(log, '');
    const run = await start();
    appendFileSync(log, `${codeLine(1)} ${'x'.repeat(10 * 1024 * 1024)}`);
    await run.waitForEvents(1);
    appendFileSync(log, `yyy\n${codeLine(2)}\n`);
    await run.waitForEvents(2);
    expect(run.seqs()).toEqual([1, 2]);
    expect(run.events.map((e) => e.lineNo)).toEqual([1, 2]);
    expect(run.events[0].line.length).toBeLessThan(64 * 1024);
  });

  it('delivers the last line of a file that ends without a newline after the partial-line timeout', async () => {
    writeFileSync(log, '');
    const run = await start();
    appendFileSync(log, `${codeLine(1)}\n${codeLine(2)}`);
    await run.waitForEvents(2);
    appendFileSync(log, `\n${codeLine(3)}\n`);
    await run.waitForEvents(3);
    expect(run.seqs()).toEqual([1, 2, 3]);
    expect(run.events.map((e) => e.lineNo)).toEqual([1, 2, 3]);
  });

  it('reads standard input with -, and exits 0 with every event printed when it ends', async () => {
    const run = await RunProcess.start(['-', '--events'], { stdin: 'pipe' });
    runs.push(run);
    run.stdin.write(range(1, 500).map((s) => `${codeLine(s)}\r\n`).join(''));
    run.stdin.end(codeLine(501));
    expect(await run.exited).toEqual({ code: 0, signal: null });
    expect(run.seqs()).toEqual(range(1, 501));
    expect(run.events.every((e) => e.source === 'stdin' && e.path === '-')).toBe(true);
  });
});
