// The component model: a Source makes LogLines, a Sink takes CodeEvents, and each kind of either is a
// ComponentType registered by its config `type` (component-registry.ts) with its own strict schema. The
// topology (build-topology.ts) wires any set of them the same way for `scan` and `run`.
import type { Observable } from 'rxjs';
import type { z } from 'zod';
import type { PositionRecord } from '../sources/files/positions-file.js';
import type { Clock } from '../sources/files/clock.js';
import type { SourceStats } from '../sources/source-stats.js';
import type { CodeEvent, LogLine } from '../types.js';
import type { SinkStats } from './sink-stats.js';

/** What a source says about itself (status page, logs); read on request, never on the hot path. */
export interface SourceDescription {
  /** The `source` label its lines carry. */
  readonly name: string;
  /** Its config type: `files`, `stdin`, `exec`, ... */
  readonly kind: string;
  /** What it reads, for people: globs, a command line. */
  readonly include: readonly string[];
}

export interface Source {
  readonly name: string;
  /** Every line, in order per input. Subscribe before start(). Completes when the source ends by itself. */
  readonly lines$: Observable<LogLine>;
  /** Opens what it reads; resolves once it is being read. */
  start(): Promise<void>;
  /** Where each of its files has been read to (only sources that checkpoint: tailed files). */
  positions?(): readonly PositionRecord[];
  /** Stops reading and releases what it holds; lines already emitted stay delivered. Idempotent. */
  stop(): Promise<void>;
  describe(): SourceDescription;
}

export interface Sink {
  readonly name: string;
  /** Every event, synchronously, in order. Must not throw (a sink counts its own failures). */
  write(event: CodeEvent): void;
  /**
   * Only sinks that promise delivery: resolves once every event written so far has left this sink. The
   * checkpoint waits for it, so a position is never saved ahead of what such a sink delivered.
   */
  flush?(): Promise<void>;
  /** Backpressure: a promise while this sink cannot take more; sources wait for it between chunks. */
  readGate?(): Promise<void> | undefined;
  /** At shutdown, after the last event and the final checkpoint. Idempotent. */
  close(): Promise<void>;
}

/** What every component gets when it is created. */
export interface ComponentContext {
  /** The sources' self-monitoring hooks (metrics, status page, scan's counts). */
  readonly stats: SourceStats;
  /** The sinks' delivery and drop counts. */
  readonly sinkStats: SinkStats;
  /** Writes one sentence to the log. */
  readonly log: (sentence: string) => void;
  readonly clock: Clock;
  /** The sinks' backpressure, for sources to wait on between chunks. */
  readonly readGate?: () => Promise<void> | undefined;
}

/** One kind of component: its config `type`, the schema of its config section, and how to make one. */
export interface ComponentType<Config extends { readonly type: string }, Made> {
  readonly type: Config['type'];
  /** Strict (unknown keys are errors); must include `type: z.literal(<type>)`. */
  readonly schema: z.ZodType<Config>;
  /** The name (the `source` label, or the sink's name in its metrics) a config gives its component. */
  nameOf(config: Config): string;
  create(config: Config, ctx: ComponentContext): Made;
}

export type SourceType<Config extends { readonly type: string }> = ComponentType<Config, Source>;
export type SinkType<Config extends { readonly type: string }> = ComponentType<Config, Sink>;
