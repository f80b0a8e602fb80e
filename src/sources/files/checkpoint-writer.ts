// Writes the positions file on an interval and on demand, never ahead of the sinks: it takes a snapshot of
// the delivered positions, waits for the sinks to hand every event of those lines on (the barrier), and
// only then writes. After a crash at most the lines delivered since the last successful write are replayed.
import type { SourceStats } from '../source-stats.js';
import type { CancelTimer, Clock } from './clock.js';
import { systemClock } from './clock.js';
import type { PositionRecord, Positions } from './positions-file.js';
import { formatPositions, writePositions } from './positions-file.js';

export interface CheckpointWriterOptions {
  readonly file: string;
  /** Positions of the lines delivered so far (synchronously: no line can be half-delivered meanwhile). */
  readonly snapshot: () => readonly PositionRecord[];
  /** Resolves once every event produced before the call has left the sinks (e.g. stdout write callbacks). */
  readonly barrier?: () => Promise<void>;
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

  /** Stops the interval, waits for a write in flight, then writes once more (the shutdown checkpoint). */
  async stop(): Promise<boolean> {
    this.cancel?.();
    this.cancel = undefined;
    return this.write();
  }

  /** Writes now (after any write in flight). Resolves true when the file holds the current snapshot. */
  async write(): Promise<boolean> {
    while (this.inFlight) await this.inFlight;
    this.inFlight = this.writeOnce();
    try {
      return await this.inFlight;
    } finally {
      this.inFlight = undefined;
    }
  }

  private async writeOnce(): Promise<boolean> {
    const records = [...this.opts.snapshot()].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
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
