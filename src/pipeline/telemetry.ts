// The one telemetry model of a run: what the sources and sinks report about themselves, kept once in plain
// numbers. The metrics sink reads it at scrape time and the status page when it is asked; neither keeps a
// copy, so they cannot disagree. Hot-path hooks cost a map lookup and an addition.
import type { DropReason, RotationKind, SourceStats } from '../sources/source-stats.js';
import type { SourceDescription } from './components.js';
import type { SinkDropReason, SinkStats } from './sink-stats.js';
import { SINK_DROP_REASONS } from './sink-stats.js';

export const DROP_REASONS: readonly DropReason[] = ['truncated', 'invalid_utf8', 'read_error', 'malformed'];
export const ROTATION_KINDS: readonly RotationKind[] = ['rename', 'truncate', 'deleted'];

export interface SourceActivity {
  linesRead: number;
  bytesRead: number;
  /** When a line was last read (the clock's epoch milliseconds), null before the first. */
  lastReadAt: number | null;
  filesOpen: number;
  bytesBehind: number;
  readonly dropped: Record<DropReason, number>;
  /** All rotations; by kind in `rotationsByKind`. */
  rotations: number;
  readonly rotationsByKind: Record<RotationKind, number>;
}

export interface CheckpointActivity {
  lastAt: number | null;
  lastOk: boolean | null;
  successes: number;
  failures: number;
}

export interface SinkActivity {
  sent: number;
  readonly dropped: Record<SinkDropReason, number>;
}

export interface TelemetryOptions {
  /** Source names known at start: their activity exists (at 0) before their first line. */
  readonly sources?: readonly string[];
  /** Wall clock, epoch milliseconds (default Date.now). */
  readonly now?: () => number;
}

export class Telemetry implements SourceStats, SinkStats {
  readonly activity = new Map<string, SourceActivity>();
  readonly checkpoint: CheckpointActivity = { lastAt: null, lastOk: null, successes: 0, failures: 0 };
  readonly sinks = new Map<string, SinkActivity>();
  private readonly now: () => number;
  private described: readonly SourceDescription[] | undefined;

  constructor(opts: TelemetryOptions = {}) {
    this.now = opts.now ?? Date.now;
    for (const s of opts.sources ?? []) this.source(s);
  }

  /** A source's activity, created at 0 on first mention. */
  source(name: string): SourceActivity {
    let a = this.activity.get(name);
    if (a === undefined) {
      a = {
        linesRead: 0, bytesRead: 0, lastReadAt: null, filesOpen: 0, bytesBehind: 0, rotations: 0,
        dropped: { truncated: 0, invalid_utf8: 0, read_error: 0, malformed: 0 },
        rotationsByKind: { rename: 0, truncate: 0, deleted: 0 },
      };
      this.activity.set(name, a);
    }
    return a;
  }

  linesRead(source: string, lines: number, bytes: number): void {
    const a = this.source(source);
    if (lines > 0) a.linesRead += lines;
    if (bytes > 0) a.bytesRead += bytes;
    a.lastReadAt = this.now();
  }

  linesDropped(source: string, reason: DropReason, count: number): void {
    const dropped = this.source(source).dropped;
    if (count > 0 && reason in dropped) dropped[reason] += count;
  }

  rotation(source: string, kind: RotationKind): void {
    const a = this.source(source);
    if (!(kind in a.rotationsByKind)) return;
    a.rotations++;
    a.rotationsByKind[kind]++;
  }

  filesWatched(source: string, count: number): void {
    if (Number.isFinite(count)) this.source(source).filesOpen = count;
  }

  bytesBehind(source: string, bytes: number): void {
    if (Number.isFinite(bytes)) this.source(source).bytesBehind = Math.max(0, bytes);
  }

  checkpointWritten(ok: boolean): void {
    this.checkpoint.lastAt = this.now();
    this.checkpoint.lastOk = ok;
    if (ok) this.checkpoint.successes++;
    else this.checkpoint.failures++;
  }

  /** What the run reads now, told at start and after every config reload (never asked of the sources). */
  sourcesDescribed(list: readonly SourceDescription[]): void {
    this.described = [...list];
    for (const d of list) this.source(d.name);
  }

  /** The sources last described, in config order; undefined before the run told them. */
  sources(): readonly SourceDescription[] | undefined {
    return this.described;
  }

  sinkAdded(sink: string): void {
    this.sink(sink);
  }

  eventsSent(sink: string, count: number): void {
    if (count > 0) this.sink(sink).sent += count;
  }

  eventsDropped(sink: string, reason: SinkDropReason, count: number): void {
    const dropped = this.sink(sink).dropped;
    if (count > 0 && reason in dropped) dropped[reason] += count;
  }

  private sink(name: string): SinkActivity {
    let s = this.sinks.get(name);
    if (s === undefined) {
      s = { sent: 0, dropped: Object.fromEntries(SINK_DROP_REASONS.map((r) => [r, 0])) as Record<SinkDropReason, number> };
      this.sinks.set(name, s);
    }
    return s;
  }
}
