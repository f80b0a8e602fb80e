// Starts a real process for an end-to-end test, keeps the tail of its output for failure messages, and
// stops it (SIGTERM, then SIGKILL after a grace period) when the test is done.
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';

export class TestProcess {
  /** Every process started in this test file and not yet exited: `stopLeftoverProcesses` kills them. */
  static readonly live = new Set<TestProcess>();
  private readonly child: ChildProcess;
  private output = '';
  private readonly exited: Promise<number | null>;

  constructor(
    readonly name: string,
    command: string,
    args: readonly string[],
    opts: { cwd?: string; env?: NodeJS.ProcessEnv } = {},
  ) {
    this.child = spawn(command, args, { cwd: opts.cwd, env: opts.env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'] });
    const keep = (chunk: Buffer): void => {
      this.output = (this.output + chunk.toString('utf8')).slice(-20_000);
    };
    this.child.stdout?.on('data', keep);
    this.child.stderr?.on('data', keep);
    this.exited = new Promise((resolve) => {
      this.child.once('exit', (code) => {
        TestProcess.live.delete(this);
        resolve(code);
      });
      this.child.once('error', (err) => {
        keep(Buffer.from(`spawn failed: ${err.message}\n`));
        TestProcess.live.delete(this);
        resolve(null);
      });
    });
    TestProcess.live.add(this);
  }

  /** SIGKILLs every process of this file still running (a test that timed out never reached its own stop). */
  static async stopLeftoverProcesses(): Promise<number> {
    const left = [...TestProcess.live];
    for (const p of left) p.child.kill('SIGKILL');
    await Promise.all(left.map((p) => p.exited));
    return left.length;
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  get running(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  /** Group 1 of the first match of `pattern` in the output kept so far (the last 20 kB), undefined if none yet. */
  find(pattern: RegExp): string | undefined {
    return pattern.exec(this.output)?.[1];
  }

  /** The last 20 kB of stdout and stderr, labelled. */
  log(): string {
    return `--- ${this.name} output (tail) ---\n${this.output}\n--- end of ${this.name} ---`;
  }

  async stop(graceMs = 5_000): Promise<void> {
    if (!this.running) return;
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), graceMs);
    await this.exited;
    clearTimeout(timer);
  }
}
