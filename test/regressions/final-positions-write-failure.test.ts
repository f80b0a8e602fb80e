// Regression (issue #10): `run` exited 0 after SIGTERM even when the final positions write failed, so a
// supervisor could not tell that the next start would replay everything since the last saved checkpoint.
import { existsSync, mkdirSync, openSync, closeSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { tempDir, waitFor } from '../sources/test-helpers.js';
import { codeLine, RunProcess } from '../run/run-process.js';

describe('the final positions write', () => {
  let dir: string;
  let cleanup: () => void;
  let run: RunProcess | undefined;
  beforeEach(() => ({ dir, cleanup } = tempDir('final-write')));
  afterEach(async () => {
    await run?.signal('SIGKILL');
    cleanup();
  });

  const startWithPositions = async (): Promise<{ run: RunProcess; positions: string; log: string }> => {
    const log = join(dir, 'app.log');
    const positions = join(dir, 'positions.json');
    const config = join(dir, 'config.yaml');
    writeFileSync(config, `inputs:\n  - {name: app, include: ["${log}"]}\npositions: ${positions}\ncheckpoint_interval: 1h\n`);
    writeFileSync(log, '');
    run = await RunProcess.start(['--config', config, '--events']);
    const fd = openSync(log, 'a');
    for (let seq = 1; seq <= 10; seq++) writeSync(fd, `${codeLine(seq)}\n`);
    closeSync(fd);
    await run.waitForEvents(10);
    return { run, positions, log };
  };

  it('makes run exit 1 with a sentence saying so when it fails', async () => {
    const { run: r, positions } = await startWithPositions();
    // The temporary file the write goes through is a directory now: open(..., 'w') fails with EISDIR.
    await waitFor('the start-up checkpoint', () => existsSync(positions) && !existsSync(`${positions}.tmp-${r.pid}`));
    mkdirSync(`${positions}.tmp-${r.pid}`);
    expect(await r.signal('SIGTERM')).toEqual({ code: 1, signal: null });
    expect(r.stderr).toMatch(/Writing the positions file .*positions\.json failed/);
    expect(r.stderr).toMatch(/the final positions could not be written/);
  });

  it('exits 0 when it succeeds', async () => {
    const { run: r } = await startWithPositions();
    expect(await r.signal('SIGTERM')).toEqual({ code: 0, signal: null });
  });
});
