// The status page's data model: what GET /api/status returns and the page renders. Plain JSON values,
// bounded in size (capped rows, capped and sanitized sample lines), times in epoch milliseconds.
import type { DropReason } from '../sources/source-stats.js';
import type { EventClass } from '../types.js';

export interface StatusSnapshot {
  /** When this snapshot was built (server wall clock; the page shows ages relative to it). */
  readonly generatedAt: number;
  /** When the exporter started. */
  readonly startedAt: number;
  /** The exporter's version. */
  readonly version: string;
  /** How often the page should fetch a new snapshot. */
  readonly refreshMs: number;
  /** False when sample lines are turned off (`--no-status-samples`): no line text anywhere in the snapshot. */
  readonly samples: boolean;
  readonly totals: EventTotals;
  readonly knowledge: KnowledgeStatus;
  readonly inputs: readonly InputStatus[];
  readonly files: readonly FileStatus[];
  /** Followed files not listed (beyond the file cap). */
  readonly filesOmitted: number;
  readonly checkpoint: CheckpointStatus;
  /** Codes seen since start, fatal first, then by count. */
  readonly codes: readonly CodeStatus[];
  /** Events not tallied per code because the code table was full. */
  readonly codesOmitted: number;
  /** The last fatal events, newest first. */
  readonly fatalEvents: readonly FatalEventStatus[];
  /** Where the page links to, when configured (`web.grafana_url`, `web.prometheus_url`); null otherwise. */
  readonly links: { readonly grafana: string | null; readonly prometheus: string | null };
}

export type EventTotals = Readonly<Record<EventClass, number>>;

export interface KnowledgeStatus {
  /** Version of the rules and catalogs in use. */
  readonly version: string;
  /** When the knowledge in use was loaded. */
  readonly loadedAt: number;
  /** The latest load attempt (start-up or reload); a failed one left the previous knowledge in use. */
  readonly lastLoad: LoadAttempt;
  readonly reloads: { readonly succeeded: number; readonly failed: number };
  readonly catalogs: readonly CatalogStatus[];
  readonly rulesVersion: string;
  readonly ruleFiles: readonly RuleFileStatus[];
  /** The last reload attempts of the run config, rules and catalogs, newest first. */
  readonly history: readonly ReloadStatus[];
  /** Settings changed in the config file that only a restart applies (`key (running -> in the file)`). */
  readonly restartRequired: readonly string[];
}

export interface ReloadStatus {
  readonly at: number;
  readonly kind: 'config' | 'rules' | 'catalog';
  readonly trigger: 'signal' | 'file';
  readonly ok: boolean;
  /** `file:line:col message` for the first few problems. */
  readonly problems: readonly string[];
  readonly problemsOmitted: number;
  /** What the reload changed or could not change, as sentences. */
  readonly notes: readonly string[];
}

export interface LoadAttempt {
  readonly ok: boolean;
  readonly at: number;
  /** `file:line:col message` for each problem (capped). */
  readonly problems: readonly string[];
  readonly problemsOmitted: number;
}

export interface CatalogStatus {
  readonly family: string;
  readonly title: string;
  readonly version: string;
  readonly entries: number;
  readonly file: string;
}

export interface RuleFileStatus {
  readonly file: string;
  readonly family: string;
  readonly rules: number;
  readonly version: string;
}

export interface InputStatus {
  readonly name: string;
  /** The source's config type: `files`, `stdin`, `exec`, ... */
  readonly kind: string;
  /** The include globs (files inputs). */
  readonly include: readonly string[];
  /** Files open now, rotated-away ones still being drained included. */
  readonly filesOpen: number;
  readonly linesRead: number;
  readonly bytesRead: number;
  /** Bytes in the listed files not read yet. */
  readonly bytesBehind: number;
  /** When lines were last delivered from this input; null if never since start. */
  readonly lastReadAt: number | null;
  readonly dropped: Readonly<Record<DropReason, number>>;
  readonly rotations: number;
}

export interface FileStatus {
  readonly source: string;
  readonly path: string;
  /** Byte offset after the last delivered line. */
  readonly offset: number;
  /** Number of the last delivered line. */
  readonly line: number;
  /** Size now; null when the file cannot be looked at (deleted, permissions). */
  readonly size: number | null;
  /** size - offset; null when the size is unknown. */
  readonly lag: number | null;
  readonly modifiedAt: number | null;
  /** When its read position was last seen to move; null if not since the exporter first saw it. */
  readonly lastReadAt: number | null;
}

export interface CheckpointStatus {
  readonly lastAt: number | null;
  readonly lastOk: boolean | null;
  readonly failures: number;
}

export interface CodeStatus {
  readonly family: string;
  readonly code: string;
  readonly name: string;
  readonly class: EventClass;
  readonly count: number;
  /** When the exporter read the first and last event. */
  readonly firstSeenAt: number;
  readonly lastSeenAt: number;
  /** The earliest and latest time the log lines themselves carried; null when none had one. */
  readonly firstLoggedAt: number | null;
  readonly lastLoggedAt: number | null;
  /** The sources its events came from. */
  readonly sources: readonly string[];
  /** Its last events, newest first (the first one is the latest sample); line text only when samples are on. */
  readonly recent: readonly EventSample[];
  /** The catalog's meaning (English, else Chinese); '' for codes the catalog does not know. */
  readonly message: string;
  /** The catalog's remedy (English, else Chinese); ''  for codes the catalog does not know. */
  readonly remedy: string;
  /** npu-fault: MindCluster's handling level from the catalog; absent for codes without one. */
  readonly level?: string;
}

export interface EventSample {
  /** When the exporter read it. */
  readonly at: number;
  /** The time written in the line, when it has one. */
  readonly timestamp: number | null;
  readonly source: string;
  readonly path: string;
  readonly lineNo: number;
  /** `namespace/pod/container` of a container log line; absent for host logs. */
  readonly pod?: string;
  /** The line, capped and with control and bidi characters made visible; absent when samples are off. */
  readonly line?: string;
  readonly lineTruncated?: boolean;
}

/** A fatal event on the page: an event sample that also says which code it was. */
export interface FatalEventStatus extends EventSample {
  readonly family: string;
  readonly code: string;
  readonly name: string;
}
