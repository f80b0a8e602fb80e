// One configured file input: a bounded name (the `source` label of its lines) and how its files are read.

export interface FileInput {
  readonly name: string;
  /** Globs of the files to follow (`~` and relative paths allowed). */
  readonly include: readonly string[];
  /** Globs of files not to follow; without a `/` they match the file name. */
  readonly exclude: readonly string[];
  /** Files found at start-up without a checkpoint are read from their first byte instead of their end. */
  readonly fromBeginning: boolean;
  /** Poll with stat() instead of inotify (NFS, some container volumes). */
  readonly poll: boolean;
  readonly pollIntervalMs: number;
  /** Longer lines are cut to this many bytes, flagged and counted. */
  readonly maxLineBytes: number;
  /** An unfinished last line is delivered after the file has been quiet this long. */
  readonly partialLineTimeoutMs: number;
}

export const DEFAULT_MAX_LINE_BYTES = 64 * 1024;
export const DEFAULT_PARTIAL_LINE_TIMEOUT_MS = 2_000;
export const DEFAULT_POLL_INTERVAL_MS = 1_000;
