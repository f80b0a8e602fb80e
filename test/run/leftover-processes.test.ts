// The safety net of test/setup/stop-leftover-processes.ts: a `run` a test started and never stopped is found
// and killed, so a timed-out test cannot leave an exporter running after the suite.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { tempDir } from '../sources/test-helpers.js';
import { TestProcess } from '../e2e/support/child-process.js';
import { RunProcess } from './run-process.js';

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('RunProcess.stopLeftoverProcesses', () => {
  const { dir, cleanup } = tempDir('leftover-');
  afterAll(cleanup);

  it('kills a run process nobody stopped, and only once', async () => {
    mkdirSync(join(dir, 'logs'));
    const p = await RunProcess.start(['--watch', join(dir, 'logs', '*.log')]);
    expect(RunProcess.live.has(p)).toBe(true);
    expect(await RunProcess.stopLeftoverProcesses()).toBe(1);
    expect((await p.exited).signal).toBe('SIGKILL');
    expect(alive(p.pid)).toBe(false);
    expect(RunProcess.live.size).toBe(0);
    expect(await RunProcess.stopLeftoverProcesses()).toBe(0);
  });
});

describe('TestProcess.stopLeftoverProcesses', () => {
  it('kills an end-to-end helper process nobody stopped', async () => {
    const p = new TestProcess('sleeper', process.execPath, ['-e', 'setInterval(() => {}, 1000)']);
    expect(await TestProcess.stopLeftoverProcesses()).toBe(1);
    expect(p.running).toBe(false);
    expect(TestProcess.live.size).toBe(0);
  });
});
