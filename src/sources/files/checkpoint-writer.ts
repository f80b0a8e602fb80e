// Writes the positions file on an interval and on demand, never ahead of the sinks: it takes a snapshot of
// the positions the sinks have acknowledged (per input, pipeline/checkpoint-acks.ts; or of the delivered
// positions behind a barrier that waits for the sinks) and writes it; positions held back because their
// events were still in a sink are written as soon as they are acknowledged. After a crash at most the
// lines delivered since the last successful write are replayed.
import type { SourceStats } from '../source-stats.js';
import type { CancelTimer, Clock } from './clock.js';
import { systemClock } from './clock.js';
import type { PositionRecord, Positions } from './positions-file.js';
import { formatPositions, writePositions } from './positions-file.js';

export interface CheckpointWriterOptions {
  readonly file: string;
  /**
   * Positions of the lines delivered so far (synchronously: no line can be half-delivered meanwhile);
   * undefined when nothing may be written before held() resolves.
   */
  readonly snapshot: () => readonly PositionRecord[] | undefined;
  /** Resolves once every event produced before the call has left the sinks (e.g. stdout write callbacks). */
  readonly barrier?: () => Promise<void>;
  /**
   * After a snapshot: resolves, once the sinks acknowledged what it held back, with every position that may
   * be saved then (written without a new snapshot); undefined when nothing was held back.
   */
  readonly held?: () => Promise<readonly PositionRecord[]> | undefined;
  readonly intervalMs: number;
  readonly stats: SourceStats;
  readonly log: (sentence: string) => void;
  readonly clock?: Clock;
  /** Wall-clock time for `written_at` (file birth times are compared with it on the next start). */
  readonly wallNow?: () => number;
}

export class CheckpointWriter {
  private readonly opts: CheckpointWriterOptions;
  private cancel: CancelTimer | undefined;
  private inFlight: Promise<boolean> | undefined;
  private followUp: Promise<boolean> | undefined;
  private lastWritten: string | undefined;
  private failing = false;

  constructor(opts: CheckpointWriterOptions) {
    if (!(opts.intervalMs > 0)) throw new RangeError(`intervalMs must be positive, got ${opts.intervalMs}`);
    this.opts = opts;
  }

  start(): void {
    if (this.cancel) return;
    this.cancel = (this.opts.clock ?? systemClock).setInterval(() => void this.write(), this.opts.intervalMs);
  }

  /** Stops the interval, waits for a write in flight, then writes once more (the shutdown checkpoint), and what it held back once acknowledged. */
  async stop(): Promise<boolean> {
    this.cancel?.();
    this.cancel = undefined;
    let ok = await this.write();
    while (this.followUp) ok = await this.followUp;
    return ok;
  }

  /** Writes now (after any write in flight). Resolves true when the file holds the current snapshot. */
  async write(): Promise<boolean> {
    const ok = await this.serially(() => this.writeOnce(this.opts.snapshot));
    this.followHeld();
    return ok;
  }

  /** Writes the held-back positions once they are acknowledged (one follow-up at a time; it looks again when done). */
  private followHeld(): void {
    if (this.followUp) return;
    const held = this.opts.held?.();
    if (held === undefined) return;
    this.followUp = held
      .then((records) => this.serially(() => this.writeOnce(() => records)))
      .finally(() => {
        this.followUp = undefined;
        this.followHeld();
      });
  }

  private async serially(write: () => Promise<boolean>): Promise<boolean> {
    while (this.inFlight) await this.inFlight;
    this.inFlight = write();
    try {
      return await this.inFlight;
    } finally {
      this.inFlight = undefined;
    }
  }

  private async writeOnce(snapshot: () => readonly PositionRecord[] | undefined): Promise<boolean> {
    const taken = snapshot();
    if (taken === undefined) return true;
    const records = [...taken].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
    const body = formatPositions({ writtenAt: 0, records });
    if (body === this.lastWritten) return true;
    await this.opts.barrier?.();
    const positions: Positions = { writtenAt: (this.opts.wallNow ?? Date.now)(), records };
    try {
      await writePositions(this.opts.file, positions);
    } catch (err) {
      this.opts.stats.checkpointWritten(false);
      if (!this.failing) this.opts.log(`Writing the positions file ${this.opts.file} failed (${(err as Error).message}); the previous one is kept and the write is retried.`);
      this.failing = true;
      return false;
    }
    if (this.failing) this.opts.log(`The positions file ${this.opts.file} is being written again.`);
    this.failing = false;
    this.lastWritten = body;
    this.opts.stats.checkpointWritten(true);
    return true;
  }
}
