// The values that cross the pipeline's seams: sources emit LogLine, transforms emit CodeEvent.
// Nothing else travels between stages; keep these small and free of behaviour.

/** How an operator should react to a code. `success` codes are never counted as errors. */
export type CodeClass = 'retryable' | 'fatal' | 'success';

/** The class an event ends up with: a catalog class, or `unknown` for codes the catalog lacks. */
export type EventClass = CodeClass | 'unknown';

export const EVENT_CLASSES: readonly EventClass[] = ['retryable', 'fatal', 'unknown', 'success'];

/** One line of text from one input, without its line terminator. */
export interface LogLine {
  /** Bounded input name (`stdin`, a configured input name like `device`); becomes the `source` label. */
  readonly source: string;
  /** The file the line came from (`-` for stdin). Never used as a metric label. */
  readonly path: string;
  /** 1-based line number within `path` (for stdin, within the stream). */
  readonly lineNo: number;
  /** The line's text, decoded as UTF-8 (invalid bytes become U+FFFD), terminator removed. */
  readonly text: string;
  /** True when the line was longer than the configured cap and was cut to it. */
  readonly truncated?: boolean;
  /**
   * True when the reader's byte search already found, in this very text, one of the literals of the rule set's
   * prefilter (scan: CompiledRuleSet.bytePrefilter of the scan's one rule set), so the extract stage need not test
   * its prefilter again. Absent or false: nothing is known, the prefilter decides.
   */
  readonly anchored?: boolean;
  /** Epoch milliseconds of the container runtime's record (CRI logs, Docker json-file); events take it as their time. */
  readonly time?: number;
  /** The Kubernetes pod whose container wrote the line, from the log file's path (sources/cri). */
  readonly pod?: PodRef;
}

/** Where a container's line came from. Names are bounded per node by the pods it runs; see docs/deploy.md. */
export interface PodRef {
  readonly namespace: string;
  readonly pod: string;
  readonly container: string;
}

/** Labels a rule may capture from a line besides the code itself. */
export interface CapturedLabels {
  api?: string;
  device?: string;
  pid?: string;
  request_id?: string;
}

/** One code found on one line, enriched from the catalog and classified. */
export interface CodeEvent {
  readonly family: string;
  /** Canonical catalog code (`161002`, `0x5010B001`, `AIS.0014`), or the bounded unknown value (see transforms/enrich). */
  readonly code: string;
  /** Symbolic name from the catalog (`ACLNN_ERR_PARAM_INVALID`); empty when the vendor gives none or the code is unknown. */
  readonly name: string;
  readonly class: EventClass;
  /** npu-fault: MindCluster's handling level from the catalog (`SeparateNPU`...); absent for codes without one. */
  readonly level?: string;
  /** Why this class: `vendor`, `remedy`, `policy`, `context` (a rule's context condition changed it) or `unknown`. */
  readonly classBasis: string;
  /** The id of the rule that matched. */
  readonly rule: string;
  /** The value exactly as it appeared in the line (`1343270913`, `LLMStatusCode.LLM_LINK_FAILED`). */
  readonly raw: string;
  readonly labels: Readonly<CapturedLabels>;
  readonly source: string;
  readonly path: string;
  readonly lineNo: number;
  /** Milliseconds since the epoch parsed from the line, when the line carries a timestamp. */
  readonly timestamp?: number;
  /** The line's text, capped in length, for samples and `--events`. */
  readonly line: string;
  /** The pod the line came from (container logs under /var/log/pods or /var/log/containers). */
  readonly pod?: PodRef;
}
