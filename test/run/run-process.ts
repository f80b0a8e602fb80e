// Drives the built CLI (`node dist/cli/main.js run ... --events`) as a real process: collects its events
// from stdout as they arrive, its log from stderr, and waits for states with deadlines, never sleeps.
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { CodeEvent } from '../../src/types.js';
import { waitFor } from '../sources/test-helpers.js';

const CLI = join(process.cwd(), 'dist', 'cli', 'main.js');

/** Another user to run as (a test running as root needs one for file permissions to mean anything). */
export interface RunAs {
  readonly uid: number;
  readonly gid: number;
}

export interface Exit {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
}

export class RunProcess {
  /** Every process started in this test file and not yet exited: `stopLeftoverProcesses` kills them. */
  static readonly live = new Set<RunProcess>();
  readonly events: CodeEvent[] = [];
  stderr = '';
  readonly exited: Promise<Exit>;
  private readonly child: ChildProcess;
  private partial = '';
  private exit: Exit | undefined;

  private constructor(args: readonly string[], stdin: 'pipe' | 'ignore', user: RunAs | undefined) {
    // Port 0: run always serves metrics, and test processes must not compete for the default port.
    this.child = spawn(process.execPath, [CLI, 'run', '--web.listen-address', '127.0.0.1:0', ...args], { stdio: [stdin, 'pipe', 'pipe'], ...user });
    this.child.stdout?.setEncoding('utf8').on('data', (chunk: string) => this.onStdout(chunk));
    this.child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (this.stderr += chunk));
    this.exited = new Promise((resolve) => this.child.on('exit', (code, signal) => resolve((this.exit = { code, signal }))));
    RunProcess.live.add(this);
    void this.exited.then(() => RunProcess.live.delete(this));
  }

  /** Starts `run` with `args` and waits until it says it is running (files present at start are open). */
  static async start(args: readonly string[], opts: { stdin?: 'pipe' | 'ignore'; user?: RunAs } = {}): Promise<RunProcess> {
    const p = new RunProcess(args, opts.stdin ?? 'ignore', opts.user);
    // Generous: a start-up on a loaded 2-core machine (several suites at once) has taken over 10 s.
    try {
      await waitFor('run to start', () => /Running with/.test(p.stderr) || p.exit !== undefined, { timeoutMs: 30_000, state: () => p.stderr });
    } catch (err) {
      p.child.kill('SIGKILL'); // nobody holds a handle to a process that never started: it would outlive the test
      throw err;
    }
    if (p.exit) throw new Error(`run exited at start (${JSON.stringify(p.exit)}): ${p.stderr}`);
    return p;
  }

  get pid(): number {
    return this.child.pid ?? -1;
  }

  get stdin(): NodeJS.WritableStream {
    if (!this.child.stdin) throw new Error('started without a stdin pipe');
    return this.child.stdin;
  }

  /** The `seq=<n>` numbers of the events' lines, in arrival order. */
  seqs(): number[] {
    return this.events.map(seqOf);
  }

  async waitForEvents(n: number, timeoutMs = 20_000): Promise<void> {
    await waitFor(`${n} events`, () => this.events.length >= n || this.exit !== undefined, {
      timeoutMs, state: () => ({ events: this.events.length, stderr: this.stderr.slice(-2000) }),
    });
    if (this.events.length < n) throw new Error(`run exited with ${this.events.length} of ${n} events: ${this.stderr}`);
  }

  async waitForLog(pattern: RegExp, timeoutMs = 20_000): Promise<void> {
    await waitFor(`a log line matching ${pattern}`, () => pattern.test(this.stderr), { timeoutMs, state: () => this.stderr.slice(-2000) });
  }

  /** Open descriptors of the process (through /proc). */
  fdCount(): number {
    return readdirSync(`/proc/${this.pid}/fd`).length;
  }

  async signal(sig: NodeJS.Signals): Promise<Exit> {
    this.child.kill(sig);
    return this.exited;
  }

  /** SIGKILLs every process of this file still running (a test that timed out never reached its own stop). */
  static async stopLeftoverProcesses(): Promise<number> {
    const left = [...RunProcess.live];
    for (const p of left) p.child.kill('SIGKILL');
    await Promise.all(left.map((p) => p.exited));
    return left.length;
  }

  hangup(): void {
    this.child.kill('SIGHUP');
  }

  private onStdout(chunk: string): void {
    const text = this.partial + chunk;
    const lines = text.split('\n');
    this.partial = lines.pop() ?? '';
    for (const line of lines) if (line !== '') this.events.push(JSON.parse(line) as CodeEvent);
  }
}

export function seqOf(e: CodeEvent): number {
  const m = /\bseq=(\d+)\b/.exec(e.line);
  if (!m) throw new Error(`event without seq: ${e.line}`);
  return Number(m[1]);
}

/** A log line the bundled aclnn rule turns into exactly one event; `seq` identifies it. */
export function codeLine(seq: number): string {
  return `seq=${seq} ts=${Date.now()} NPU function error: call aclnnAdd failed, error code is 161002`;
}

export function range(from: number, to: number): number[] {
  return Array.from({ length: Math.max(0, to - from + 1) }, (_, i) => from + i);
}

export const sorted = (xs: readonly number[]): number[] => [...xs].sort((a, b) => a - b);
