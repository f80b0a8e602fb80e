// Regression (issue #10, hole 1): kubelet rotates a container's log behind a symbolic link
// (/var/log/containers/<pod>_<ns>_<c>-<id>.log -> /var/log/pods/<ns>_<pod>_<uid>/<c>/0.log). Only the link's
// directory was watched, so writes to 0.log and its renames arrived by polling (~0.5 s late), and a
// generation that lived under ~1 s was never read (74 of 159 generations lost at one rotation per 0.3-0.7 s).
// The target's directory is watched too now.
import { closeSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, symlinkSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { tempDir } from '../sources/test-helpers.js';
import { codeLine, RunProcess } from '../run/run-process.js';
import { countLedger } from './line-ledger.js';

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

describe('kubelet-style rotation behind a symbolic link', () => {
  let dir: string;
  let cleanup: () => void;
  let run: RunProcess | undefined;
  beforeEach(() => ({ dir, cleanup } = tempDir('k8s-rotate')));
  afterEach(async () => {
    await run?.signal('SIGKILL');
    cleanup();
  });

  it('loses and repeats nothing at one rotation every 0.3 s, over 40 rotations', async () => {
    const podDir = join(dir, 'pods', 'default_vllm-0_0c7a', 'vllm');
    const containers = join(dir, 'containers');
    mkdirSync(podDir, { recursive: true });
    mkdirSync(containers);
    const current = join(podDir, '0.log');
    writeFileSync(current, '');
    symlinkSync(current, join(containers, 'vllm-0_default_vllm-4f1d.log'));
    const config = join(dir, 'config.yaml');
    writeFileSync(config, `inputs:\n  - {name: pods, include: ["${containers}/*.log"]}\nrotate_wait: 1s\n`);
    run = await RunProcess.start(['--config', config, '--events']);

    let seq = 0;
    let fd = openSync(current, 'a');
    const rotations = 40;
    let lastRotated: string | undefined;
    for (let r = 0; r < rotations; r++) {
      const until = Date.now() + 300;
      while (Date.now() < until) {
        for (let i = 0; i < 5; i++) writeSync(fd, `${codeLine(++seq)}\n`);
        await sleep(2);
      }
      // The kubelet renames 0.log, the runtime reopens it a moment later (a few lines still go to the old
      // file), and the generation before is compressed.
      const rotated = `${current}.20261204-1830${String(r).padStart(2, '0')}`;
      renameSync(current, rotated);
      for (let i = 0; i < 3; i++) writeSync(fd, `${codeLine(++seq)}\n`);
      closeSync(fd);
      fd = openSync(current, 'a');
      if (lastRotated) {
        writeFileSync(`${lastRotated}.gz`, gzipSync(readFileSync(lastRotated)));
        rmSync(lastRotated);
      }
      lastRotated = rotated;
    }
    for (let i = 0; i < 5; i++) writeSync(fd, `${codeLine(++seq)}\n`);
    closeSync(fd);
    await run.waitForEvents(seq, 30_000).catch(() => undefined); // a loss shows in the counts below
    const counts = countLedger(seq, run.seqs());
    console.log(`rotation behind a symlink: ${rotations} rotations, ${JSON.stringify(counts)}`);
    expect(counts).toEqual({ written: seq, delivered: seq, lost: 0, duplicated: 0, unknown: 0 });
  }, 60_000);
});
