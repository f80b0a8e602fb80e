// A writer for the rotation regressions: writes unique code lines (seq=1, 2, ...) to a log file in small
// bursts, and on request rotates it the logrotate way (rename, a few more lines into the renamed file as a
// writer that has not reopened yet does, then a new file under the old name).
import { cpus, loadavg } from 'node:os';
import { closeSync, openSync, renameSync, writeSync } from 'node:fs';
import { codeLine } from '../run/run-process.js';

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

export class RotatingWriter {
  seq = 0;
  rotations = 0;
  private fd: number;
  private readonly path: string;

  constructor(path: string) {
    this.path = path;
    this.fd = openSync(path, 'a');
  }

  /** Writes `lines` lines in bursts of 5, yielding between bursts so the daemon gets its go. */
  async write(lines: number): Promise<void> {
    for (let i = 0; i < lines; i++) {
      writeSync(this.fd, `${codeLine(++this.seq)}\n`);
      if (i % 5 === 4) await sleep(1);
    }
  }

  /** Renames the file away (to `<path>.<n>`), calls `during`, writes `late` lines to the renamed file over ~`lateMs`, reopens. */
  async rotate(during: () => void = () => undefined, late = 10, lateMs = 20): Promise<void> {
    renameSync(this.path, `${this.path}.${++this.rotations}`);
    during();
    for (let i = 0; i < late; i++) {
      writeSync(this.fd, `${codeLine(++this.seq)}\n`);
      await sleep(lateMs / late);
    }
    closeSync(this.fd);
    this.fd = openSync(this.path, 'a');
  }

  close(): void {
    closeSync(this.fd);
  }
}

/**
 * How long to let a generation live before rotating it, beyond the test's own pace: ~0 on an idle machine,
 * up to 400 ms when several processes compete for each core. A file born and renamed to an unwatched name
 * within one scheduling stall is seen by no fs event in time (docs/tailing.md, limits); these tests are about
 * what happens around a restart or SIGHUP, not about that limit.
 */
export async function letGenerationLive(): Promise<void> {
  const ms = Math.min(400, Math.round(Math.max(0, loadavg()[0] / cpus().length - 1) * 60));
  if (ms > 0) await sleep(ms);
}
