// Checkpoints acknowledged per input, not through one global barrier: an input's position may be saved once
// every sink that promises delivery has passed on every event of that input up to it. Events are numbered
// as the sinks get them; each input remembers the number of its latest event; one flush of the sinks
// acknowledges every event numbered before it was asked for. An input with nothing unacknowledged (most
// lines carry no code) is saved at once, however slow a sink is; one whose events wait in a slow sink keeps
// its last acknowledged position until they have left it. Never ahead of the sinks, per input.
// A held input with a file its acknowledged positions lack (at start-up, or a file that appeared since) has
// nothing safe to save for it: leaving the file out would make the next start read it from its end, so then
// nothing is written until the sinks acknowledged (the old global barrier, only in that case).
import type { PositionRecord } from '../sources/files/positions-file.js';

export interface CheckpointAcksOptions {
  /** Where every input has read to now (the events of those lines already written to every sink). */
  readonly positions: () => readonly PositionRecord[];
  /** Resolves once every event written so far has left every sink that promises delivery. */
  readonly flush: () => Promise<void>;
}

interface Held {
  /** The input's positions when it was held back. */
  readonly records: readonly PositionRecord[];
  /** The number of its latest event then: acknowledged once `acked` reaches it. */
  readonly needs: number;
}

export class CheckpointAcks {
  private readonly opts: CheckpointAcksOptions;
  /** Events numbered so far. */
  private written = 0;
  /** Every event numbered up to this has left every sink that promises delivery. */
  private acked = 0;
  private readonly latestEvent = new Map<string, number>();
  /** Per input, the positions that may be saved (acknowledged). */
  private readonly saved = new Map<string, readonly PositionRecord[]>();
  /** Per input, the newest positions waiting for their events to be acknowledged. */
  private readonly held = new Map<string, Held>();
  private flushing: Promise<void> | undefined;

  constructor(opts: CheckpointAcksOptions) {
    this.opts = opts;
  }

  /** Every event, synchronously, as the sinks get it. */
  eventWritten(source: string): void {
    this.written++;
    this.latestEvent.set(source, this.written);
  }

  /**
   * The positions that may be saved now: each input's current ones if all its events are acknowledged, else
   * its last acknowledged ones; the sinks are then asked to flush (see acknowledged()). Undefined when a held
   * input has a file its acknowledged positions lack: nothing may be written before acknowledged().
   */
  positions(): PositionRecord[] | undefined {
    const current = new Map<string, PositionRecord[]>();
    for (const r of this.opts.positions()) {
      const list = current.get(r.source);
      if (list === undefined) current.set(r.source, [r]);
      else list.push(r);
    }
    let complete = true;
    for (const source of new Set([...current.keys(), ...this.saved.keys(), ...this.held.keys()])) {
      const records = current.get(source) ?? [];
      const needs = this.latestEvent.get(source) ?? 0;
      if (needs <= this.acked) {
        this.held.delete(source);
        this.save(source, records);
      } else {
        // A newer snapshot supersedes an older one still waiting: at most one per input is kept.
        this.held.set(source, { records, needs });
        const known = new Set((this.saved.get(source) ?? []).map(identity));
        if (!records.every((r) => known.has(identity(r)))) complete = false;
      }
    }
    if (this.held.size > 0) this.flushing ??= this.acknowledge();
    return complete ? this.acknowledgedPositions() : undefined;
  }

  /** Every position that may be saved, as of the last acknowledgement (takes no new snapshot). */
  acknowledgedPositions(): PositionRecord[] {
    return [...this.saved.values()].flat();
  }

  /** Resolves once nothing positions() held back is waiting any more; undefined when nothing is. */
  acknowledged(): Promise<void> | undefined {
    return this.flushing;
  }

  private async acknowledge(): Promise<void> {
    try {
      // Positions held while a flush was under way need the next one: flush until none is waiting.
      while (this.held.size > 0) {
        const upTo = this.written;
        await this.opts.flush();
        this.acked = Math.max(this.acked, upTo);
        for (const [source, h] of this.held) {
          if (h.needs > this.acked) continue;
          this.held.delete(source);
          this.save(source, h.records);
        }
      }
    } catch {
      // A sink's flush failed (it counts and logs its own failures): what waits stays held, nothing is saved ahead.
    } finally {
      this.flushing = undefined;
    }
  }

  private save(source: string, records: readonly PositionRecord[]): void {
    if (records.length === 0) this.saved.delete(source);
    else this.saved.set(source, records);
  }
}

const identity = (r: PositionRecord): string => `${r.dev}:${r.ino}`;
