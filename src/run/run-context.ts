// The seam between `run` and what attaches to it: run builds one RunContext and starts every
// RunExtension with it before the first line is read. --events is one extension; the exporter's
// metrics and HTTP server are another (ExporterMetrics as `stats`, recordEvent as `onEvent`).
import type { RunConfig } from '../config/load-run-config.js';
import type { Knowledge } from '../knowledge/load-knowledge.js';
import type { LoadError, LoadErrors } from '../load/load-error.js';
import type { SourceDescription } from '../pipeline/components.js';
import type { SinkStats } from '../pipeline/sink-stats.js';
import type { PositionRecord } from '../sources/files/positions-file.js';
import type { SourceStats } from '../sources/source-stats.js';
import type { CodeEvent } from '../types.js';
import type { Reload, ReloadKind } from './reload.js';

export interface RunContext {
  /** The config in effect now: a reload may change the inputs and the rules and catalog directories. */
  readonly config: RunConfig;
  /** Every `source` label value the run produces now: the input names, then `stdin` if read. */
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
  /** Receives the configured sinks' delivery and drop counts (ExporterMetrics implements SinkStats). */
  readonly sinkStats?: SinkStats;
  /** Every event, synchronously, in order. A line's checkpoint is never written before its events got here. */
  readonly onEvent?: (event: CodeEvent) => void;
  /** A reload produced new knowledge, now in use. */
  readonly onKnowledge?: (knowledge: Knowledge) => void;
  /** A reload failed; the old knowledge stays in use. */
  readonly onKnowledgeFailed?: (errors: LoadErrors) => void;
  /** Every source of the run (file inputs, stdin, exec, ...), in config order: at start and after each config reload. */
  readonly onSources?: (sources: readonly SourceDescription[]) => void;
  /** A reloaded run config is about to be applied (called before new inputs read their first line). */
  readonly onConfig?: (config: RunConfig) => void;
  /** One reload attempt of one kind finished, successful or not (SIGHUP or a changed file). */
  readonly onReload?: (outcome: ReloadOutcome) => void;
  /** Resolves once every event received so far has left this sink (the checkpoint barrier). */
  readonly flush?: () => Promise<void>;
  /** Backpressure: a promise while this sink cannot take more; sources wait for it between chunks. */
  readonly readGate?: () => Promise<void> | undefined;
  /** Called at shutdown after the last event and the final checkpoint. */
  readonly close?: () => Promise<void>;
}

export interface ReloadOutcome {
  readonly kind: ReloadKind;
  readonly ok: boolean;
  /** When it finished, epoch milliseconds. */
  readonly at: number;
  readonly trigger: Reload['trigger'];
  /** Every problem found, with its position (empty when ok). */
  readonly problems: readonly LoadError[];
  /** Sentences saying what the reload changed: inputs started, stopped or restarted, settings awaiting a restart. */
  readonly notes: readonly string[];
  /** Config only: changed settings a reload cannot apply, as `key (running -> in the file)`; empty when none. */
  readonly restartRequired: readonly string[];
}

export type RunExtension = (ctx: RunContext) => RunAttachment | Promise<RunAttachment>;
