// The seam between `run` and what attaches to it: run builds one RunContext and starts every
// RunExtension with it before the first line is read. --events is one extension; the exporter's
// metrics and HTTP server are another (ExporterMetrics as `stats`, recordEvent as `onEvent`).
import type { RunConfig } from '../config/load-run-config.js';
import type { Knowledge } from '../knowledge/load-knowledge.js';
import type { LoadErrors } from '../load/load-error.js';
import type { PositionRecord } from '../sources/files/positions-file.js';
import type { SourceStats } from '../sources/source-stats.js';
import type { CodeEvent } from '../types.js';

export interface RunContext {
  readonly config: RunConfig;
  /** Every `source` label value this run can produce: the input names, then `stdin` if read. */
  readonly sources: readonly string[];
  readonly version: string;
  /** The knowledge in use now (a SIGHUP reload may swap it). */
  readonly knowledge: () => Knowledge;
  /** Where each followed file has been read to (for a status page). */
  readonly positions: () => readonly PositionRecord[];
  /** Writes one sentence to the log (stderr). */
  readonly log: (sentence: string) => void;
  /** Resolves once the inputs are open and being read (the exporter's /readyz). */
  readonly inputsReady: Promise<void>;
}

/** What an extension hands back; every part is optional. */
export interface RunAttachment {
  /** Receives the sources' self-monitoring hooks (ExporterMetrics implements SourceStats). */
  readonly stats?: SourceStats;
  /** Every event, synchronously, in order. A line's checkpoint is never written before its events got here. */
  readonly onEvent?: (event: CodeEvent) => void;
  /** A reload produced new knowledge, now in use. */
  readonly onKnowledge?: (knowledge: Knowledge) => void;
  /** A reload failed; the old knowledge stays in use. */
  readonly onKnowledgeFailed?: (errors: LoadErrors) => void;
  /** Resolves once every event received so far has left this sink (the checkpoint barrier). */
  readonly flush?: () => Promise<void>;
  /** Backpressure: a promise while this sink cannot take more; sources wait for it between chunks. */
  readonly readGate?: () => Promise<void> | undefined;
  /** Called at shutdown after the last event and the final checkpoint. */
  readonly close?: () => Promise<void>;
}

export type RunExtension = (ctx: RunContext) => RunAttachment | Promise<RunAttachment>;
