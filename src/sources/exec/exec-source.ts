// The `exec` source: lines from a command's standard output (`journalctl -f -o cat`, `kubectl logs -f`,
// `ssh host tail -F ...`), read with the one line reader. When the command exits or cannot be started it
// is started again after a delay that doubles up to a maximum and goes back to the first delay once a run
// lasted longer than the maximum. Its last standard-error line is logged with the exit. stop() ends it
// with SIGTERM (SIGKILL after the grace period). No checkpoint: a command has no position to resume.
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { Subject } from '../../reactive/rxjs.js';
import type { Subscription } from 'rxjs';
import { z } from 'zod';
import { durationSchema } from '../../config/duration-schema.js';
import { MAX_LINE_BYTES_LIMIT, MIN_LINE_BYTES, SOURCE_NAME, SOURCE_NAME_RULE } from '../../config/source-settings.js';
import type { ComponentContext, Source, SourceDescription, SourceType } from '../../pipeline/components.js';
import type { LogLine } from '../../types.js';
import type { CancelTimer } from '../files/clock.js';
import { DEFAULT_MAX_LINE_BYTES, DEFAULT_PARTIAL_LINE_TIMEOUT_MS } from '../files/file-input.js';
import { readLines } from '../read-lines.js';

const execSourceSchema = z.strictObject({
  type: z.literal('exec'),
  name: z.string().regex(SOURCE_NAME, `a source name is ${SOURCE_NAME_RULE}`),
  /** The program and its arguments; no shell (write ["sh", "-c", "..."] for one). */
  command: z.array(z.string().min(1)).min(1, 'command needs at least the program to run'),
  restart_delay: durationSchema.optional(),
  max_restart_delay: durationSchema.optional(),
  stop_grace: durationSchema.optional(),
  max_line_bytes: z.number().int().min(MIN_LINE_BYTES).max(MAX_LINE_BYTES_LIMIT).optional(),
  partial_line_timeout: durationSchema.optional(),
});

export type ExecSourceConfig = z.output<typeof execSourceSchema>;

export const DEFAULT_RESTART_DELAY_MS = 1_000;
export const DEFAULT_MAX_RESTART_DELAY_MS = 30_000;
const DEFAULT_STOP_GRACE_MS = 5_000;
const MAX_STDERR_CHARS = 300;

export const execSourceType: SourceType<ExecSourceConfig> = {
  type: 'exec',
  schema: execSourceSchema,
  nameOf: (config) => config.name,
  create: (config, ctx) => new ExecSource(config, ctx),
};

export class ExecSource implements Source {
  readonly name: string;
  private readonly lines = new Subject<LogLine>();
  readonly lines$ = this.lines.asObservable();
  private readonly config: ExecSourceConfig;
  private readonly ctx: ComponentContext;
  private readonly firstDelayMs: number;
  private readonly maxDelayMs: number;
  private delayMs: number;
  private child: ChildProcess | undefined;
  private reading: Subscription | undefined;
  private restartTimer: CancelTimer | undefined;
  private stopped: Promise<void> | undefined;
  private started = false;
  /** How many times the command was started (the first start included). */
  starts = 0;

  constructor(config: ExecSourceConfig, ctx: ComponentContext) {
    this.config = config;
    this.ctx = ctx;
    this.name = config.name;
    this.firstDelayMs = config.restart_delay ?? DEFAULT_RESTART_DELAY_MS;
    this.maxDelayMs = Math.max(this.firstDelayMs, config.max_restart_delay ?? DEFAULT_MAX_RESTART_DELAY_MS);
    this.delayMs = this.firstDelayMs;
  }

  start(): Promise<void> {
    if (!this.started) {
      this.started = true;
      this.spawnCommand();
    }
    return Promise.resolve();
  }

  describe(): SourceDescription {
    return { name: this.name, kind: 'exec', include: [this.commandLine()] };
  }

  stop(): Promise<void> {
    this.stopped ??= (async () => {
      this.restartTimer?.();
      this.restartTimer = undefined;
      const child = this.child;
      if (child !== undefined && child.exitCode === null && child.signalCode === null) {
        const exited = new Promise<void>((resolve) => child.once('close', () => resolve()));
        child.kill('SIGTERM');
        const kill = this.ctx.clock.setTimeout(() => child.kill('SIGKILL'), this.config.stop_grace ?? DEFAULT_STOP_GRACE_MS);
        await exited;
        kill();
      }
      this.reading?.unsubscribe();
      this.lines.complete();
    })();
    return this.stopped;
  }

  private spawnCommand(): void {
    const [program, ...args] = this.config.command;
    const startedAt = this.ctx.clock.now();
    this.starts++;
    let lastStderr = '';
    let ended = false;
    const child = spawn(program, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    this.child = child;
    const onEnd = (why: string): void => {
      if (ended) return;
      ended = true;
      this.ctx.stats.filesWatched(this.name, 0);
      if (this.stopped !== undefined) return;
      // A run longer than the longest delay was a healthy one: the next failure starts the backoff again.
      if (this.ctx.clock.now() - startedAt > this.maxDelayMs) this.delayMs = this.firstDelayMs;
      const stderr = lastStderr === '' ? '' : ` Its last error output: ${JSON.stringify(lastStderr)}.`;
      this.ctx.log(`The command of source ${this.name} (${this.commandLine()}) ${why}; it is started again in ${this.delayMs} ms.${stderr}`);
      this.restartTimer = this.ctx.clock.setTimeout(() => {
        this.restartTimer = undefined;
        if (this.stopped === undefined) this.spawnCommand();
      }, this.delayMs);
      this.delayMs = Math.min(this.delayMs * 2, this.maxDelayMs);
    };
    child.on('error', (err) => onEnd(`could not be run (${err.message})`));
    child.on('close', (code, signal) => onEnd(signal === null ? `exited with status ${code ?? 'unknown'}` : `was ended by ${signal}`));
    child.stderr?.setEncoding('utf8');
    child.stderr?.on('data', (text: string) => {
      const lines = text.split('\n').filter((l) => l.trim() !== '');
      if (lines.length > 0) lastStderr = (lines[lines.length - 1] ?? '').slice(0, MAX_STDERR_CHARS);
    });
    if (child.stdout === null) return;
    this.ctx.stats.filesWatched(this.name, 1);
    this.reading?.unsubscribe();
    this.reading = readLines(child.stdout, {
      source: this.name,
      path: this.commandLine(),
      stats: this.ctx.stats,
      maxLineBytes: this.config.max_line_bytes ?? DEFAULT_MAX_LINE_BYTES,
      partialLineTimeoutMs: this.config.partial_line_timeout ?? DEFAULT_PARTIAL_LINE_TIMEOUT_MS,
      clock: this.ctx.clock,
      readGate: this.ctx.readGate,
      onReadError: (err) => this.ctx.log(`Reading the output of source ${this.name} failed (${err.message}).`),
    }).subscribe({ next: (line) => this.lines.next(line) });
  }

  private commandLine(): string {
    return this.config.command.map((a) => (/^[\w@%+=:,./-]+$/.test(a) ? a : JSON.stringify(a))).join(' ');
  }
}
