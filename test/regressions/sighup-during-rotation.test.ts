// Regression (issue #10, hole 3): SIGHUP closed every file still under its watched name without a final
// read and reopened the name. A file rotated a moment before (the rename not yet noticed) lost its unread
// rest: 81-636 lines per run. The synchronous rules reload before the reopen widened the window. A reopen
// now opens the new descriptor first and reads the old one to its end; a file whose name leads elsewhere
// is drained as a rotated one.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { tempDir, waitFor } from '../sources/test-helpers.js';
import { RunProcess } from '../run/run-process.js';
import { countLedger } from './line-ledger.js';
import { letGenerationLive, RotatingWriter } from './rotating-writer.js';

describe('SIGHUP while a file rotates', () => {
  let dir: string;
  let cleanup: () => void;
  let run: RunProcess | undefined;
  beforeEach(() => ({ dir, cleanup } = tempDir('hup-rotate')));
  afterEach(async () => {
    await run?.signal('SIGKILL');
    cleanup();
  });

  it('loses and repeats nothing over 20 SIGHUPs, each sent just after a rename', async () => {
    const log = join(dir, 'app.log');
    writeFileSync(log, '');
    const config = join(dir, 'config.yaml');
    // Only app.log is watched: a rotated file is reachable only through the descriptor the daemon holds.
    writeFileSync(config, `inputs:\n  - {name: app, include: ["${log}"]}\nrotate_wait: 1s\n`);
    run = await RunProcess.start(['--config', config, '--events']);
    const r = run;
    const writer = new RotatingWriter(log);
    const cycles = 20;
    for (let c = 0; c < cycles; c++) {
      await writer.write(300);
      await letGenerationLive();
      await writer.rotate(() => r.hangup());
      await waitFor(`reload ${c + 1}`, () => (r.stderr.match(/Reloaded the rules and catalogs/g) ?? []).length > c, { state: () => r.stderr.slice(-1500) });
    }
    await writer.write(50);
    writer.close();
    const last = writer.seq;
    await waitFor(`line ${last}`, () => r.seqs().includes(last), { timeoutMs: 20_000, state: () => r.stderr.slice(-1500) });
    await waitFor('the rotated files drained', () => r.seqs().length >= last, { timeoutMs: 5_000 }).catch(() => undefined);
    const counts = countLedger(last, r.seqs());
    console.log(`SIGHUP during rotation: ${cycles} cycles, ${JSON.stringify(counts)}`);
    expect(counts).toEqual({ written: last, delivered: last, lost: 0, duplicated: 0, unknown: 0 });
  }, 90_000);
});
